"""Rows for rota tests, written directly (the services under test are the rota app's own).

Times are local (Europe/London) and aware; ``shift(...)`` makes one 1:1 day shift by default.
Use them in any rota test, the permission matrix and the browser page list.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from ownterms.lib.dates import monday_of
from ownterms.people.models import Person
from ownterms.rota.models import Assignment, PatternBlock, Shift, ShiftKind, SupportPattern
from ownterms.staff.models import StaffMember, TeamMembership, TrainingRecord
from ownterms.vocabulary.models import Skill

__all__ = ["assign", "at", "block", "monday_of", "pattern", "shift", "team_member", "trained"]

LONDON = ZoneInfo("Europe/London")


def at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    """Local wall-clock time ``hour:minute`` on ``day`` (aware, London)."""
    return dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=LONDON)


def shift(
    person: Person,
    day: dt.date,
    start_hour: int = 9,
    hours: int = 6,
    *,
    kind: str = ShiftKind.DAY,
    headcount: int = 1,
    activity: str = "",
    skills: tuple[Skill, ...] = (),
) -> Shift:
    starts = at(day, start_hour)
    row = Shift.objects.create(
        organisation_id=person.organisation_id,
        person=person,
        on=day,
        starts_at=starts,
        ends_at=(starts.astimezone(dt.UTC) + dt.timedelta(hours=hours)).astimezone(LONDON),
        kind=kind,
        headcount=headcount,
        activity=activity,
    )
    if skills:
        row.required_skills.set(skills)
    return row


def assign(shift_row: Shift, *members: StaffMember) -> list[Assignment]:
    return [Assignment.objects.create(shift=shift_row, staff_member=m) for m in members]


def pattern(person: Person, *, anchor: dt.date, weeks: int = 1) -> SupportPattern:
    return SupportPattern.objects.create(
        organisation_id=person.organisation_id,
        person=person,
        anchor_monday=monday_of(anchor),
        weeks=weeks,
    )


def block(
    support_pattern: SupportPattern,
    weekday: int,
    start_minute: int,
    end_minute: int,
    *,
    kind: str = ShiftKind.DAY,
    headcount: int = 1,
    week: int = 1,
    activity: str = "",
) -> PatternBlock:
    return PatternBlock.objects.create(
        pattern=support_pattern,
        week=week,
        weekday=weekday,
        start_minute=start_minute,
        end_minute=end_minute,
        kind=kind,
        headcount=headcount,
        activity=activity,
    )


def team_member(
    person: Person, member: StaffMember, *, since: dt.date, kind: str = TeamMembership.Kind.CORE
) -> TeamMembership:
    """Adds ``member`` to ``person``'s team, approved by the person, from ``since``."""
    return TeamMembership.objects.create(
        organisation_id=person.organisation_id,
        person=person,
        staff_member=member,
        kind=kind,
        approved_by_person=True,
        approved_on=since,
        starts_on=since,
    )


def trained(
    member: StaffMember, skill: Skill, *, on: dt.date, expires: dt.date | None = None
) -> None:
    TrainingRecord.objects.create(
        organisation_id=member.organisation_id,
        staff_member=member,
        skill=skill,
        completed_on=on,
        expires_on=expires,
    )
