"""Curtois & Qu benchmark: the engine against the best-known values and the plain CP-SAT model.

    python bench/engine_curtois.py --time-limit 60 [--instances Instance1 Instance2] [--seeds 3]

Per instance, each figure is the median of the seeds (min-max beside it): the engine's
objective, gap to the best known value, time to the first and to the best rota, checker
agreement (the independent checker and the Curtois evaluator both accept the roster and
recompute the engine's objective), and the plain direct model's objective at the same limit
on the same machine, with the ratio plain / engine. Prints a table; asserts nothing.
"""

from __future__ import annotations

import argparse
import sys
import time
from dataclasses import dataclass
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bench._common import CURTOIS_DIR, fmt, median, table, use_repository_imports

use_repository_imports()

from bench.curtois_eval import evaluate, roster_from_rows  # noqa: E402
from bench.plain_curtois import solve_plain  # noqa: E402
from rota_engine.check import check  # noqa: E402
from rota_engine.io.curtois import roster, to_problem  # noqa: E402
from rota_engine.io.curtois_parse import CurtoisInstance, parse_curtois  # noqa: E402

BEST_KNOWN = {
    "Instance1": 607,
    "Instance2": 828,
    "Instance3": 1001,
    "Instance4": 1716,
    "Instance5": 1143,
    "Instance6": 1950,
    "Instance8": 1300,
    "Instance9": 439,
    "Instance10": 4631,
    "Instance12": 4040,
    "Instance13": 1348,
    "Instance14": 1278,
    "Instance16": 3225,
    "Instance18": 4459,
    "Instance20": 4769,
    "Instance21": 21133,
    "Instance22": 30244,
    "Instance24": 42463,
}
FIRST_GROUP = [f"Instance{i}" for i in (1, 2, 3, 4, 5, 6, 8, 9, 10, 12, 13, 14)]


@dataclass(frozen=True)
class Run:
    objective: int | None
    first: float | None
    best: float | None
    wall: float
    agrees: bool


def run_engine(
    instance: CurtoisInstance, name: str, time_limit: float, seed: int, workers: int | None
) -> Run:
    from rota_engine.solve import solve

    started = time.perf_counter()
    problem = to_problem(instance, name)
    solution = solve(problem, time_limit=time_limit, seed=seed, workers=workers)
    wall = time.perf_counter() - started
    if solution.objective is None:
        return Run(None, None, None, wall, False)
    report = check(problem, solution)
    evaluation = evaluate(instance, roster_from_rows(roster(problem, solution)))
    agrees = (
        report.ok
        and evaluation.feasible
        and report.objective == solution.objective == evaluation.objective
    )
    if not agrees:
        print(
            f"  {name} seed {seed}: engine {solution.objective}, checker {report.objective} "
            f"({len(report.violations)} violations), evaluator {evaluation.objective} "
            f"({len(evaluation.violations)} violations); engine terms {dict(solution.penalties)}",
            file=sys.stderr,
        )
    return Run(
        solution.objective,
        solution.first_solution_seconds,
        solution.best_solution_seconds,
        wall,
        agrees,
    )


def run_plain(instance: CurtoisInstance, time_limit: float, seed: int, workers: int) -> Run:
    result = solve_plain(instance, time_limit=time_limit, seed=seed, workers=workers)
    agrees = False
    if result.objective is not None:
        evaluation = evaluate(instance, result.roster)
        agrees = evaluation.feasible and evaluation.objective == result.objective
    return Run(
        result.objective,
        result.first_feasible_seconds,
        result.best_seconds,
        result.wall_seconds,
        agrees,
    )


def spread(values: list[int]) -> str:
    if not values:
        return "-"
    return f"{fmt(median(values))} [{min(values)}-{max(values)}]"


def gap(value: float | None, best: int) -> float | None:
    return None if value is None else 100.0 * (value - best) / best


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--time-limit", type=float, default=60.0)
    parser.add_argument("--instances", nargs="*", default=FIRST_GROUP)
    parser.add_argument("--seeds", type=int, default=3)
    parser.add_argument(
        "--workers", type=int, default=None, help="engine workers (default: engine's)"
    )
    parser.add_argument("--plain-workers", type=int, default=2)
    parser.add_argument("--no-engine", action="store_true", help="plain model only")
    parser.add_argument("--no-plain", action="store_true", help="engine only")
    args = parser.parse_args(argv)

    headers = [
        "instance",
        "best known",
        "engine obj med [min-max]",
        "gap %",
        "first s",
        "best s",
        "checker",
        "plain obj med [min-max]",
        "plain gap %",
        "plain/engine",
    ]
    rows = []
    gaps: list[float] = []
    for name in args.instances:
        instance = parse_curtois((CURTOIS_DIR / f"{name}.txt").read_text())
        best = BEST_KNOWN[name]
        engine: list[Run] = []
        plain: list[Run] = []
        for seed in range(1, args.seeds + 1):
            if not args.no_engine:
                engine.append(run_engine(instance, name, args.time_limit, seed, args.workers))
            if not args.no_plain:
                plain.append(run_plain(instance, args.time_limit, seed, args.plain_workers))
        e_obj = [r.objective for r in engine if r.objective is not None]
        p_obj = [r.objective for r in plain if r.objective is not None]
        e_med, p_med = median(e_obj), median(p_obj)
        if e_med is not None:
            gaps.append(100.0 * (e_med - best) / best)
        rows.append(
            [
                name,
                str(best),
                spread(e_obj),
                fmt(gap(e_med, best)),
                fmt(median([r.first for r in engine if r.first is not None]), 2),
                fmt(median([r.best for r in engine if r.best is not None]), 2),
                f"{sum(r.agrees for r in engine)}/{len(engine)}" if engine else "-",
                spread(p_obj) + ("" if all(r.agrees for r in plain) else " (!)"),
                fmt(gap(p_med, best)),
                fmt(p_med / e_med, 2) if p_med is not None and e_med else "-",
            ]
        )
        print(" | ".join(rows[-1]), file=sys.stderr, flush=True)
    print(f"\nCurtois benchmark, {args.time_limit:g} s per run, {args.seeds} seed(s)\n")
    print(table(headers, rows))
    if gaps:
        print(f"\nmean engine gap over {len(gaps)} instance(s): {sum(gaps) / len(gaps):.1f}%")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
