"""Neighbourhood steps on small models: a slice's workers alone.

When every penalty but cover concerns one worker (``separable``), re-solving a slice of the rota
(some workers over some days) needs a model of the slice's workers only. Everyone else's
assignments fold into each shift's headcount, and each slice worker's assignments outside the
slice's days stay as locked shifts, so every rule over the horizon still sees them. Building
that model takes time in proportion to the slice, where fixing the rest of the whole model
makes CP-SAT clone and presolve the whole problem on every step: on Curtois Instance24 (a
million variables) no such step found anything in its budget.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass, replace

from ortools.sat.python import cp_model

from rota_engine.build import Builder
from rota_engine.model import Problem
from rota_engine.rules import build
from rota_engine.solver import hint_whole, make_solver, solve_fixed

# CP-SAT's strongest linear relaxation in a step: a slice's optimum is proved sooner. At equal
# effort (one worker, deterministic 30 s, seeds 0 and 1) it won 9 of 12 runs on Curtois 6, 8,
# 10, 12, 13 and 14 (6, 8, 12, 14: 6-11 % lower; 10 and 13 within 5 %; docs/engine.md).
STEP_LINEARIZATION = 2


def separable(p: Problem) -> bool:
    """Is the objective a sum of one-worker terms and per-shift cover terms, with no rule but
    cover tying workers together? (No continuity, fairness, pair skills or repair.)"""
    w = p.weights
    if p.previous is not None:
        return False
    if w.fairness_sleep_ins or w.fairness_weekends or w.fairness_nights:
        return False
    if w.continuity and any(s.person_id is not None for s in p.shifts):
        return False
    return not (
        p.rules.skills
        and any(s.skill_mode == "at_least_one" and s.required_skills for s in p.shifts)
    )


@dataclass(frozen=True)
class Slice:
    """The part of the rota a step may change: these workers (indexes) on these days."""

    staff: tuple[int, ...]
    days: frozenset[int]


# A place short of its headcount: its day, the eligible workers off that day, and those of them
# working the day before or after.
Short = tuple[int, list[int], list[int]]


def short_places(b: Builder, on_shift: Sequence[Collection[int]]) -> list[Short]:
    """Every place short of its headcount when ``on_shift[j]`` work shift ``j``."""
    shifts = b.shifts
    worked: list[set[int]] = [set() for _ in b.problem.staff]
    for j, staff in enumerate(on_shift):
        for i in staff:
            worked[i].add(shifts[j].day)
    places = []
    for j, staff in enumerate(on_shift):
        if len(staff) >= shifts[j].headcount:
            continue
        day = shifts[j].day
        idle = [i for i in b.by_shift[j] if day not in worked[i]]
        beside = [i for i in idle if day - 1 in worked[i] or day + 1 in worked[i]]
        if idle:
            places.append((day, idle, beside))
    return places


@dataclass(frozen=True)
class Step:
    """One step's outcome: the objective it found (``None``: no rota in its budget), whether
    it proved that the slice's best, and the deterministic time it took."""

    objective: int | None
    proved: bool
    deterministic_time: float


