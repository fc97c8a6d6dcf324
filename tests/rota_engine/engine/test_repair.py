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


def _sick_in_generated_org():  # type: ignore[no-untyped-def]
    """A generated organisation (several independent parts), its planted rota, and the worker
    with the most shifts on days 3-4 off sick then (history before day 3 locked)."""
    from rota_engine.components import partition
    from rota_engine.generate import generate_org

    org = generate_org(6, 28, 2, seed=4)
    p = org.problem
    previous = org.planted.assignments
    shifts = {s.id: s for s in p.shifts}
    busy: dict[str, int] = {}
    for a in previous:
        if shifts[a.shift_id].day in (3, 4):
            busy[a.staff_id] = busy.get(a.staff_id, 0) + 1
    worker = min(busy, key=lambda w: (-busy[w], w))
    sick = Interval(p.day_start(3), p.day_start(5), "sick")
    staff = tuple(
        replace(m, unavailable=(*m.unavailable, sick)) if m.id == worker else m for m in p.staff
    )
    repair = replace(p, staff=staff, previous=previous, now=p.day_start(3))
    assert len(partition(repair)) > 1
    return repair, previous, worker, sick


def test_local_repair_leaves_everything_unaffected_alone() -> None:
    from rota_engine.components import partition

    p, previous, worker, sick = _sick_in_generated_org()
    s = run(p)  # checker-valid, objective agrees
    assert s.status == "feasible"
    before = {(a.shift_id, a.staff_id) for a in previous}
    after = pairs(s)
    shifts = {sh.id: sh for sh in p.shifts}
    affected = {
        a.shift_id
        for a in previous
        if a.staff_id == worker and shifts[a.shift_id].start < sick.end
        and sick.start < shifts[a.shift_id].end
    }  # fmt: skip
    assert affected
    # The sick worker's shifts in the sickness are gone from them and covered by others.
    assert not {(sh, worker) for sh in affected} & after
    # Nothing the planted rota covered is left open, except affected shifts that cannot be
    # covered by anyone else (here a 2:1 shift whose only holder of a skill is off sick).
    assert {u.shift_id for u in s.uncovered} <= affected
    # Parts of the organisation without the sick worker: not one assignment changed.
    part_of = {sid: k for k, part in enumerate(partition(p)) for sid in part.shift_ids}
    touched_parts = {part_of[sh] for sh in affected}
    changed = before ^ after
    assert all(part_of[sh] in touched_parts for sh, _ in changed)
    # History before "now" and every shift more than 3 days away from the sickness stand.
    for sh, _ in changed:
        assert shifts[sh].start >= p.now
        assert 0 <= shifts[sh].day <= 4 + 3
    # No more changes, and no more open places, than re-solving the whole problem makes.
    from rota_engine.solve import solve

    # (0.5 deterministic seconds: the whole search settles there; 5 gives the same rota.)
    whole = solve(p, time_limit=600, seed=0, workers=1, deterministic_time=0.5, local=False)
    assert len(changed) <= len(before ^ pairs(whole))
    assert sum(u.missing for u in s.uncovered) <= sum(u.missing for u in whole.uncovered)


def test_local_repair_is_deterministic_with_a_seed() -> None:
    p, _, _, _ = _sick_in_generated_org()
    first = run(p, seed=3)
    second = run(p, seed=3)
    assert first.assignments == second.assignments
    assert first.penalties == second.penalties


def test_whole_problem_repair_still_available() -> None:
    staff, shifts = base()
    previous = tuple(Assignment(f"s{d}", "abc"[d % 3]) for d in range(7))
    sick = Interval(at(2, 0), at(2, 0) + timedelta(days=3), "sick")
    staff[0] = replace(staff[0], unavailable=(sick,))
    p = problem(staff, shifts, previous=previous, now=at(1, 12))
    from rota_engine.solve import solve

    s = solve(p, time_limit=600, seed=0, workers=1, deterministic_time=5.0, local=False)
    changed = {(a.shift_id, a.staff_id) for a in previous} ^ pairs(s)
    assert {sh for sh, _ in changed} == {"s3"}
