"""/api/v1/people/{id}/profile, /goals, /routine, /policies: same access and rules as pages."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import pytest
from django.utils import timezone

from ownterms.api import services as api_services
from ownterms.audit.models import AuditEvent
from ownterms.plans.models import Goal, PolicyVersion, ProfileVersion, RoutineActivity
from ownterms.vocabulary.services import add_skill
from tests.cast import CAST_MEMBERS, Cast
from tests.ownterms.api.conftest import ApiClient, assert_envelope
from tests.ownterms.plans.data import plan_data

PROFILE_READERS = {
    "administrator",
    "manager",
    "on_call_manager",
    "team_worker",
    "person_user",
    "circle_with_consent",
    "partner_current",
}
PLANS_READERS = {"administrator", "manager", "on_call_manager", "team_worker", "person_user"}


def client_for(cast: Cast, member: str) -> ApiClient:
    user = cast.user(member)
    if user is None:
        return ApiClient()
    return ApiClient(api_services.create_token(user=user, name=member).secret)


def base(cast: Cast) -> str:
    return f"/api/v1/people/{cast.person.public_id}"


def future(days: int = 60) -> str:
    return (timezone.localdate() + dt.timedelta(days=days)).isoformat()


@pytest.mark.parametrize("member", CAST_MEMBERS)
@pytest.mark.parametrize(
    ("path", "readers"),
    [
        ("profile", PROFILE_READERS),
        ("goals", PLANS_READERS),
        ("routine", PROFILE_READERS),
        ("policies", PLANS_READERS),
    ],
)
def test_reads_follow_access(cast: Cast, member: str, path: str, readers: set[str]) -> None:
    plan_data(cast)
    response = client_for(cast, member).get(f"{base(cast)}/{path}")
    if member == "anonymous":
        assert_envelope(response, 401)
    elif member in readers:
        assert response.status_code == 200, response.content
        event = AuditEvent.objects.get(kind="access", actor=cast.user(member))
        assert event.page == f"api.plans.{path}"
    else:
        assert_envelope(response, 404, "not_found")


def test_profile_read_matches_the_page(cast: Cast) -> None:
    plan_data(cast)
    data = client_for(cast, "team_worker").get(f"{base(cast)}/profile").json()
    assert data["current"]["number"] == 2
    assert "My cat, Pepper" in data["current"]["important"]
    assert data["current"]["created_by"] == "Mo Manager"
    assert [v["number"] for v in data["versions"]] == [2, 1]
    assert data["due_for_review"] is False
    assert data["interests"] == ["Animals", "Dancing", "Music"]


def test_profile_versions_and_policy_history_are_readable(cast: Cast) -> None:
    data = plan_data(cast)
    client = client_for(cast, "person_user")
    old = client.get(f"{base(cast)}/profile/versions/1").json()
    assert old["number"] == 1 and "Pepper" not in old["important"]
    assert_envelope(client.get(f"{base(cast)}/profile/versions/9"), 404)
    history = client.get(f"{base(cast)}/policies/{data.policy.public_id}").json()
    assert [v["number"] for v in history["versions"]] == [2, 1]
    assert "£20" in history["versions"][1]["text"]
    circle = client_for(cast, "circle_with_consent")
    assert_envelope(circle.get(f"{base(cast)}/policies/{data.policy.public_id}"), 404)


def test_profile_save_creates_a_version_and_refuses_a_stale_one(cast: Cast) -> None:
    plan_data(cast)
    client = client_for(cast, "manager")
    body = {"appreciated": "a", "important": "b", "support": "c", "review_on": future()}
    response = client.request("POST", f"{base(cast)}/profile", {**body, "based_on": 2})
    assert response.status_code == 201 and response.json()["number"] == 3
    stale = client.request("POST", f"{base(cast)}/profile", {**body, "support": "d", "based_on": 2})
    assert_envelope(stale, 409, "conflict")
    assert ProfileVersion.objects.filter(person=cast.person).count() == 3
    worker = client_for(cast, "team_worker").request("POST", f"{base(cast)}/profile", body)
    assert_envelope(worker, 403, "forbidden")


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"review_on": "2020-01-01"}, "body.review_on"),
        ({"appreciated": " "}, "body.appreciated"),
        ({"review_on": "not a date"}, "body.review_on"),
        ({"extra": 1}, "body.extra"),
    ],
)
def test_profile_bad_input(cast: Cast, body: dict[str, Any], field: str) -> None:
    full = {"appreciated": "a", "important": "b", "support": "c", "review_on": future(), **body}
    response = client_for(cast, "manager").request("POST", f"{base(cast)}/profile", full)
    error = assert_envelope(response, 422)
    assert field in error["fields"]
    assert not ProfileVersion.objects.exists()


def test_goals_add_and_patch(cast: Cast) -> None:
    client = client_for(cast, "manager")
    created = client.request(
        "POST", f"{base(cast)}/goals", {"title": "Swim 10 lengths", "owner": "Alex with Ana"}
    )
    assert created.status_code == 201
    goal = created.json()
    patch = client.request(
        "PATCH",
        f"{base(cast)}/goals/{goal['public_id']}",
        {"status": "achieved", "updated_at": goal["updated_at"]},
    )
    assert patch.status_code == 200
    assert patch.json()["achieved_on"] == timezone.localdate().isoformat()
    stale = client.request(
        "PATCH",
        f"{base(cast)}/goals/{goal['public_id']}",
        {"title": "Swim", "updated_at": goal["updated_at"]},
    )
    assert_envelope(stale, 409)
    bad = client.request(
        "POST", f"{base(cast)}/goals", {"title": "x", "owner": "y", "due_on": "2020-01-01"}
    )
    assert "body.due_on" in assert_envelope(bad, 422)["fields"]
    missing = client.request("PATCH", f"{base(cast)}/goals/{uuid.uuid4()}", {"title": "x"})
    assert_envelope(missing, 404)
    assert Goal.objects.count() == 1
    listed = client.get(f"{base(cast)}/goals").json()
    assert [g["title"] for g in listed["goals"]] == ["Swim 10 lengths"]


def test_routine_add_with_skill_and_bad_times(cast: Cast) -> None:
    skill = add_skill(actor=None, organisation=cast.organisation, name="Driving")
    client = client_for(cast, "manager")
    body = {
        "name": "Allotment",
        "day": 5,
        "starts_at": "09:00",
        "ends_at": "11:30",
        "skill": str(skill.public_id),
        "interest": "Gardening",
        "support_needed": "A worker who can drive",
    }
    created = client.request("POST", f"{base(cast)}/routine", body)
    assert created.status_code == 201, created.content
    assert created.json()["interest"] == "Gardening"
    assert created.json()["skill"] == str(skill.public_id)
    for bad, field in [
        ({"starts_at": "25:00"}, "body.starts_at"),
        ({"starts_at": "12:00", "ends_at": "11:00"}, "body.ends_at"),
        ({"day": 7}, "body.day"),
        ({"skill": str(uuid.uuid4())}, "body.skill"),
        ({"frequency": "daily"}, "body.frequency"),
    ]:
        response = client.request("POST", f"{base(cast)}/routine", {**body, "name": "X", **bad})
        assert field in assert_envelope(response, 422)["fields"], bad
    assert RoutineActivity.objects.count() == 1
    listed = client.get(f"{base(cast)}/routine").json()
    assert [a["name"] for a in listed] == ["Allotment"]


def test_policies_add_and_revise(cast: Cast) -> None:
    client = client_for(cast, "manager")
    created = client.request(
        "POST",
        f"{base(cast)}/policies",
        {
            "kind": "medication",
            "title": "My tablets",
            "text": "Morning and evening, with food.",
            "owner": "Mo",
            "review_on": future(),
        },
    )
    assert created.status_code == 201
    policy_id = created.json()["public_id"]
    revised = client.request(
        "POST",
        f"{base(cast)}/policies/{policy_id}/versions",
        {
            "title": "My tablets",
            "text": "Morning and evening.",
            "owner": "Mo",
            "review_on": future(),
            "based_on": 1,
        },
    )
    assert revised.status_code == 201 and revised.json()["versions"] == 2
    stale = client.request(
        "POST",
        f"{base(cast)}/policies/{policy_id}/versions",
        {"title": "x", "text": "y", "owner": "z", "review_on": future(), "based_on": 1},
    )
    assert_envelope(stale, 409)
    bad_kind = client.request(
        "POST",
        f"{base(cast)}/policies",
        {"kind": "shopping", "title": "t", "text": "x", "owner": "o", "review_on": future()},
    )
    assert "body.kind" in assert_envelope(bad_kind, 422)["fields"]
    assert PolicyVersion.objects.count() == 2
    listed = client_for(cast, "team_worker").get(f"{base(cast)}/policies").json()
    assert listed[0]["current"]["text"] == "Morning and evening."


def test_strengths_aspirations_and_routine_changes(cast: Cast) -> None:
    data = plan_data(cast)
    client = client_for(cast, "manager")
    profile = client.get(f"{base(cast)}/profile").json()
    assert profile["strengths"]
    strengths = client.request(
        "PATCH",
        f"{base(cast)}/profile/strengths",
        {"interests": ["Swimming", "music "], "strengths": "Kind"},
    )
    assert strengths.status_code == 200, strengths.content
    assert strengths.json()["interests"] == ["Music", "Swimming"]
    twice = client.request(
        "PATCH", f"{base(cast)}/profile/strengths", {"interests": ["Swimming", "swimming"]}
    )
    assert "body.interests" in assert_envelope(twice, 422)["fields"]
    aspirations = client.request(
        "PATCH", f"{base(cast)}/goals/aspirations", {"north_star": "A flat by the sea"}
    )
    assert aspirations.status_code == 200
    assert aspirations.json()["dreams"] == "Work in a café. Go to a festival."
    stale = client.request(
        "PATCH",
        f"{base(cast)}/goals/aspirations",
        {"dreams": "x", "updated_at": "2020-01-01T00:00:00Z"},
    )
    assert_envelope(stale, 409)
    activity = f"{base(cast)}/routine/{data.activity.public_id}"
    bad = client.request("PATCH", activity, {"ends_at": "09:00"})
    assert "body.ends_at" in assert_envelope(bad, 422)["fields"]
    changed = client.request("PATCH", activity, {"ends_at": "12:30", "interest": None})
    assert changed.status_code == 200, changed.content
    assert changed.json()["ends_at"] == "12:30:00" and changed.json()["interest"] is None
    worker = client_for(cast, "team_worker").request("DELETE", activity)
    assert_envelope(worker, 403)
    assert client.request("DELETE", activity).status_code == 204
    assert not RoutineActivity.objects.filter(pk=data.activity.pk).exists()
    assert AuditEvent.objects.filter(action="routine.remove").count() == 1
