"""Impossible or malformed input is explained, never a crash."""

from datetime import timedelta

import pytest

from rota_engine.model import Interval, ProblemInputError, Staff
from rota_engine.solve import solve

from .helpers import at, problem, run, shift


def test_minimum_hours_above_availability_names_the_worker() -> None:
    shifts = [shift("s1", 0, 8, 8, ("a",)), shift("s2", 1, 8, 8, ("a",))]
    s = run(problem([Staff("a", min_minutes_horizon=2000)], shifts))
    assert s.status == "infeasible"
    assert [(e.code, e.ids, e.path) for e in s.errors] == [
        ("min_hours_exceed_availability", ("a",), "staff[0].min_minutes_horizon")
    ]


def test_contradiction_found_by_search_is_named() -> None:
    # Both shifts are open to "a" but overlap, so 960 minutes cannot be reached.
    shifts = [shift("s1", 0, 8, 8, ("a",)), shift("s2", 0, 9, 8, ("a",))]
    s = run(problem([Staff("a", min_minutes_horizon=960)], shifts))
    assert s.status == "infeasible"
    assert [(e.code, e.ids) for e in s.errors] == [("min_hours_unreachable", ("a",))]


def test_locked_worker_on_leave_is_an_input_error() -> None:
    leave = Interval(at(0, 0), at(0, 0) + timedelta(days=2), "leave")
    p = problem([Staff("a", unavailable=(leave,))], [shift("s1", 0, 8, 8, ("a",), locked=("a",))])
    s = run(p)
    assert s.status == "infeasible"
    assert s.errors[0].code == "locked_not_allowed"
    assert s.errors[0].ids == ("s1", "a")


def test_leave_is_explained_as_unavailable() -> None:
    leave = Interval(at(0, 0), at(1, 0), "leave")
    s = run(problem([Staff("a", unavailable=(leave,))], [shift("s1", 0, 8, 8, ("a",))]))
    assert [(u.reason, u.params["staff_ids"]) for u in s.uncovered] == [("all_unavailable", ["a"])]


def test_malformed_problem_raises_with_paths() -> None:
    bad = shift("s1", 0, 8, 8, ("a", "ghost"))
    backwards = shift("s2", 0, 8, 8, ("a",))
    backwards = type(backwards)(**{**backwards.__dict__, "end": backwards.start})
    with pytest.raises(ProblemInputError) as info:
        solve(problem([Staff("a")], [bad, backwards]), time_limit=1, workers=1)
    paths = {e.path for e in info.value.errors}
    assert paths == {"shifts[0].eligible[1]", "shifts[1].end"}
