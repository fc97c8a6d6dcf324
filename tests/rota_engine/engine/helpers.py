"""Small builders for hand-made problems (Europe/London wall-clock times)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from rota_engine.check import check
from rota_engine.model import Problem, RuleSettings, Shift, Solution, Staff, Weights
from rota_engine.solve import solve

LONDON = ZoneInfo("Europe/London")
MONDAY = date(2026, 3, 2)

# Rules that only the tests about them switch on.
QUIET_RULES = RuleSettings(weekly_rest=None, min_rest_minutes=None, max_working_period_minutes=None)
QUIET_WEIGHTS = Weights(
    continuity=0, relief=0, fairness_sleep_ins=0, fairness_weekends=0, fairness_nights=0
)


def at(day: int, hour: int, minute: int = 0, start: date = MONDAY) -> datetime:
    d = start + timedelta(days=day)
    return datetime(d.year, d.month, d.day, hour, minute, tzinfo=LONDON)


def shift(
    sid: str,
    day: int,
    hour: int,
    hours: int,
    staff: tuple[str, ...],
    *,
    start: date = MONDAY,
    **kw: Any,
) -> Shift:
    """A shift starting at local ``hour`` on ``day``, ending ``hours`` wall-clock hours later."""
    begins = at(day, hour, start=start)
    wall_end = datetime.combine(begins.date(), begins.time()) + timedelta(hours=hours)
    ends = wall_end.replace(tzinfo=LONDON)
    return Shift(id=sid, start=begins, end=ends, day=day, eligible=staff, **kw)


def problem(
    staff: list[Staff],
    shifts: list[Shift],
    *,
    days: int = 7,
    start: date = MONDAY,
    rules: RuleSettings = QUIET_RULES,
    weights: Weights = QUIET_WEIGHTS,
    **kw: Any,
) -> Problem:
    return Problem(
        start=start,
        days=days,
        staff=tuple(staff),
        shifts=tuple(shifts),
        rules=rules,
        weights=weights,
        **kw,
    )


def rules(**kw: Any) -> RuleSettings:
    return replace(QUIET_RULES, **kw)


def run(p: Problem, *, det: float = 5.0, seed: int = 0) -> Solution:
    """Solve deterministically and insist the independent checker agrees."""
    s = solve(p, time_limit=600.0, seed=seed, workers=1, deterministic_time=det)
    if s.status in ("optimal", "feasible"):
        report = check(p, s)
        assert report.ok, report.lines()
        assert report.objective == s.objective, (report.penalties, s.penalties)
    return s


def pairs(s: Solution) -> set[tuple[str, str]]:
    return {(a.shift_id, a.staff_id) for a in s.assignments}


def workers_of(s: Solution, shift_id: str) -> set[str]:
    return {a.staff_id for a in s.assignments if a.shift_id == shift_id}
