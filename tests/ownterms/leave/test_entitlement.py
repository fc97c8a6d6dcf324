"""Holiday entitlement: worked examples, boundaries and properties (no database)."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ownterms.leave import entitlement as e

FULL_WEEK = 37 * 60 + 30  # 37.5 hours


class TestFixedHours:
    def test_full_time_five_days_is_28_days(self) -> None:
        minutes = e.full_year_minutes(FULL_WEEK, Fraction(5))
        assert minutes == 28 * 7.5 * 60  # 5.6 x 37.5 h = 210 h
        assert Fraction(minutes) / e.day_minutes(FULL_WEEK, Fraction(5)) == 28

    def test_six_days_a_week_is_capped_at_28_days(self) -> None:
        week = 48 * 60
        minutes = e.full_year_minutes(week, Fraction(6))
        assert minutes == 28 * 8 * 60  # not 5.6 x 48 h = 268.8 h
        assert minutes < Fraction(28, 5) * week

    def test_part_time_three_days_is_pro_rata(self) -> None:
        week = 3 * 7 * 60 + 30  # 21.5 hours over 3 days
        minutes = e.full_year_minutes(week, Fraction(3))
        assert Fraction(minutes) / e.day_minutes(week, Fraction(3)) == Fraction(168, 10)

    def test_rounds_up_to_the_minute(self) -> None:
        # 5.6 x 7 minutes = 39.2 minutes
        assert e.full_year_minutes(7, Fraction(1)) == 40
        assert e.full_year_minutes(7, Fraction(5)) == 40

    def test_starter_half_way_through_gets_half(self) -> None:
        year = e.leave_year_containing(dt.date(2026, 6, 1))
        days = e.employed_days(year, dt.date(2026, 10, 1), None)
        minutes = e.fixed_hours_minutes(
            weekly_minutes=FULL_WEEK,
            days_per_week=Fraction(5),
            days_employed=days,
            days_in_year=year.days,
        )
        assert days == 182
        assert minutes == -(-12600 * 182 // 365)

    def test_leaver_gets_the_share_up_to_their_last_day(self) -> None:
        year = e.leave_year_containing(dt.date(2026, 6, 1))
        # The contract ends on 1 May: they worked all of April.
        assert e.employed_days(year, dt.date(2020, 1, 1), dt.date(2026, 5, 1)) == 30

    def test_not_employed_this_year_gets_nothing(self) -> None:
        year = e.leave_year_containing(dt.date(2026, 6, 1))
        assert e.employed_days(year, dt.date(2027, 5, 1), None) == 0
        assert e.employed_days(year, dt.date(2020, 1, 1), dt.date(2026, 4, 1)) == 0
        assert (
            e.fixed_hours_minutes(
                weekly_minutes=FULL_WEEK,
                days_per_week=Fraction(5),
                days_employed=0,
                days_in_year=365,
            )
            == 0
        )

    def test_zero_hours_is_zero(self) -> None:
        assert e.full_year_minutes(0, Fraction(5)) == 0

    @pytest.mark.parametrize(
        ("weekly", "days"),
        [
            (-1, Fraction(5)),
            (e.MINUTES_PER_WEEK + 1, Fraction(5)),
            (60, Fraction(0)),
            (60, Fraction(8)),
        ],
    )
    def test_refuses_impossible_weeks(self, weekly: int, days: Fraction) -> None:
        with pytest.raises(ValueError):
            e.full_year_minutes(weekly, days)

    def test_refuses_more_days_employed_than_in_the_year(self) -> None:
        with pytest.raises(ValueError):
            e.fixed_hours_minutes(
                weekly_minutes=60, days_per_week=Fraction(5), days_employed=366, days_in_year=365
            )


class TestIrregularHours:
    def test_accrues_12_07_percent(self) -> None:
        assert e.irregular_hours_minutes(100 * 60) == 725  # 724.2 rounded up
        assert e.irregular_hours_minutes(0) == 0

    def test_a_year_of_46_4_weeks_gives_5_6_weeks(self) -> None:
        week = 40 * 60
        accrued = e.irregular_hours_minutes(int(Fraction(464, 10) * week))
        assert abs(accrued - Fraction(28, 5) * week) < 60  # within an hour (12.07% is rounded)

    def test_refuses_negative_hours(self) -> None:
        with pytest.raises(ValueError):
            e.irregular_hours_minutes(-1)


class TestLeaveYear:
    def test_default_starts_on_1_april(self) -> None:
        year = e.leave_year_containing(dt.date(2026, 4, 1))
        assert (year.starts_on, year.ends_on) == (dt.date(2026, 4, 1), dt.date(2027, 4, 1))
        before = e.leave_year_containing(dt.date(2026, 3, 31))
        assert before.starts_on == dt.date(2025, 4, 1)
        assert before.last_day == dt.date(2026, 3, 31)

    def test_leap_year_has_366_days(self) -> None:
        assert e.leave_year_containing(dt.date(2027, 6, 1)).days == 366  # includes 29 Feb 2028

    def test_january_start(self) -> None:
        year = e.leave_year_containing(dt.date(2026, 1, 1), 1)
        assert year.starts_on == dt.date(2026, 1, 1) and dt.date(2026, 12, 31) in year

    def test_refuses_a_thirteenth_month(self) -> None:
        with pytest.raises(ValueError):
            e.leave_year_containing(dt.date(2026, 1, 1), 13)


class TestLeaveDays:
    monday = dt.date(2026, 6, 1)

    def test_one_day(self) -> None:
        assert e.leave_days(self.monday, self.monday, days_per_week=Fraction(5)) == 1

    def test_a_week_costs_a_working_week(self) -> None:
        sunday = self.monday + dt.timedelta(days=6)
        assert e.leave_days(self.monday, sunday, days_per_week=Fraction(5)) == 5
        assert e.leave_days(self.monday, sunday, days_per_week=Fraction(3)) == 3

    def test_monday_to_friday(self) -> None:
        friday = self.monday + dt.timedelta(days=4)
        assert e.leave_days(self.monday, friday, days_per_week=Fraction(5)) == 5
        assert e.leave_days(self.monday, friday, days_per_week=Fraction(3)) == 3

    def test_halves(self) -> None:
        tuesday = self.monday + dt.timedelta(days=1)
        days = e.leave_days(
            self.monday, tuesday, days_per_week=Fraction(5), half_day_start=True, half_day_end=True
        )
        assert days == 1
        assert e.leave_days(
            self.monday, self.monday, days_per_week=Fraction(5), half_day_end=True
        ) == Fraction(1, 2)

    def test_refuses_both_halves_of_one_day_and_wrong_order(self) -> None:
        with pytest.raises(ValueError):
            e.leave_days(
                self.monday,
                self.monday,
                days_per_week=Fraction(5),
                half_day_start=True,
                half_day_end=True,
            )
        with pytest.raises(ValueError):
            e.leave_days(self.monday, self.monday - dt.timedelta(days=1), days_per_week=Fraction(5))


def test_text_forms() -> None:
    assert e.hours_text(2265) == "37.75"
    assert e.hours_text(1350) == "22.5"
    assert e.hours_text(20) == "0.33"
    assert e.hours_text(0) == "0"
    assert e.hours_text(-90) == "-1.5"
    assert e.days_text(Fraction(56, 10)) == "5.6"
    assert e.days_text(Fraction(28)) == "28"
    assert e.days_text(Fraction(-1, 2)) == "-0.5"
    assert e.days_text(None) == ""


def test_balance_remaining_and_days() -> None:
    balance = e.Balance(
        entitlement=600, taken=100, booked=50, waiting=30, day_minutes=Fraction(300)
    )
    assert balance.remaining == 450
    assert balance.days(450) == Fraction(3, 2)
    assert (
        e.Balance(entitlement=1, taken=0, booked=0, waiting=0, day_minutes=Fraction(0)).days(1)
        is None
    )


# Properties -------------------------------------------------------------------------------

weekly_minutes = st.integers(min_value=0, max_value=e.MINUTES_PER_WEEK)
half_days = st.integers(min_value=1, max_value=14).map(lambda n: Fraction(n, 2))
years = st.integers(min_value=300, max_value=366)


@given(weekly=weekly_minutes, per_week=half_days, year=years, data=st.data())
def test_fixed_hours_never_negative_nor_above_the_cap(
    weekly: int, per_week: Fraction, year: int, data: st.DataObject
) -> None:
    employed = data.draw(st.integers(min_value=0, max_value=year))
    minutes = e.fixed_hours_minutes(
        weekly_minutes=weekly, days_per_week=per_week, days_employed=employed, days_in_year=year
    )
    assert 0 <= minutes <= e.cap_minutes(weekly, per_week)
    assert minutes <= e.ceil_minutes(Fraction(28, 5) * weekly)


@given(weekly=weekly_minutes, per_week=half_days, year=years, data=st.data())
def test_pro_rata_is_monotonic_in_days_employed(
    weekly: int, per_week: Fraction, year: int, data: st.DataObject
) -> None:
    fewer = data.draw(st.integers(min_value=0, max_value=year))
    more = data.draw(st.integers(min_value=fewer, max_value=year))

    def minutes(days: int) -> int:
        return e.fixed_hours_minutes(
            weekly_minutes=weekly, days_per_week=per_week, days_employed=days, days_in_year=year
        )

    assert minutes(fewer) <= minutes(more)
    assert minutes(year) == e.full_year_minutes(weekly, per_week)


@given(per_week=half_days, data=st.data())
def test_pro_rata_is_monotonic_in_hours(per_week: Fraction, data: st.DataObject) -> None:
    fewer = data.draw(weekly_minutes)
    more = data.draw(st.integers(min_value=fewer, max_value=e.MINUTES_PER_WEEK))
    assert e.full_year_minutes(fewer, per_week) <= e.full_year_minutes(more, per_week)


@given(worked=st.integers(min_value=0, max_value=10**7), extra=st.integers(0, 10**5))
def test_irregular_accrual_never_negative_and_monotonic(worked: int, extra: int) -> None:
    accrued = e.irregular_hours_minutes(worked)
    assert 0 <= accrued <= worked
    assert accrued <= e.irregular_hours_minutes(worked + extra)


@given(
    start=st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2100, 1, 1)),
    length=st.integers(min_value=0, max_value=400),
    per_week=half_days,
)
def test_leave_days_never_more_than_calendar_days_nor_negative(
    start: dt.date, length: int, per_week: Fraction
) -> None:
    end = start + dt.timedelta(days=length)
    days = e.leave_days(start, end, days_per_week=per_week)
    assert 0 <= days <= length + 1
    assert days <= (length // 7 + 1) * per_week


@given(
    day=st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2100, 1, 1)),
    month=st.integers(1, 12),
)
def test_every_day_is_in_its_leave_year(day: dt.date, month: int) -> None:
    year = e.leave_year_containing(day, month)
    assert day in year
    assert year.days in (365, 366)
