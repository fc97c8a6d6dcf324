"""A first rota built worker by worker from day patterns.

Some workers' own rules are so tight that CP-SAT searches a long time for even one worker's
rota: on Curtois Instance21 a worker must work 115 to 117 of at most 118 possible days under the
run lengths, the weekend limit and fixed days off, and CP-SAT finds no rota for such a worker
alone in 20 s. A dynamic programme over the worker's days finds such patterns exactly: it
follows the run and weekend rules day by day and keeps, for each state and each number of
days worked, the best value of the days worked (the demand the workers before left open).
A small CP-SAT model of the worker alone, with the pattern's days fixed, then chooses the
shifts and checks every other rule (hours, shift limits, successions), and from there searches
briefly on any days: the pattern counts days, not minutes.

A worker with a weekend limit works whole weekends (pattern and search alike) unless their
rules leave no rota that way: one day of a weekend spends the limit as much as both, and
where the limit binds across the staff (Curtois Instance13: 482 weekend places, room for 500
weekend days in all) every half-worked weekend leaves a place that no later worker can take.

The workers' rotas together keep every hard rule that concerns one worker. ``solve`` starts
its neighbourhood search from them when the objective-free search finds no rota, and first of
all for large problems with one shift a day.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, replace
from itertools import pairwise

import numpy as np
from ortools.sat.python import cp_model

from rota_engine.build import Builder
from rota_engine.rules import build
from rota_engine.rules.weekends import weekend_groups
from rota_engine.solver import fixed_copy, hint_whole, make_solver

# A day's place in its weekend: not a weekend day, the first or a later day of one.
WEEKDAY, WEEKEND_FIRST, WEEKEND_LATER = 0, 1, 2
# Day counts tried per worker before giving up (and with them on the whole construction).
COUNTS_TRIED = 4
# Below 1 the presolve of a 364-day worker (Curtois Instance24) leaves no time to search.
WORKER_DETERMINISTIC = 2.0
# Effort for the worker's search on any days from the pattern's rota.
ANY_DAYS_DETERMINISTIC = 0.1
UNREACHED = -(1 << 30)

# Run states: ("start", 0, False), ("on", days, exempt from the minimum), ("off", days, False);
# day counts stop growing once no rule can tell the difference.
Run = tuple[str, int, bool]
START: Run = ("start", 0, False)
# A DP state: run state, weekends worked, whether the current weekend is already counted.
State = tuple[Run, int, bool]


@dataclass(frozen=True)
class _Rules:
    """One worker's day rules, as the pattern follows them."""

    max_on: int | None
    min_on: int
    min_off: int
    before: int
    exempt_edges: bool
    max_weekends: int | None
    whole_weekends: bool = False

    def advance(self, run: Run, worked: bool) -> Run | None:
        """The run state after one more day, ``None`` when a rule forbids it."""
        kind, days, exempt = run
        if kind == "start":
            # Outside the horizon counts as off; a run in progress before it continues.
            days, exempt = self.before, self.before > 0 or self.exempt_edges
            kind = "on" if self.before else "off"
            if not worked:
                return ("off", self.min_off, False)
            if kind == "off":
                return ("on", 1, exempt)
        if kind == "on":
            if not worked:
                return ("off", 1, False) if exempt or days >= self.min_on else None
            if self.max_on is not None and days >= self.max_on:
                return None
            return ("on", min(days + 1, self.max_on or self.min_on), exempt)
        if worked:
            return ("on", 1, False) if days >= self.min_off else None
        return ("off", min(days + 1, self.min_off), False)

    def final(self, run: Run) -> bool:
        """May the horizon end in this run state? (A short run at the end may be exempt.)"""
        kind, days, exempt = run
        return kind != "on" or exempt or self.exempt_edges or days >= self.min_on

    def step(self, state: State, worked: bool, role: int) -> State | None:
        run = self.advance(state[0], worked)
        if run is None:
            return None
        if self.max_weekends is None:
            return (run, 0, False)
        weekends, counted = state[1], False
        if role == WEEKEND_FIRST:
            weekends, counted = weekends + worked, worked
        elif role == WEEKEND_LATER:
            if self.whole_weekends and worked != state[2]:
                return None
            weekends, counted = weekends + (worked and not state[2]), state[2] or worked
        return (run, weekends, counted) if weekends <= self.max_weekends else None


