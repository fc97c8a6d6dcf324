"""The plain direct CP-SAT model of a Curtois instance: the baseline the engine is measured by.

One Boolean per worker, day and shift; every rule of the benchmark README stated directly,
with no symmetry handling, hints or decomposition. Run as a script to solve one instance:
``python bench/plain_curtois.py INSTANCE.txt --time-limit 20 --seed 1``.
"""

from __future__ import annotations

import argparse
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

if __package__ in (None, ""):
    sys.path[:0] = [
        str(Path(__file__).resolve().parents[1] / "src"),
        str(Path(__file__).resolve().parents[1]),
    ]

from ortools.sat.python import cp_model

from bench.curtois_eval import evaluate
from rota_engine.io.curtois_parse import CurtoisInstance, parse_curtois


@dataclass(frozen=True)
class PlainResult:
    status: str
    objective: int | None  # the roster's true objective (recomputed by the evaluator)
    solver_objective: int | None  # CP-SAT's value: slack may be loose before optimality
    bound: float
    roster: dict[tuple[str, int], str]
    wall_seconds: float
    first_feasible_seconds: float | None
    best_seconds: float | None
    solutions: int


class _Progress(cp_model.CpSolverSolutionCallback):
    def __init__(self, start: float) -> None:
        super().__init__()
        self._start = start
        self._lock = threading.Lock()
        self.first: float | None = None
        self.best: float | None = None
        self.count = 0

    def on_solution_callback(self) -> None:
        now = time.perf_counter() - self._start
        with self._lock:
            self.count += 1
            if self.first is None:
                self.first = now
            self.best = now


def build(
    instance: CurtoisInstance,
) -> tuple[cp_model.CpModel, dict[tuple[str, int, str], cp_model.IntVar]]:
    model = cp_model.CpModel()
    days = instance.days
    x: dict[tuple[str, int, str], cp_model.IntVar] = {}
    for member in instance.staff:
        for day in range(days):
            for shift in instance.shifts:
                x[member.id, day, shift.id] = model.new_bool_var(f"x_{member.id}_{day}_{shift.id}")

    objective: list[cp_model.LinearExprT] = []
    for member in instance.staff:
        e = member.id
        work = []
        for day in range(days):
            w = model.new_bool_var(f"w_{e}_{day}")
            model.add(sum(x[e, day, s.id] for s in instance.shifts) == w)
            work.append(w)
        for day in instance.days_off_of(e):
            model.add(work[day] == 0)
        for shift in instance.shifts:
            for day in range(days - 1):
                for nxt in shift.forbidden_next:
                    model.add_bool_or([x[e, day, shift.id].Not(), x[e, day + 1, nxt].Not()])
        for shift_id, limit in member.max_shifts:
            model.add(sum(x[e, d, shift_id] for d in range(days)) <= limit)
        minutes = sum(s.minutes * x[e, d, s.id] for d in range(days) for s in instance.shifts)
        model.add(minutes <= member.max_total_minutes)
        model.add(minutes >= member.min_total_minutes)
        k = member.max_consecutive_shifts
        for start in range(days - k):
            model.add(sum(work[start : start + k + 1]) <= k)
        # Runs shorter than the minimum are forbidden only when both ends lie inside the horizon.
        for length in range(1, member.min_consecutive_shifts):
            for start in range(1, days - length):
                model.add_bool_or(
                    [
                        work[start - 1],
                        *(work[d].Not() for d in range(start, start + length)),
                        work[start + length],
                    ]
                )
        for length in range(1, member.min_consecutive_days_off):
            for start in range(1, days - length):
                model.add_bool_or(
                    [
                        work[start - 1].Not(),
                        *(work[d] for d in range(start, start + length)),
                        work[start + length].Not(),
                    ]
                )
        weekends = []
        for week in range(instance.weeks):
            we = model.new_bool_var(f"we_{e}_{week}")
            model.add_max_equality(we, [work[7 * week + 5], work[7 * week + 6]])
            weekends.append(we)
        model.add(sum(weekends) <= member.max_weekends)

    for r in instance.shift_on_requests:
        objective.append(r.weight * (1 - x[r.staff_id, r.day, r.shift_id]))
    for r in instance.shift_off_requests:
        objective.append(r.weight * x[r.staff_id, r.day, r.shift_id])
    staff_count = len(instance.staff)
    for row in instance.cover:
        under = model.new_int_var(0, row.requirement, f"under_{row.day}_{row.shift_id}")
        over = model.new_int_var(0, staff_count, f"over_{row.day}_{row.shift_id}")
        assigned = sum(x[m.id, row.day, row.shift_id] for m in instance.staff)
        model.add(assigned - row.requirement == over - under)
        objective.append(row.weight_under * under + row.weight_over * over)
    model.minimize(sum(objective))
    return model, x


def solve_plain(
    instance: CurtoisInstance,
    *,
    time_limit: float,
    seed: int = 0,
    workers: int = 2,
    deterministic_limit: float | None = None,
) -> PlainResult:
    """Solve the plain model; ``deterministic_limit`` replaces the wall limit in tests."""
    start = time.perf_counter()
    model, x = build(instance)
    solver = cp_model.CpSolver()
    if deterministic_limit is not None:
        solver.parameters.max_deterministic_time = deterministic_limit
    else:
        solver.parameters.max_time_in_seconds = max(0.1, time_limit - (time.perf_counter() - start))
    solver.parameters.random_seed = seed
    solver.parameters.num_search_workers = workers
    progress = _Progress(start)
    status = solver.solve(model, progress)
    wall = time.perf_counter() - start
    roster: dict[tuple[str, int], str] = {}
    objective = solver_objective = None
    if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        solver_objective = round(solver.objective_value)
        for (e, d, s), var in x.items():
            if solver.boolean_value(var):
                roster[e, d] = s
        objective = evaluate(instance, roster).objective
    return PlainResult(
        status=solver.status_name(status),
        objective=objective,
        solver_objective=solver_objective,
        bound=solver.best_objective_bound,
        roster=roster,
        wall_seconds=wall,
        first_feasible_seconds=progress.first,
        best_seconds=progress.best,
        solutions=progress.count,
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("instance", type=Path)
    parser.add_argument("--time-limit", type=float, default=20.0)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args(argv)
    instance = parse_curtois(args.instance.read_text())
    result = solve_plain(instance, time_limit=args.time_limit, seed=args.seed, workers=args.workers)
    check = evaluate(instance, result.roster) if result.roster else None
    print(
        f"{args.instance.stem}: status={result.status} objective={result.objective} "
        f"solver_objective={result.solver_objective} "
        f"bound={result.bound:.0f} wall={result.wall_seconds:.1f}s "
        f"first={result.first_feasible_seconds} best={result.best_seconds} "
        f"evaluator={check.objective if check else None} "
        f"violations={len(check.violations) if check else None}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
