"""The generator builds an organisation around a planted rota that is legal and complete."""

from __future__ import annotations

from collections import Counter

import pytest

from rota_engine.check import check
from rota_engine.generate import generate, generate_org


@pytest.mark.parametrize(("people", "staff", "weeks", "seed"), [(6, 30, 2, 1), (10, 45, 4, 7)])
def test_planted_rota_passes_the_checker_and_covers_everything(
    people: int, staff: int, weeks: int, seed: int
) -> None:
    org = generate_org(people, staff, weeks, seed)
    report = check(org.problem, org.planted)
    assert report.ok, report.lines()[:10]
    assert report.penalties["uncovered"] == 0
    assert len(org.problem.staff) == staff
    assert org.problem.days == 7 * weeks
    assert 0.90 <= org.demand_minutes / org.capacity_minutes <= 0.95


def test_deterministic_per_seed() -> None:
    assert generate(5, 25, 1, seed=3) == generate(5, 25, 1, seed=3)
    assert generate(5, 25, 1, seed=3) != generate(5, 25, 1, seed=4)


def test_reference_scale_has_the_mix_of_packages() -> None:
    org = generate_org(32, 150, 4, seed=0)
    problem = org.problem
    assert len(problem.staff) == 150
    kinds = Counter(s.kind for s in problem.shifts)
    assert kinds["sleep_in"] and kinds["waking_night"] and kinds["day"]
    assert any(s.headcount == 2 and s.skill_mode == "at_least_one" for s in problem.shifts)
    assert any(s.required_skills for s in problem.shifts)
    teams = {s.person_id: s.eligible for s in problem.shifts}
    assert len(teams) == 32
    sizes = sorted(len(t) for t in teams.values())
    assert sizes[0] >= 3 and sizes[len(sizes) // 2] <= 8
    assert any(m.unavailable for m in problem.staff)
    assert any(m.requests for m in problem.staff)
    assert any(m.min_minutes_per_week is None for m in problem.staff)  # bank staff
    # Weekly support hours per person range from part-time to 24/7.
    hours: Counter[str | None] = Counter()
    for s in problem.shifts:
        hours[s.person_id] += s.minutes * s.headcount
    weekly = sorted(v / 60 / problem.weeks for v in hours.values())
    assert weekly[0] <= 40 and weekly[-1] >= 168


def test_nights_across_the_clock_change_last_eleven_hours() -> None:
    problem = generate(6, 30, 4, seed=2)
    nights = [s for s in problem.shifts if s.kind != "day" and s.day == 19]  # Sat 24 Oct 2026
    assert nights and all(s.minutes == 11 * 60 for s in nights)


def test_bad_arguments() -> None:
    with pytest.raises(ValueError, match="at least 1"):
        generate(0, 10, 1, seed=0)


@pytest.mark.parametrize("seed", range(5))
def test_planted_rota_is_legal_for_many_seeds(seed: int) -> None:
    org = generate_org(5, 24, 3, seed)
    report = check(org.problem, org.planted)
    assert report.ok, report.lines()[:10]
    assert report.penalties["uncovered"] == 0


def test_generated_scenario_survives_the_json_format() -> None:
    from rota_engine.io.scenario import dump_problem, dump_solution, load_problem, load_solution

    org = generate_org(4, 20, 2, seed=5)
    assert load_problem(dump_problem(org.problem)) == org.problem
    assert load_solution(dump_solution(org.planted)) == org.planted


def test_bench_metrics_on_the_planted_rota() -> None:
    from bench.rota_metrics import continuity, covered_fraction

    org = generate_org(4, 20, 2, seed=5)
    assert covered_fraction(org.problem, org.planted) == 1.0
    assert 1.0 <= continuity(org.problem, org.planted) <= 8.0
