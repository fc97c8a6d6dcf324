"""Banked hours (FIFO, cap, expiry), the surplus against its cap, warnings, plain words."""

from __future__ import annotations

import datetime as dt

import pytest

from ownterms.funding.selectors import money
from ownterms.funding.services import movements
from ownterms.people.models import CommissionedPackage
from tests.cast import Cast
from tests.ownterms.funding.factories import arrangement, source
from tests.ownterms.funding.money_data import worked
from tests.ownterms.rota.factories import shift

pytestmark = pytest.mark.django_db


def _package(cast: Cast, since: dt.date, day_minutes: int = 600) -> None:
    CommissionedPackage.objects.create(
        organisation_id=cast.person.organisation_id,
        person=cast.person,
        starts_on=since,
        review_on=since + dt.timedelta(days=300),
        funder_name="Council",
        funder_kind="council",
        day_minutes=day_minutes,
    )


def _deliver(cast: Cast, day: dt.date, hours: int) -> None:
    worked(cast, shift(cast.person, day, 8, hours))


def _history(cast: Cast, **terms: object) -> tuple[dt.date, money.BankedHours]:
    """10 h a week commissioned; week 0 and 1 nothing delivered, week 2 15 h, then 10 h."""
    start = cast.today - dt.timedelta(days=cast.today.weekday() + 70)
    _package(cast, start)
    row = arrangement(cast.person, starts_on=start, **terms)
    _deliver(cast, start + dt.timedelta(days=14), 15)
    for week in range(3, 10):
        _deliver(cast, start + dt.timedelta(days=7 * week), 10)
    return start, money.banked_hours(row, start + dt.timedelta(days=35))


def test_banked_fifo_up_to_the_cap(cast: Cast) -> None:
    start, banked = _history(
        cast, banked_cap_hundredths=150, banked_expiry_months=12
    )  # 1.5 weeks = 900 min
    assert banked.cap_minutes == 900
    # 600 banked in week 0, 300 in week 1 (cap reached), week 2 drew 300 from week 0's.
    assert [(lot.week_of, lot.minutes) for lot in banked.lots] == [
        (start, 300),
        (start + dt.timedelta(days=7), 300),
    ]
    assert (banked.minutes, banked.used_minutes, banked.expired_minutes) == (600, 300, 0)
    sunday = start + dt.timedelta(days=6)
    assert banked.earliest_expiry == money.add_months(sunday, 12)


def test_banked_hours_expire_and_are_warned_about(cast: Cast) -> None:
    start, banked = _history(cast, banked_expiry_months=1)
    # No cap: 600 + 600 banked, week 2 drew 300 from week 0.
    assert banked.minutes == 900
    expiry = banked.earliest_expiry
    assert expiry is not None and expiry > start + dt.timedelta(days=35)
    row = cast.person.funding_arrangements.get()
    held = money.surplus(row, start + dt.timedelta(days=35))
    codes = [w.code for w in money.warnings_for(banked, held)]
    assert "banked_expiring" in codes
    later = money.banked_hours(row, cast.today)
    assert later.minutes == 0 and later.expired_minutes == 900
    words = money.availability_words("Alex", banked, held)
    assert words[0] == f"Alex has 15 hours saved to use by {expiry.day} {expiry:%B %Y}."


def test_percent_of_year_cap(cast: Cast) -> None:
    start, banked = _history(
        cast, banked_cap_kind="percent_of_year", banked_cap_hundredths=100
    )  # 1 % of 52 weeks of 600 min = 312 min
    assert banked.cap_minutes == 312
    # Week 0 banks 312 (the cap), week 1 nothing (no room), week 2 draws 300.
    assert banked.minutes == 12
    row = cast.person.funding_arrangements.get()
    full = money.banked_hours(row, start + dt.timedelta(days=14))
    codes = [w.code for w in money.warnings_for(full, money.surplus(row, cast.today))]
    assert full.minutes == 312 and "banked_near_cap" in codes


def test_surplus_over_its_cap_and_held_too_long(cast: Cast) -> None:
    start = cast.today - dt.timedelta(days=40)
    row = arrangement(cast.person, starts_on=start, surplus_cap_hundredths=400, surplus_max_weeks=4)
    council = source(row, 100_000)
    movements.record_funding(
        actor=cast.finance, arrangement=row, source=council, amount_pence=450_000, on=start
    )
    held = money.surplus(row, cast.today)
    assert (held.surplus, held.cap_pence, held.positive_since) == (450_000, 400_000, start)
    assert held.over_cap and held.held_too_long and held.weeks_held == 5
    codes = [w.code for w in money.warnings_for(money.banked_hours(row, cast.today), held)]
    assert codes == ["surplus_over_cap", "surplus_held_too_long"]
    summary = money.money_summary(row, cast.today)
    assert summary.words == ["Alex has no hours saved.", "Alex has £4,500.00 not yet spent."]
    assert summary.shares[0].balance == 450_000


def test_warnings_before_a_change(cast: Cast) -> None:
    start = cast.today - dt.timedelta(days=14)
    row = arrangement(
        cast.person, starts_on=start, surplus_cap_hundredths=200, paid_in_advance=False
    )
    council = source(row, 100_000)
    movements.record_funding(
        actor=cast.finance, arrangement=row, source=council, amount_pence=150_000, on=start
    )
    # Paid in arrears, so all of it is held. Cap £2,000; £1,500 held; spending £900 a week
    # leaves £100 a week to grow the surplus.
    [grows] = money.change_warnings(row, 90_000, cast.today)
    assert grows.code == "plan_breaches_surplus_cap" and "in 6 weeks" in grows.text
    [runs_out] = money.change_warnings(row, 130_000, cast.today)
    assert runs_out.code == "plan_overspends" and "run out in 5 weeks" in runs_out.text
    assert money.change_warnings(row, 100_000, cast.today) == []


def test_funding_paid_in_advance_is_not_surplus_until_its_days_pass(cast: Cast) -> None:
    start = cast.today - dt.timedelta(days=7)
    row = arrangement(cast.person, starts_on=start, paid_every_weeks=4, paid_in_advance=True)
    council = source(row, 100_000)
    movements.record_funding(
        actor=cast.finance, arrangement=row, source=council, amount_pence=400_000, on=start
    )
    # Four weeks paid a week ago: the 20 days after today are paid ahead, 8 days' worth held.
    held = money.surplus(row, cast.today)
    assert held.surplus == 400_000 - 400_000 * 20 // 28
    assert money.surplus(row, start + dt.timedelta(days=27)).surplus == 400_000
