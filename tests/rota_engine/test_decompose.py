"""Decomposition by connected components of shared staff, and the per-part solve.

Deterministic only: one worker, fixed seeds, deterministic budgets; nothing reads the clock.
"""

from __future__ import annotations

import threading
from dataclasses import replace
from typing import Any

import pytest
from ortools.sat.python import cp_model

from rota_engine import decompose
from rota_engine.check import check
from rota_engine.components import partition
from rota_engine.decompose import solve_decomposed, solve_parts
from rota_engine.generate import generate_org
from rota_engine.model import (
    Assignment,
    Preference,
    Problem,
    ProblemInputError,
    ShiftRequest,
    Solution,
    Staff,
)
from tests.rota_engine.engine.helpers import problem, shift

BUDGET: dict[str, Any] = {"time_limit": 600.0, "seed": 0, "workers": 1}


def _two_teams(shared: bool = False) -> Problem:
    """Person a (staff a1, a2) and person b (staff b1, b2); ``shared`` adds a1 to b's team."""
    b_team = ("a1", "b1", "b2") if shared else ("b1", "b2")
    shifts = []
    for day in range(3):
        shifts.append(shift(f"a-d{day}", day, 8, 7, ("a1", "a2"), person_id="a"))
        shifts.append(shift(f"b-d{day}", day, 15, 7, b_team, person_id="b"))
    staff = [Staff(id=s) for s in ("a1", "a2", "b1", "b2")]
    return problem(staff, shifts)


def _ids(p: Problem) -> list[tuple[tuple[str, ...], tuple[str, ...]]]:
    return sorted((part.staff_ids, part.shift_ids) for part in partition(p))


def _checked(p: Problem, s: Solution) -> None:
    report = check(p, s)
    assert report.ok, report.lines()
    assert report.objective == s.objective
    assert not report.discrepancies, report.discrepancies


def test_two_disjoint_teams_are_two_parts() -> None:
    assert _ids(_two_teams()) == [
        (("a1", "a2"), ("a-d0", "a-d1", "a-d2")),
        (("b1", "b2"), ("b-d0", "b-d1", "b-d2")),
    ]


def test_a_shared_worker_joins_the_teams() -> None:
    parts = partition(_two_teams(shared=True))
    assert len(parts) == 1
    assert parts[0].staff_ids == ("a1", "a2", "b1", "b2")
    assert len(parts[0].shift_ids) == 6


def test_links_by_person_request_preference_and_idle_staff() -> None:
    p = _two_teams()
    # Two shifts of one person with disjoint teams still belong together (continuity).
    extra = shift("b-x", 4, 8, 7, ("c1",), person_id="b")
    # A worker with no possible shift sits in the idle part.
    staff = [*p.staff, Staff(id="c1"), Staff(id="idle")]
    p = replace(p, staff=tuple(staff), shifts=(*p.shifts, extra))
    ids = _ids(p)
    assert (("idle",), ()) in ids
    assert any("c1" in staff and "b-x" in shifts and "b1" in staff for staff, shifts in ids)
    # A request naming a shift, or a preference for a worker, joins them too.
    staff[4] = Staff(id="idle", requests=(ShiftRequest("on", 1, shift_id="a-d0"),))
    p2 = replace(p, staff=tuple(staff))
    assert any("idle" in st and "a1" in st for st, _ in _ids(p2))
    pref = replace(p.shifts[0], preferences=(Preference("b2", 2),))
    p3 = replace(p, shifts=(pref, *p.shifts[1:]))
    assert any("a1" in st and "b2" in st for st, _ in _ids(p3))


def test_partition_keeps_previous_rota_with_its_part() -> None:
    p = replace(
        _two_teams(),
        previous=(Assignment("a-d0", "a1"), Assignment("b-d1", "b2")),
    )
    by_first_shift = {part.shift_ids[0]: part.problem.previous for part in partition(p)}
    assert by_first_shift["a-d0"] == (Assignment("a-d0", "a1"),)
    assert by_first_shift["b-d0"] == (Assignment("b-d1", "b2"),)


