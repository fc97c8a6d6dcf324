"""/api/v1 for outcome measures: the series by category, recording with 422 field paths for bad
input (a measure twice for a date, an admission ending before it starts), and the organisation
report for administrators and managers only."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.test import Client

from ownterms.api.services import create_token
from ownterms.outcomes.models import HealthEvent, MeasureRecord
from tests.cast import Cast
from tests.ownterms.outcomes import data

pytestmark = pytest.mark.django_db


def _api(cast: Cast, member: str) -> tuple[Client, dict[str, str]]:
    user = cast.user(member)
    assert user is not None
    token = create_token(user=user, name="test")
    return Client(), {"Authorization": f"Bearer {token.secret}"}


def _get(cast: Cast, member: str, path: str) -> Any:
    client, headers = _api(cast, member)
    return client.get(path, headers=headers)


def _post(cast: Cast, member: str, path: str, body: dict[str, Any]) -> Any:
    client, headers = _api(cast, member)
    return client.post(path, json.dumps(body), content_type="application/json", headers=headers)


def _person(cast: Cast, tail: str = "") -> str:
    return f"/api/v1/people/{cast.person.public_id}/outcomes{tail}"


def test_the_series_follow_the_callers_categories(cast: Cast) -> None:
    data.a_health_event(cast)
    data.a_connection(cast)
    manager = _get(cast, "manager", _person(cast)).json()
    assert manager["categories"] == ["plans", "health"]
    keys = {m["key"] for m in manager["measures"]}
    assert {"incidents", "connections", "life_says"} <= keys
    ae = next(m for m in manager["measures"] if m["key"] == "ae_visits")
    assert sum(month["value"] for month in ae["months"]) == 1
    assert ae["trend"] == "not_enough_data"
    partner = _get(cast, "partner_current", _person(cast)).json()
    assert partner["categories"] == ["health"]
    assert {m["category"] for m in partner["measures"]} == {"health"}
    assert _get(cast, "circle_with_consent", _person(cast)).status_code == 404


def test_recording_nhs_use(cast: Cast) -> None:
    day = cast.today - dt.timedelta(days=3)
    response = _post(
        cast,
        "manager",
        _person(cast, "/nhs-use"),
        {"kind": "admission", "on": day.isoformat(), "until": cast.today.isoformat()},
    )
    assert response.status_code == 201, response.content
    assert response.json()["until"] == cast.today.isoformat()
    listed = _get(cast, "partner_current", _person(cast, "/nhs-use")).json()
    assert [row["kind"] for row in listed] == ["admission"]
    assert _post(cast, "partner_current", _person(cast, "/nhs-use"), {
        "kind": "gp", "on": day.isoformat()}).status_code == 403  # fmt: skip


def test_an_admission_ending_before_it_starts_is_a_422_on_until(cast: Cast) -> None:
    response = _post(
        cast,
        "manager",
        _person(cast, "/nhs-use"),
        {"kind": "admission", "on": cast.today.isoformat(), "until": "2020-01-01"},
    )
    assert response.status_code == 422
    fields = response.json()["error"]["fields"]
    assert "before the day they went in" in fields["body.until"][0]
    assert not HealthEvent.objects.exists()


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"kind": "nonsense", "on": "2026-01-01"}, "body.kind"),
        ({"kind": "gp", "on": "yesterday"}, "body.on"),
        ({"kind": "gp", "on": "2026-01-01", "note": "x" * 1001}, "body.note"),
        ({"kind": "gp", "on": "2026-01-01", "surprise": 1}, "body.surprise"),
    ],
)
def test_malformed_nhs_use_names_the_field(cast: Cast, body: dict[str, Any], field: str) -> None:
    response = _post(cast, "manager", _person(cast, "/nhs-use"), body)
    assert response.status_code == 422
    assert field in response.json()["error"]["fields"]


def test_a_measure_twice_for_the_same_date_is_a_422_with_a_clear_message(cast: Cast) -> None:
    record = data.a_measure_record(cast)
    body = {"measure": "nights_out", "on": record.on.isoformat(), "value": 6}
    response = _post(cast, "manager", _person(cast, "/recorded"), body)
    assert response.status_code == 422
    assert "already has a value for" in response.json()["error"]["fields"]["body.on"][0]
    assert MeasureRecord.objects.count() == 1
    body["on"] = (record.on - dt.timedelta(days=1)).isoformat()
    assert _post(cast, "manager", _person(cast, "/recorded"), body).status_code == 201


def test_connections_with_hours(cast: Cast) -> None:
    body = {"kind": "community", "name": "Choir", "started_on": "2025-01-01",
            "minutes_per_week": 60}  # fmt: skip
    response = _post(cast, "manager", _person(cast, "/connections"), body)
    assert response.status_code == 422
    assert "body.minutes_per_week" in response.json()["error"]["fields"]
    body["kind"] = "volunteering"
    assert _post(cast, "manager", _person(cast, "/connections"), body).status_code == 201
    listed = _get(cast, "team_worker", _person(cast, "/connections")).json()
    assert listed[0]["minutes_per_week"] == 60


def test_the_organisation_report(cast: Cast) -> None:
    data.a_health_event(cast)
    response = _get(cast, "manager", "/api/v1/outcomes/organisation")
    assert response.status_code == 200
    report = response.json()
    assert report["people"] == 2 and len(report["months"]) == 13
    assert "Alex" not in response.content.decode()
    assert _get(cast, "team_worker", "/api/v1/outcomes/organisation").status_code == 404
