"""/api/v1/leave: the same rules and services as the pages, and the error envelope."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from ownterms.api.services import create_token
from ownterms.leave.models import AvailabilityPattern, LeaveRequest
from tests.cast import Cast
from tests.ownterms.api.conftest import ApiClient, assert_envelope
from tests.ownterms.leave.helpers import a_request, with_pattern, worker

pytestmark = pytest.mark.django_db


def api_as(cast: Cast, member: str) -> ApiClient:
    user = cast.user(member)
    assert user is not None
    return ApiClient(create_token(user=user, name="test").secret)


def base(cast: Cast) -> str:
    return f"/api/v1/leave/staff/{worker(cast).public_id}"


def post(client: ApiClient, path: str, body: Any) -> Any:
    return client.request("POST", path, body)


def test_availability_round_trip(cast: Cast) -> None:
    client = api_as(cast, "manager")
    body = {
        "effective_from": str(cast.today),
        "days": {"monday": [{"start": "09:00", "end": "17:00"}], "sunday": []},
        "note": "Term time",
    }
    response = post(client, f"{base(cast)}/availability", body)
    assert response.status_code == 201, response.content
    assert response.json()["days"]["monday"] == [{"start": "09:00", "end": "17:00"}]
    got = client.get(f"{base(cast)}/availability").json()
    assert got["current"]["note"] == "Term time"
    assert len(got["patterns"]) == 1


@pytest.mark.parametrize(
    ("days", "field"),
    [
        ({"monday": [{"start": "17:00", "end": "09:00"}]}, "body.days.monday"),
        ({"monday": [{"start": "09:00", "end": "25:00"}]}, "body.days.monday"),
        ({"funday": []}, "body.days.funday"),
        (
            {"monday": [{"start": "09:00", "end": "13:00"}, {"start": "12:00", "end": "14:00"}]},
            "body.days.monday",
        ),
    ],
)
def test_bad_availability_is_422_with_the_field(
    cast: Cast, days: dict[str, Any], field: str
) -> None:
    response = post(
        api_as(cast, "manager"),
        f"{base(cast)}/availability",
        {"effective_from": str(cast.today), "days": days},
    )
    error = assert_envelope(response, 422)
    assert field in error["fields"], error
    assert not AvailabilityPattern.objects.exists()


def test_worker_reads_own_availability_but_cannot_change_it(cast: Cast) -> None:
    with_pattern(cast)
    client = api_as(cast, "team_worker")
    assert client.get(f"{base(cast)}/availability").status_code == 200
    response = post(
        client, f"{base(cast)}/availability", {"effective_from": "2026-01-01", "days": {}}
    )
    assert_envelope(response, 403)
    other = api_as(cast, "outside_worker")
    assert_envelope(other.get(f"{base(cast)}/availability"), 404)


def test_exception(cast: Cast) -> None:
    client = api_as(cast, "manager")
    body = {"on": str(cast.today), "available": False, "start": "12:00", "end": "13:00"}
    response = post(client, f"{base(cast)}/availability/exceptions", body)
    assert response.status_code == 201
    assert response.json()["start"] == "12:00"
    clash = post(client, f"{base(cast)}/availability/exceptions", body)
    assert "body.on" in assert_envelope(clash, 422)["fields"]
    half = post(
        client,
        f"{base(cast)}/availability/exceptions",
        {"on": "2026-01-02", "available": True, "start": "10:00"},
    )
    assert_envelope(half, 422)


def test_worker_requests_and_manager_approves(cast: Cast) -> None:
    first = cast.today + dt.timedelta(days=10)
    body = {"kind": "annual", "starts_on": str(first), "ends_on": str(first + dt.timedelta(days=4))}
    mine = api_as(cast, "team_worker")
    response = post(mine, f"{base(cast)}/requests", body)
    assert response.status_code == 201, response.content
    leave = response.json()
    assert leave["status"] == "requested" and leave["minutes"] == 5 * 450
    assert_envelope(post(mine, f"/api/v1/leave/requests/{leave['public_id']}/approve", {}), 403)
    approved = post(
        api_as(cast, "manager"), f"/api/v1/leave/requests/{leave['public_id']}/approve", {}
    )
    assert approved.status_code == 200 and approved.json()["status"] == "approved"
    again = post(
        api_as(cast, "manager"), f"/api/v1/leave/requests/{leave['public_id']}/approve", {}
    )
    assert "body.status" in assert_envelope(again, 422)["fields"]
    listed = mine.get(f"{base(cast)}/requests").json()
    assert [item["public_id"] for item in listed] == [leave["public_id"]]


def test_overlap_is_422_naming_the_other(cast: Cast) -> None:
    existing = a_request(cast)
    body = {
        "kind": "training",
        "starts_on": str(existing.starts_on),
        "ends_on": str(existing.ends_on),
    }
    error = assert_envelope(post(api_as(cast, "manager"), f"{base(cast)}/requests", body), 422)
    assert "Annual leave" in error["fields"]["body.starts_on"][0]
    assert LeaveRequest.objects.count() == 1


def test_worker_cannot_record_sickness_and_others_cannot_see(cast: Cast) -> None:
    body = {"kind": "sickness", "starts_on": str(cast.today), "ends_on": str(cast.today)}
    assert_envelope(post(api_as(cast, "team_worker"), f"{base(cast)}/requests", body), 403)
    assert_envelope(post(api_as(cast, "outside_worker"), f"{base(cast)}/requests", body), 404)
    recorded = post(api_as(cast, "manager"), f"{base(cast)}/requests", body)
    assert recorded.json()["status"] == "approved"


def test_decline_and_cancel(cast: Cast) -> None:
    leave = a_request(cast)
    manager = api_as(cast, "manager")
    path = f"/api/v1/leave/requests/{leave.public_id}"
    assert_envelope(post(manager, f"{path}/decline", {}), 422)
    declined = post(manager, f"{path}/decline", {"reason": "Busy week"})
    assert declined.json()["decision_reason"] == "Busy week"
    other = a_request(cast, days_ahead=60)
    cancelled = post(
        api_as(cast, "team_worker"), f"/api/v1/leave/requests/{other.public_id}/cancel", {}
    )
    assert cancelled.json()["status"] == "cancelled"
    assert_envelope(post(api_as(cast, "outside_worker"), f"{path}/cancel", {}), 404)


def test_entitlement(cast: Cast) -> None:
    response = api_as(cast, "team_worker").get(f"{base(cast)}/entitlement")
    assert response.status_code == 200
    data = response.json()
    assert data["irregular_hours"] is False
    assert data["entitlement_minutes"] == 210 * 60
    assert data["remaining_minutes"] == 210 * 60
    assert_envelope(api_as(cast, "outside_worker").get(f"{base(cast)}/entitlement"), 404)


def test_unknown_fields_and_bad_types_are_422(cast: Cast) -> None:
    client = api_as(cast, "manager")
    assert_envelope(post(client, f"{base(cast)}/requests", {"kind": "annual", "extra": 1}), 422)
    assert_envelope(
        post(
            client, f"{base(cast)}/requests", {"kind": "annual", "starts_on": "soon", "ends_on": 3}
        ),
        422,
    )
