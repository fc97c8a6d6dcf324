"""The first rota built worker by worker from day patterns (``rota_engine.patterns``)."""

from dataclasses import replace
from datetime import date
from itertools import product

import pytest

from rota_engine import patterns
from rota_engine import solve as solve_module
from rota_engine.build import Builder
from rota_engine.check import check
from rota_engine.model import Assignment, Problem, Solution, Staff
from rota_engine.patterns import (
    UNREACHED,
    _day_values,
    _Patterns,
    _roles,
    _rules_of,
    first_rota,
)
from rota_engine.rules import build

from .helpers import problem, rules, run, shift

THURSDAY = date(2026, 3, 5)
DAYS = 10
TIGHT = Staff(
    "a", max_consecutive_days=3, min_consecutive_days=2, min_consecutive_days_off=2, max_weekends=1
)


def tight_problem(staff: Staff) -> Problem:
    shifts = [
        shift(f"D{d}", d, 8, 8, (staff.id,), start=THURSDAY, type_code="D", under_weight=1)
        for d in range(DAYS)
    ]
    return problem([staff], shifts, days=DAYS, start=THURSDAY, rules=rules(max_shifts_per_day=1))


def rota(p: Problem, pairs: list[tuple[int, int]]) -> Solution:
    assignments = tuple(Assignment(p.shifts[j].id, p.staff[i].id) for j, i in pairs)
    return Solution(status="feasible", assignments=assignments)


def most_legal_days(p: Problem) -> int:
    """Every work/off pattern of the horizon, judged by the independent checker."""
    best = 0
    for pattern in product((False, True), repeat=DAYS):
        worked = tuple(Assignment(f"D{d}", "a") for d in range(DAYS) if pattern[d])
        if len(worked) > best and check(p, Solution("feasible", worked)).ok:
            best = len(worked)
    return best


def test_a_worker_whose_minimum_needs_every_day_the_rules_allow() -> None:
    most = most_legal_days(tight_problem(TIGHT))
    assert 3 < most < DAYS
    p = tight_problem(replace(TIGHT, min_minutes_horizon=most * 480))
    for seed in range(5):
        pairs = first_rota(build(Builder(p)), seed, lambda: False)
        assert pairs is not None
        assert len(pairs) == most
        report = check(p, rota(p, pairs))
        assert report.ok, report.lines()


def test_a_minimum_beyond_the_rules_gives_no_rota() -> None:
    most = most_legal_days(tight_problem(TIGHT))
    p = tight_problem(replace(TIGHT, min_minutes_horizon=(most + 1) * 480))
    assert first_rota(build(Builder(p)), 0, lambda: False) is None


def test_the_workers_before_leave_the_demand_to_the_next() -> None:
    # Both may work any day; each must work 4 of 7 days and each day wants one worker.
    staff = [Staff(s, min_minutes_horizon=4 * 480, max_minutes_horizon=4 * 480) for s in "ab"]
    shifts = [
        shift(f"D{d}", d, 8, 8, ("a", "b"), type_code="D", headcount=1, over_weight=1)
        for d in range(7)
    ]
    p = problem(staff, shifts, rules=rules(max_shifts_per_day=1))
    pairs = first_rota(build(Builder(p)), 0, lambda: False)
    assert pairs is not None
    report = check(p, rota(p, pairs))
    assert report.ok, report.lines()
    # The second worker covers the 3 days the first left and doubles up on one.
    assert report.penalties.get("uncovered", 0) == 0
    assert report.penalties.get("over_cover", 0) == 1


def test_fewer_longer_shifts_when_they_do_more_good() -> None:
    # Three short shifts or two long ones fill the worker's hours. Only the long ones are
    # wanted, but the best pattern counts three days; the search on any days must find two.
    staff = [Staff("a", min_minutes_horizon=960, max_minutes_horizon=1440)]
    shifts = [
        shift(f"{code}{d}", d, 8, hours, ("a",), type_code=code, headcount=wanted,
              under_weight=100, over_weight=1)
        for d in range(7)
        for code, hours, wanted in (("S", 8, 0), ("L", 12, 1))
    ]  # fmt: skip
    p = problem(staff, shifts, rules=rules(max_shifts_per_day=1))
    pairs = first_rota(build(Builder(p)), 0, lambda: False)
    assert pairs is not None
    assert sorted(p.shifts[j].type_code for j, _ in pairs) == ["L", "L"]
    assert check(p, rota(p, pairs)).ok


