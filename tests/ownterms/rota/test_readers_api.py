"""GET /api/v1/shifts and /api/v1/my-shifts: same access as the pages, bad periods answered
in the error envelope."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from ownterms.api import services as api_services
from tests.cast import CAST_MEMBERS, Cast
from tests.ownterms.api.conftest import ApiClient, assert_envelope
from tests.ownterms.rota.readers_data import live_rota

ROTA_READERS = {
    "administrator",
    "manager",
    "on_call_manager",
    "team_worker",
    "coordinator",
    "person_user",
}
STAFF = {
    "manager",
    "other_manager",
    "on_call_manager",
    "team_worker",
    "outside_worker",
    "former_worker",
}


def client_for(cast: Cast, member: str) -> ApiClient:
    user = cast.user(member)
    if user is None:
        return ApiClient()
    return ApiClient(api_services.create_token(user=user, name=member).secret)


def shifts_path(cast: Cast, **query: str) -> str:
    params = {"person": str(cast.person.public_id), **query}
    return "/api/v1/shifts?" + "&".join(f"{k}={v}" for k, v in params.items())


@pytest.mark.parametrize("member", CAST_MEMBERS)
def test_shifts_follow_rota_access(cast: Cast, member: str) -> None:
    live_rota(cast)
    response = client_for(cast, member).get(shifts_path(cast))
    if member == "anonymous":
        assert_envelope(response, 401)
    elif member in ROTA_READERS:
        assert response.status_code == 200
        body = response.json()
        assert len(body) == 3
        first = body[0]
        assert first["person_first_name"] == "Alex"
        assert first["workers"] == [
            {"public_id": str(cast.staff["team_worker"].public_id), "first_name": "Tariq"}
        ]
        assert first["covered"] is True and body[2]["covered"] is False
        assert "Teamworker" not in response.content.decode()
    else:
        assert_envelope(response, 404)


@pytest.mark.parametrize(
    ("query", "status"),
    [
        ({"from": "2026-11-01", "to": "2026-10-01"}, 422),
        ({"from": "2026-01-01", "to": "2026-03-04"}, 422),  # 63 days
        ({"from": "2026-01-01", "to": "2026-03-03"}, 200),  # 62 days
        ({"from": "yesterday"}, 422),
        ({"from": "2026-02-30"}, 422),
    ],
)
def test_bad_periods(cast: Cast, query: dict[str, str], status: int) -> None:
    response = client_for(cast, "manager").get(shifts_path(cast, **query))
    if status == 200:
        assert response.status_code == 200
    else:
        assert_envelope(response, status)


def test_bad_person(cast: Cast) -> None:
    client = client_for(cast, "manager")
    assert_envelope(client.get("/api/v1/shifts?person=nope"), 422)
    assert_envelope(client.get("/api/v1/shifts"), 422)
    assert_envelope(client.get(f"/api/v1/shifts?person={cast.other_org_person.public_id}"), 404)


def test_a_period_chosen(cast: Cast) -> None:
    live_rota(cast)
    tomorrow = (timezone.localdate() + dt.timedelta(days=1)).isoformat()
    body = (
        client_for(cast, "person_user")
        .get(shifts_path(cast, **{"from": tomorrow, "to": tomorrow}))
        .json()
    )
    assert len(body) == 1 and body[0]["headcount"] == 2 and len(body[0]["workers"]) == 2


@pytest.mark.parametrize("member", CAST_MEMBERS)
def test_my_shifts(cast: Cast, member: str) -> None:
    live_rota(cast)
    response = client_for(cast, member).get("/api/v1/my-shifts")
    if member == "anonymous":
        assert_envelope(response, 401)
    elif member in STAFF:
        assert response.status_code == 200
        expected = {"team_worker": 2, "outside_worker": 1}.get(member, 0)
        assert len(response.json()) == expected
    else:
        assert_envelope(response, 404)


def test_my_shifts_bad_period(cast: Cast) -> None:
    client = client_for(cast, "team_worker")
    assert_envelope(client.get("/api/v1/my-shifts?from=2026-01-01&to=2026-12-31"), 422)
