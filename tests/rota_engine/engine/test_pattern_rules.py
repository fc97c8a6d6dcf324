"""Runs, weekends, successions, limits, requests and preferences (Curtois-style rules)."""

import pytest

from rota_engine.model import Preference, ShiftRequest, Staff

from .helpers import problem, rules, run, shift, workers_of

PER_DAY = rules(max_shifts_per_day=1)


def days(n: int, who: tuple[str, ...], code: str = "D") -> list:  # type: ignore[type-arg]
    return [shift(f"{code}{d}", d, 8, 8, who, type_code=code, under_weight=1) for d in range(n)]


def test_max_consecutive_days() -> None:
    s = run(problem([Staff("a", max_consecutive_days=3)], days(7, ("a",)), rules=PER_DAY))
    assert len(s.assignments) == 6  # 3 on, 1 off, 3 on


def test_worked_days_before_count_towards_the_run() -> None:
    a = Staff("a", max_consecutive_days=3, worked_days_before=3)
    s = run(problem([a], days(4, ("a",)), rules=PER_DAY))
    assert "D0" not in {x.shift_id for x in s.assignments}
    assert len(s.assignments) == 3


def test_min_consecutive_days_and_days_off() -> None:
    # Only days 1 and 3 are wanted; a lone working day inside the horizon is not allowed,
    # so the best is to work days 1-3 (paying one over-cover) or skip one.
    shifts = [
        shift(f"D{d}", d, 8, 8, ("a",), type_code="D", headcount=1 if d in (1, 3) else 0,
              under_weight=10, over_weight=1)
        for d in range(6)
    ]  # fmt: skip
    a = Staff("a", min_consecutive_days=2, min_consecutive_days_off=2)
    s = run(problem([a], shifts, rules=PER_DAY))
    assert s.objective == 1
    assert {x.shift_id for x in s.assignments} == {"D1", "D2", "D3"}


def test_max_weekends() -> None:
    s = run(problem([Staff("a", max_weekends=1)], days(14, ("a",)), days=14, rules=PER_DAY))
    worked = {int(x.shift_id[1:]) for x in s.assignments}
    assert len(worked & {5, 6, 12, 13}) == 2
    assert not ({5, 6} & worked and {12, 13} & worked)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_equal_rotas_work_whole_weekends(seed: int) -> None:
    # Two shifts of the four leave two places open whichever are worked; working one day of a
    # weekend spends the limit as much as both, so the tie goes to the whole weekend.
    wanted = [shift(f"D{d}", d, 8, 8, ("a",), type_code="D", under_weight=1) for d in (2, 5, 6, 12)]
    a = Staff("a", max_weekends=1, max_minutes_horizon=2 * 8 * 60)
    s = run(problem([a], wanted, days=14, rules=PER_DAY), seed=seed)
    assert {x.shift_id for x in s.assignments} == {"D5", "D6"}
    assert (s.objective, s.bound, s.status) == (2, 2, "optimal")


def test_forbidden_succession() -> None:
    night = shift("N0", 0, 22, 8, ("a",), type_code="N")
    early = shift("E1", 1, 14, 8, ("a",), type_code="E", under_weight=3)
    s = run(problem([Staff("a")], [night, early], rules=rules(forbidden_successions=(("N", "E"),))))
    assert [(u.shift_id, u.reason) for u in s.uncovered] == [("E1", "succession")]


def test_max_shifts_per_type() -> None:
    a = Staff("a", max_shifts_per_type={"D": 2})
    s = run(problem([a], days(4, ("a",)), rules=PER_DAY))
    assert len(s.assignments) == 2
    assert {u.reason for u in s.uncovered} == {"max_shifts"}


def test_requests_decide_between_equal_workers() -> None:
    a = Staff("a", requests=(ShiftRequest("off", 3, day=0),))
    b = Staff("b", requests=(ShiftRequest("on", 2, day=1, type_code="D"),))
    c = Staff("c", requests=(ShiftRequest("on", 1, shift_id="D0"),))
    s = run(problem([a, b, c], days(2, ("a", "b", "c")), rules=PER_DAY))
    assert workers_of(s, "D0") == {"c"}
    assert workers_of(s, "D1") == {"b"}
    assert s.objective == 0


def test_preferences_pick_the_favourite_and_avoid_the_disliked() -> None:
    fav = shift("s", 0, 8, 8, ("a", "b"), preferences=(Preference("b", 4),))
    avoid = shift("t", 1, 8, 8, ("a", "b"), preferences=(Preference("a", -4),))
    s = run(problem([Staff("a"), Staff("b")], [fav, avoid]))
    assert workers_of(s, "s") == {"b"}
    assert workers_of(s, "t") == {"b"}
    assert s.objective == 0
