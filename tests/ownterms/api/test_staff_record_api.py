"""/api/v1/staff (record, training, skills) and /api/v1/teams: same services and rules as pages."""

from __future__ import annotations

import datetime as dt

from ownterms.audit.models import AuditEvent
from ownterms.staff.models import SkillNeed, StaffMember, TeamMembership, TrainingRecord
from tests.cast import Cast
from tests.ownterms.api.conftest import assert_envelope
from tests.ownterms.api.test_people_staff import client_for
from tests.ownterms.staff.data import team_health_data, team_worker_membership


def test_staff_record_read_and_change(cast: Cast) -> None:
    worker = cast.staff["team_worker"]
    manager = client_for(cast, "manager")
    url = f"/api/v1/staff/{worker.public_id}"
    response = manager.request(
        "PATCH",
        url,
        {
            "pay_band": "Band 2",
            "home_area": "m1",
            "interests": ["Swimming", "Music"],
            "opt_out_signed_on": "2025-01-02",
        },
    )
    assert response.status_code == 200, response.content
    data = response.json()
    assert data["home_area"] == "M1" and data["interests"] == ["Music", "Swimming"]
    assert data["opt_out_in_force_today"] is True and "id" not in data
    assert AuditEvent.objects.filter(action="staff.update").count() == 1
    assert client_for(cast, "team_worker").get(url).json()["pay_band"] == "Band 2"
    bad = manager.request("PATCH", url, {"home_area": "12345"})
    error = assert_envelope(bad, 422, "invalid")
    assert "body.home_area" in error["fields"]
    dupe = manager.request("PATCH", url, {"traits": ["Calm", "calm"]})
    assert "body.traits" in assert_envelope(dupe, 422)["fields"]
    assert_envelope(client_for(cast, "team_worker").request("PATCH", url, {"pay_band": "X"}), 403)
    assert StaffMember.objects.get(pk=worker.pk).pay_band == "Band 2"


def test_training_list_and_add(cast: Cast) -> None:
    data = team_health_data(cast)
    worker = cast.staff["team_worker"]
    manager = client_for(cast, "manager")
    url = f"/api/v1/staff/{worker.public_id}/training"
    rows = manager.get(url).json()
    assert {row["state"] for row in rows} == {"valid", "expiring", "expired"}
    response = manager.request(
        "POST", url, {"skill": str(data.first_aid.public_id), "completed_on": "2025-03-01"}
    )
    assert response.status_code == 201, response.content
    assert response.json()["expires_on"] == "2028-03-01"
    bad = manager.request(
        "POST",
        url,
        {
            "skill": str(data.first_aid.public_id),
            "completed_on": "2025-03-01",
            "expires_on": "2025-01-01",
        },
    )
    assert "body.expires_on" in assert_envelope(bad, 422)["fields"]
    assert TrainingRecord.objects.filter(staff_member=worker, skill=data.first_aid).count() == 2


def test_skills_list_and_add(cast: Cast) -> None:
    team_health_data(cast)
    manager = client_for(cast, "manager")
    names = [row["name"] for row in manager.get("/api/v1/staff/skills").json()]
    assert "First aid" in names
    added = manager.request(
        "POST", "/api/v1/staff/skills", {"name": "PBS", "renew_every_months": 12}
    )
    assert added.status_code == 201
    again = manager.request("POST", "/api/v1/staff/skills", {"name": "pbs"})
    assert "body.name" in assert_envelope(again, 422)["fields"]
    assert_envelope(client_for(cast, "team_worker").get("/api/v1/staff/skills"), 404)


def test_team_members_approval_and_end(cast: Cast) -> None:
    manager = client_for(cast, "manager")
    base = f"/api/v1/teams/{cast.person.public_id}"
    listed = client_for(cast, "person_user").get(base).json()
    assert {row["staff_member"]["name"] for row in listed} == {"Tariq Teamworker", "Fern Former"}
    added = manager.request(
        "POST",
        f"{base}/members",
        {
            "staff_member": str(cast.staff["outside_worker"].public_id),
            "kind": "relief",
            "starts_on": cast.today.isoformat(),
        },
    )
    assert added.status_code == 201, added.content
    membership_id = added.json()["public_id"]
    approved = manager.request(
        "POST", f"{base}/members/{membership_id}/approval", {"approved": True}
    )
    assert approved.json()["approved_by_person"] is True
    early = manager.request(
        "POST",
        f"{base}/members/{membership_id}/end",
        {"ends_on": (cast.today - dt.timedelta(days=1)).isoformat()},
    )
    assert "body.ends_on" in assert_envelope(early, 422)["fields"]
    ended = manager.request("POST", f"{base}/members/{membership_id}/end", {})
    assert ended.json()["ends_on"] == cast.today.isoformat()
    membership = TeamMembership.objects.get(public_id=membership_id)
    assert membership.ends_on == cast.today and membership.approved_by_person
    actions = set(AuditEvent.objects.filter(person=cast.person).values_list("action", flat=True))
    assert {"team.add", "team.approve", "team.end"} <= actions
    worker = client_for(cast, "team_worker")
    own = team_worker_membership(cast).public_id
    assert_envelope(
        worker.request("POST", f"{base}/members/{own}/approval", {"approved": False}), 403
    )


def test_skill_needs_and_team_health(cast: Cast) -> None:
    data = team_health_data(cast)
    manager = client_for(cast, "manager")
    base = f"/api/v1/teams/{cast.person.public_id}"
    health = {row["skill"]["name"]: row for row in manager.get(f"{base}/health").json()}
    assert health["Epilepsy rescue medication"]["level"] == "single"
    assert [m["name"] for m in health["Epilepsy rescue medication"]["holders_today"]] == [
        "Tariq Teamworker"
    ]
    assert health["First aid"]["level"] == "none"
    assert health["Driving with own car"]["holders_in_30_days"] == []
    assert_envelope(client_for(cast, "team_worker").get(f"{base}/health"), 404)
    needs = client_for(cast, "team_worker").get(f"{base}/skill-needs").json()
    assert len(needs) == 3
    dupe = manager.request("POST", f"{base}/skill-needs", {"skill": str(data.first_aid.public_id)})
    assert "body.skill" in assert_envelope(dupe, 422)["fields"]
    need = SkillNeed.objects.get(skill=data.first_aid)
    assert manager.request("DELETE", f"{base}/skill-needs/{need.public_id}").status_code == 204
    added = manager.request(
        "POST",
        f"{base}/skill-needs",
        {"skill": str(data.first_aid.public_id), "coverage": "some_shifts", "note": "Outings"},
    )
    assert added.status_code == 201 and added.json()["coverage"] == "some_shifts"


def test_staff_update_with_a_stale_version_is_a_conflict(cast: Cast) -> None:
    manager = client_for(cast, "manager")
    url = f"/api/v1/staff/{cast.staff['team_worker'].public_id}"
    read = manager.get(url).json()
    assert (
        manager.request(
            "PATCH", url, {"pay_band": "A", "updated_at": read["updated_at"]}
        ).status_code
        == 200
    )
    stale = manager.request("PATCH", url, {"pay_band": "B", "updated_at": read["updated_at"]})
    assert_envelope(stale, 409, "conflict")
    # Changing only the interests also counts as a change.
    fresh = manager.get(url).json()["updated_at"]
    assert (
        manager.request("PATCH", url, {"interests": ["Chess"], "updated_at": fresh}).status_code
        == 200
    )
    assert_envelope(manager.request("PATCH", url, {"traits": ["Calm"], "updated_at": fresh}), 409)
