"""Changing staff records and the relationships that give access. Every write is audited.

Ending a contract or a team membership ends that user's sessions at once, so access stops now
rather than when they next sign in.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from ownterms.accounts.models import User
from ownterms.accounts.services import end_sessions_for
from ownterms.audit.services import create_audited, field_changes, record_change, snapshot
from ownterms.core.tenancy import check_same_organisation
from ownterms.lib.dates import check_end_not_before_start
from ownterms.lib.versions import changed_since
from ownterms.people.models import Person
from ownterms.people.services import EditConflictError
from ownterms.staff.models import (
    MAX_OPT_OUT_NOTICE_DAYS,
    ManagerAssignment,
    OnCallDuty,
    SkillNeed,
    StaffMember,
    TeamMembership,
    TrainingRecord,
    normalise_district,
)
from ownterms.vocabulary.models import Skill, Tag, normalise
from ownterms.vocabulary.services import resolve_tags

STAFF_EDITABLE_FIELDS = (
    "first_name",
    "last_name",
    "job_title",
    "employment",
    "contract_minutes_per_week",
    "starts_on",
    "ends_on",
    "pay_band",
    "opt_out_signed_on",
    "opt_out_withdrawal_notice_on",
    "opt_out_notice_days",
    "night_worker",
    "other_employment_minutes_per_week",
    "gender",
    "languages",
    "home_area",
    "profile_appreciated",
    "profile_important",
    "profile_how_i_work",
)

#: Interests and traits are set as lists of labels (the shared vocabulary).
TAG_FIELDS = {"interests": Tag.Kind.INTEREST, "traits": Tag.Kind.TRAIT}

MINUTES_IN_A_WEEK = 7 * 24 * 60


def _check_staff_rules(member: StaffMember) -> None:
    """The rules a staff record must keep, with a message on the field that breaks them."""
    errors: dict[str, str] = {}
    for name in ("contract_minutes_per_week", "other_employment_minutes_per_week"):
        if getattr(member, name) > MINUTES_IN_A_WEEK:
            errors[name] = _("A week has only 168 hours.")
    if member.opt_out_withdrawal_notice_on is not None:
        if member.opt_out_signed_on is None:
            errors["opt_out_withdrawal_notice_on"] = _(
                "Enter the date the opt-out was signed before recording notice to end it."
            )
        elif member.opt_out_withdrawal_notice_on < member.opt_out_signed_on:
            errors["opt_out_withdrawal_notice_on"] = _(
                "Notice to end the opt-out must be on or after the date it was signed."
            )
    if member.opt_out_notice_days > MAX_OPT_OUT_NOTICE_DAYS:
        errors["opt_out_notice_days"] = _(
            "The notice to end an opt-out can be at most three months (92 days)."
        )
    if errors:
        raise ValidationError(errors)


def _check_labels(field: str, labels: Sequence[str]) -> list[str]:
    """Tidies tag labels; a label given twice (in any case or spacing) is an error."""
    tidy = [" ".join(label.split()) for label in labels]
    tidy = [label for label in tidy if label]
    seen: set[str] = set()
    for label in tidy:
        if len(label) > 60:
            raise ValidationError(
                {
                    field: _("“%(label)s” is too long: keep each one under 60 characters.")
                    % {"label": label[:60]}
                }
            )
        if normalise(label) in seen:
            raise ValidationError({field: _("“%(label)s” is listed twice.") % {"label": label}})
        seen.add(normalise(label))
    return tidy


def _tag_labels(member: StaffMember) -> dict[str, list[str]]:
    tags = list(member.tags.all())
    return {
        field: sorted(tag.label for tag in tags if tag.kind == kind)
        for field, kind in TAG_FIELDS.items()
    }


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
    check_end_not_before_start(starts_on, ends_on)
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
def update_staff_member(
    *,
    actor: User,
    staff_member: StaffMember,
    interests: Sequence[str] | None = None,
    traits: Sequence[str] | None = None,
    expected_updated_at: dt.datetime | None = None,
    **changes: Any,
) -> StaffMember:
    """Changes the given fields (only ``STAFF_EDITABLE_FIELDS``) and, when given, the
    interests and traits (labels from the shared vocabulary; new ones are added to it).
    With ``expected_updated_at`` (from the form the editor loaded) a concurrent change raises
    ``EditConflictError`` instead of being overwritten."""
    unknown = set(changes) - set(STAFF_EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"not editable here: {sorted(unknown)}")
    check_same_organisation(actor, staff_member)
    wanted = {
        field: _check_labels(field, labels)
        for field, labels in (("interests", interests), ("traits", traits))
        if labels is not None
    }
    member = StaffMember.objects.select_for_update().get(pk=staff_member.pk)
    if changed_since(member.updated_at, expected_updated_at):
        raise EditConflictError
    old = snapshot(member, STAFF_EDITABLE_FIELDS)
    old_tags = _tag_labels(member)
    old_end = member.ends_on
    for name, value in changes.items():
        if name == "home_area" and isinstance(value, str):
            value = normalise_district(value)
        setattr(member, name, value)
    check_end_not_before_start(member.starts_on, member.ends_on)
    _check_staff_rules(member)
    member.full_clean()
    member.save()
    diff = field_changes(old, member, fields=STAFF_EDITABLE_FIELDS)
    if wanted and not diff:
        # Only the tags change: still mark the record as changed for concurrent editors.
        member.save(update_fields=["updated_at"])
    if wanted:
        kept = [tag for tag in member.tags.all() if tag.kind not in {TAG_FIELDS[f] for f in wanted}]
        chosen: list[Tag] = []
        for field, labels in wanted.items():
            chosen += resolve_tags(
                actor=actor, organisation=member.organisation, kind=TAG_FIELDS[field], labels=labels
            )
        member.tags.set(kept + chosen)
        new_tags = _tag_labels(member)
        for field in wanted:
            if old_tags[field] != new_tags[field]:
                diff[field] = {"old": old_tags[field], "new": new_tags[field]}
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
    check_end_not_before_start(starts_on, ends_on)
    if staff_member.ends_on is not None and starts_on >= staff_member.ends_on:
        raise ValidationError(
            {"starts_on": _("Their contract has ended by then: choose an earlier start date.")}
        )
    overlapping = TeamMembership.objects.filter(person=person, staff_member=staff_member).filter(
        Q(ends_on__isnull=True) | Q(ends_on__gt=starts_on)
    )
    if ends_on is not None:
        overlapping = overlapping.filter(starts_on__lt=ends_on)
    if overlapping.exists():
        raise ValidationError(
            {
                "staff_member": _("%(name)s is already in this team for some of that time.")
                % {"name": staff_member.name}
            }
        )
    membership = TeamMembership(
        organisation_id=person.organisation_id,
        person=person,
        staff_member=staff_member,
        kind=kind,
        approved_by_person=approved_by_person,
        approved_on=timezone.localdate() if approved_by_person else None,
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
    check_end_not_before_start(locked.starts_on, ends_on)
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
    check_end_not_before_start(starts_on, ends_on)
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
    check_end_not_before_start(assignment.starts_on, ends_on)
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


@transaction.atomic
def record_person_approval(
    *,
    actor: User,
    membership: TeamMembership,
    approved: bool = True,
    approved_on: dt.date | None = None,
) -> TeamMembership:
    """Records that the person said yes (or, with ``approved=False``, no longer agrees) to
    this member of their team."""
    check_same_organisation(actor, membership)
    today = timezone.localdate()
    approved_on = approved_on or today
    if approved and approved_on > today:
        raise ValidationError({"approved_on": _("The date of approval can't be in the future.")})
    locked = TeamMembership.objects.select_for_update().get(pk=membership.pk)
    old = {"approved_by_person": locked.approved_by_person, "approved_on": locked.approved_on}
    locked.approved_by_person = approved
    locked.approved_on = approved_on if approved else None
    locked.save(update_fields=["approved_by_person", "approved_on"])
    diff = field_changes(
        old, {"approved_by_person": locked.approved_by_person, "approved_on": locked.approved_on}
    )
    if diff:
        record_change(
            actor=actor,
            organisation=locked.organisation,
            action="team.approve" if approved else "team.unapprove",
            obj=locked,
            person=locked.person,
            changes=diff,
        )
    return locked


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` later (the month's last day if it is shorter)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def default_expiry(skill: Skill, completed_on: dt.date) -> dt.date | None:
    if not skill.renew_every_months:
        return None
    return add_months(completed_on, skill.renew_every_months)


@transaction.atomic
def add_training_record(
    *,
    actor: User,
    staff_member: StaffMember,
    skill: Skill,
    completed_on: dt.date,
    expires_on: dt.date | None = None,
) -> TrainingRecord:
    """Adds (or renews: a new record for the same skill) training. Without ``expires_on`` it
    lapses ``skill.renew_every_months`` after completion, or never if the skill needs no
    renewal."""
    check_same_organisation(actor, staff_member, skill)
    today = timezone.localdate()
    if completed_on > today + dt.timedelta(days=366):
        raise ValidationError(
            {"completed_on": _("The completion date must be within a year from today.")}
        )
    if expires_on is None:
        expires_on = default_expiry(skill, completed_on)
    elif expires_on <= completed_on:
        raise ValidationError(
            {"expires_on": _("The expiry date must be after the completion date.")}
        )
    record = TrainingRecord(
        organisation_id=staff_member.organisation_id,
        staff_member=staff_member,
        skill=skill,
        completed_on=completed_on,
        expires_on=expires_on,
    )
    return create_audited(
        actor=actor,
        organisation=staff_member.organisation,
        action="training.add",
        obj=record,
        person=None,
    )


@transaction.atomic
def add_skill_need(
    *, actor: User, person: Person, skill: Skill, coverage: str, note: str = ""
) -> SkillNeed:
    """Records that the person's support needs ``skill`` (on every shift or some)."""
    check_same_organisation(actor, person, skill)
    if SkillNeed.objects.filter(person=person, skill=skill).exists():
        raise ValidationError(
            {"skill": _("“%(skill)s” is already listed for this person.") % {"skill": skill.name}}
        )
    need = SkillNeed(
        organisation_id=person.organisation_id,
        person=person,
        skill=skill,
        coverage=coverage,
        note=" ".join(note.split()),
    )
    return create_audited(
        actor=actor,
        organisation=person.organisation,
        action="skill_need.add",
        obj=need,
        person=person,
    )


@transaction.atomic
def remove_skill_need(*, actor: User, need: SkillNeed) -> None:
    check_same_organisation(actor, need)
    record_change(
        actor=actor,
        organisation=need.organisation,
        action="skill_need.remove",
        obj=need,
        person=need.person,
        changes=field_changes(need, None),
    )
    need.delete()
