"""Large-neighbourhood search over staff and days, on top of the full CP-SAT model.

Rostering problems are loosely coupled: most rules concern one worker, and only cover ties
workers together on a day. So a good rota improves fastest by re-solving *exactly* a slice of
it: a few workers over the whole horizon, everyone over a few days, or half the staff over a
window, with every other assignment fixed. Each step clones the built model, fixes the
assignment variables outside the slice by narrowing their domains, hints the current rota
and runs CP-SAT briefly. The slice grows when steps finish proving their optimum and shrinks
when they time out.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass

from ortools.sat.python import cp_model

from rota_engine.build import Builder

MIN_FRACTION, MAX_FRACTION = 0.05, 0.8


@dataclass
class Step:
    """The outcome of one neighbourhood solve."""

    objective: int | None
    solution: list[int] | None
    proved: bool
    deterministic_time: float


class Neighbourhoods:
    """Positions of the assignment variables per worker and per day."""

    def __init__(self, b: Builder, seed: int) -> None:
        self.b = b
        self.rng = random.Random(seed)  # noqa: S311 - search diversity, not security
        self.keys = sorted(b.x)
        self.var_index = [b.x[k].index for k in self.keys]
        self.staff_count = len(b.problem.staff)
        self.days = b.problem.days
        self.by_staff: list[list[int]] = [[] for _ in range(self.staff_count)]
        self.by_day: list[list[int]] = [[] for _ in range(self.days)]
        for pos, (j, i) in enumerate(self.keys):
            self.by_staff[i].append(pos)
            self.by_day[b.shifts[j].day].append(pos)
        self.fraction = 0.2
        self.slack_days = [(b.shifts[j].day, [v.index for v in vs]) for j, vs in b.slack.items()]

    def hot_days(self, current: list[int]) -> list[int]:
        """Days with a shift short of or above its headcount in the current rota."""
        return sorted({d for d, idxs in self.slack_days if any(current[k] for k in idxs)})

    def pick(self, current: list[int] | None = None) -> set[int]:
        """Positions (into ``keys``) left free in the next step."""
        f = self.fraction
        kind = self.rng.random()
        if current is not None and kind < 0.3:
            hot = self.hot_days(current)
            if hot:
                # Everyone around a day where cover is off: the usual place to gain.
                centre = self.rng.choice(hot)
                reach = max(1, round(f * self.days / 2))
                around = range(max(0, centre - reach), min(self.days, centre + reach + 1))
                return {p for d in around for p in self.by_day[d]}
            kind = self.rng.random()
        staff_n = max(2, round(f * self.staff_count))
        days_n = max(2, round(f * self.days))
        if kind < 0.4:
            chosen = self.rng.sample(range(self.staff_count), min(staff_n, self.staff_count))
            return {p for i in chosen for p in self.by_staff[i]}
        if kind < 0.7:
            start = self.rng.randrange(max(1, self.days - days_n + 1))
            return {p for d in range(start, min(self.days, start + days_n)) for p in self.by_day[d]}
        wide_f = min(1.0, 2.5 * f)
        n = self.staff_count
        half = self.rng.sample(range(n), min(n, max(2, round(wide_f * n))))
        wide = min(self.days, max(2, round(wide_f * self.days)))
        start = self.rng.randrange(max(1, self.days - wide + 1))
        days = set(range(start, start + wide))
        staff = set(half)
        return {
            p for i in staff for p in self.by_staff[i] if self.b.shifts[self.keys[p][0]].day in days
        }

    def adapt(self, proved: bool) -> None:
        factor = 1.15 if proved else 0.85
        self.fraction = min(MAX_FRACTION, max(MIN_FRACTION, self.fraction * factor))


def solve_step(
    b: Builder,
    hood: Neighbourhoods,
    current: list[int],
    free: set[int],
    *,
    seed: int,
    workers: int,
    time_limit: float,
    deterministic_time: float | None,
    register: Callable[[cp_model.CpSolver | None], None],
) -> Step:
    """Re-solve with everything outside ``free`` fixed to ``current``."""
    model = b.model.clone()
    variables = model.proto.variables
    for pos, idx in enumerate(hood.var_index):
        if pos not in free:
            domain = variables[idx].domain
            domain[0] = current[idx]
            domain[1] = current[idx]
    # The whole current rota, derived variables included, so CP-SAT starts from it at once.
    hint = model.proto.solution_hint
    hint.vars.clear()
    hint.values.clear()
    hint.vars.extend(range(len(current)))
    hint.values.extend(current)
    solver = cp_model.CpSolver()
    params = solver.parameters
    params.max_time_in_seconds = max(0.01, time_limit)
    params.num_workers = workers
    params.random_seed = seed
    if deterministic_time is not None:
        params.max_deterministic_time = deterministic_time
    register(solver)
    status = solver.solve(model)
    register(None)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return Step(None, None, False, solver.deterministic_time)
    return Step(
        round(solver.objective_value),
        list(solver.response_proto.solution),
        status == cp_model.OPTIMAL,
        solver.deterministic_time,
    )
