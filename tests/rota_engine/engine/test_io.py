"""Scenario and solution JSON: round trips, published schemas, errors with paths."""

import json
from datetime import date
from pathlib import Path

import pytest

from rota_engine.io import scenario as io
from rota_engine.model import (
    Assignment,
    Interval,
    Preference,
    ShiftRequest,
    SkillValidity,
    Staff,
)

from .helpers import at, problem, rules, run, shift

SCHEMAS = Path(io.__file__).parent / "schemas"


def rich_problem():  # type: ignore[no-untyped-def]
    staff = [
        Staff(
            "a",
            name="Asha",
            skills=(SkillValidity("epilepsy", date(2025, 1, 1), date(2027, 1, 1)),),
            unavailable=(Interval(at(3, 0), at(4, 0), "leave"),),
            requests=(ShiftRequest("off", 2, day=1), ShiftRequest("on", 1, shift_id="s0")),
            max_shifts_per_type={"D": 5},
            core_for=("p",),
            last_shift_end=at(-1, 22),
            target_minutes_per_week=1200,
        ),
        Staff("b", opted_out_48h=True, history_minutes=600, history_days=7),
    ]
    shifts = [
        shift("s0", 0, 8, 8, ("a", "b"), person_id="p", type_code="D",
              preferences=(Preference("a", 3),), required_skills=("epilepsy",),
              skill_mode="at_least_one", headcount=2),
        shift("s1", 1, 22, 9, ("a", "b"), kind="sleep_in", locked=("b",)),
    ]  # fmt: skip
    return problem(
        staff, shifts, rules=rules(forbidden_successions=(("N", "E"),)),
        previous=(Assignment("s0", "a"),), now=at(0, 0), name="round trip",
    )  # fmt: skip


def test_scenario_round_trip() -> None:
    p = rich_problem()
    text = io.dump_problem(p)
    assert json.loads(text)["format"] == "ownterms-rota/1"
    assert io.load_problem(text) == p


def test_solution_round_trip() -> None:
    s = run(rich_problem())
    assert io.load_solution(io.dump_solution(s)) == s


def test_published_schemas_match_the_model() -> None:
    assert io.published_schema("scenario") == io.scenario_schema()
    assert io.published_schema("solution") == io.solution_schema()


def test_day_defaults_to_the_local_start_date() -> None:
    doc = io.problem_to_json(rich_problem())
    del doc["shifts"][1]["day"]
    assert io.problem_from_json(doc).shifts[1].day == 1


@pytest.mark.parametrize(
    ("change", "path"),
    [
        (lambda d: d["shifts"][0].update(headcount="two"), "$.shifts[0].headcount"),
        (lambda d: d["shifts"][1].update(start="tomorrow"), "$.shifts[1].start"),
        (lambda d: d["shifts"][1].update(end="2026-03-03T08:00:00"), "$.shifts[1].end"),
        (lambda d: d["shifts"][0].update(end=d["shifts"][0]["start"]), "$.shifts[0].end"),
        (lambda d: d["staff"][1].update(id="a"), "$.staff[1].id"),
        (lambda d: d["shifts"][0]["eligible"].append("zed"), "$.shifts[0].eligible[2]"),
        (lambda d: d["staff"][0].update(history_minutes=-5), "$.staff[0].history_minutes"),
        (lambda d: d.pop("horizon"), "$"),
        (lambda d: d["horizon"].update(tz="Mars/Olympus"), "$.horizon.tz"),
        (lambda d: d["staff"][0].update(colour="red"), "$.staff[0]"),
    ],
)
def test_errors_name_the_place(change, path: str) -> None:  # type: ignore[no-untyped-def]
    doc = io.problem_to_json(rich_problem())
    change(doc)
    with pytest.raises(io.ScenarioError) as info:
        io.problem_from_json(doc)
    assert path in [p for p, _ in info.value.errors], info.value.errors


def test_malformed_json_names_line() -> None:
    with pytest.raises(io.ScenarioError) as info:
        io.load_problem('{"format": ')
    assert info.value.errors[0][0].startswith("line 1")
