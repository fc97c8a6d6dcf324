"""Shifts: generated from the person's pattern, one-offs, and changes on the day.

Generation is idempotent (one shift per block and day, a database constraint) and never touches
a shift that exists, edited or not. Wall-clock times are made aware in the local zone (see
``selectors.patterns.local_instant``): a night over a clock change lasts 9 or 11 real hours, and
a block lying wholly in the hour skipped in spring gives no shift that day.

Changing or cancelling a shift that workers are assigned to tells them (what changed and a
link; never the reason, which may be about health). Changes use optimistic locking: a save based
on an older version of the shift is refused and nothing is written.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from ownterms.accounts.models import User
from ownterms.audit.services import field_changes, record_change
from ownterms.core.tenancy import check_same_organisation
from ownterms.lib.dates import monday_of
from ownterms.lib.versions import changed_since
from ownterms.notifications.services import notify
from ownterms.people.models import Person
from ownterms.rota.models import (
    MINUTES_PER_DAY,
    PatternBlock,
    Shift,
    ShiftKind,
    SkillMode,
    SupportPattern,
)
from ownterms.rota.selectors.patterns import (
    DASH,
    local_instant,
    local_zone,
    pattern_week_of,
)
from ownterms.vocabulary.models import Skill

MAX_GENERATE_DAYS = 366
SHIFT_FIELDS = (
    "on",
    "starts_at",
    "ends_at",
    "kind",
    "headcount",
    "skill_mode",
    "activity",
    "notes",
    "status",
    "cancel_reason",
)
#: Free text that may be about health: the audit records only that it changed.
PRIVATE = ("notes", "cancel_reason")
NOTIFY_TOPIC = "rota.shift_changed"


class ShiftChangedError(ValidationError):
    """The shift changed since the editor read it (the API answers 409)."""


@dataclass(frozen=True)
class ShiftInput:
    """A shift as typed: the day it belongs to and wall-clock minutes from that day's midnight
    (``end_minute`` past 1440 ends the next day)."""

    on: dt.date
    start_minute: int
    end_minute: int
    kind: str
    headcount: int = 1
    skills: Sequence[Skill] = ()
    skill_mode: str = SkillMode.EACH
    activity: str = ""
    notes: str = ""


def check_period(first_day: dt.date, last_day: dt.date, *, limit: int = MAX_GENERATE_DAYS) -> None:
    if last_day < first_day:
        raise ValidationError({"last_day": _("The end date must be on or after the start date.")})
    if (last_day - first_day).days + 1 > limit:
        raise ValidationError({"last_day": _("Choose at most %(n)s days at once.") % {"n": limit}})


# Generating ----------------------------------------------------------------------------------


@transaction.atomic
def generate_shifts(*, actor: User, person: Person, first_day: dt.date, last_day: dt.date) -> int:
    """Creates the shifts the person's pattern gives for ``first_day``..``last_day`` that do not
    exist yet; returns how many it created."""
    check_same_organisation(actor, person)
    check_period(first_day, last_day)
    pattern = SupportPattern.objects.select_for_update().filter(person=person).first()
    if pattern is None:
        raise ValidationError(_("Set up the support pattern before generating shifts."))
    blocks = list(
        pattern.blocks.prefetch_related("required_skills", "preferred_staff", "preferred_tags")
    )
    existing = set(
        Shift.objects.filter(
            block__pattern=pattern, on__gte=first_day, on__lte=last_day
        ).values_list("block_id", "on")
    )
    made = shifts_from_pattern(person, pattern, blocks, first_day, last_day, existing)
    save_generated(made)
    record_change(
        actor=actor,
        organisation=person.organisation,
        action="rota.shifts_generate",
        obj=pattern,
        person=person,
        changes={
            "first_day": first_day.isoformat(),
            "last_day": last_day.isoformat(),
            "shifts_created": len(made),
        },
    )
    return len(made)


def shifts_from_pattern(
    person: Person,
    pattern: SupportPattern,
    blocks: Sequence[PatternBlock],
    first_day: dt.date,
    last_day: dt.date,
    existing: set[tuple[int, dt.date]],
) -> list[tuple[Shift, PatternBlock]]:
    """The unsaved shifts ``blocks`` give for the days, leaving out (block id, day) pairs in
    ``existing`` and blocks lying wholly in the hour skipped in spring."""
    by_day: dict[tuple[int, int], list[PatternBlock]] = defaultdict(list)
    for block in blocks:
        by_day[(block.week, block.weekday)].append(block)
    made: list[tuple[Shift, PatternBlock]] = []
    day = first_day
    while day <= last_day:
        for block in by_day.get((pattern_week_of(pattern, day), day.weekday()), ()):
            if (block.pk, day) in existing:
                continue
            starts = local_instant(day, block.start_minute)
            ends = local_instant(day, block.end_minute)
            if ends > starts:
                made.append((_from_block(person, block, day, starts, ends), block))
        day += dt.timedelta(days=1)
    return made


def save_generated(made: Sequence[tuple[Shift, PatternBlock]]) -> None:
    """Saves generated shifts with their blocks' skills and preferences, in bulk."""
    Shift.objects.bulk_create([shift for shift, _block in made], batch_size=500)
    _copy_lists(made)


