"""Column generation and its dive (``rota_engine.columns``)."""

from collections.abc import Callable

import pytest
from ortools.sat.python import cp_model

from rota_engine import columns
from rota_engine.build import Builder
from rota_engine.check import check
from rota_engine.model import Assignment, Problem, ShiftRequest, Solution, Staff
from rota_engine.rules import build
from rota_engine.solver import make_solver

from .helpers import problem, run, shift
from .test_subproblem import curtois_problem, patterns_rota


def optimum(p: Problem) -> int:
    b = build(Builder(p))
    solver = make_solver(seed=0, workers=1, deterministic_time=None, time_limit=120)
    assert solver.solve(b.model) == cp_model.OPTIMAL
    return round(solver.objective_value)


def dive(
    p: Problem, used: Callable[[float], float] = lambda _: 0.0, cancel: bool = False
) -> columns.Result:
    b = build(Builder(p))
    return columns.dive(b, patterns_rota(p), seed=0, workers=1, used=used, cancelled=lambda: cancel)


def as_solution(p: Problem, pairs: tuple[tuple[int, int], ...]) -> Solution:
    chosen = tuple(Assignment(p.shifts[j].id, p.staff[i].id) for j, i in pairs)
    return Solution(status="feasible", assignments=chosen)


def test_the_bound_and_the_dive_frame_the_optimum() -> None:
    p = curtois_problem()
    best = optimum(p)
    found = dive(p)
    assert found.pairs is not None and found.bound is not None and found.objective is not None
    assert found.bound <= best <= found.objective
    report = check(p, as_solution(p, found.pairs))
    assert report.ok, report.lines()
    assert report.objective == found.objective


def test_the_dive_is_reproducible() -> None:
    p = curtois_problem()
    assert dive(p) == dive(p)


def test_the_dive_gives_up_when_its_first_rounds_take_too_long() -> None:
    # A fifth of the time gone after five rounds: the root would need more than its share.
    assert dive(curtois_problem(), used=lambda _: 0.2).pairs is None


def test_no_dive_from_a_programme_short_of_its_optimum_when_time_runs_out() -> None:
    p = curtois_problem()
    assert dive(p, used=lambda spent: 0.0 if spent == 0 else 1.0).pairs is None


def test_a_cancelled_dive_returns_no_rota() -> None:
    assert dive(curtois_problem(), cancel=True).pairs is None


def test_no_rota_breaks_a_hard_cover_limit() -> None:
    # One place (no over-cover weight: at most one worker), which both workers ask for.
    wanted = shift("s", 0, 9, 8, ("a", "b"))
    asks = (ShiftRequest(kind="on", weight=5, shift_id="s"),)
    p = problem([Staff(id="a", requests=asks), Staff(id="b", requests=asks)], [wanted])
    found = dive(p)
    assert found.pairs is not None and len(found.pairs) == 1
    assert found.objective == 5 == optimum(p)


def test_solve_proves_the_optimum_with_the_bound() -> None:
    p = curtois_problem()
    s = run(p, det=5.0)
    assert s.status == "optimal"
    assert s.objective == optimum(p) == s.bound