class Rota:
    """The current assignments, by shift and by worker, with the objective they score,
    improved by steps on models of a slice alone."""

    def __init__(self, b: Builder, pairs: Iterable[tuple[int, int]], objective: int) -> None:
        self.b = b
        self.objective = objective
        self.on_shift: list[set[int]] = [set() for _ in b.problem.shifts]
        self.of_staff: list[set[int]] = [set() for _ in b.problem.staff]
        self.day_shifts: list[list[int]] = [[] for _ in range(b.problem.days)]
        for j, shift in enumerate(b.problem.shifts):
            self.day_shifts[shift.day].append(j)
        for j, i in pairs:
            self.on_shift[j].add(i)
            self.of_staff[i].add(j)

    def hot_days(self) -> list[int]:
        """Days with a shift short of or above its headcount."""
        shifts = self.b.problem.shifts
        return [
            d
            for d, js in enumerate(self.day_shifts)
            if any(len(self.on_shift[j]) != shifts[j].headcount for j in js)
        ]

    def short_places(self) -> list[Short]:
        """Places short of their headcount (``short_places``)."""
        return short_places(self.b, self.on_shift)

    def values(self) -> dict[int, int]:
        """The assignment variables' values, by proto index."""
        return {x.index: int(i in self.on_shift[j]) for (j, i), x in self.b.x.items()}

    def step(
        self,
        cut: Slice,
        *,
        seed: int,
        workers: int,
        time_limit: float,
        deterministic_time: float,
        register: Callable[[cp_model.CpSolver | None], None],
    ) -> Step:
        """Re-solve the slice alone; keep the result unless worse."""
        sub, shift_of = _sub_problem(self, cut)
        part = build(Builder(sub, tie_breaks=self.b.tie_breaks), self.b.scale)
        position = {i: s for s, i in enumerate(cut.staff)}
        current = {
            (k, position[i])
            for k, j in enumerate(shift_of)
            for i in self.on_shift[j]
            if i in position
        }
        held = _hold(part, current, time_limit)
        if held is None:
            return Step(None, False, 0.0)
        before, values, spent = held
        hint_whole(part.model, values)
        solver = make_solver(
            time_limit=time_limit, seed=seed, workers=workers,
            deterministic_time=deterministic_time, linearization=STEP_LINEARIZATION,
        )  # fmt: skip
        register(solver)
        status = solver.solve(part.model)
        register(None)
        spent += solver.deterministic_time
        proved = status == cp_model.OPTIMAL
        if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return Step(None, proved, spent)
        objective = self.objective - before + round(solver.objective_value)
        if objective <= self.objective:
            self.objective = objective
            self._replace(
                cut,
                [
                    (shift_of[k], cut.staff[s])
                    for (k, s), x in part.x.items()
                    if sub.shifts[k].day in cut.days and solver.value(x)
                ],
            )
        return Step(objective, proved, spent)

    def _replace(self, cut: Slice, pairs: list[tuple[int, int]]) -> None:
        """Swap the slice's assignments for ``pairs`` (all inside the slice)."""
        shifts = self.b.problem.shifts
        for i in cut.staff:
            for j in [j for j in self.of_staff[i] if shifts[j].day in cut.days]:
                self.of_staff[i].discard(j)
                self.on_shift[j].discard(i)
        for j, i in pairs:
            self.on_shift[j].add(i)
            self.of_staff[i].add(j)


def _sub_problem(rota: Rota, cut: Slice) -> tuple[Problem, list[int]]:
    """The slice's workers alone, and the full-problem index of each of its shifts."""
    b = rota.b
    p = b.problem
    members = set(cut.staff)
    ids = {i: p.staff[i].id for i in cut.staff}
    shifts = []
    shift_of = []
    for d in sorted(cut.days):
        for j in rota.day_shifts[d]:
            mine = [i for i in b.by_shift[j] if i in members]
            if not mine:
                continue
            shift = p.shifts[j]
            others = len(rota.on_shift[j] - members)
            eligible = tuple(ids[i] for i in mine)
            shifts.append(
                replace(
                    shift,
                    eligible=eligible,
                    headcount=max(0, shift.headcount - others),
                    locked=tuple(s for s in shift.locked if s in eligible),
                )
            )
            shift_of.append(j)
    kept: dict[int, list[str]] = {}
    for i in cut.staff:
        for j in rota.of_staff[i]:
            if p.shifts[j].day not in cut.days:
                kept.setdefault(j, []).append(ids[i])
    for j, staff_ids in sorted(kept.items()):
        fixed = tuple(staff_ids)
        shifts.append(replace(p.shifts[j], eligible=fixed, headcount=len(fixed), locked=fixed))
        shift_of.append(j)
    staff = tuple(p.staff[i] for i in cut.staff)
    return replace(p, staff=staff, shifts=tuple(shifts)), shift_of


def _hold(
    part: Builder, current: set[tuple[int, int]], time_limit: float
) -> tuple[int, list[int], float] | None:
    """The slice's current objective and every variable's value under the current rota."""
    solver = solve_fixed(
        part.model, {x.index: int(key in current) for key, x in part.x.items()}, time_limit
    )
    if solver is None:
        return None
    values = list(solver.response_proto.solution)
    return round(solver.objective_value), values, solver.deterministic_time