def _from_block(
    person: Person, block: PatternBlock, day: dt.date, starts: dt.datetime, ends: dt.datetime
) -> Shift:
    return Shift(
        organisation_id=person.organisation_id,
        person=person,
        block=block,
        on=day,
        starts_at=starts,
        ends_at=ends,
        kind=block.kind,
        headcount=block.headcount,
        skill_mode=block.skill_mode,
        activity=block.activity,
        notes=block.notes,
    )


def _copy_lists(made: Sequence[tuple[Shift, PatternBlock]]) -> None:
    skill_link = Shift.required_skills.through
    staff_link = Shift.preferred_staff.through
    tag_link = Shift.preferred_tags.through
    lists: dict[int, tuple[list[int], list[int], list[int]]] = {}
    skills, staff, tags = [], [], []
    for shift, block in made:
        if block.pk not in lists:
            lists[block.pk] = (
                [s.pk for s in block.required_skills.all()],
                [m.pk for m in block.preferred_staff.all()],
                [t.pk for t in block.preferred_tags.all()],
            )
        skill_ids, staff_ids, tag_ids = lists[block.pk]
        skills += [skill_link(shift_id=shift.pk, skill_id=i) for i in skill_ids]
        staff += [staff_link(shift_id=shift.pk, staffmember_id=i) for i in staff_ids]
        tags += [tag_link(shift_id=shift.pk, tag_id=i) for i in tag_ids]
    skill_link.objects.bulk_create(skills, batch_size=500)
    staff_link.objects.bulk_create(staff, batch_size=500)
    tag_link.objects.bulk_create(tags, batch_size=500)


# One-offs and changes ------------------------------------------------------------------------


def _times(data: ShiftInput) -> tuple[dt.datetime, dt.datetime]:
    errors: dict[str, str] = {}
    if not 0 <= data.start_minute < MINUTES_PER_DAY:
        errors["start_minute"] = _("Enter a start time between 00:00 and 23:59.")
    elif data.end_minute <= data.start_minute:
        errors["end_minute"] = _("The end must be after the start.")
    elif data.end_minute - data.start_minute > MINUTES_PER_DAY:
        errors["end_minute"] = _("A shift can last at most 24 hours.")
    if data.kind not in ShiftKind.values:
        errors["kind"] = _("Choose the kind of support.")
    if data.headcount not in (1, 2):
        errors["headcount"] = _("Choose 1:1 or 2:1.")
    if data.skill_mode not in SkillMode.values:
        errors["skill_mode"] = _("Choose who needs the skills.")
    if len(data.activity) > 120:
        errors["activity"] = _("What we're doing must be 120 characters or fewer.")
    if len(data.notes) > 300:
        errors["notes"] = _("Notes must be 300 characters or fewer.")
    if errors:
        raise ValidationError(errors)
    starts = local_instant(data.on, data.start_minute)
    ends = local_instant(data.on, data.end_minute)
    if ends <= starts:
        raise ValidationError(
            {"end_minute": _("These times fall in the hour skipped when the clocks go forward.")}
        )
    return starts, ends