class _Patterns:
    """Per day and reachable state, the best value of the days worked so far for each count
    of days worked up to ``most`` (``UNREACHED`` where no legal pattern gets there).

    Held as 32-bit integers: a 364-day worker with a weekend limit has some 700 states a day.
    """

    def __init__(
        self, rules: _Rules, values: list[int | None], roles: list[int], most: int
    ) -> None:
        self.rules = rules
        # Capped so that no sum over the horizon leaves 32 bits.
        cap = (1 << 29) // (len(values) + 1)
        self.values = [None if v is None else max(-cap, min(cap, v)) for v in values]
        self.roles = roles
        self.most = most
        start = np.full(most + 1, UNREACHED, dtype=np.int32)
        start[0] = 0
        self.layers: list[dict[State, np.ndarray]] = [{(START, 0, False): start}]
        for d, value in enumerate(self.values):
            layer: dict[State, np.ndarray] = {}
            for state, best in self.layers[-1].items():
                for worked in (False, True) if value is not None else (False,):
                    nxt = rules.step(state, worked, roles[d])
                    if nxt is None:
                        continue
                    reached = best
                    if worked:
                        reached = np.empty_like(best)
                        reached[0] = UNREACHED
                        reached[1:] = best[:-1] + value
                    if nxt in layer:
                        np.maximum(layer[nxt], reached, out=layer[nxt])
                    else:
                        layer[nxt] = reached.copy()
            self.layers.append(layer)

    def best_by_count(self) -> np.ndarray:
        """For each count of days worked, the best value of a legal pattern working that many."""
        ends = [best for state, best in self.layers[-1].items() if self.rules.final(state[0])]
        return np.max(ends, axis=0) if ends else np.full(self.most + 1, UNREACHED)

    def pattern(self, count: int, rng: random.Random) -> list[bool]:
        """A best legal pattern working exactly ``count`` days (ties broken at random)."""
        value = int(self.best_by_count()[count])
        state = rng.choice(
            [
                s
                for s, best in self.layers[-1].items()
                if self.rules.final(s[0]) and best[count] == value
            ]
        )
        worked_days: list[bool] = []
        for d in range(len(self.values) - 1, -1, -1):
            gain = self.values[d] or 0
            before = [
                (prev, worked)
                for prev, best in self.layers[d].items()
                for worked in (False, True)
                if count >= worked
                and best[count - worked] + worked * gain == value
                and self.rules.step(prev, worked, self.roles[d]) == state
            ]
            state, worked = rng.choice(before)
            count -= worked
            value -= worked * gain
            worked_days.append(worked)
        return worked_days[::-1]


def first_rota(
    b: Builder,
    seed: int,
    cancelled: Callable[[], bool],
    register: Callable[[cp_model.CpSolver | None], None] = lambda _: None,
) -> list[tuple[int, int]] | None:
    """The (shift index, worker index) pairs of a rota built worker by worker, or ``None``
    when some worker's own rules leave them no rota this way (or when cancelled).
    ``register`` is told of each running solver, so a canceller can stop it."""
    rng = random.Random(seed)  # noqa: S311 - ties between equal patterns
    roles = _roles(b)
    open_demand = [s.headcount for s in b.problem.shifts]
    chosen: list[tuple[int, int]] = []
    for i in range(len(b.problem.staff)):
        if cancelled():
            return None
        pairs = _worker_rota(b, i, roles, open_demand, rng, seed, register)
        if pairs is None:
            return None
        for j in pairs:
            open_demand[j] = max(0, open_demand[j] - 1)
            chosen.append((j, i))
    return chosen


