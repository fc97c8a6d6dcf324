"""Writes to staff records and relationships: audited, and ending access at once."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.test import Client
from django.utils import timezone

from ownterms.accounts.models import User
from ownterms.audit.models import AuditEvent
from ownterms.people.access import access_person
from ownterms.staff.models import StaffMember, TeamMembership
from ownterms.staff.services import (
    add_on_call_duty,
    add_team_membership,
    assign_manager,
    create_staff_member,
    end_staff_member,
    end_team_membership,
    update_staff_member,
)
from tests.cast import Cast


def test_ending_team_membership_ends_access_and_sessions(cast: Cast, client: Client) -> None:
    worker = cast.team_worker
    client.force_login(worker)  # type: ignore[arg-type]
    membership = TeamMembership.objects.get(staff_member__user=worker, person=cast.person)
    end_team_membership(actor=cast.manager, membership=membership)
    assert client.get(f"/o/{cast.organisation.slug}/").status_code == 302
    with pytest.raises(Http404):
        access_person(worker, cast.person.public_id, category="profile")
    event = AuditEvent.objects.get(action="team.end")
    assert event.person == cast.person and event.changes["ends_on"]["new"] == str(cast.today)
    assert client.get("/").status_code == 302


def test_ending_contract_ends_sessions(cast: Cast, client: Client) -> None:
    worker = cast.team_worker
    client.force_login(worker)  # type: ignore[arg-type]
    end_staff_member(actor=cast.administrator, staff_member=cast.staff["team_worker"])
    assert client.get(f"/o/{cast.organisation.slug}/").status_code == 302
    assert AuditEvent.objects.filter(action="security.sessions_ended", actor=worker).exists()
    with pytest.raises(Http404):
        access_person(worker, cast.person.public_id, category="profile")


def test_staff_create_update_audited(cast: Cast) -> None:
    user = User.objects.create_user(
        "new@brookside.example", display_name="New Starter", organisation=cast.organisation
    )
    member = create_staff_member(
        actor=cast.administrator,
        user=user,
        first_name="New",
        last_name="Starter",
        job_title="Support worker",
        employment=StaffMember.Employment.PART_TIME,
        contract_minutes_per_week=20 * 60,
        starts_on=cast.today,
    )
    update_staff_member(actor=cast.manager, staff_member=member, job_title="Senior support worker")
    event = AuditEvent.objects.get(action="staff.update")
    assert event.changes == {"job_title": {"old": "Support worker", "new": "Senior support worker"}}
    with pytest.raises(ValidationError):
        update_staff_member(
            actor=cast.manager, staff_member=member, ends_on=cast.today - dt.timedelta(days=1)
        )
    with pytest.raises(ValueError, match="not editable"):
        update_staff_member(actor=cast.manager, staff_member=member, user_id=1)


def test_team_manager_on_call_writes(cast: Cast) -> None:
    outsider = cast.staff["outside_worker"]
    add_team_membership(
        actor=cast.manager,
        person=cast.person,
        staff_member=outsider,
        approved_by_person=True,
        starts_on=cast.today,
    )
    assert access_person(cast.outside_worker, cast.person.public_id, category="profile")
    assign_manager(
        actor=cast.administrator,
        person=cast.person,
        manager=cast.staff["other_manager"],
        starts_on=cast.today,
    )
    assert access_person(cast.other_manager, cast.person.public_id, category="money")
    now = timezone.now()
    with pytest.raises(ValidationError):
        add_on_call_duty(
            actor=cast.administrator, manager=cast.staff["manager"], starts_at=now, ends_at=now
        )
    add_on_call_duty(
        actor=cast.administrator,
        manager=cast.staff["other_manager"],
        starts_at=now,
        ends_at=now + dt.timedelta(hours=1),
    )
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"team.add", "manager.assign", "on_call.add"} <= actions


def test_cross_organisation_links_are_refused(cast: Cast) -> None:
    with pytest.raises(ValidationError):
        add_team_membership(
            actor=cast.manager,
            person=cast.other_org_person,
            staff_member=cast.staff["team_worker"],
            approved_by_person=True,
            starts_on=cast.today,
        )
