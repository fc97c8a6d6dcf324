"""Rows for the support-pattern tests, the permission matrix and the browser pages."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ownterms.people.models import CommissionedPackage
from ownterms.rota.models import PatternBlock, Shift, ShiftKind, SupportPattern
from tests.cast import Cast
from tests.ownterms.rota.factories import assign, block, monday_of, pattern, shift


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


@dataclass(frozen=True)
class BrowserData:
    block: PatternBlock
    changed: Shift
    cancelled: Shift


def browser_data(cast: Cast) -> BrowserData:
    """A pattern 7 hours short of the package, this week's shifts made from it, one changed
    on the day, one cancelled and a one-off outing; a 2:1 block the team can't cover."""
    if not CommissionedPackage.objects.filter(person=cast.person).exists():
        give_package(cast)
    support = week_pattern(cast)
    monday = monday_of(cast.today)
    # Other pages of the browser suite add shifts of their own: look at the pattern's only.
    if not Shift.objects.filter(person=cast.person, block__isnull=False).exists():
        PatternBlock.objects.filter(pattern=support, weekday=5, start_minute=480).update(
            headcount=2
        )
        generate_week(cast, support, monday)
        shifts = list(
            Shift.objects.filter(person=cast.person, block__isnull=False).order_by("starts_at")
        )
        shifts[0].starts_at += dt.timedelta(hours=1)
        shifts[0].changed_from_pattern = True
        shifts[0].save()
        shifts[3].status = Shift.Status.CANCELLED
        shifts[3].cancel_reason = "Family visit"
        shifts[3].save()
        assign(shifts[0], cast.staff["team_worker"])
        shift(cast.person, monday + dt.timedelta(days=3), 16, 2, activity="Cinema")
    first = support.blocks.order_by("weekday", "start_minute").first()
    rows = Shift.objects.filter(person=cast.person, block__isnull=False).order_by("starts_at")
    changed = rows.filter(changed_from_pattern=True, status=Shift.Status.PLANNED).first()
    cancelled = rows.filter(status=Shift.Status.CANCELLED).first()
    assert first is not None and changed is not None and cancelled is not None
    return BrowserData(block=first, changed=changed, cancelled=cancelled)


def generate_week(cast: Cast, support: SupportPattern, monday: dt.date) -> None:
    from ownterms.rota.services.shifts import generate_shifts

    manager = cast.user("manager")
    assert manager is not None
    generate_shifts(
        actor=manager, person=cast.person, first_day=monday, last_day=monday + dt.timedelta(6)
    )
