"""Neighbourhood steps on models of a slice alone (``rota_engine.subproblem``)."""

from dataclasses import replace
from typing import Any

import pytest
from ortools.sat.python import cp_model

from rota_engine import patterns
from rota_engine import solve as solve_module
from rota_engine.build import Builder
from rota_engine.check import check
from rota_engine.io.curtois import to_problem
from rota_engine.io.curtois_parse import parse_curtois
from rota_engine.lns import CHAIN_REACH, Neighbourhoods, WholeModel
from rota_engine.model import Assignment, Problem, Solution, Weights
from rota_engine.rules import build
from rota_engine.solver import solve_fixed
from rota_engine.subproblem import Rota, Slice, Step, separable

from .helpers import problem, run, shift

# Six workers, two weeks, early and late shifts (no early after a late), requests both ways.
INSTANCE = """\
SECTION_HORIZON
14
SECTION_SHIFTS
E,480,
L,480,E
SECTION_STAFF
A,E=14|L=14,4800,2880,5,2,2,1
B,E=14|L=14,4800,2880,5,2,2,1
C,E=14|L=0,4320,2400,4,1,1,2
D,E=0|L=14,4320,2400,4,1,1,2
E,E=14|L=14,3840,1920,3,1,1,1
F,E=14|L=14,3840,0,5,1,2,2
SECTION_DAYS_OFF
A,3
C,10,11
SECTION_SHIFT_ON_REQUESTS
B,2,L,3
E,6,E,2
SECTION_SHIFT_OFF_REQUESTS
A,5,E,2
F,8,L,4
SECTION_COVER
"""
COVER = "".join(f"{d},E,{2 + d % 2},100,1\n{d},L,{2 - (d % 3 == 0)},100,1\n" for d in range(14))


def curtois_problem() -> Problem:
    return to_problem(parse_curtois(INSTANCE + COVER))


def patterns_rota(p: Problem) -> list[tuple[int, int]]:
    pairs = patterns.first_rota(build(Builder(p)), 0, lambda: False)
    assert pairs is not None
    return pairs


def start(b: Builder) -> Rota:
    """The rota built worker by worker, with its objective from the whole model."""
    pairs = patterns_rota(b.problem)
    return Rota(b, pairs, held_objective(b, set(pairs)))


def assigned(rota: Rota) -> set[tuple[int, int]]:
    return {(j, i) for j, staff in enumerate(rota.on_shift) for i in staff}


def held_objective(b: Builder, pairs: set[tuple[int, int]]) -> int:
    holder = solve_fixed(b.model, {x.index: int(k in pairs) for k, x in b.x.items()}, 10.0)
    assert holder is not None, "the rota breaks a hard rule"
    return round(holder.objective_value)


def as_solution(b: Builder, rota: Rota) -> Solution:
    p = b.problem
    return Solution(
        status="feasible",
        assignments=tuple(Assignment(p.shifts[j].id, p.staff[i].id) for j, i in assigned(rota)),
    )


def step(rota: Rota, cut: Slice, seed: int = 0, det: float = 1.0) -> None:
    rota.step(
        cut, seed=seed, workers=1, time_limit=30.0, deterministic_time=det, register=lambda _: None
    )


def test_the_steps_keep_every_rule_and_count_the_objective_exactly() -> None:
    p = curtois_problem()
    b = build(Builder(p))
    rota = start(b)
    hood = Neighbourhoods(b, seed=3)
    hood.fraction = 0.4
    first = rota.objective
    for n in range(25):
        before = assigned(rota)
        cut = hood.pick(rota.hot_days(), rota.short_places())
        step(rota, cut, seed=n, det=0.2)
        after = assigned(rota)
        outside = {
            (j, i) for j, i in before if i not in cut.staff or p.shifts[j].day not in cut.days
        }
        assert outside <= after, "a step changed the rota outside its slice"
        assert rota.objective == held_objective(b, after)
        report = check(p, as_solution(b, rota))
        assert report.ok, report.lines()
        assert report.objective == rota.objective
    assert rota.objective < first


