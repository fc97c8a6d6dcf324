"""Rows for the support-pattern tests, the permission matrix and the browser pages."""

from __future__ import annotations

import datetime as dt

from ownterms.people.models import CommissionedPackage
from ownterms.rota.models import PatternBlock, Shift, ShiftKind, SupportPattern
from tests.cast import Cast
from tests.ownterms.rota.factories import block, monday_of, pattern, shift


def give_package(
    cast: Cast, *, day_hours: int = 105, sleep_ins: int = 7, starts_on: dt.date | None = None
) -> CommissionedPackage:
    return CommissionedPackage.objects.create(
        organisation=cast.organisation,
        person=cast.person,
        starts_on=starts_on or cast.today - dt.timedelta(days=200),
        review_on=cast.today + dt.timedelta(days=160),
        funder_name="Harbourside Council",
        funder_kind="council",
        reference="ASC-2001",
        day_minutes=day_hours * 60,
        sleep_in_nights=sleep_ins,
    )


def week_pattern(cast: Cast) -> SupportPattern:
    """The cast's person: 08:00-15:00 and 15:00-22:00 every day (98 h) and a sleep-in every
    night (7) — 7 hours short of the 105 h package when one is given."""
    existing = SupportPattern.objects.filter(person=cast.person).first()
    if existing is not None:
        return existing
    support = pattern(cast.person, anchor=cast.today)
    for weekday in range(7):
        block(support, weekday, 8 * 60, 15 * 60, activity="Swimming" if weekday == 2 else "")
        block(support, weekday, 15 * 60, 22 * 60)
        block(support, weekday, 22 * 60, 32 * 60, kind=ShiftKind.SLEEP_IN)
    return support


def first_block(cast: Cast) -> PatternBlock:
    first = week_pattern(cast).blocks.order_by("weekday", "start_minute").first()
    assert first is not None
    return first


def a_shift(cast: Cast) -> Shift:
    """A one-off shift of the cast's person this week (made once)."""
    existing = Shift.objects.filter(person=cast.person, block__isnull=True).first()
    return existing or shift(cast.person, monday_of(cast.today) + dt.timedelta(days=2), 10, 3)
