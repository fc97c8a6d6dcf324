"""The Curtois roster evaluator and the plain CP-SAT baseline agree with each other."""

from __future__ import annotations

import random

import pytest
from bench._common import CURTOIS_DIR
from bench.curtois_eval import evaluate, roster_from_rows
from bench.plain_curtois import solve_plain

from rota_engine.check import check
from rota_engine.io.curtois import shift_id, to_problem
from rota_engine.io.curtois_parse import parse_curtois
from rota_engine.model import Assignment, Solution

INSTANCE1 = CURTOIS_DIR / "Instance1.txt"
SMALL = """\
SECTION_HORIZON
7
SECTION_SHIFTS
E,480,
L,480,E
SECTION_STAFF
A,E=5|L=5,2400,960,3,2,2,1
B,E=0|L=5,2400,0,5,1,1,0
SECTION_DAYS_OFF
A,0
SECTION_SHIFT_ON_REQUESTS
A,1,E,2
SECTION_SHIFT_OFF_REQUESTS
B,2,L,3
SECTION_COVER
1,E,1,100,1
2,L,1,100,1
"""


def test_evaluator_objective_on_a_hand_roster() -> None:
    instance = parse_curtois(SMALL)
    roster = roster_from_rows([("A", 1, "E"), ("A", 2, "E"), ("B", 2, "L")])
    result = evaluate(instance, roster)
    assert result.feasible, result.violations
    # cover met on both rows; request on met; off-request of B on day 2 violated (3);
    # over-cover: day 2 E has no cover row, so it costs nothing.
    assert (result.cover_penalty, result.request_penalty, result.objective) == (0, 3, 3)


@pytest.mark.parametrize(
    ("rows", "rule"),
    [
        ([("A", 0, "E"), ("A", 1, "E")], "day_off"),
        ([("A", 1, "L"), ("A", 2, "E")], "succession"),
        ([("B", 1, "E")], "max_shifts"),
        ([("A", 1, "E")], "total_minutes"),
        ([("A", d, "E") for d in range(1, 5)], "max_consecutive"),
        ([("A", 1, "E"), ("A", 2, "E"), ("A", 4, "E")], "min_consecutive"),
        ([("A", 1, "E"), ("A", 2, "E"), ("A", 4, "E"), ("A", 5, "E")], "min_days_off"),
        ([("B", 5, "L")], "max_weekends"),
        ([("Z", 1, "E")], "unknown"),
    ],
)
def test_evaluator_catches_each_hard_rule(rows: list[tuple[str, int, str]], rule: str) -> None:
    result = evaluate(parse_curtois(SMALL), roster_from_rows(rows))
    assert rule in {v.rule for v in result.violations}


def test_runs_touching_the_horizon_ends_are_exempt() -> None:
    instance = parse_curtois(SMALL)
    # A works days 5-6 only: a 2-day run at the end; the days-off run 0-4 touches the start.
    result = evaluate(instance, roster_from_rows([("A", 5, "E"), ("A", 6, "E")]))
    assert not {v.rule for v in result.violations} & {"min_consecutive", "min_days_off"}


@pytest.mark.skipif(not INSTANCE1.exists(), reason="benchmark files not present")
def test_plain_model_on_instance1_agrees_with_the_evaluator() -> None:
    instance = parse_curtois(INSTANCE1.read_text())
    result = solve_plain(instance, time_limit=60, seed=1, workers=1, deterministic_limit=20)
    check = evaluate(instance, result.roster)
    assert check.feasible, check.violations
    assert result.status == "OPTIMAL"  # at the optimum the cover slack is tight
    assert check.objective == result.objective == result.solver_objective == 607


def _as_solution(roster: dict[tuple[str, int], str]) -> Solution:
    return Solution(
        status="feasible",
        assignments=tuple(Assignment(shift_id(d, t), e) for (e, d), t in sorted(roster.items())),
    )


@pytest.mark.parametrize("name", ["Instance1", "Instance2", "Instance3"])
def test_checker_and_curtois_evaluator_agree_on_solved_and_mutated_rosters(name: str) -> None:
    path = INSTANCE1.with_name(f"{name}.txt")
    if not path.exists():
        pytest.skip("benchmark files not present")
    instance = parse_curtois(path.read_text())
    problem = to_problem(instance)
    result = solve_plain(instance, time_limit=60, seed=2, workers=1, deterministic_limit=1)
    rng = random.Random(name)
    roster = dict(result.roster)
    shift_types = [s.id for s in instance.shifts]
    staff_ids = [s.id for s in instance.staff]
    for step in range(40):
        expected = evaluate(instance, roster)
        report = check(problem, _as_solution(roster))
        assert report.objective == expected.objective, step
        assert report.ok == expected.feasible, (step, report.lines()[:3], expected.violations[:3])
        key = (rng.choice(staff_ids), rng.randrange(instance.days))
        if key in roster and rng.random() < 0.5:
            del roster[key]
        else:
            roster[key] = rng.choice(shift_types)
