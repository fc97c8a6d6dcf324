"""The delivered-support API: confirm worked with disturbances, delivered hours, open shifts and
accepting one, with the same access as the pages and the error envelope for bad input."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.test import Client

from ownterms.api.services import create_token
from ownterms.rota.models import Delivery, ShiftKind
from tests.cast import Cast
from tests.ownterms.rota.delivered_data import always_available, open_offer, past_shift, user
from tests.ownterms.rota.factories import monday_of, team_member

pytestmark = pytest.mark.django_db


def _call(cast: Cast, name: str, method: str, path: str, body: Any = None) -> Any:
    token = create_token(user=user(cast, name), name="test").secret
    client = Client()
    send = getattr(client, method)
    headers = {"Authorization": f"Bearer {token}"}
    if body is None:
        return send(f"/api/v1{path}", headers=headers)
    return send(
        f"/api/v1{path}", json.dumps(body), content_type="application/json", headers=headers
    )


def test_worker_confirms_a_sleep_in_with_disturbances(cast: Cast) -> None:
    row = past_shift(cast, days_ago=3, start_hour=22, hours=9, kind=ShiftKind.SLEEP_IN)
    woken = row.starts_at + dt.timedelta(hours=3)
    response = _call(
        cast,
        "team_worker",
        "post",
        "/deliveries",
        {
            "shift": str(row.public_id),
            "started_at": row.starts_at.isoformat(),
            "ended_at": row.ends_at.isoformat(),
            "disturbances": [
                {
                    "started_at": woken.isoformat(),
                    "ended_at": (woken + dt.timedelta(minutes=40)).isoformat(),
                    "reason": "Upset",
                }
            ],
        },
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["minutes"] == 9 * 60 and len(body["disturbances"]) == 1
    assert "reason" not in body["disturbances"][0]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"ended_at": "2020-01-01T00:00:00+00:00"}, "body.ended_at"),
        ({"started_at": "not a time"}, "body.started_at"),
        ({"surprise": 1}, "body.surprise"),
        ({"disturbances": [{"started_at": "x", "ended_at": "y", "reason": "z"}]}, None),
        (
            {
                "disturbances": [
                    {
                        "started_at": "2000-01-01T00:00:00+00:00",
                        "ended_at": "2000-01-01T00:10:00+00:00",
                        "reason": "x",
                    }
                ]
            },
            "body.disturbances",
        ),
    ],
)
def test_bad_input_answers_the_envelope(cast: Cast, change: dict[str, Any], field: str) -> None:
    row = past_shift(cast)
    body = {
        "shift": str(row.public_id),
        "started_at": row.starts_at.isoformat(),
        "ended_at": row.ends_at.isoformat(),
        **change,
    }
    response = _call(cast, "team_worker", "post", "/deliveries", body)
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "invalid"
    if field:
        assert any(key.startswith(field) for key in error["fields"]), error
    assert not Delivery.objects.exists()


def test_naive_times_are_refused(cast: Cast) -> None:
    row = past_shift(cast)
    body = {
        "shift": str(row.public_id),
        "started_at": row.starts_at.replace(tzinfo=None).isoformat(),
        "ended_at": row.ends_at.isoformat(),
    }
    response = _call(cast, "team_worker", "post", "/deliveries", body)
    assert response.status_code == 422
    assert "time zone" in json.dumps(response.json())


def test_others_cannot_confirm(cast: Cast) -> None:
    row = past_shift(cast)
    body = {
        "shift": str(row.public_id),
        "started_at": row.starts_at.isoformat(),
        "ended_at": row.ends_at.isoformat(),
    }
    assert _call(cast, "outside_worker", "post", "/deliveries", body).status_code == 404
    assert _call(cast, "on_call_manager", "post", "/deliveries", body).status_code == 403
    assert _call(cast, "other_org_admin", "post", "/deliveries", body).status_code == 404
    assert _call(cast, "manager", "post", "/deliveries", body).status_code == 201


def test_delivered_hours_for_the_office(cast: Cast) -> None:
    row = past_shift(cast)
    week = monday_of(row.on).isoformat()
    response = _call(cast, "coordinator", "get", f"/delivered-hours?week={week}")
    assert response.status_code == 200
    people = {item["name"]: item for item in response.json()}
    alex = people[cast.person.name]
    assert alex["unconfirmed"][0]["shift"] == str(row.public_id)
    day = next(k for k in alex["kinds"] if k["kind"] == "day")
    assert (day["planned"], day["delivered"], day["unit"]) == (360, 0, "minutes")
    assert _call(cast, "team_worker", "get", "/delivered-hours").status_code == 404
    assert _call(cast, "manager", "get", "/delivered-hours?week=nonsense").status_code == 422


def test_open_shifts_and_accept_twice(cast: Cast) -> None:
    offer = open_offer(cast)
    mine = _call(cast, "team_worker", "get", "/open-shifts").json()
    assert [item["public_id"] for item in mine] == [str(offer.public_id)]
    assert mine[0]["you_can_accept"] is True
    office = _call(cast, "manager", "get", "/open-shifts").json()
    assert office[0]["you_can_accept"] is False
    assert _call(cast, "finance", "get", "/open-shifts").status_code == 404
    path = f"/open-shifts/{offer.public_id}/accept"
    assert _call(cast, "team_worker", "post", path).status_code == 200
    other = cast.staff["outside_worker"]
    team_member(cast.person, other, since=other.starts_on)
    always_available(cast, other)
    taken = _call(cast, "outside_worker", "post", path)
    assert taken.status_code == 409
    assert taken.json()["error"]["message"] == "Someone else took this shift."
    assert _call(cast, "finance", "post", path).status_code == 404