def test_merged_solution_is_complete_and_passes_the_checker() -> None:
    p = _two_teams()
    d = solve_parts(p, deterministic_time=2.0, **BUDGET)
    s = d.solution
    assert s.status == "optimal"
    assert len(d.parts) == 2
    assert {r.source for r in d.parts} == {"cp-sat"}
    assert s.uncovered == ()
    assert len(s.assignments) == 6
    _checked(p, s)


def test_generated_org_splits_and_passes_the_checker() -> None:
    org = generate_org(4, 16, 1, seed=3)
    p = org.problem
    parts = partition(p)
    assert len(parts) > 1
    assert sum(len(x.problem.shifts) for x in parts) == len(p.shifts)
    assert sum(len(x.problem.staff) for x in parts) == len(p.staff)
    d = solve_parts(p, deterministic_time=1.0, **BUDGET)
    assert d.solution.status in ("optimal", "feasible")
    _checked(p, d.solution)
    # Never worse than the greedy rotas it starts from.
    first = solve_parts(p, improve=False, **BUDGET).solution
    assert d.solution.objective is not None and first.objective is not None
    assert d.solution.objective <= first.objective
    assert d.solution.bound is not None and d.solution.bound <= d.solution.objective


def test_same_seed_same_rota() -> None:
    p = generate_org(4, 14, 1, seed=1).problem
    a = solve_decomposed(p, deterministic_time=0.5, **BUDGET)
    b = solve_decomposed(p, deterministic_time=0.5, **BUDGET)
    assert a.assignments == b.assignments
    assert a.objective == b.objective
    assert a.uncovered == b.uncovered


def test_deterministic_budget_is_respected() -> None:
    p = generate_org(4, 14, 1, seed=2).problem
    s = solve_decomposed(p, deterministic_time=0.2, **BUDGET)
    # Completion solves are tiny (every assignment fixed); each part may overrun its share by
    # at most one step's minimum charge.
    parts = len(partition(p))
    assert s.deterministic_time <= 0.2 + parts * (decompose.STEP_MIN_CHARGE + 0.01)
    assert s.status in ("optimal", "feasible", "unknown")
    assert s.assignments


def test_falls_back_to_greedy_when_search_finds_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    real = decompose._solve

    def nothing(shared: Any, solver: Any, model: Any) -> object:
        solver.parameters.max_deterministic_time = 0.0  # CP-SAT stops before any rota
        code = real(shared, solver, model)
        assert code == cp_model.UNKNOWN
        return code

    monkeypatch.setattr(decompose, "_solve", nothing)
    p = _two_teams()
    d = solve_parts(p, deterministic_time=1.0, **BUDGET)
    assert {r.source for r in d.parts} == {"greedy"}
    assert d.solution.status == "feasible"  # the greedy rotas break no hard rule
    assert len(d.solution.assignments) == 6
    _checked(p, d.solution)


def test_greedy_rota_that_breaks_a_minimum_is_returned_as_unknown() -> None:
    # a2 must work 21 h but first-fit keeps giving a's shifts to a1 (already there this week).
    p = _two_teams()
    staff = (p.staff[0], Staff(id="a2", min_minutes_horizon=21 * 60), *p.staff[2:])
    p = replace(p, staff=staff)
    fallback = solve_parts(p, improve=False, **BUDGET)
    assert fallback.solution.status == "unknown"
    assert fallback.solution.assignments
    # The search repairs it.
    d = solve_parts(p, deterministic_time=2.0, **BUDGET)
    assert d.solution.status == "optimal"
    _checked(p, d.solution)


