"""Holiday entitlement, as pure calculations (no database, no clock).

The rules (DOMAIN.md, "Staff and rota"; England's Working Time Regulations):

- A worker with fixed hours gets 5.6 weeks a year, capped at 28 days. In hours that is
  ``5.6 x their working week``, but never more than ``28 x their working day`` (the cap only
  bites for people working more than 5 days a week). A part-time worker gets the same 5.6 weeks,
  pro rata, because their week is shorter.
- Someone who starts or leaves during the leave year gets the share of the year they are
  employed for (whole days employed ÷ days in the leave year).
- Irregular-hours and bank workers accrue 12.07% of the hours they work (5.6 ÷ 46.4 weeks).
- Bank holidays are part of the 5.6 weeks, not on top: care runs every day of the year, so a
  bank holiday is an ordinary day and a worker who wants it off books it as leave.

Amounts are exact fractions inside and whole minutes outside, rounded **up** (a worker never
loses part of a minute of statutory leave).
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from fractions import Fraction

STATUTORY_WEEKS = Fraction(28, 5)  # 5.6
CAP_DAYS = 28
IRREGULAR_ACCRUAL = Fraction(1207, 10_000)  # 12.07%
MINUTES_PER_WEEK = 7 * 24 * 60

#: The leave year starts on 1 April unless the organisation says otherwise.
DEFAULT_LEAVE_YEAR_START_MONTH = 4


def ceil_minutes(value: Fraction) -> int:
    return max(0, math.ceil(value))


@dataclass(frozen=True)
class LeaveYear:
    """A leave year: ``starts_on`` inclusive to ``ends_on`` exclusive."""

    starts_on: dt.date
    ends_on: dt.date

    @property
    def days(self) -> int:
        return (self.ends_on - self.starts_on).days

    @property
    def last_day(self) -> dt.date:
        return self.ends_on - dt.timedelta(days=1)

    def __contains__(self, day: object) -> bool:
        return isinstance(day, dt.date) and self.starts_on <= day < self.ends_on


def leave_year_containing(
    day: dt.date, start_month: int = DEFAULT_LEAVE_YEAR_START_MONTH
) -> LeaveYear:
    """The leave year (starting on the 1st of ``start_month``) that ``day`` falls in."""
    if not 1 <= start_month <= 12:
        raise ValueError("start_month must be 1 to 12")
    year = day.year if day.month >= start_month else day.year - 1
    starts = dt.date(year, start_month, 1)
    return LeaveYear(starts_on=starts, ends_on=dt.date(year + 1, start_month, 1))


def employed_days(year: LeaveYear, starts_on: dt.date, ends_on: dt.date | None) -> int:
    """Days of ``year`` the worker is employed: from ``starts_on`` until ``ends_on`` (the day the
    contract ends is not worked, as everywhere in Own Terms)."""
    first = max(year.starts_on, starts_on)
    last = year.ends_on if ends_on is None else min(year.ends_on, ends_on)
    return max(0, (last - first).days)


def full_year_minutes(weekly_minutes: int, days_per_week: Fraction) -> int:
    """A whole year's entitlement of a fixed-hours worker, in minutes."""
    if weekly_minutes < 0 or weekly_minutes > MINUTES_PER_WEEK:
        raise ValueError("weekly_minutes must be between 0 and a week")
    if not 0 < days_per_week <= 7:
        raise ValueError("days_per_week must be more than 0 and at most 7")
    weekly = Fraction(weekly_minutes)
    day = weekly / days_per_week
    return ceil_minutes(min(STATUTORY_WEEKS * weekly, CAP_DAYS * day))


def cap_minutes(weekly_minutes: int, days_per_week: Fraction) -> int:
    """28 of the worker's days, in minutes: no fixed-hours entitlement is ever more."""
    return ceil_minutes(CAP_DAYS * Fraction(weekly_minutes) / days_per_week)


def fixed_hours_minutes(
    *, weekly_minutes: int, days_per_week: Fraction, days_employed: int, days_in_year: int
) -> int:
    """Entitlement for this leave year: the whole year's, pro rata for the share employed."""
    if days_in_year <= 0 or not 0 <= days_employed <= days_in_year:
        raise ValueError("days_employed must be between 0 and days_in_year")
    whole = Fraction(full_year_minutes(weekly_minutes, days_per_week))
    return ceil_minutes(whole * days_employed / days_in_year)


def irregular_hours_minutes(worked_minutes: int) -> int:
    """Accrued entitlement of an irregular-hours worker: 12.07% of the minutes worked."""
    if worked_minutes < 0:
        raise ValueError("worked_minutes must not be negative")
    return ceil_minutes(IRREGULAR_ACCRUAL * worked_minutes)


def day_minutes(weekly_minutes: int, days_per_week: Fraction) -> Fraction:
    """The worker's average working day, in minutes (0 for someone without set hours)."""
    return Fraction(weekly_minutes) / days_per_week


def leave_days(
    starts_on: dt.date,
    ends_on: dt.date,
    *,
    days_per_week: Fraction,
    half_day_start: bool = False,
    half_day_end: bool = False,
) -> Fraction:
    """How many of the worker's working days a leave from ``starts_on`` to ``ends_on``
    (both included) takes.

    Without a fixed list of working days (care rotas change), every full week away counts as
    ``days_per_week`` days and a remainder counts each calendar day, up to ``days_per_week``:
    a week off costs a week, a single day costs a day. ``half_day_start`` means only the
    afternoon of the first day is off, ``half_day_end`` only the morning of the last.
    """
    if ends_on < starts_on:
        raise ValueError("ends_on is before starts_on")
    calendar_days = (ends_on - starts_on).days + 1
    if calendar_days == 1 and half_day_start and half_day_end:
        raise ValueError("one day cannot be half at both ends")
    weeks, rest = divmod(calendar_days, 7)
    days = weeks * days_per_week + min(Fraction(rest), days_per_week)
    halves = Fraction(int(half_day_start) + int(half_day_end), 2)
    return max(Fraction(0), days - halves)


@dataclass(frozen=True)
class Balance:
    """Entitlement, what is taken, booked and waiting, and what is left, in minutes."""

    entitlement: int
    taken: int
    booked: int
    waiting: int
    #: Minutes of a working day, to show days too (0 when the worker has no set hours).
    day_minutes: Fraction

    @property
    def remaining(self) -> int:
        return self.entitlement - self.taken - self.booked

    def days(self, minutes: int) -> Fraction | None:
        if self.day_minutes <= 0:
            return None
        return Fraction(minutes) / self.day_minutes


def hours_text(minutes: int) -> str:
    """Minutes as hours, to two decimal places at most: 2265 -> "37.75", 1350 -> "22.5"."""
    sign = "-" if minutes < 0 else ""
    hundredths = (abs(minutes) * 100 + 30) // 60  # rounded half up
    whole, part = divmod(hundredths, 100)
    return f"{sign}{whole}" + (f".{part:02d}".rstrip("0") if part else "")


def days_text(days: Fraction | None) -> str:
    """Days to one decimal place, rounded half up: Fraction(56, 10) → "5.6"."""
    if days is None:
        return ""
    tenths = math.floor(days * 10 + Fraction(1, 2))
    whole, part = divmod(abs(tenths), 10)
    sign = "-" if tenths < 0 else ""
    return f"{sign}{whole}.{part}" if part else f"{sign}{whole}"
