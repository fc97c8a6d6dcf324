"""Changing staff records and the relationships that give access. Every write is audited.

Ending a contract or a team membership ends that user's sessions at once, so access stops now
rather than when they next sign in.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ownterms.accounts.models import User
from ownterms.accounts.services import end_sessions_for
from ownterms.audit.services import create_audited, field_changes, record_change, snapshot
from ownterms.core.tenancy import check_same_organisation
from ownterms.people.models import Person
from ownterms.staff.models import ManagerAssignment, OnCallDuty, StaffMember, TeamMembership

STAFF_EDITABLE_FIELDS = (
    "first_name",
    "last_name",
    "job_title",
    "employment",
    "contract_minutes_per_week",
    "starts_on",
    "ends_on",
)


def _check_dates(starts_on: dt.date, ends_on: dt.date | None) -> None:
    if ends_on is not None and ends_on < starts_on:
        raise ValidationError({"ends_on": _("The end date must be on or after the start date.")})


@transaction.atomic
def create_staff_member(
    *,
    actor: User,
    user: User,
    first_name: str,
    last_name: str,
    job_title: str,
    employment: str,
    contract_minutes_per_week: int,
    starts_on: dt.date,
    ends_on: dt.date | None = None,
) -> StaffMember:
    check_same_organisation(actor, user)
    _check_dates(starts_on, ends_on)
    member = StaffMember(
        organisation_id=user.organisation_id,
        user=user,
        first_name=first_name,
        last_name=last_name,
        job_title=job_title,
        employment=employment,
        contract_minutes_per_week=contract_minutes_per_week,
        starts_on=starts_on,
        ends_on=ends_on,
    )
    return create_audited(
        actor=actor,
        organisation=member.organisation,
        action="staff.create",
        obj=member,
        person=None,
    )


@transaction.atomic
def update_staff_member(*, actor: User, staff_member: StaffMember, **changes: Any) -> StaffMember:
    """Changes the given fields (only ``STAFF_EDITABLE_FIELDS``)."""
    unknown = set(changes) - set(STAFF_EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"not editable here: {sorted(unknown)}")
    check_same_organisation(actor, staff_member)
    member = StaffMember.objects.select_for_update().get(pk=staff_member.pk)
    old = snapshot(member, STAFF_EDITABLE_FIELDS)
    old_end = member.ends_on
    for name, value in changes.items():
        setattr(member, name, value)
    _check_dates(member.starts_on, member.ends_on)
    member.full_clean()
    member.save()
    diff = field_changes(old, member, fields=STAFF_EDITABLE_FIELDS)
    if diff:
        record_change(
            actor=actor,
            organisation=member.organisation,
            action="staff.update",
            obj=member,
            person=None,
            changes=diff,
        )
    today = timezone.localdate()
    if member.ends_on is not None and member.ends_on <= today and old_end != member.ends_on:
        end_sessions_for(member.user, reason="contract_ended")
    return member


def end_staff_member(
    *, actor: User, staff_member: StaffMember, ends_on: dt.date | None = None
) -> StaffMember:
    """Ends the contract on ``ends_on`` (default today: access stops at once)."""
    return update_staff_member(
        actor=actor, staff_member=staff_member, ends_on=ends_on or timezone.localdate()
    )


@transaction.atomic
def add_team_membership(
    *,
    actor: User,
    person: Person,
    staff_member: StaffMember,
    kind: str = TeamMembership.Kind.CORE,
    approved_by_person: bool,
    starts_on: dt.date,
    ends_on: dt.date | None = None,
) -> TeamMembership:
    check_same_organisation(actor, person, staff_member)
    _check_dates(starts_on, ends_on)
    membership = TeamMembership(
        organisation_id=person.organisation_id,
        person=person,
        staff_member=staff_member,
        kind=kind,
        approved_by_person=approved_by_person,
        starts_on=starts_on,
        ends_on=ends_on,
    )
    return create_audited(
        actor=actor,
        organisation=person.organisation,
        action="team.add",
        obj=membership,
        person=person,
    )


@transaction.atomic
def end_team_membership(
    *, actor: User, membership: TeamMembership, ends_on: dt.date | None = None
) -> TeamMembership:
    """Ends the membership on ``ends_on`` (default today: access stops at once)."""
    check_same_organisation(actor, membership)
    locked = TeamMembership.objects.select_for_update().get(pk=membership.pk)
    ends_on = ends_on or timezone.localdate()
    _check_dates(locked.starts_on, ends_on)
    old = {"ends_on": locked.ends_on}
    locked.ends_on = ends_on
    locked.save(update_fields=["ends_on"])
    record_change(
        actor=actor,
        organisation=locked.organisation,
        action="team.end",
        obj=locked,
        person=locked.person,
        changes=field_changes(old, {"ends_on": ends_on}),
    )
    if ends_on <= timezone.localdate():
        end_sessions_for(locked.staff_member.user, reason="team_membership_ended")
    return locked


@transaction.atomic
def assign_manager(
    *,
    actor: User,
    person: Person,
    manager: StaffMember,
    starts_on: dt.date,
    ends_on: dt.date | None = None,
) -> ManagerAssignment:
    check_same_organisation(actor, person, manager)
    _check_dates(starts_on, ends_on)
    assignment = ManagerAssignment.objects.create(
        organisation_id=person.organisation_id,
        person=person,
        manager=manager,
        starts_on=starts_on,
        ends_on=ends_on,
    )
    record_change(
        actor=actor,
        organisation=person.organisation,
        action="manager.assign",
        obj=assignment,
        person=person,
        changes=field_changes(None, assignment),
    )
    return assignment


@transaction.atomic
def end_manager_assignment(
    *, actor: User, assignment: ManagerAssignment, ends_on: dt.date | None = None
) -> ManagerAssignment:
    check_same_organisation(actor, assignment)
    ends_on = ends_on or timezone.localdate()
    _check_dates(assignment.starts_on, ends_on)
    old = {"ends_on": assignment.ends_on}
    assignment.ends_on = ends_on
    assignment.save(update_fields=["ends_on"])
    record_change(
        actor=actor,
        organisation=assignment.organisation,
        action="manager.end",
        obj=assignment,
        person=assignment.person,
        changes=field_changes(old, {"ends_on": ends_on}),
    )
    return assignment


@transaction.atomic
def add_on_call_duty(
    *, actor: User, manager: StaffMember, starts_at: dt.datetime, ends_at: dt.datetime
) -> OnCallDuty:
    check_same_organisation(actor, manager)
    if ends_at <= starts_at:
        raise ValidationError({"ends_at": _("The duty must end after it starts.")})
    duty = OnCallDuty.objects.create(
        organisation_id=manager.organisation_id,
        manager=manager,
        starts_at=starts_at,
        ends_at=ends_at,
    )
    record_change(
        actor=actor,
        organisation=manager.organisation,
        action="on_call.add",
        obj=duty,
        person=None,
        changes=field_changes(None, duty),
    )
    return duty