def _check_no_overlap(
    person: Person, starts: dt.datetime, ends: dt.datetime, exclude: int | None
) -> None:
    others = Shift.objects.filter(
        person=person, status=Shift.Status.PLANNED, starts_at__lt=ends, ends_at__gt=starts
    )
    clash = (others.exclude(pk=exclude) if exclude is not None else others).first()
    if clash is not None:
        raise ValidationError(
            {
                "start_minute": _(
                    "This overlaps another shift: %(other)s. Change that shift instead, for "
                    "example to 2:1."
                )
                % {"other": shift_words(clash)}
            }
        )


def shift_words(shift: Shift) -> str:
    """E.g. "Monday 2 March 2026, 09:00-15:00", with an en dash."""
    zone = local_zone()
    starts, ends = shift.starts_at.astimezone(zone), shift.ends_at.astimezone(zone)
    return f"{date_format(shift.on, 'l j F Y')}, {starts:%H:%M}{DASH}{ends:%H:%M}"


def _state(shift: Shift) -> dict[str, Any]:
    values = {name: getattr(shift, name) for name in SHIFT_FIELDS}
    # The same instant read back from the database or made here compares equal in UTC.
    values["starts_at"] = shift.starts_at.astimezone(dt.UTC)
    values["ends_at"] = shift.ends_at.astimezone(dt.UTC)
    values["skills"] = sorted(s.name for s in shift.required_skills.all())
    return values


def _lock_person(person: Person) -> None:
    """Serialises writes to one person's shifts (so two overlapping saves can't both pass)."""
    Person.objects.select_for_update().filter(pk=person.pk).first()


@transaction.atomic
def add_one_off_shift(*, actor: User, person: Person, data: ShiftInput) -> Shift:
    """A shift not from the pattern (an outing, an appointment), on ``data.on``."""
    check_same_organisation(actor, person)
    _lock_person(person)
    starts, ends = _times(data)
    if any(skill.organisation_id != person.organisation_id for skill in data.skills):
        raise ValidationError({"skills": _("Choose skills from this organisation's list.")})
    _check_no_overlap(person, starts, ends, exclude=None)
    shift = Shift(
        organisation_id=person.organisation_id,
        person=person,
        on=data.on,
        starts_at=starts,
        ends_at=ends,
        kind=data.kind,
        headcount=data.headcount,
        skill_mode=data.skill_mode,
        activity=data.activity,
        notes=data.notes,
    )
    shift.full_clean()
    shift.save()
    shift.required_skills.set(data.skills)
    record_change(
        actor=actor,
        organisation=person.organisation,
        action="rota.shift_add",
        obj=shift,
        person=person,
        changes=field_changes(None, _state(shift), private=PRIVATE),
    )
    return shift


def _locked(shift: Shift, version: dt.datetime | None) -> Shift:
    current = (
        Shift.objects.select_for_update().select_related("person__organisation").get(pk=shift.pk)
    )
    if changed_since(current.updated_at, version):
        raise ShiftChangedError(
            _(
                "Someone else changed this shift while you were looking at it. Nothing was "
                "saved: check the shift as it is now and make your change again."
            )
        )
    return current


@transaction.atomic
def change_shift(
    *, actor: User, shift: Shift, data: ShiftInput, version: dt.datetime | None
) -> Shift:
    """Changes one shift on its day (the pattern stays as it is). ``version`` is the
    ``updated_at`` the editor saw. A shift from the pattern keeps its day; a one-off may move."""
    current = _locked(shift, version)
    person = current.person
    check_same_organisation(actor, person)
    if current.block_id is not None and data.on != current.on:
        raise ValidationError(
            {"on": _("A shift from the pattern stays on its day; change its times instead.")}
        )
    starts, ends = _times(data)
    if any(skill.organisation_id != person.organisation_id for skill in data.skills):
        raise ValidationError({"skills": _("Choose skills from this organisation's list.")})
    if current.status == Shift.Status.PLANNED:
        _check_no_overlap(person, starts, ends, exclude=current.pk)
    before = _state(current)
    current.on, current.starts_at, current.ends_at = data.on, starts, ends
    current.kind, current.headcount, current.skill_mode = data.kind, data.headcount, data.skill_mode
    current.activity, current.notes = data.activity, data.notes
    current.changed_from_pattern = True
    current.full_clean()
    current.save()
    current.required_skills.set(data.skills)
    changes = field_changes(before, _state(current), private=PRIVATE)
    if changes:
        record_change(
            actor=actor,
            organisation=person.organisation,
            action="rota.shift_change",
            obj=current,
            person=person,
            changes=changes,
        )
        body = _change_words(person, before, current, set(changes))
        if body:
            _tell_workers(current, body)
    return current


