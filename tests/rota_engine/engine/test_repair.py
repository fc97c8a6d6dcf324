"""Repair mode: history before now stays, and the fewest assignments change."""

from dataclasses import replace
from datetime import timedelta

from rota_engine.model import Assignment, Interval, Staff

from .helpers import at, pairs, problem, run, shift


def base() -> tuple[list[Staff], list]:  # type: ignore[type-arg]
    team = ("a", "b", "c")
    shifts = [shift(f"s{d}", d, 8, 8, team, person_id="p") for d in range(7)]
    return [Staff("a"), Staff("b"), Staff("c")], shifts


def test_sick_worker_changes_only_their_shifts() -> None:
    staff, shifts = base()
    previous = tuple(Assignment(f"s{d}", "abc"[d % 3]) for d in range(7))
    sick = Interval(at(2, 0), at(2, 0) + timedelta(days=3), "sick")
    staff[0] = replace(staff[0], unavailable=(sick,))
    p = problem(staff, shifts, previous=previous, now=at(1, 12))
    s = run(p)
    before = {(a.shift_id, a.staff_id) for a in previous}
    changed = before ^ pairs(s)
    # "a" worked s3 (day 3, inside the sickness): that shift alone moves.
    assert changed == {("s3", "a"), ("s3", next(w for sh, w in pairs(s) if sh == "s3"))}
    assert s.penalties["changes"] == 2 * p.weights.changes
    assert s.uncovered == ()


def test_history_before_now_is_locked_even_if_worse() -> None:
    staff, shifts = base()
    # The old rota left s0 uncovered; it is history and stays so.
    previous = tuple(Assignment(f"s{d}", "b") for d in range(1, 7))
    s = run(problem(staff, shifts, previous=previous, now=at(0, 20)))
    assert not any(a.shift_id == "s0" for a in s.assignments)
    assert pairs(s) == {(a.shift_id, a.staff_id) for a in previous}


def test_new_shift_is_added_without_moving_others() -> None:
    staff, shifts = base()
    previous = tuple(Assignment(f"s{d}", "abc"[d % 3]) for d in range(7))
    extra = shift("x", 3, 18, 4, ("a", "b", "c"), person_id="p")
    s = run(problem(staff, [*shifts, extra], previous=previous, now=at(0, 0)))
    before = {(a.shift_id, a.staff_id) for a in previous}
    assert before <= pairs(s)
    assert len(pairs(s) - before) == 1


def test_events_helpers_build_a_repair_problem() -> None:
    from rota_engine.events import new_shift, off_sick, repairing

    staff, shifts = base()
    first = run(problem(staff, shifts))
    p = repairing(problem(staff, shifts), first, at(1, 0))
    p = off_sick(p, "a", at(2, 0), at(5, 0))
    p = new_shift(p, shift("extra", 4, 18, 4, ("a", "b", "c"), person_id="p"))
    s = run(p)
    before = {(a.shift_id, a.staff_id) for a in first.assignments}
    moved = {sh for sh, w in before - pairs(s)}
    # Only shifts that "a" had during the sickness move; the new shift is added.
    assert all(w == "a" and sh in {"s2", "s3", "s4"} for sh, w in before - pairs(s))
    assert {sh for sh, _ in pairs(s) - before} == moved | {"extra"}