def test_infeasible_part_reports_errors_and_keeps_the_other_rotas() -> None:
    p = _two_teams()
    staff = (Staff(id="a1", min_minutes_horizon=50 * 60), *p.staff[1:])
    d = solve_parts(replace(p, staff=staff), deterministic_time=1.0, **BUDGET)
    s = d.solution
    assert s.status == "infeasible"
    assert any("a1" in e.ids for e in s.errors)
    assert {a.shift_id for a in s.assignments} >= {"b-d0", "b-d1", "b-d2"}


def test_bad_input_raises() -> None:
    p = _two_teams()
    bad = replace(p.shifts[0], eligible=("nobody",))
    with pytest.raises(ProblemInputError):
        solve_decomposed(replace(p, shifts=(bad, *p.shifts[1:])), **BUDGET)


def test_cancel_before_start_returns_promptly() -> None:
    cancel = threading.Event()
    cancel.set()
    s = solve_decomposed(_two_teams(), cancel=cancel, deterministic_time=1.0, **BUDGET)
    assert s.cancelled
    assert s.status == "unknown"


def test_progress_is_reported() -> None:
    seen: list[decompose.Progress] = []
    solve_decomposed(_two_teams(), on_progress=seen.append, deterministic_time=1.0, **BUDGET)
    assert seen
    assert seen[-1].objective is not None


def test_parts_in_worker_processes_pass_the_checker() -> None:
    p = generate_org(4, 16, 1, seed=3).problem
    a = solve_parts(p, deterministic_time=0.5, processes=2, **BUDGET)
    b = solve_parts(p, deterministic_time=0.5, processes=2, **BUDGET)
    assert a.solution.status in ("optimal", "feasible")
    assert {r.source for r in a.parts} == {"cp-sat"}
    _checked(p, a.solution)
    assert a.solution.assignments == b.solution.assignments


def test_worker_processes_keep_searches_that_run_to_the_deadline() -> None:
    # On the clock the largest part's search takes the time there is and sends its rota just
    # after the deadline; it used to be dropped for the greedy rota (4 places left open here).
    p = generate_org(4, 16, 1, seed=2).problem
    d = solve_parts(p, time_limit=3.0, seed=0, workers=1, processes=2)
    assert {r.source for r in d.parts} == {"cp-sat"}
    _checked(p, d.solution)


def test_part_nobody_can_work_is_reported_uncovered() -> None:
    p = _two_teams()
    lonely = shift("c-d0", 0, 8, 7, (), person_id="c")  # no team: its own part, no variables
    p = replace(p, shifts=(*p.shifts, lonely))
    d = solve_parts(p, deterministic_time=1.0, **BUDGET)
    s = d.solution
    assert s.status == "optimal"
    assert [(u.shift_id, u.reason) for u in s.uncovered] == [("c-d0", "no_team")]
    _checked(p, s)


def test_solve_goes_part_by_part_for_a_large_problem() -> None:
    from rota_engine.solve import solve

    p = generate_org(4, 16, 1, seed=3).problem
    # ``decompose=True`` forces what ``solve`` does by itself from DECOMPOSE_MIN_PAIRS on.
    s = solve(p, time_limit=600.0, seed=0, workers=1, deterministic_time=0.5, decompose=True)
    d = solve_decomposed(p, deterministic_time=0.5, **BUDGET)
    assert (s.assignments, s.penalties, s.uncovered) == (d.assignments, d.penalties, d.uncovered)
    _checked(p, s)


def test_window_fill_covers_what_the_greedy_rota_leaves_open() -> None:
    # Deterministic; the greedy rota leaves places open in this organisation.
    org = generate_org(6, 28, 2, seed=4)
    p = org.problem
    first = solve_parts(p, improve=False, **BUDGET).solution
    s = solve_decomposed(p, deterministic_time=1.5, **BUDGET)
    _checked(p, s)
    open_before = sum(u.missing for u in first.uncovered)
    open_after = sum(u.missing for u in s.uncovered)
    assert open_before > 0
    assert open_after < open_before