def test_the_rotas_the_programme_takes_stand_when_the_finish_gets_no_time(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    p = curtois_problem()
    searched = dive(p)
    monkeypatch.setattr(columns, "FINISH_DETERMINISTIC", 0.0)
    fallen_back = dive(p)
    assert fallen_back.pairs == searched.pairs
    assert fallen_back.objective == searched.objective


def test_more_dives_never_end_worse_than_the_first(monkeypatch: pytest.MonkeyPatch) -> None:
    p = curtois_problem()
    several = dive(p)
    monkeypatch.setattr(columns, "DIVES", 1)
    first = dive(p)
    assert several.objective is not None and first.objective is not None
    assert several.objective <= first.objective


def test_time_running_out_near_the_end_of_a_dive_still_gives_its_rota(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(columns, "DIVES", 1)
    p = curtois_problem()
    asked = 0

    def unhurried(_: float) -> float:
        nonlocal asked
        asked += 1
        return 0.0

    dive(p, used=unhurried)
    for cut in range(asked - 5, asked + 1):
        calls = iter(range(asked + 1))
        found = dive(p, used=lambda _, cut=cut, calls=calls: float(next(calls) >= cut))
        assert found.pairs is not None, cut
        report = check(p, as_solution(p, found.pairs))
        assert report.ok and report.objective == found.objective, cut


def test_the_dive_gives_up_when_the_programme_takes_too_many_rounds(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(columns, "ROOT_ROUNDS", 2)
    assert dive(curtois_problem()).pairs is None


def test_choosing_again_among_the_rotas_found_never_loses_and_keeps_the_rules(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(columns, "DIVES", 1)
    p = curtois_problem()
    found = dive(p)
    assert found.pairs is not None and found.objective is not None
    assert sum(len(rotas) for rotas in found.rotas) > len(p.staff)
    solver = make_solver(seed=0, workers=1, deterministic_time=5.0)
    chosen = columns.choose(build(Builder(p)), found.rotas, found.pairs, solver)
    assert chosen is not None
    pairs, objective = chosen
    assert objective <= found.objective
    report = check(p, as_solution(p, pairs))
    assert report.ok, report.lines()
    assert report.objective == objective


def test_choosing_keeps_a_hard_cover_limit_the_start_breaks() -> None:
    wanted = shift("s", 0, 9, 8, ("a", "b"))
    asks = (ShiftRequest(kind="on", weight=5, shift_id="s"),)
    p = problem([Staff(id="a", requests=asks), Staff(id="b", requests=asks)], [wanted])
    # Each worker: off (the request unmet) or on the one place.
    rotas = ({frozenset(): 5, frozenset({0}): 0},) * 2
    solver = make_solver(seed=0, workers=1, deterministic_time=1.0)
    chosen = columns.choose(build(Builder(p)), rotas, ((0, 0), (0, 1)), solver)
    assert chosen is not None
    pairs, objective = chosen
    assert len(pairs) == 1 and objective == 5 == optimum(p)


def test_dives_that_stop_finding_better_rotas_say_so(monkeypatch: pytest.MonkeyPatch) -> None:
    p = curtois_problem()
    monkeypatch.setattr(columns, "STALE_DIVES", 1)
    stale = dive(p)
    monkeypatch.setattr(columns, "STALE_DIVES", columns.DIVES + 1)
    every = dive(p)
    # The first dive that ends no better than the best stops them.
    assert stale.stale and not every.stale
    assert stale.objective is not None and every.objective is not None
    assert every.objective <= stale.objective
    assert sum(map(len, stale.rotas)) < sum(map(len, every.rotas))


def branch(p: Problem, start: list[tuple[int, int]], best: int, **kw) -> columns.Branched:  # type: ignore[no-untyped-def]
    b = build(Builder(p))
    return columns.branch(
        b, start, best, seed=0, used=kw.get("used", lambda _: 0.0), cancelled=lambda: False
    )


def test_branch_and_price_finds_the_optimum_and_proves_it() -> None:
    p = curtois_problem()
    best = optimum(p)
    start = patterns_rota(p)
    first = check(p, as_solution(p, tuple(start))).objective
    assert first > best  # else the test proves nothing
    found = branch(p, start, first)
    assert found.proved and found.pairs is not None and found.objective == best
    report = check(p, as_solution(p, found.pairs))
    assert report.ok, report.lines()
    assert report.objective == best


def test_branch_and_price_from_the_optimum_proves_nothing_is_better() -> None:
    p = curtois_problem()
    best = optimum(p)
    found = branch(p, patterns_rota(p), best)
    assert found.proved and found.pairs is None


def test_branch_and_price_out_of_time_proves_nothing() -> None:
    p = curtois_problem()
    start = patterns_rota(p)
    first = check(p, as_solution(p, tuple(start))).objective
    found = branch(p, start, first, used=lambda _: 1.0)
    assert not found.proved and found.pairs is None and found.deterministic_time == 0


def test_branch_and_price_is_reproducible() -> None:
    p = curtois_problem()
    start = patterns_rota(p)
    first = check(p, as_solution(p, tuple(start))).objective
    assert branch(p, start, first) == branch(p, start, first)
