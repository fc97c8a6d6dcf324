"""Guided best responses (``rota_engine.best_response``) and the solve that starts from them."""

from collections.abc import Callable
from dataclasses import replace
from typing import Any

import pytest

from rota_engine import best_response
from rota_engine import solve as solve_module
from rota_engine.build import Builder
from rota_engine.check import check
from rota_engine.model import Assignment, Problem, Solution
from rota_engine.rules import build

from .helpers import run
from .test_columns import optimum
from .test_subproblem import curtois_problem


def rounds(n: int) -> Callable[[float], float]:
    """A budget of ``n`` rounds (``search`` asks before each)."""
    asked = iter(range(n + 1))
    return lambda _: next(asked, n) / n


def search(
    p: Problem, n: int, seed: int = 0, workers: int = 1, improved: list[int] | None = None
) -> best_response.Result:
    b = build(Builder(p))
    walks = best_response.pricers(b)
    assert walks is not None
    return best_response.search(
        b, walks, seed=seed, workers=workers, used=rounds(n), cancelled=lambda: False,
        improved=(improved if improved is not None else []).append,
    )  # fmt: skip


def as_solution(p: Problem, rotas: tuple[frozenset[int], ...]) -> Solution:
    chosen = tuple(
        Assignment(p.shifts[j].id, p.staff[i].id) for i, rota in enumerate(rotas) for j in rota
    )
    return Solution(status="feasible", assignments=chosen)


def test_best_responses_make_a_legal_rota_whose_objective_the_checker_agrees_with() -> None:
    p = curtois_problem()
    seen: list[int] = []
    found = search(p, 20, improved=seen)
    assert found.rotas is not None and found.objective is not None
    report = check(p, as_solution(p, found.rotas))
    assert report.ok, report.lines()
    assert report.objective == found.objective
    # Every better rota was reported, the last one returned; none beats the optimum.
    assert seen == sorted(seen, reverse=True) and seen[-1] == found.objective
    assert found.objective >= optimum(p)
    assert found.deterministic_time > 0


def test_more_rounds_never_lose_and_the_guide_finds_better_than_one_round() -> None:
    p = curtois_problem()
    one, many = search(p, 1), search(p, 30)
    assert one.objective is not None and many.objective is not None
    assert many.objective < one.objective


def test_the_same_seed_gives_the_same_rota_in_one_thread_or_two() -> None:
    p = curtois_problem()
    one = search(p, 10, seed=3)
    assert one == search(p, 10, seed=3) == search(p, 10, seed=3, workers=2)


def test_hard_cover_limits_hold() -> None:
    # No over-cover allowed anywhere: every worker's minimum hours still pull them on shift.
    p = curtois_problem()
    capped = replace(p, shifts=tuple(replace(s, over_weight=None) for s in p.shifts))
    found = search(capped, 10)
    assert found.rotas is not None
    report = check(capped, as_solution(capped, found.rotas))
    assert report.ok, report.lines()
    on = [sum(j in rota for rota in found.rotas) for j in range(len(p.shifts))]
    assert all(n <= s.headcount for n, s in zip(on, p.shifts, strict=True))


def test_solve_starts_large_walked_problems_from_best_responses(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    p = curtois_problem()
    # A large problem not on columns, as Curtois Instance13.
    monkeypatch.setattr(solve_module, "LARGE_MODEL_PAIRS", 1)
    monkeypatch.setattr(solve_module, "COLUMNS_MAX_PAIRS", 0)
    found: list[best_response.Result] = []
    search_alone = best_response.search

    def recorded(*args: Any, **kwargs: Any) -> best_response.Result:
        found.append(search_alone(*args, **kwargs))
        return found[-1]

    monkeypatch.setattr(best_response, "search", recorded)
    first, again = run(p, det=1.0), run(p, det=1.0)  # the checker agrees with both
    assert len(found) == 2 and found[0] == found[1]
    assert first.assignments == again.assignments
    start = found[0]
    assert start.objective is not None and first.objective is not None
    assert first.objective <= start.objective
    # The steps after the responses spend what is left of the deterministic budget.
    assert first.deterministic_time is not None
    assert start.deterministic_time < first.deterministic_time


def test_cancelling_stops_between_batches_with_the_best_rota_so_far() -> None:
    p = curtois_problem()
    b = build(Builder(p))
    walks = best_response.pricers(b)
    assert walks is not None

    def cancelled_after(checks: int) -> best_response.Result:
        asked = iter(range(checks))
        return best_response.search(
            b, walks, seed=0, workers=1, used=lambda _: 0.0,
            cancelled=lambda: next(asked, None) is None, improved=lambda _: None,
        )  # fmt: skip

    # Before every worker has a rota: none; after a whole round: that round's rota.
    assert cancelled_after(1).rotas is None
    rounds_of_one = cancelled_after(2)  # the round's check and its one batch of six workers
    assert rounds_of_one.rotas is not None and rounds_of_one.objective is not None
