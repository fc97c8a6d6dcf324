"""Changing a person's support pattern and its blocks. Every write is checked here (pages and
the API call the same functions), runs in one transaction with the pattern's row locked (so two
blocks saved at once cannot both pass the overlap check) and is audited inside it.

Rules: a block lasts from its start to its end on the same or the next day (at most 24 hours);
two blocks of the pattern may not overlap in time, compared across midnight and across the
wrap from the last Sunday of the pattern to its first Monday; skills come from the person's
organisation, preferred staff from their current team, interests from the shared vocabulary.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ownterms.accounts.models import User
from ownterms.audit.services import create_audited, field_changes, record_change
from ownterms.core.tenancy import check_same_organisation
from ownterms.lib.dates import monday_of
from ownterms.people.models import Person
from ownterms.people.selectors import person_team
from ownterms.rota.models import (
    MINUTES_PER_DAY,
    PatternBlock,
    ShiftKind,
    SkillMode,
    SupportPattern,
)
from ownterms.rota.selectors.patterns import block_label
from ownterms.staff.models import StaffMember
from ownterms.vocabulary.models import Skill, Tag
from ownterms.vocabulary.services import resolve_tags

DAYS_PER_WEEK = 7
MAX_TAGS = 10
PATTERN_FIELDS = ("weeks", "anchor_monday", "note")
BLOCK_FIELDS = (
    "week",
    "weekday",
    "start_minute",
    "end_minute",
    "kind",
    "headcount",
    "skill_mode",
    "activity",
    "notes",
)


@dataclass(frozen=True)
class BlockInput:
    """What a block says, as typed (minutes from the weekday's midnight; ``end_minute`` past
    1440 ends the next day)."""

    week: int
    weekday: int
    start_minute: int
    end_minute: int
    kind: str
    headcount: int = 1
    skills: Sequence[Skill] = ()
    skill_mode: str = SkillMode.EACH
    preferred_staff: Sequence[StaffMember] = ()
    preferred_tags: Sequence[str] = field(default_factory=tuple)
    activity: str = ""
    notes: str = ""


def _lock(pattern: SupportPattern) -> SupportPattern:
    return SupportPattern.objects.select_for_update().get(pk=pattern.pk)


def _check_settings(weeks: int, anchor_monday: dt.date) -> None:
    errors: dict[str, str] = {}
    if weeks not in (1, 2):
        errors["weeks"] = _("A pattern repeats every 1 or 2 weeks.")
    if anchor_monday.weekday() != 0:
        errors["anchor_monday"] = _("Week 1 must start on a Monday.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def save_pattern(
    *, actor: User, person: Person, weeks: int, anchor_monday: dt.date, note: str = ""
) -> SupportPattern:
    """Creates the person's pattern or changes its settings. Going from a fortnight to one
    week is refused while week 2 has blocks (nothing is removed silently)."""
    check_same_organisation(actor, person)
    _check_settings(weeks, anchor_monday)
    existing = SupportPattern.objects.select_for_update().filter(person=person).first()
    if existing is None:
        return create_audited(
            actor=actor,
            organisation=person.organisation,
            action="rota.pattern_create",
            obj=SupportPattern(
                organisation_id=person.organisation_id,
                person=person,
                weeks=weeks,
                anchor_monday=anchor_monday,
                note=note,
            ),
            person=person,
            fields=PATTERN_FIELDS,
        )
    if weeks < existing.weeks and existing.blocks.filter(week__gt=weeks).exists():
        raise ValidationError(
            {"weeks": _("Week 2 still has blocks. Remove or move them before repeating weekly.")}
        )
    before = {name: getattr(existing, name) for name in PATTERN_FIELDS}
    existing.weeks, existing.anchor_monday, existing.note = weeks, anchor_monday, note
    existing.full_clean()
    existing.save()
    changes = field_changes(before, existing, fields=PATTERN_FIELDS)
    if changes:
        record_change(
            actor=actor,
            organisation=person.organisation,
            action="rota.pattern_change",
            obj=existing,
            person=person,
            changes=changes,
        )
    return existing


def _pattern_for(actor: User, person: Person) -> SupportPattern:
    """The person's pattern, locked; a weekly one from this Monday when they have none."""
    pattern = SupportPattern.objects.select_for_update().filter(person=person).first()
    if pattern is None:
        pattern = save_pattern(
            actor=actor, person=person, weeks=1, anchor_monday=monday_of(timezone.localdate())
        )
    return pattern


# Checking a block ----------------------------------------------------------------------------


def _cycle_span(week: int, weekday: int, start: int, end: int) -> tuple[int, int]:
    offset = ((week - 1) * DAYS_PER_WEEK + weekday) * MINUTES_PER_DAY
    return offset + start, offset + end


def overlapping(
    pattern_weeks: int, block: BlockInput, others: Iterable[PatternBlock]
) -> PatternBlock | None:
    """The first of ``others`` that overlaps ``block`` in time, on the pattern's repeating
    cycle (so a Sunday night runs into the next Monday, of week 1 again after the last week)."""
    cycle = pattern_weeks * DAYS_PER_WEEK * MINUTES_PER_DAY
    start, end = _cycle_span(block.week, block.weekday, block.start_minute, block.end_minute)
    for other in others:
        other_start, other_end = _cycle_span(
            other.week, other.weekday, other.start_minute, other.end_minute
        )
        for shift in (-cycle, 0, cycle):
            if other_start + shift < end and start < other_end + shift:
                return other
    return None