def _change_words(person: Person, before: dict[str, Any], now: Shift, changed: set[str]) -> str:
    """What workers are told about a change: times, kind and what we're doing (never notes)."""
    was = Shift(on=before["on"], starts_at=before["starts_at"], ends_at=before["ends_at"])
    words = {"name": person.called, "was": shift_words(was)}
    parts = []
    if {"on", "starts_at", "ends_at"} & changed:
        parts.append(_("It is now %(now)s.") % {"now": shift_words(now)})
    if {"kind", "headcount"} & changed:
        kind = str(ShiftKind(now.kind).label)
        parts.append(
            _("It is now: %(kind)s, %(workers)s.")
            % {"kind": kind, "workers": "2:1" if now.headcount == 2 else "1:1"}
        )
    if "activity" in changed:
        parts.append(
            _("What we're doing: %(activity)s.") % {"activity": now.activity}
            if now.activity
            else _("Nothing is planned for it now.")
        )
    if not parts:
        return ""
    intro = _("Your shift with %(name)s on %(was)s has changed.") % words
    return " ".join([intro, *parts])


@transaction.atomic
def cancel_shift(
    *, actor: User, shift: Shift, reason: str, version: dt.datetime | None = None
) -> Shift:
    """Cancels a shift (it stays, marked, so the change is visible; workers keep their
    assignment rows, so restoring it puts them back)."""
    reason = " ".join(reason.split())
    if not reason:
        raise ValidationError({"reason": _("Say why the shift is cancelled.")})
    if len(reason) > 200:
        raise ValidationError({"reason": _("The reason must be 200 characters or fewer.")})
    return _set_status(actor, shift, version, Shift.Status.CANCELLED, reason)


@transaction.atomic
def restore_shift(*, actor: User, shift: Shift, version: dt.datetime | None = None) -> Shift:
    """Puts a cancelled shift back as planned."""
    return _set_status(actor, shift, version, Shift.Status.PLANNED, "")


def _set_status(
    actor: User, shift: Shift, version: dt.datetime | None, status: str, reason: str
) -> Shift:
    current = _locked(shift, version)
    person = current.person
    check_same_organisation(actor, person)
    if current.status == status:
        raise ValidationError(
            _("This shift is already cancelled.")
            if status == Shift.Status.CANCELLED
            else _("This shift is not cancelled.")
        )
    if status == Shift.Status.PLANNED:
        _check_no_overlap(person, current.starts_at, current.ends_at, exclude=current.pk)
    before = _state(current)
    current.status, current.cancel_reason = status, reason
    current.changed_from_pattern = True
    current.save()
    record_change(
        actor=actor,
        organisation=person.organisation,
        action="rota.shift_cancel" if status == Shift.Status.CANCELLED else "rota.shift_restore",
        obj=current,
        person=person,
        changes=field_changes(before, _state(current), private=PRIVATE),
    )
    name = person.called
    words = {"name": name, "shift": shift_words(current)}
    _tell_workers(
        current,
        _("Your shift with %(name)s on %(shift)s has been cancelled.") % words
        if status == Shift.Status.CANCELLED
        else _("Your shift with %(name)s on %(shift)s is back on.") % words,
    )
    return current


def _tell_workers(shift: Shift, body: str) -> None:
    """Notifies the workers assigned (live rota) to ``shift``."""
    users = [
        a.staff_member.user for a in shift.assignments.select_related("staff_member__user").all()
    ]
    if not users:
        return
    person = shift.person
    link = reverse(
        "rota:person_shifts",
        kwargs={"org": person.organisation.slug, "person_id": person.public_id},
    )
    notify(
        users=users,
        topic=NOTIFY_TOPIC,
        subject=_("A shift you work has changed"),
        body=body,
        link=f"{link}?week={monday_of(shift.on).isoformat()}",
    )
