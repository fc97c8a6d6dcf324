"""Local repair: re-solve only around what an event broke; every other assignment stays.

A repair problem (``Problem.previous`` set, see ``rota_engine.events``) usually differs from
the problem the previous rota was made for in a few places: a worker off sick, a shift added
or cancelled. Re-solving the whole organisation for that is slow (the 1x generated
organisation's model alone takes seconds to build) and lets the search move assignments that
had nothing to do with the event. Instead:

1. **Base rota**: the previous assignments whose shift and worker still exist. The independent
   checker (``rota_engine.check``) lists what is wrong with it; assignments that are no longer
   allowed at all (worker now unavailable, no longer eligible, skill lapsed) are dropped.
2. **Seeds**: the shifts named by a violation, the workers named by a violation that names no
   shift (a contract minimum, a run), and every shift starting at or after ``now`` left short
   of its headcount (a new shift, a dropped assignment, or one the previous rota left open).
3. **Parts**: the problem splits into independent parts (``rota_engine.components``); a part
   with no seed keeps the base rota untouched and its model is never built.
4. **Widening neighbourhoods**, per part with seeds: build the part's model (with the repair
   rule: locked history, ``Weights.changes`` per change) and fix every assignment variable to
   the base rota except a neighbourhood: the seeds' candidate workers on the seed days plus and
   minus ``LEVELS[0]`` days (seed workers over the whole horizon). When that is infeasible, or
   leaves a seed shift uncovered although it has candidates, widen: more days and every worker
   who could take those workers' shifts; at last the whole part. Each level starts from the
   previous level's rota (a complete hint), and a wider level's rota is kept only when it
   leaves fewer places open (its other gains would cost changes the event did not call for).
   Open shifts that no violation names (a new shift, or one the previous rota left open) widen
   only to ``OPEN_SEED_LEVELS``, and on the clock a part with nothing else is repaired only in
   the first ``OPEN_SECONDS``: an old rota's open shifts are mostly open for good.

Everything stays checker-valid: fixed assignments were legal and untouched parts are the base
rota, whose remaining violations (if any) are seeds. When seeds cover more than
``MAX_SEED_SHARE`` of the shifts the event is no local change and ``solve`` takes the full path.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from ortools.sat.python import cp_model

from rota_engine import explain
from rota_engine.build import Builder
from rota_engine.check import check, hard_violations
from rota_engine.components import Part, merge_assignments, partition
from rota_engine.model import Assignment, Problem, Solution, SolveStatus
from rota_engine.rules import build
from rota_engine.solver import fixed_copy, hint_whole, make_solver

# Days each side of a seed shift freed at each level; ``None`` frees the whole part.
LEVELS: tuple[int | None, ...] = (1, 3, None)
# Share of what is left of the budget for each level (the last level gets all of it).
LEVEL_SHARE = (0.4, 0.6, 1.0)
# Levels an open shift no violation names may widen to (1: the first level only).
OPEN_SEED_LEVELS = 2
# On the clock, parts with only such open shifts are repaired while less than this many
# seconds have passed (they come after the parts where something is wrong).
OPEN_SECONDS = 1.5
# Above this share of seed shifts the change is not local: solve the whole problem instead.
MAX_SEED_SHARE = 0.25
# Rules whose violation means the assignment itself may not exist any more.
_NOT_ALLOWED = {"eligibility", "skill", "day_off", "unavailable"}

Register = Callable[[cp_model.CpSolver | None], None]


@dataclass
class Seeds:
    """What the event broke: shift ids and worker ids to re-solve around."""

    shifts: set[str] = field(default_factory=set)
    staff: set[str] = field(default_factory=set)
    from_violations: set[str] = field(default_factory=set)


@dataclass
class PartRepair:
    """How one part with seeds was repaired."""

    index: int
    levels: int
    status: SolveStatus
    deterministic_time: float


def base_rota(problem: Problem) -> tuple[tuple[Assignment, ...], Seeds]:
    """The previous rota minus what may no longer exist, and the seeds of the repair."""
    assert problem.previous is not None
    shift_ids = {s.id for s in problem.shifts}
    staff_ids = {s.id for s in problem.staff}
    kept = sorted(
        {a for a in problem.previous if a.shift_id in shift_ids and a.staff_id in staff_ids},
        key=lambda a: (a.shift_id, a.staff_id),
    )
    violations = hard_violations(problem, Solution(status="feasible", assignments=tuple(kept)))
    seeds = Seeds()
    dropped: set[tuple[str, str]] = set()
    for v in violations:
        if v.shift_ids:
            seeds.shifts.update(v.shift_ids)
            seeds.from_violations.update(v.shift_ids)
        else:
            seeds.staff.update(v.staff_ids)
        if v.rule in _NOT_ALLOWED:
            dropped.update((s, w) for s in v.shift_ids for w in v.staff_ids)
    base = tuple(a for a in kept if (a.shift_id, a.staff_id) not in dropped)
    count: dict[str, int] = {}
    for a in base:
        count[a.shift_id] = count.get(a.shift_id, 0) + 1
    now = problem.now
    for shift in problem.shifts:
        short = shift.headcount > count.get(shift.id, 0) and shift.eligible
        if short and (now is None or shift.start >= now):
            seeds.shifts.add(shift.id)
    return base, seeds


def applicable(problem: Problem, seeds: Seeds) -> bool:
    """Is the change local enough for a local repair?"""
    return len(seeds.shifts) <= MAX_SEED_SHARE * max(1, len(problem.shifts))


def repair(
    problem: Problem,
    base: tuple[Assignment, ...],
    seeds: Seeds,
    *,
    started: float,
    time_limit: float,
    seed: int,
    workers: int,
    deterministic_time: float | None,
    register: Register,
    improved: Callable[[float], None],
    cancelled: Callable[[], bool],
) -> tuple[Solution, list[PartRepair]]:
    """Repair ``base`` around ``seeds``; see the module docstring."""
    parts = partition(problem)
    base_set = {(a.shift_id, a.staff_id) for a in base}
    dirty: list[tuple[int, Part]] = []
    for part in parts:
        shift_ids = set(part.shift_ids)
        staff_seeds = set(part.staff_ids) & seeds.staff
        if shift_ids & seeds.shifts or staff_seeds:
            # Parts where something is wrong first; parts with only open shifts after them.
            urgent = bool(shift_ids & seeds.from_violations or staff_seeds)
            dirty.append((0 if urgent else 1, part))
    dirty.sort(key=lambda t: (t[0], t[1].index))
    total_size = sum(part.size for _, part in dirty) or 1
    det_left = deterministic_time
    solved: dict[int, tuple[Assignment, ...]] = {}
    reports: list[PartRepair] = []
    size_left = total_size
    for rank, part in dirty:
        if cancelled():
            break
        share = part.size / size_left if size_left else 1.0
        size_left -= part.size
        wall_left = time_limit - (time.monotonic() - started)
        if deterministic_time is None and wall_left <= 0:
            break
        if rank and deterministic_time is None and time.monotonic() - started > OPEN_SECONDS:
            continue  # only open shifts here, and the quick repair's time is up: keep the base
        det_budget = None if det_left is None else det_left * share
        assignments, report = _repair_part(
            part, base_set, seeds, seed=seed, workers=workers,
            wall_budget=max(0.05, wall_left * share), wall_cap=max(0.05, wall_left),
            det_budget=det_budget, register=register, cancelled=cancelled,
        )  # fmt: skip
        if assignments is not None:
            solved[part.index] = assignments
        reports.append(report)
        if det_left is not None:
            det_left = max(0.0, det_left - report.deterministic_time)
    by_part: list[tuple[Assignment, ...]] = []
    for part in parts:
        if part.index in solved:
            by_part.append(solved[part.index])
        else:
            ids = set(part.shift_ids)
            by_part.append(tuple(a for a in base if a.shift_id in ids))
    assignments = merge_assignments(by_part)
    draft = Solution(
        status="feasible",
        assignments=assignments,
        uncovered=tuple(explain.uncovered(problem, assignments)),
    )
    checked = check(problem, draft)
    improved(float(checked.objective))
    status: SolveStatus = "feasible" if checked.ok else "unknown"
    return (
        replace(
            draft,
            status=status,
            penalties=dict(sorted(checked.penalties.items())),
            objective=checked.objective,
            deterministic_time=sum(r.deterministic_time for r in reports),
        ),
        reports,
    )


def _repair_part(
    part: Part,
    base: set[tuple[str, str]],
    seeds: Seeds,
    *,
    seed: int,
    workers: int,
    wall_budget: float,
    wall_cap: float,
    det_budget: float | None,
    register: Register,
    cancelled: Callable[[], bool],
) -> tuple[tuple[Assignment, ...] | None, PartRepair]:
    begun = time.monotonic()
    sub = part.problem
    b = build(Builder(sub))
    keys = sorted(b.x)
    var_index = [b.x[k].index for k in keys]
    was = [int((b.shifts[j].id, sub.staff[i].id) in base) for j, i in keys]
    seed_js = [j for j, s in enumerate(sub.shifts) if s.id in seeds.shifts]
    seed_staff = {i for i, s in enumerate(sub.staff) if s.id in seeds.staff}
    # Shifts that should end covered: seeds with candidates, and those the base rota covers.
    have = [0] * len(sub.shifts)
    for pos, (j, _) in enumerate(keys):
        have[j] += was[pos]
    # Open shifts no violation names (a new shift, or one the previous rota left open) widen
    # the search to ``OPEN_SEED_LEVELS`` at most: an old rota's open shifts are often open for
    # good, and searching whole parts for them cost seconds.
    broken = {j for j in seed_js if sub.shifts[j].id in seeds.from_violations}
    wanted = [
        j
        for j, s in enumerate(sub.shifts)
        if b.by_shift[j] and (j in broken or have[j] >= s.headcount)
    ]
    wanted_open = [j for j in seed_js if b.by_shift[j] and j not in broken]
    best: list[int] | None = None
    best_value: int | None = None
    det_used = 0.0
    levels = 0
    status: SolveStatus = "unknown"
    for level, radius in enumerate(LEVELS):
        if cancelled():
            break
        levels += 1
        free = _neighbourhood(b, keys, seed_js, seed_staff, radius)
        model = fixed_copy(
            b.model, {idx: was[pos] for pos, idx in enumerate(var_index) if pos not in free}
        )
        if best is not None:
            hint_whole(model, best)
        share = LEVEL_SHARE[level]
        wall_left = min(wall_budget, wall_cap) - (time.monotonic() - begun)
        time_limit, deterministic = max(0.05, wall_left * share), None
        if det_budget is not None:
            time_limit = max(0.05, wall_cap - (time.monotonic() - begun))
            deterministic = max(0.01, (det_budget - det_used) * share)
        solver = make_solver(
            seed=seed, workers=workers, deterministic_time=deterministic, time_limit=time_limit
        )
        register(solver)
        code = solver.solve(model)
        register(None)
        det_used += solver.deterministic_time
        if code in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            values = list(solver.response_proto.solution)
            # A wider level's rota is kept only when it leaves fewer places open: otherwise
            # its gains elsewhere would be bought with changes the event did not call for.
            value = sum(values[v.index] for v in b.uncovered)
            if best_value is None or value < best_value:
                best_value = value
                best = values
            status = "optimal" if code == cp_model.OPTIMAL and radius is None else "feasible"
            if code != cp_model.OPTIMAL:
                break  # out of time at this level: wider would not do better
            assert best is not None
            if all(_covered(b, j, best) for j in wanted) and (
                level + 1 >= OPEN_SEED_LEVELS or all(_covered(b, j, best) for j in wanted_open)
            ):
                break
        elif code == cp_model.INFEASIBLE and radius is None:
            status = "infeasible"
            break
        elif code not in (cp_model.INFEASIBLE,):
            break  # no answer in time
        if det_budget is None and time.monotonic() - begun >= wall_budget:
            break
        if det_budget is not None and det_used >= det_budget:
            break
    report = PartRepair(part.index, levels, status, det_used)
    if best is None:
        return None, report
    assignments = tuple(
        Assignment(b.shifts[j].id, sub.staff[i].id)
        for (j, i), idx in zip(keys, var_index, strict=True)
        if best[idx]
    )
    return assignments, report


def _covered(b: Builder, j: int, values: list[int]) -> bool:
    return all(values[v.index] == 0 for v in b.slack.get(j, [])[:1])


def _neighbourhood(
    b: Builder,
    keys: list[tuple[int, int]],
    seed_js: list[int],
    seed_staff: set[int],
    radius: int | None,
) -> set[int]:
    """Positions (into ``keys``) left free at a level with ``radius`` days each side."""
    if radius is None:
        return set(range(len(keys)))
    days: set[int] = set()
    staff = set(seed_staff)
    for j in seed_js:
        day = b.shifts[j].day
        days.update(range(day - radius, day + radius + 1))
        staff.update(b.by_shift[j])
    if radius > (LEVELS[0] or 0):
        # Also everyone who could take over a shift these workers have on those days.
        team: set[int] = set()
        for i in staff:
            for j in b.by_staff[i]:
                if b.shifts[j].day in days:
                    team.update(b.by_shift[j])
        staff |= team
    return {
        pos
        for pos, (j, i) in enumerate(keys)
        if i in seed_staff or (i in staff and b.shifts[j].day in days)
    }
