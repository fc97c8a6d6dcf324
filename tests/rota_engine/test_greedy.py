"""The greedy first-fit baseline obeys every hard rule it can break by adding a shift."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from rota_engine.check import check
from rota_engine.generate import generate_org
from rota_engine.greedy import greedy
from rota_engine.model import Problem, Shift, SkillValidity, Staff

LONDON = ZoneInfo("Europe/London")
MINIMUMS = {"contract_min_horizon", "min_consecutive_days", "min_consecutive_days_off"}


def test_greedy_on_a_generated_org_breaks_no_rule_first_fit_controls() -> None:
    org = generate_org(6, 30, 2, seed=1)
    solution = greedy(org.problem)
    report = check(org.problem, solution)
    assert report.rules_broken() <= MINIMUMS
    assert solution.objective == report.objective
    slots = sum(s.headcount for s in org.problem.shifts)
    covered = slots - sum(u.missing for u in solution.uncovered)
    assert covered == len(solution.assignments)
    assert covered / slots > 0.8


def test_greedy_is_deterministic() -> None:
    problem = generate_org(5, 25, 1, seed=4).problem
    assert greedy(problem).assignments == greedy(problem).assignments


def _at(day: int, hour: int) -> datetime:
    return datetime(2026, 3, 2, hour, tzinfo=LONDON) + timedelta(days=day)


def test_rest_and_skills_steer_the_choice() -> None:
    staff = (
        Staff("A", core_for=("P",)),
        Staff("B", core_for=("P",), skills=(SkillValidity("meds"),)),
        Staff("C"),
    )
    shifts = (
        Shift("late", _at(0, 14), _at(0, 22), 0, person_id="P", eligible=("A", "B", "C")),
        Shift("early", _at(1, 7), _at(1, 15), 1, person_id="P", eligible=("A", "C")),
        Shift(
            "pair",
            _at(2, 10),
            _at(2, 14),
            2,
            person_id="P",
            headcount=2,
            required_skills=("meds",),
            skill_mode="at_least_one",
            eligible=("A", "C"),
        ),
        Shift("empty", _at(3, 9), _at(3, 12), 3, person_id="P"),
    )
    problem = Problem(start=date(2026, 3, 2), days=7, staff=staff, shifts=shifts)
    solution = greedy(problem)
    pairs = {(a.shift_id, a.staff_id) for a in solution.assignments}
    assert ("late", "A") in pairs  # core first
    assert ("early", "C") in pairs  # A would rest only 9 h
    assert not any(a.shift_id == "pair" for a in solution.assignments)  # nobody holds meds
    reasons = {u.shift_id: u.reason for u in solution.uncovered}
    assert reasons == {"pair": "no_valid_skill", "empty": "no_team"}
    assert check(problem, solution).ok
