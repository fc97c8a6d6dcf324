"""The organisation settings Own Terms knows: their keys, units, defaults and limits.

Every value is a whole number in the unit given (money in pence), so rules and rates are
exact. Defaults follow England's rules and rates from 1 April 2026 (see DOMAIN.md); an
organisation schedules its own values with ``core.services.change_setting``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from django.conf import settings
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


class Unit(StrEnum):
    HOURS = "hours"
    MINUTES = "minutes"
    WEEKS = "weeks"
    DAYS = "days"
    HOUR_OF_DAY = "hour_of_day"
    #: Minutes after midnight, shown as a time: 450 is 07:30.
    MINUTE_OF_DAY = "minute_of_day"
    MONTH = "month"
    PENCE_PER_HOUR = "pence_per_hour"
    PENCE_PER_NIGHT = "pence_per_night"
    PEOPLE = "people"
    #: A weight from 0 to 10.
    POINTS = "points"
    # -- referrals: assessment --
    #: A whole percentage: 30 is 30%.
    PERCENT = "percent"
    # -- end referrals: assessment --

    @property
    def is_money(self) -> bool:
        return self in {Unit.PENCE_PER_HOUR, Unit.PENCE_PER_NIGHT}


UNIT_LABELS: dict[Unit, Promise] = {
    Unit.HOURS: _("hours"),
    Unit.MINUTES: _("minutes"),
    Unit.WEEKS: _("weeks"),
    Unit.DAYS: _("days"),
    Unit.HOUR_OF_DAY: _("hour of the day (0 to 23)"),
    Unit.MINUTE_OF_DAY: _("minutes after midnight (450 is 07:30)"),
    Unit.MONTH: _("month (1 for January to 12 for December)"),
    Unit.PENCE_PER_HOUR: _("pounds an hour"),
    Unit.PENCE_PER_NIGHT: _("pounds a night"),
    Unit.PEOPLE: _("people"),
    Unit.POINTS: _("points out of 10"),
    # -- referrals: assessment --
    Unit.PERCENT: _("per cent (30 means 30%)"),
    # -- end referrals: assessment --
}


class Group(StrEnum):
    WORKING_TIME = "working_time"
    PAY = "pay"
    GROWTH = "growth"
    SESSIONS = "sessions"
    DAILY = "daily"
    RECRUITMENT = "recruitment"


GROUP_LABELS: dict[Group, Promise] = {
    Group.WORKING_TIME: _("Working time"),
    Group.PAY: _("Pay rates"),
    Group.GROWTH: _("Growth"),
    Group.SESSIONS: _("Signing in"),
    Group.DAILY: _("Daily records"),
    Group.RECRUITMENT: _("Recruitment"),
}


@dataclass(frozen=True)
class SettingKey:
    key: str
    group: Group
    label: Promise
    unit: Unit
    default: int
    minimum: int
    maximum: int
    hint: Promise | str = ""
    # New statutory or published rates are added here with their date, never by editing
    # ``default``, so what applied on a past date stays what it was.
    default_changes: tuple[tuple[dt.date, int], ...] = ()

    def default_on(self, day: dt.date) -> int:
        value = self.default
        for starts, later in sorted(self.default_changes):
            if starts <= day:
                value = later
        return value


#: When each manager's morning briefing is sent (``daily.services.briefing``).
BRIEFING_TIME = "daily.briefing_minute"
#: How long unsuccessful applicants are kept before deletion (``recruitment.services``).
RETENTION_DAYS = "recruitment.retention_days"
# -- referrals: assessment --
#: What an hour of support costs us (``referrals.selectors.evidence``): the hourly pay of a
#: support worker, and the on-costs on top of pay (employer's National Insurance, pension,
#: holiday, training, supervision and management) as a percentage of it.
HOURLY_PAY = "referrals.hourly_pay"
ON_COST_PERCENT = "referrals.on_cost_percent"
# -- end referrals: assessment --
#: The weight of each matching factor (``recruitment.matching``), 0 to 10.
MATCH_WEIGHTS = {
    factor: f"recruitment.weight_{factor}"
    for factor in ("interests", "traits", "skills", "hours", "travel", "preferences")
}


def _keys() -> tuple[SettingKey, ...]:
    wt, pay = Group.WORKING_TIME, Group.PAY
    return (
        SettingKey(
            "working_time.max_average_weekly_hours",
            wt,
            _("Most hours a week, on average"),
            Unit.HOURS,
            48,
            1,
            168,
            _("Unless the worker has opted out in writing."),
        ),
        SettingKey(
            "working_time.reference_weeks",
            wt,
            _("Weeks the average is taken over"),
            Unit.WEEKS,
            17,
            1,
            52,
            _("17 by law; up to 26 for care staff who give continuity."),
        ),
        SettingKey(
            "working_time.min_daily_rest_hours",
            wt,
            _("Least rest between working days"),
            Unit.HOURS,
            11,
            0,
            24,
        ),
        SettingKey(
            "working_time.weekly_rest_hours",
            wt,
            _("Least uninterrupted weekly rest"),
            Unit.HOURS,
            24,
            0,
            168,
        ),
        SettingKey(
            "working_time.weekly_rest_period_days",
            wt,
            _("Weekly rest is due in every"),
            Unit.DAYS,
            7,
            1,
            28,
            _("24 hours in every 7 days, or 48 hours in every 14."),
        ),
        SettingKey(
            "working_time.leave_year_start_month",
            wt,
            _("The leave year starts on the 1st of"),
            Unit.MONTH,
            4,
            1,
            12,
            _("4 is April (the usual choice); 1 is January."),
        ),
        SettingKey(
            "working_time.break_after_hours",
            wt,
            _("A break is due in shifts longer than"),
            Unit.HOURS,
            6,
            1,
            24,
        ),
        SettingKey(
            "working_time.break_minutes",
            wt,
            _("Length of that break"),
            Unit.MINUTES,
            20,
            0,
            240,
        ),
        SettingKey(
            "working_time.night_period_start_hour",
            wt,
            _("Night time starts at"),
            Unit.HOUR_OF_DAY,
            23,
            0,
            23,
        ),
        SettingKey(
            "working_time.night_period_end_hour",
            wt,
            _("Night time ends at"),
            Unit.HOUR_OF_DAY,
            6,
            0,
            23,
        ),
        SettingKey(
            "working_time.night_worker_min_night_hours",
            wt,
            _("Hours at night that make someone a night worker"),
            Unit.HOURS,
            3,
            1,
            24,
        ),
        SettingKey(
            "working_time.night_worker_max_average_hours",
            wt,
            _("Night workers: most hours in 24, on average"),
            Unit.HOURS,
            8,
            1,
            24,
        ),
        SettingKey(
            "working_time.young_worker_max_daily_hours",
            wt,
            _("Workers under 18: most hours a day"),
            Unit.HOURS,
            8,
            1,
            24,
        ),
        SettingKey(
            "working_time.young_worker_max_weekly_hours",
            wt,
            _("Workers under 18: most hours a week"),
            Unit.HOURS,
            40,
            1,
            168,
        ),
        SettingKey(
            "pay.national_living_wage_21_plus",
            pay,
            _("National Living Wage, aged 21 and over"),
            Unit.PENCE_PER_HOUR,
            1271,
            0,
            100_000,
        ),
        SettingKey(
            "pay.minimum_wage_18_to_20",
            pay,
            _("National Minimum Wage, aged 18 to 20"),
            Unit.PENCE_PER_HOUR,
            1085,
            0,
            100_000,
        ),
        SettingKey(
            "pay.minimum_wage_16_to_17",
            pay,
            _("National Minimum Wage, aged 16 and 17"),
            Unit.PENCE_PER_HOUR,
            800,
            0,
            100_000,
        ),
        SettingKey(
            "pay.minimum_wage_apprentice",
            pay,
            _("National Minimum Wage, apprentices"),
            Unit.PENCE_PER_HOUR,
            800,
            0,
            100_000,
        ),
        SettingKey(
            "pay.sleep_in_allowance",
            pay,
            _("Sleep-in allowance"),
            Unit.PENCE_PER_NIGHT,
            5000,
            0,
            1_000_000,
            _("Paid for each sleep-in, plus hourly pay for time woken to work."),
        ),
        SettingKey(
            "pay.real_living_wage",
            pay,
            _("Real Living Wage"),
            Unit.PENCE_PER_HOUR,
            1345,
            0,
            100_000,
        ),
        SettingKey(
            "pay.real_living_wage_london",
            pay,
            _("Real Living Wage in London"),
            Unit.PENCE_PER_HOUR,
            1480,
            0,
            100_000,
        ),
        SettingKey(
            "growth.warn_new_people_per_year",
            Group.GROWTH,
            _("Warn when new people this year reach"),
            Unit.PEOPLE,
            3,
            0,
            1000,
        ),
        SettingKey(
            "growth.max_new_people_per_year",
            Group.GROWTH,
            _("Most new people a year"),
            Unit.PEOPLE,
            5,
            0,
            1000,
        ),
        SettingKey(
            "session.idle_minutes",
            Group.SESSIONS,
            _("Sign out after this long without use"),
            Unit.MINUTES,
            settings.OWNTERMS_SESSION_IDLE_MINUTES,
            1,
            settings.OWNTERMS_SESSION_IDLE_MINUTES,
            _("An organisation can shorten this, not lengthen it."),
        ),
        SettingKey(
            "session.absolute_hours",
            Group.SESSIONS,
            _("Sign out this long after signing in"),
            Unit.HOURS,
            settings.OWNTERMS_SESSION_ABSOLUTE_HOURS,
            1,
            settings.OWNTERMS_SESSION_ABSOLUTE_HOURS,
            _("An organisation can shorten this, not lengthen it."),
        ),
        SettingKey(
            BRIEFING_TIME,
            Group.DAILY,
            _("Time of the managers' morning briefing"),
            Unit.MINUTE_OF_DAY,
            7 * 60 + 30,
            0,
            24 * 60 - 1,
            _("Minutes after midnight in the organisation's time zone: 450 is 07:30."),
        ),
        SettingKey(
            RETENTION_DAYS,
            Group.RECRUITMENT,
            _("Days unsuccessful applications are kept"),
            Unit.DAYS,
            183,
            30,
            730,
            _("Then the applicant's details are deleted (the deletion is audited)."),
        ),
        *(
            SettingKey(
                key,
                Group.RECRUITMENT,
                label,
                Unit.POINTS,
                default,
                0,
                10,
            )
            for key, label, default in (
                (MATCH_WEIGHTS["interests"], _("Matching: weight of shared interests"), 3),
                (MATCH_WEIGHTS["traits"], _("Matching: weight of the traits wanted"), 4),
                (MATCH_WEIGHTS["skills"], _("Matching: weight of the skills needed"), 3),
                (MATCH_WEIGHTS["hours"], _("Matching: weight of hours that fit"), 3),
                (MATCH_WEIGHTS["travel"], _("Matching: weight of travel"), 2),
                (MATCH_WEIGHTS["preferences"], _("Matching: weight of stated preferences"), 4),
            )
        ),
        # -- referrals: assessment --
        SettingKey(
            HOURLY_PAY,
            pay,
            _("Support workers' hourly pay (for weighing a package's rates)"),
            Unit.PENCE_PER_HOUR,
            1345,
            0,
            100_000,
            _("What we pay a support worker an hour; many pay at least the Real Living Wage."),
        ),
        SettingKey(
            ON_COST_PERCENT,
            pay,
            _("On-costs on top of pay"),
            Unit.PERCENT,
            30,
            0,
            200,
            _(
                "Employer's National Insurance, pension, holiday, training, supervision and "
                "management, as a percentage of pay."
            ),
        ),
        # -- end referrals: assessment --
    )


def registry() -> dict[str, SettingKey]:
    """Every known setting by key, in display order (read at call time, so tests that
    change the session defaults see them)."""
    return {item.key: item for item in _keys()}


def get(key: str) -> SettingKey:
    try:
        return registry()[key]
    except KeyError:
        raise UnknownSettingError(key) from None


class UnknownSettingError(KeyError):
    pass


# Pairs whose first value may not be more than the second on the same day.
ORDERED_PAIRS: tuple[tuple[str, str], ...] = (
    ("growth.warn_new_people_per_year", "growth.max_new_people_per_year"),
)


def display(known: SettingKey, value: int) -> str:
    """The value as people read it: "£12.71 an hour", "48 hours"."""
    from django.utils.translation import gettext, ngettext

    if known.unit is Unit.PENCE_PER_HOUR:
        return gettext("£%(amount)s an hour") % {"amount": pounds(value)}
    if known.unit is Unit.PENCE_PER_NIGHT:
        return gettext("£%(amount)s a night") % {"amount": pounds(value)}
    if known.unit is Unit.HOUR_OF_DAY:
        return f"{value:02d}:00"
    if known.unit is Unit.MINUTE_OF_DAY:
        return f"{value // 60:02d}:{value % 60:02d}"
    if known.unit is Unit.MONTH:
        from django.utils.dates import MONTHS

        return str(MONTHS[value])
    words = {
        Unit.HOURS: ngettext("%(n)s hour", "%(n)s hours", value),
        Unit.MINUTES: ngettext("%(n)s minute", "%(n)s minutes", value),
        Unit.WEEKS: ngettext("%(n)s week", "%(n)s weeks", value),
        Unit.DAYS: ngettext("%(n)s day", "%(n)s days", value),
        Unit.PEOPLE: ngettext("%(n)s person", "%(n)s people", value),
        Unit.POINTS: ngettext("%(n)s point out of 10", "%(n)s points out of 10", value),
        # -- referrals: assessment --
        Unit.PERCENT: gettext("%(n)s%%"),
        # -- end referrals: assessment --
    }
    return words[known.unit] % {"n": value}


def pounds(pence: int) -> str:
    """Pence as pounds with two decimals and thousands commas: 123456 -> "1,234.56"."""
    sign = "-" if pence < 0 else ""
    whole, part = divmod(abs(pence), 100)
    return f"{sign}{whole:,}.{part:02d}"
