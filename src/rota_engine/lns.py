"""Large-neighbourhood search over staff and days.

Rostering problems are loosely coupled: most rules concern one worker, and only cover ties
workers together on a day. So a good rota improves fastest by re-solving *exactly* a slice of
it: a few workers over the whole horizon, everyone over a few days, half the staff over a
window, or the workers around a place short of cover over the weeks around it, with every
other assignment fixed. The slice grows when steps finish proving their optimum and shrinks
when they time out.

A step either solves a model of the slice alone (``rota_engine.subproblem``, when only cover
ties workers together) or, here, clones the whole built model, fixes the assignment variables
outside the slice by narrowing their domains, hints the current rota and runs CP-SAT briefly.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence

from ortools.sat.python import cp_model

from rota_engine.build import Builder
from rota_engine.solver import fixed_copy, hint_whole, make_solver
from rota_engine.subproblem import STEP_LINEARIZATION, Short, Slice, Step, short_places

MIN_FRACTION, MAX_FRACTION = 0.002, 0.8
# Share of the steps on chain slices while places are short, and the days either side of the
# short place that a chain slice frees.
CHAIN_SHARE, CHAIN_REACH = 0.25, 7
# The first slices hold about this many assignment variables (a fifth of the rota at most):
# on Curtois Instance24 a fifth is over 200 000, which takes minutes to build and solve.
FIRST_SLICE_PAIRS = 5000


class Neighbourhoods:
    """Draws the slices, and sizes them by how the last steps went."""

    def __init__(self, b: Builder, seed: int) -> None:
        self.rng = random.Random(seed)  # noqa: S311 - search diversity, not security
        self.staff_count = len(b.problem.staff)
        self.days = b.problem.days
        self.fraction = min(0.2, max(MIN_FRACTION, FIRST_SLICE_PAIRS / max(1, len(b.x))))

    def pick(self, hot: Sequence[int] = (), short: Sequence[Short] = ()) -> Slice:
        """The slice left free in the next step; ``hot`` days (where cover is off) and
        ``short`` places draw it."""
        f = self.fraction
        everyone = tuple(range(self.staff_count))
        staff_n = max(2, round(f * self.staff_count))
        if short and self.rng.random() < CHAIN_SHARE:
            return self._chain(self.rng.choice(short), staff_n)
        kind = self.rng.random()
        if kind < 0.3:
            if hot:
                # Everyone around a day where cover is off: the usual place to gain.
                centre = self.rng.choice(hot)
                reach = max(1, round(f * self.days / 2))
                around = range(max(0, centre - reach), min(self.days, centre + reach + 1))
                return Slice(everyone, frozenset(around))
            kind = self.rng.random()
        days_n = max(2, round(f * self.days))
        if kind < 0.4:
            chosen = self.rng.sample(everyone, min(staff_n, self.staff_count))
            return Slice(tuple(sorted(chosen)), frozenset(range(self.days)))
        if kind < 0.7:
            start = self.rng.randrange(max(1, self.days - days_n + 1))
            return Slice(everyone, frozenset(range(start, min(self.days, start + days_n))))
        wide_f = min(1.0, 2.5 * f)
        n = self.staff_count
        half = self.rng.sample(everyone, min(n, max(2, round(wide_f * n))))
        wide = min(self.days, max(2, round(wide_f * self.days)))
        start = self.rng.randrange(max(1, self.days - wide + 1))
        return Slice(tuple(sorted(half)), frozenset(range(start, start + wide)))

    def _chain(self, place: Short, staff_n: int) -> Slice:
        """A place short of cover, with workers who could take it (off that day, those working
        the day before or after first: a one-day weekend made whole) and as many others to
        take over what they drop, over the weeks around it: filling such a place usually
        moves a chain of shifts between workers that neither a few workers nor a few days
        hold."""
        day, idle, beside = place
        could = beside or idle
        takers = set(self.rng.sample(could, min(len(could), staff_n)))
        others = [i for i in range(self.staff_count) if i not in takers]
        givers = self.rng.sample(others, min(len(others), staff_n))
        weeks = range(max(0, day - CHAIN_REACH), min(self.days, day + CHAIN_REACH + 1))
        return Slice(tuple(sorted({*takers, *givers})), frozenset(weeks))

    def adapt(self, proved: bool) -> None:
        factor = 1.15 if proved else 0.85
        self.fraction = min(MAX_FRACTION, max(MIN_FRACTION, self.fraction * factor))


class WholeModel:
    """The current rota as every variable's value in the whole model, improved by steps on
    clones of that model."""

    def __init__(self, b: Builder, current: list[int], objective: int) -> None:
        self.b = b
        self.current = current
        self.objective = objective
        self.keys = sorted(b.x)
        self.var_index = [b.x[k].index for k in self.keys]
        self.by_staff: list[list[int]] = [[] for _ in b.problem.staff]
        self.by_day: list[list[int]] = [[] for _ in range(b.problem.days)]
        for pos, (j, i) in enumerate(self.keys):
            self.by_staff[i].append(pos)
            self.by_day[b.shifts[j].day].append(pos)
        self.slack_days = [(b.shifts[j].day, [v.index for v in vs]) for j, vs in b.slack.items()]

    def hot_days(self) -> list[int]:
        """Days with a shift short of or above its headcount in the current rota."""
        return sorted({d for d, idxs in self.slack_days if any(self.current[k] for k in idxs)})

    def short_places(self) -> list[Short]:
        """Places short of their headcount (``subproblem.short_places``)."""
        on_shift: list[list[int]] = [[] for _ in self.b.shifts]
        for (j, i), idx in zip(self.keys, self.var_index, strict=True):
            if self.current[idx]:
                on_shift[j].append(i)
        return short_places(self.b, on_shift)

    def values(self) -> dict[int, int]:
        """The assignment variables' values, by proto index."""
        return {idx: self.current[idx] for idx in self.var_index}

    def positions(self, cut: Slice) -> set[int]:
        """Positions (into ``keys``) of the slice's assignment variables."""
        if len(cut.staff) == len(self.by_staff):
            return {p for d in cut.days for p in self.by_day[d]}
        shifts = self.b.shifts
        return {
            p
            for i in cut.staff
            for p in self.by_staff[i]
            if shifts[self.keys[p][0]].day in cut.days
        }

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
        """Re-solve with everything outside the slice fixed; keep the result unless worse."""
        free = self.positions(cut)
        model = fixed_copy(
            self.b.model,
            {idx: self.current[idx] for pos, idx in enumerate(self.var_index) if pos not in free},
        )
        hint_whole(model, self.current)
        solver = make_solver(
            time_limit=time_limit, seed=seed, workers=workers,
            deterministic_time=deterministic_time, linearization=STEP_LINEARIZATION,
        )  # fmt: skip
        register(solver)
        status = solver.solve(model)
        register(None)
        proved = status == cp_model.OPTIMAL
        if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return Step(None, proved, solver.deterministic_time)
        objective = round(solver.objective_value)
        if objective <= self.objective:
            self.objective = objective
            self.current = list(solver.response_proto.solution)
        return Step(objective, proved, solver.deterministic_time)
