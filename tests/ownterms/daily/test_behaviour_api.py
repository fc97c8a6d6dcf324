"""/api/v1/people/{id}/behaviour-plan, /incidents and /restrictive-practices."""

from __future__ import annotations

from typing import Any

import pytest

from ownterms.api import services
from ownterms.daily.models import Incident, RestrictivePracticeEvent
from ownterms.daily.selectors.behaviour import REQUIRED_PARTS
from tests.cast import Cast
from tests.ownterms.api.conftest import ApiClient, assert_envelope
from tests.ownterms.daily import behaviour_data as data

pytestmark = pytest.mark.django_db


def client_for(cast: Cast, member: str) -> ApiClient:
    user = cast.user(member)
    assert user is not None
    return ApiClient(services.create_token(user=user, name=member).secret)


def base(cast: Cast) -> str:
    return f"/api/v1/people/{cast.person.public_id}"


def test_the_plan_with_its_authorised_practices(cast: Cast) -> None:
    worker = client_for(cast, "team_worker")
    assert_envelope(worker.get(base(cast) + "/behaviour-plan"), 404)
    data.a_plan(cast)
    body = worker.get(base(cast) + "/behaviour-plan").json()
    assert body["version"] == 1
    assert [p["kind"] for p in body["authorised_practices"]] == ["physical"]
    assert_envelope(client_for(cast, "outside_worker").get(base(cast) + "/behaviour-plan"), 404)


def test_an_incident_from_draft_to_closed(cast: Cast) -> None:
    worker = client_for(cast, "team_worker")
    start = data.starts(cast)
    created = worker.request(
        "POST",
        base(cast) + "/incidents",
        {"starts_at": start.isoformat(), "behaviour": "Shouted 📢 <b>loudly</b>"},
    )
    assert created.status_code == 201, created.content
    incident = created.json()
    assert incident["status"] == "open"
    assert incident["behaviour"] == "Shouted 📢 <b>loudly</b>", "stored as typed"
    assert set(incident["missing"]) == {n for n, _ in REQUIRED_PARTS} - {"behaviour"}
    one = base(cast) + f"/incidents/{incident['public_id']}"
    error = assert_envelope(worker.request("POST", one + "/close", None), 422)
    assert set(error["fields"]) == {f"body.{n}" for n, _ in REQUIRED_PARTS} - {"body.behaviour"}
    values = {key: value for key, value in data.COMPLETE.items() if key != "behaviour"}
    patched = worker.request(
        "PATCH",
        one,
        {**values, "ends_at": start.replace(minute=30).isoformat(), "version": 1},
    )
    assert patched.status_code == 200, patched.content
    assert patched.json()["missing"] == []
    closed = worker.request("POST", one + "/close", None)
    assert closed.status_code == 200 and closed.json()["status"] == "closed"
    error = assert_envelope(worker.request("PATCH", one, {"location": "Hall"}), 422)
    assert "body.reason" in error["fields"]
    assert worker.request("PATCH", one, {"location": "Hall", "reason": "Typo"}).status_code == 200
    listed = worker.get(base(cast) + "/incidents").json()
    assert [row["location"] for row in listed] == ["Hall"]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"ends_at": "2000-01-01T00:00:00Z"}, "body.ends_at"),
        ({"location": None}, "body.location"),
        ({}, "body"),
        ({"intensity": 6}, "body.intensity"),
        ({"version": 7, "location": "x"}, "body"),
    ],
    ids=["ends-before-start", "null-text", "empty", "intensity-6", "stale-version"],
)
def test_bad_changes_answer_field_errors(cast: Cast, body: dict[str, Any], field: str) -> None:
    incident = data.an_incident(cast)
    path = base(cast) + f"/incidents/{incident.public_id}"
    error = assert_envelope(client_for(cast, "team_worker").request("PATCH", path, body), 422)
    assert field in error["fields"], error
    assert Incident.objects.get().version == 1


def test_readers_who_do_not_write_get_403(cast: Cast) -> None:
    incident = data.an_incident(cast)
    path = base(cast) + f"/incidents/{incident.public_id}"
    for member in ("on_call_manager", "person_user"):
        client = client_for(cast, member)
        assert client.get(path).status_code == 200
        assert_envelope(client.request("PATCH", path, {"location": "x"}), 403)
        assert_envelope(client.request("POST", path + "/close", None), 403)


def test_recording_restrictive_practices(cast: Cast) -> None:
    data.a_plan(cast)
    incident = data.an_incident(cast)
    worker = client_for(cast, "team_worker")
    start = data.starts(cast)
    body = {
        "kind": "physical",
        "starts_at": start.isoformat(),
        "ends_at": start.replace(minute=5).isoformat(),
        "staff": [str(cast.staff["team_worker"].public_id)],
        "incident": str(incident.public_id),
        "technique": "Two-person seated hold",
        "alternatives_tried": "Space",
        "injury_checks": "None",
    }
    created = worker.request("POST", base(cast) + "/restrictive-practices", body)
    assert created.status_code == 201, created.content
    assert created.json()["authorised"] is True
    assert created.json()["incident"] == str(incident.public_id)
    flagged = worker.request(
        "POST", base(cast) + "/restrictive-practices", {**body, "kind": "environmental"}
    ).json()
    assert flagged["authorised"] is False and flagged["authorised_practice"] is None
    one = worker.get(base(cast) + f"/restrictive-practices/{flagged['public_id']}").json()
    assert one["staff"] == [str(cast.staff["team_worker"].public_id)]
    assert len(worker.get(base(cast) + "/restrictive-practices").json()) == 2
    detail = worker.get(base(cast) + f"/incidents/{incident.public_id}").json()
    assert len(detail["restrictive_practices"]) == 2
    outsider = {**body, "staff": [str(cast.staff["outside_worker"].public_id)]}
    error = assert_envelope(
        worker.request("POST", base(cast) + "/restrictive-practices", outsider), 422
    )
    assert "body.staff" in error["fields"]
    assert RestrictivePracticeEvent.objects.count() == 2
    assert_envelope(
        client_for(cast, "outside_worker").get(base(cast) + "/restrictive-practices"), 404
    )


def test_the_incident_list_has_a_query_ceiling(cast: Cast) -> None:
    worker = client_for(cast, "team_worker")
    data.an_event(cast)
    worker.get(base(cast) + "/incidents")
    with data.counting() as small:
        assert worker.get(base(cast) + "/incidents").status_code == 200
    for days_ago in range(2, 12):
        incident = Incident.objects.create(
            organisation=cast.organisation,
            person=cast.person,
            starts_at=data.starts(cast, days_ago=days_ago),
        )
        RestrictivePracticeEvent.objects.create(
            organisation=cast.organisation,
            person=cast.person,
            incident=incident,
            kind="physical",
            starts_at=incident.starts_at,
            ends_at=incident.starts_at,
            technique="t",
            alternatives_tried="a",
            injury_checks="i",
        )
    with data.counting() as large:
        body = worker.get(base(cast) + "/incidents").json()
    assert len(body) == 11
    assert 0 < len(large) == len(small), (len(small), len(large))