def test_short_places_name_who_could_take_them() -> None:
    p = curtois_problem()
    b = build(Builder(p))
    rota = start(b)
    days = [{p.shifts[j].day for j in rota.of_staff[i]} for i in range(len(p.staff))]
    short = [j for j, staff in enumerate(rota.on_shift) if len(staff) < p.shifts[j].headcount]
    assert short, "the pattern rota leaves no place open: the test needs one"
    places = rota.short_places()
    assert [day for day, _, _ in places] == [p.shifts[j].day for j in short]
    for j, (day, idle, beside) in zip(short, places, strict=True):
        assert idle == [i for i in b.by_shift[j] if day not in days[i]]
        assert beside == [i for i in idle if {day - 1, day + 1} & days[i]]
    # The whole model's rota names the same places.
    values = [0] * len(b.model.proto.variables)
    for (j, i), x in b.x.items():
        values[x.index] = int(i in rota.on_shift[j])
    assert WholeModel(b, values, rota.objective).short_places() == places


def test_a_chain_slice_holds_workers_who_could_fill_a_short_place() -> None:
    p = curtois_problem()
    b = build(Builder(p))
    hood = Neighbourhoods(b, seed=0)
    place = (7, [0, 2, 4], [2])
    for _ in range(20):
        cut = hood._chain(place, staff_n=2)
        assert 2 in cut.staff
        assert len(cut.staff) == 3
        assert cut.days == frozenset(range(7 - CHAIN_REACH, min(p.days, 7 + CHAIN_REACH + 1)))


def test_a_step_over_everything_reaches_the_optimum() -> None:
    p = curtois_problem()
    b = build(Builder(p))
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.max_deterministic_time = 30.0
    assert solver.solve(b.model) == cp_model.OPTIMAL
    rota = start(b)
    assert rota.objective > solver.objective_value
    step(rota, Slice(tuple(range(len(p.staff))), frozenset(range(p.days))), det=30.0)
    assert rota.objective == round(solver.objective_value)


def test_only_problems_tied_by_cover_alone_are_solved_in_parts() -> None:
    p = curtois_problem()
    assert separable(p)
    assert not separable(replace(p, previous=()))
    assert not separable(replace(p, weights=replace(p.weights, fairness_weekends=1)))
    for_a_person = replace(p.shifts[0], person_id="p1")
    with_person = replace(p, shifts=(for_a_person, *p.shifts[1:]))
    assert separable(with_person)
    assert not separable(replace(with_person, weights=replace(p.weights, continuity=5)))
    pair = shift("pair", 0, 8, 16, ("a", "b"), headcount=2)
    pair = replace(pair, required_skills=("epilepsy",), skill_mode="at_least_one")
    assert not separable(problem([], [pair], weights=Weights()))


def test_solve_improves_a_large_rota_in_parts(monkeypatch: pytest.MonkeyPatch) -> None:
    p = curtois_problem()
    first = held_objective(build(Builder(p)), set(patterns_rota(p)))
    # A first rota (best responses: every worker here is walked) and steps in parts, as for
    # a large problem.
    monkeypatch.setattr(solve_module, "PATTERNS_FIRST_PAIRS", 1)
    monkeypatch.setattr(solve_module, "LARGE_MODEL_PAIRS", 1)
    monkeypatch.setattr(solve_module, "COLUMNS_MAX_PAIRS", 0)
    taken: list[Slice] = []
    step_alone = Rota.step

    def counted(rota: Rota, cut: Slice, **budget: Any) -> Step:
        taken.append(cut)
        return step_alone(rota, cut, **budget)

    monkeypatch.setattr(Rota, "step", counted)
    solution = run(p, det=1.0)
    assert taken, "no step was solved in parts"
    assert solution.objective is not None and solution.objective < first


def test_without_neighbourhoods_the_full_search_starts_from_the_pattern_rota(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    p = curtois_problem()
    first = held_objective(build(Builder(p)), set(patterns_rota(p)))
    monkeypatch.setattr(solve_module, "PATTERNS_FIRST_PAIRS", 1)
    s = solve_module.solve(p, time_limit=600, workers=1, deterministic_time=1.0, lns=False)
    assert s.deterministic_time > 0
    assert s.objective is not None and s.objective <= first


def test_the_pattern_rota_stands_when_the_hinted_search_finds_nothing(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(solve_module, "PATTERNS_FIRST_PAIRS", 1)
    # Almost no effort after the patterns: the full search ends before taking up its hint.
    s = run(curtois_problem(), det=1e-6)
    assert s.status == "feasible"
    assert s.objective is not None
