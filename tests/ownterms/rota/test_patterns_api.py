"""/api/v1/people/<person>/pattern, .../shifts and /api/v1/shifts/<shift>: the same rules as
the pages, answers in the error envelope, 409 for a stale version."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from ownterms.api.services import create_token
from ownterms.rota.models import PatternBlock, Shift
from tests.cast import Cast
from tests.ownterms.api.conftest import ApiClient, assert_envelope
from tests.ownterms.rota.patterns_data import give_package, week_pattern

pytestmark = pytest.mark.django_db

A_MONDAY = dt.date(2026, 6, 1)


def api_as(cast: Cast, member: str) -> ApiClient:
    user = cast.user(member)
    assert user is not None
    return ApiClient(create_token(user=user, name="test").secret)


def base(cast: Cast) -> str:
    return f"/api/v1/people/{cast.person.public_id}"


def night(**extra: Any) -> dict[str, Any]:
    return {
        "weekday": 0,
        "start": "22:00",
        "end": "08:00",
        "next_day": True,
        "kind": "sleep_in",
        **extra,
    }


def test_pattern_round_trip(cast: Cast) -> None:
    give_package(cast, day_hours=0, sleep_ins=1)
    client = api_as(cast, "coordinator")
    assert client.get(f"{base(cast)}/pattern").status_code == 404
    response = client.request("POST", f"{base(cast)}/pattern/blocks", night())
    assert response.status_code == 201, response.content
    block = response.json()
    assert (block["start"], block["end"], block["next_day"]) == ("22:00", "08:00", True)
    got = client.get(f"{base(cast)}/pattern").json()
    assert got["totals"]["sleep_in_nights"] == 1 and got["matches_package"] is True
    response = client.request(
        "PATCH",
        f"{base(cast)}/pattern/blocks/{block['public_id']}",
        {"start": "21:00", "preferred_tags": ["Films"]},
    )
    assert response.status_code == 200, response.content
    assert response.json()["start"] == "21:00" and response.json()["end"] == "08:00"
    assert response.json()["preferred_tags"] == ["Films"]
    response = client.request(
        "PUT", f"{base(cast)}/pattern", {"weeks": 2, "anchor_monday": str(A_MONDAY)}
    )
    assert response.status_code == 200 and response.json()["weeks"] == 2
    gone = client.request("DELETE", f"{base(cast)}/pattern/blocks/{block['public_id']}")
    assert gone.status_code == 204
    assert not PatternBlock.objects.exists()


@pytest.mark.parametrize(
    ("body", "field"),
    [
        (night(next_day=False), "body.end"),
        (night(start="25:00"), "body.start"),
        (night(end="8"), "body.end"),
        (night(kind="party"), "body.kind"),
        (night(headcount=3), "body.headcount"),
        (night(skills=["00000000-0000-0000-0000-000000000001"]), "body.skills"),
        (night(preferred_staff=["00000000-0000-0000-0000-000000000001"]), "body.preferred_staff"),
        (night(colour="red"), "body.colour"),
    ],
)
def test_bad_blocks_are_422_with_the_field(cast: Cast, body: dict[str, Any], field: str) -> None:
    response = api_as(cast, "manager").request("POST", f"{base(cast)}/pattern/blocks", body)
    assert_envelope(response, 422, "invalid")
    assert field in response.json()["error"]["fields"], response.json()


def test_overlap_is_422_naming_the_other_block(cast: Cast) -> None:
    client = api_as(cast, "manager")
    client.request("POST", f"{base(cast)}/pattern/blocks", night())
    response = client.request(
        "POST",
        f"{base(cast)}/pattern/blocks",
        {"weekday": 1, "start": "07:00", "end": "10:00", "kind": "day"},
    )
    assert_envelope(response, 422, "invalid")
    assert "Monday 22:00" in response.json()["error"]["fields"]["body.start"][0]


def test_readers_may_not_write_and_strangers_see_nothing(cast: Cast) -> None:
    response = api_as(cast, "team_worker").request("POST", f"{base(cast)}/pattern/blocks", night())
    assert_envelope(response, 403, "forbidden")
    response = api_as(cast, "outside_worker").get(f"{base(cast)}/pattern")
    assert_envelope(response, 404, "not_found")


def test_generate_list_and_change_with_a_stale_version(cast: Cast) -> None:
    week_pattern(cast)
    client = api_as(cast, "manager")
    response = client.request(
        "POST",
        f"{base(cast)}/shifts/generate",
        {"first_day": str(A_MONDAY), "last_day": str(A_MONDAY + dt.timedelta(days=6))},
    )
    assert response.json() == {"created": 21}
    listed = client.get(f"{base(cast)}/shifts?from={A_MONDAY}&to={A_MONDAY}").json()
    assert listed["count"] == 3
    first = listed["items"][0]
    assert first["starts_at"].startswith(f"{A_MONDAY}T08:00:00+01:00")
    assert first["minutes"] == 7 * 60 and first["one_off"] is False
    path = f"/api/v1/shifts/{first['public_id']}"
    response = client.request("PATCH", path, {"version": first["version"], "end": "14:00"})
    assert response.status_code == 200, response.content
    assert response.json()["minutes"] == 6 * 60 and response.json()["changed_from_pattern"]
    stale = client.request("PATCH", path, {"version": first["version"], "end": "13:00"})
    assert_envelope(stale, 409, "conflict")
    assert "Someone else changed this shift" in stale.json()["error"]["message"]
    assert Shift.objects.get(public_id=first["public_id"]).ends_at.hour == 13  # 14:00 BST in UTC
    fresh = response.json()["version"]
    cancelled = client.request("POST", f"{path}/cancel", {"reason": "Away", "version": fresh})
    assert cancelled.json()["status"] == "cancelled"
    assert cancelled.json()["cancel_reason"] == "Away"
    seen_by_team = api_as(cast, "team_worker").get(
        f"{base(cast)}/shifts?from={A_MONDAY}&to={A_MONDAY}"
    )
    assert seen_by_team.json()["items"][0]["cancel_reason"] == ""
    restored = client.request("POST", f"{path}/restore", {})
    assert restored.json()["status"] == "planned"


@pytest.mark.parametrize(
    "query",
    ["from=2026-06-01&to=2026-08-02", "from=2026-06-02&to=2026-06-01", "from=x&to=2026-06-01"],
)
def test_shift_range_limits(cast: Cast, query: str) -> None:
    response = api_as(cast, "manager").get(f"{base(cast)}/shifts?{query}")
    assert_envelope(response, 422, "invalid")


def test_one_off_and_generate_limits(cast: Cast) -> None:
    client = api_as(cast, "manager")
    response = client.request(
        "POST",
        f"{base(cast)}/shifts",
        {"on": str(A_MONDAY), "start": "10:00", "end": "12:00", "kind": "day", "activity": "Zoo"},
    )
    assert response.status_code == 201, response.content
    assert response.json()["one_off"] is True and response.json()["activity"] == "Zoo"
    response = client.request(
        "POST",
        f"{base(cast)}/shifts/generate",
        {"first_day": str(A_MONDAY), "last_day": str(A_MONDAY + dt.timedelta(days=400))},
    )
    assert_envelope(response, 422, "invalid")
    assert "body.last_day" in response.json()["error"]["fields"]