def test_cancelled() -> None:
    p = tight_problem(TIGHT)
    assert first_rota(build(Builder(p)), 0, lambda: True) is None


def tight_team(days: int) -> Problem:
    """Eight workers who must each work as many days as their runs and weekends allow, early
    and late shifts (no early after a late) wanting two each."""
    staff = [
        Staff(
            f"w{k}", max_consecutive_days=4, min_consecutive_days=2, min_consecutive_days_off=2,
            max_weekends=2, days_off=(k * 3 % days, (k * 5 + 2) % days),
        )
        for k in range(8)
    ]  # fmt: skip
    ids = tuple(s.id for s in staff)
    shifts = [
        shift(f"{code}{d}", d, hour, 8, ids, type_code=code, headcount=2, under_weight=10,
              over_weight=1)
        for d in range(days)
        for code, hour in (("E", 7), ("L", 14))
    ]  # fmt: skip
    p = problem(
        staff, shifts, days=days,
        rules=rules(max_shifts_per_day=1, forbidden_successions=(("L", "E"),)),
    )  # fmt: skip
    b = Builder(p)
    tight = []
    for i, s in enumerate(staff):
        values = _day_values(b, i, [1] * len(shifts))
        best = _Patterns(_rules_of(b, i), values, _roles(b), days).best_by_count()
        most = max(c for c, value in enumerate(best) if value > UNREACHED // 2)
        tight.append(replace(s, min_minutes_horizon=most * 480, max_minutes_horizon=most * 480))
    return replace(p, staff=tuple(tight))


def test_solve_falls_back_on_patterns_when_the_first_rota_search_finds_nothing(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    p = tight_team(28)
    # No effort for the objective-free search: the first rota must come from the patterns.
    monkeypatch.setattr(solve_module, "FEASIBILITY_DETERMINISTIC", 1e-9)
    s = run(p, det=0.5)
    assert s.status in ("optimal", "feasible")
    monkeypatch.setattr(patterns, "first_rota", lambda *args: None)
    assert run(p, det=0.5).status == "unknown"


def test_a_worker_with_a_weekend_limit_works_whole_weekends() -> None:
    # One place on Wednesday, Saturday and Sunday. "a" may work two shifts and one weekend;
    # "b" one shift and no weekend. Wednesday is worth more, so Wednesday and Saturday would be
    # best for "a" alone, but only a whole weekend leaves "b" a place it can fill.
    staff = [
        Staff("a", max_minutes_horizon=2 * 480, max_weekends=1),
        Staff("b", max_minutes_horizon=480, max_weekends=0),
    ]
    shifts = [
        shift(f"D{d}", d, 8, 8, ("a", "b"), type_code="D", under_weight=weight)
        for d, weight in ((2, 150), (5, 100), (6, 100))
    ]
    p = problem(staff, shifts, rules=rules(max_shifts_per_day=1))
    for seed in range(6):
        pairs = first_rota(build(Builder(p)), seed, lambda: False)
        assert pairs is not None
        report = check(p, rota(p, pairs))
        assert report.ok, report.lines()
        assert report.penalties.get("uncovered", 0) == 0
        assert sorted(p.shifts[j].day for j, i in pairs if i == 0) == [5, 6]


def test_half_a_weekend_when_the_rules_leave_nothing_else() -> None:
    # Sunday is a day off and six of the seven days must be worked: Saturday alone it is.
    staff = [Staff("a", min_minutes_horizon=6 * 480, max_weekends=1, days_off=(6,))]
    shifts = [shift(f"D{d}", d, 8, 8, ("a",), type_code="D", under_weight=1) for d in range(7)]
    p = problem(staff, shifts, rules=rules(max_shifts_per_day=1))
    pairs = first_rota(build(Builder(p)), 0, lambda: False)
    assert pairs is not None
    assert sorted(p.shifts[j].day for j, _ in pairs) == [0, 1, 2, 3, 4, 5]
    assert check(p, rota(p, pairs)).ok