def _check_block(
    actor: User, person: Person, pattern: SupportPattern, data: BlockInput, exclude: int | None
) -> None:
    errors: dict[str, str] = {}
    if not 1 <= data.week <= pattern.weeks:
        errors["week"] = (
            _("This pattern has one week only.")
            if pattern.weeks == 1
            else _("Choose week 1 or week 2.")
        )
    if not 0 <= data.weekday < DAYS_PER_WEEK:
        errors["weekday"] = _("Choose a day of the week.")
    if not 0 <= data.start_minute < MINUTES_PER_DAY:
        errors["start_minute"] = _("Enter a start time between 00:00 and 23:59.")
    elif data.end_minute <= data.start_minute:
        errors["end_minute"] = _("The end must be after the start.")
    elif data.end_minute > 2 * MINUTES_PER_DAY or (
        data.end_minute - data.start_minute > MINUTES_PER_DAY
    ):
        errors["end_minute"] = _("A block can last at most 24 hours.")
    if data.kind not in ShiftKind.values:
        errors["kind"] = _("Choose the kind of support.")
    if data.headcount not in (1, 2):
        errors["headcount"] = _("Choose 1:1 or 2:1.")
    if data.skill_mode not in SkillMode.values:
        errors["skill_mode"] = _("Choose who needs the skills.")
    if any(skill.organisation_id != person.organisation_id for skill in data.skills):
        errors["skills"] = _("Choose skills from this organisation's list.")
    team = {m.staff_member_id for m in person_team(person)}
    if any(member.pk not in team for member in data.preferred_staff):
        errors["preferred_staff"] = _("Preferred workers must be in the person's team now.")
    if len(data.preferred_tags) > MAX_TAGS:
        errors["preferred_tags"] = _("Choose at most %(n)s interests.") % {"n": MAX_TAGS}
    if any(len(label.strip()) > 60 for label in data.preferred_tags):
        errors["preferred_tags"] = _("Each interest must be 60 characters or fewer.")
    if len(data.activity) > 120:
        errors["activity"] = _("What we're doing must be 120 characters or fewer.")
    if len(data.notes) > 300:
        errors["notes"] = _("Notes must be 300 characters or fewer.")
    if errors:
        raise ValidationError(errors)
    others = pattern.blocks.exclude(pk=exclude) if exclude else pattern.blocks.all()
    clash = overlapping(pattern.weeks, data, others)
    if clash is not None:
        raise ValidationError(
            {
                "start_minute": _("This overlaps another block: %(other)s.")
                % {"other": block_label(clash, with_week=pattern.weeks > 1)}
            }
        )


def _tags(actor: User, person: Person, labels: Sequence[str]) -> list[Tag]:
    return resolve_tags(
        actor=actor, organisation=person.organisation, kind=Tag.Kind.INTEREST, labels=labels
    )


def _state(block: PatternBlock) -> dict[str, Any]:
    """What the audit records of a block, its lists included."""
    values = {name: getattr(block, name) for name in BLOCK_FIELDS}
    values["skills"] = sorted(s.name for s in block.required_skills.all())
    values["preferred_staff"] = sorted(str(m.public_id) for m in block.preferred_staff.all())
    values["preferred_tags"] = sorted(t.label for t in block.preferred_tags.all())
    return values


def _fill(block: PatternBlock, data: BlockInput) -> None:
    for name in BLOCK_FIELDS:
        setattr(block, name, getattr(data, name))


# Writes --------------------------------------------------------------------------------------


@transaction.atomic
def add_block(*, actor: User, person: Person, data: BlockInput) -> PatternBlock:
    check_same_organisation(actor, person)
    pattern = _pattern_for(actor, person)
    _check_block(actor, person, pattern, data, exclude=None)
    block = PatternBlock(pattern=pattern)
    _fill(block, data)
    block.full_clean()
    block.save()
    block.required_skills.set(data.skills)
    block.preferred_staff.set(data.preferred_staff)
    block.preferred_tags.set(_tags(actor, person, data.preferred_tags))
    record_change(
        actor=actor,
        organisation=person.organisation,
        action="rota.block_add",
        obj=block,
        person=person,
        changes=field_changes(None, _state(block)),
    )
    return block


@transaction.atomic
def change_block(*, actor: User, block: PatternBlock, data: BlockInput) -> PatternBlock:
    """Changes a block; shifts already generated from it stay as they are."""
    pattern = _lock(block.pattern)
    person = pattern.person
    check_same_organisation(actor, person)
    _check_block(actor, person, pattern, data, exclude=block.pk)
    before = _state(block)
    _fill(block, data)
    block.full_clean()
    block.save()
    block.required_skills.set(data.skills)
    block.preferred_staff.set(data.preferred_staff)
    block.preferred_tags.set(_tags(actor, person, data.preferred_tags))
    changes = field_changes(before, _state(block))
    if changes:
        record_change(
            actor=actor,
            organisation=person.organisation,
            action="rota.block_change",
            obj=block,
            person=person,
            changes=changes,
        )
    return block


@transaction.atomic
def remove_block(*, actor: User, block: PatternBlock) -> None:
    """Removes a block from the pattern; shifts already generated from it stay (unlinked)."""
    pattern = _lock(block.pattern)
    person = pattern.person
    check_same_organisation(actor, person)
    record_change(
        actor=actor,
        organisation=person.organisation,
        action="rota.block_remove",
        obj=block,
        person=person,
        changes=field_changes(_state(block), None),
    )
    block.delete()