def _worker_rota(
    b: Builder,
    i: int,
    roles: list[int],
    open_demand: list[int],
    rng: random.Random,
    seed: int,
    register: Callable[[cp_model.CpSolver | None], None],
) -> list[int] | None:
    if not b.by_staff[i]:
        return []
    low, high = _count_range(b, i)
    values = _day_values(b, i, open_demand)
    free = _rules_of(b, i)
    # Whole weekends when the worker's rules allow them (see the module docstring).
    tries = [free] if free.max_weekends is None else [replace(free, whole_weekends=True), free]
    for rules in tries:
        patterns = _Patterns(rules, values, roles, high)
        best = patterns.best_by_count()
        counts = [c for c in range(low, high + 1) if best[c] > UNREACHED // 2]
        if not counts:
            continue
        counts.sort(key=lambda c: -best[c])
        alone = _alone(b, i, open_demand)
        if rules.whole_weekends:
            _whole_weekends(alone)
        for count in counts[:COUNTS_TRIED]:
            shifts = _shifts_for(alone, patterns.pattern(count, rng), seed, register)
            if shifts is not None:
                return [b.by_staff[i][k] for k in shifts]
    return None


def _day_values(b: Builder, i: int, open_demand: list[int]) -> list[int | None]:
    """What working each day is worth to the rota so far: the best of the worker's shifts that
    day (its under-cover weight times the places still open, minus its over-cover weight once
    full); ``None`` when the worker can work no shift that day."""
    p = b.problem
    values: list[int | None] = []
    for d in range(p.days):
        gains = []
        for j in b.staff_day_shifts(i, d):
            shift = p.shifts[j]
            if open_demand[j] > 0:
                under = p.weights.uncovered if shift.under_weight is None else shift.under_weight
                gains.append(under * open_demand[j])
            elif shift.over_weight is not None:
                gains.append(-shift.over_weight)
        values.append(max(gains) if gains else None)
    return values


def _rules_of(b: Builder, i: int) -> _Rules:
    staff = b.problem.staff[i]
    rules = b.problem.rules
    runs = rules.consecutive_runs
    return _Rules(
        max_on=staff.max_consecutive_days if runs else None,
        min_on=max(1, (staff.min_consecutive_days or 1) if runs else 1),
        min_off=max(1, (staff.min_consecutive_days_off or 1) if runs else 1),
        before=staff.worked_days_before if runs else 0,
        exempt_edges=rules.runs_exempt_at_edges,
        max_weekends=staff.max_weekends if rules.weekends else None,
    )


def _roles(b: Builder) -> list[int]:
    """Each day's place in its weekend (the same for every worker)."""
    roles = [WEEKDAY] * b.problem.days
    for group in weekend_groups(b):
        roles[group[0]] = WEEKEND_FIRST
        for d in group[1:]:
            roles[d] = WEEKEND_LATER
    return roles


def _count_range(b: Builder, i: int) -> tuple[int, int]:
    """Bounds on the days that can hold the worker's minimum and maximum hours over the
    horizon, from their shift lengths and per-type limits."""
    staff = b.problem.staff[i]
    mine = b.by_staff[i]
    limits = dict(staff.max_shifts_per_type) if b.problem.rules.shift_limits else {}
    used: Counter[str | None] = Counter()
    low = total = 0
    for j in sorted(mine, key=lambda j: -b.minutes[j]):
        if total >= (staff.min_minutes_horizon or 0):
            break
        code = b.shifts[j].type_code
        if code is None or used[code] < limits.get(code, len(mine)):
            used[code] += 1
            total += b.minutes[j]
            low += 1
    high = b.problem.days
    shortest = min(b.minutes[j] for j in mine)
    if staff.max_minutes_horizon is not None and shortest > 0:
        high = min(high, staff.max_minutes_horizon // shortest)
    return low, high


def _shifts_for(
    alone: Builder,
    worked_days: list[bool],
    seed: int,
    register: Callable[[cp_model.CpSolver | None], None],
) -> list[int] | None:
    """The worker's shifts (indexes into ``alone``'s) on the pattern's days, then the best on
    any days from there.

    The pattern counts days, not minutes: a worker whose hours fill up with short shifts may
    do more good on fewer, longer ones (Curtois Instance13: 58 483 of under- and over-cover
    in the first rota on the pattern's days, 6 648 after the search on any days).
    """
    days = [alone.works_day(0, d) for d in range(len(worked_days))]
    off_days = {x.index: 0 for (k, _), x in alone.x.items() if not worked_days[alone.shifts[k].day]}
    on_pattern = fixed_copy(alone.model, off_days)
    for lit, worked in zip(days, worked_days, strict=True):
        if worked and not isinstance(lit, int):
            on_pattern.add(on_pattern.get_bool_var_from_proto_index(lit.index) == 1)
    first = _solve(on_pattern, seed, WORKER_DETERMINISTIC, register)
    if first is None:
        return None
    # The whole first rota as the hint, so the search on any days starts from it.
    hint_whole(alone.model, first.values)
    better = _solve(alone.model, seed, ANY_DAYS_DETERMINISTIC, register)
    chosen = first if better is None or better.objective > first.objective else better
    return [k for (k, _), x in alone.x.items() if chosen.values[x.index]]


def _whole_weekends(alone: Builder) -> None:
    """The worker alone works each weekend whole or not at all."""
    for group in weekend_groups(alone):
        days = [alone.works_day(0, d) for d in group]
        for one, next_one in pairwise(days):
            if not (isinstance(one, int) and isinstance(next_one, int)):
                alone.model.add(one == next_one)


def _alone(b: Builder, i: int, open_demand: list[int]) -> Builder:
    """The model of worker ``i`` alone on their shifts (in ``b.by_staff[i]`` order), each
    wanting its open places."""
    p = b.problem
    staff = p.staff[i]
    shifts = tuple(
        replace(
            p.shifts[j],
            eligible=(staff.id,),
            headcount=open_demand[j],
            locked=tuple(s for s in p.shifts[j].locked if s == staff.id),
        )
        for j in b.by_staff[i]
    )
    return build(Builder(replace(p, staff=(staff,), shifts=shifts, previous=None)))


@dataclass(frozen=True)
class _Solved:
    objective: float
    values: list[int]


def _solve(
    model: cp_model.CpModel,
    seed: int,
    deterministic_time: float,
    register: Callable[[cp_model.CpSolver | None], None],
) -> _Solved | None:
    solver = make_solver(seed=seed, workers=1, deterministic_time=deterministic_time)
    register(solver)
    code = solver.solve(model)
    register(None)
    if code not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None
    return _Solved(solver.objective_value, list(solver.response_proto.solution))
