"""Generated organisations at 1x, 3x, 10x the reference provider (32 people, 150 staff).

    python bench/engine_scale.py [--scales 1 3 10] [--weeks 4] [--time-limit 60] [--seed 0]

Each scale runs in its own process (so peak memory is that scale's): generate, the greedy
first-fit baseline, then the engine. Columns: wall time, peak resident memory, covered %,
continuity (mean different workers per person per week; lower is better), gap to the
solver's bound, checker violations, and greedy's covered % and continuity beside them.
Prints a table; asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bench._common import fmt, table, use_repository_imports

use_repository_imports()

from bench.rota_metrics import continuity, covered_fraction  # noqa: E402
from rota_engine.check import check  # noqa: E402
from rota_engine.generate import generate_org  # noqa: E402
from rota_engine.greedy import greedy  # noqa: E402


def one_scale(
    scale: int, weeks: int, time_limit: float, seed: int, workers: int | None, hint: str = "none"
) -> dict[str, object]:
    from rota_engine.solve import solve

    people, staff = 32 * scale, 150 * scale
    started = time.perf_counter()
    org = generate_org(people, staff, weeks, seed)
    problem = org.problem
    generated = time.perf_counter() - started

    started = time.perf_counter()
    baseline = greedy(problem)
    greedy_wall = time.perf_counter() - started

    hints = {"none": None, "greedy": baseline.assignments, "planted": org.planted.assignments}
    solution = solve(problem, time_limit=time_limit, seed=seed, workers=workers, hint=hints[hint])
    found = solution.status in ("optimal", "feasible")
    report = check(problem, solution) if found else None
    gap = None
    if solution.objective and solution.bound is not None:
        gap = 100.0 * (solution.objective - solution.bound) / max(1, solution.objective)
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {
        "scale": scale,
        "people": people,
        "staff": len(problem.staff),
        "shifts": len(problem.shifts),
        "generate_s": generated,
        "status": solution.status,
        "wall_s": solution.wall_seconds,
        "peak_mib": peak_mib,
        "covered": covered_fraction(problem, solution) if found else None,
        "continuity": continuity(problem, solution) if found else None,
        "planted_continuity": continuity(problem, org.planted),
        "gap": gap,
        "objective": solution.objective,
        "violations": len(report.violations) if report else None,
        "greedy_wall_s": greedy_wall,
        "greedy_covered": covered_fraction(problem, baseline),
        "greedy_continuity": continuity(problem, baseline),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--scales", type=int, nargs="*", default=[1, 3, 10])
    parser.add_argument("--weeks", type=int, default=4)
    parser.add_argument("--time-limit", type=float, default=60.0)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--workers", type=int, default=None)
    parser.add_argument(
        "--hint", choices=("none", "greedy", "planted"), default="none", help="starting rota"
    )
    parser.add_argument("--one", type=int, default=None, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.one is not None:
        print(
            json.dumps(
                one_scale(args.one, args.weeks, args.time_limit, args.seed, args.workers, args.hint)
            )
        )
        return 0

    results: list[dict[str, Any]] = []
    for scale in args.scales:
        command = [
            sys.executable,
            str(Path(__file__).resolve()),
            "--one",
            str(scale),
            "--weeks",
            str(args.weeks),
            "--time-limit",
            str(args.time_limit),
            "--seed",
            str(args.seed),
        ]
        if args.workers is not None:
            command += ["--workers", str(args.workers)]
        command += ["--hint", args.hint]
        done = subprocess.run(command, capture_output=True, text=True, check=False)
        if done.returncode != 0:
            print(f"scale {scale} failed:\n{done.stderr[-2000:]}", file=sys.stderr)
            continue
        results.append(json.loads(done.stdout.strip().splitlines()[-1]))
        print(results[-1], file=sys.stderr, flush=True)

    headers = [
        "scale",
        "people/staff",
        "shifts",
        "status",
        "wall s",
        "s/person",
        "peak MiB",
        "covered %",
        "continuity",
        "gap %",
        "violations",
        "greedy covered %",
        "greedy continuity",
        "planted continuity",
    ]
    rows = [
        [
            f"{r['scale']}x",
            f"{r['people']}/{r['staff']}",
            str(r["shifts"]),
            str(r["status"]),
            fmt(r["wall_s"]),
            fmt(float(r["wall_s"]) / int(r["people"]), 3),
            fmt(r["peak_mib"], 0),
            fmt(None if r["covered"] is None else 100 * r["covered"], 2),
            fmt(r["continuity"], 2),
            fmt(r["gap"]),
            "-" if r["violations"] is None else str(r["violations"]),
            fmt(100 * float(r["greedy_covered"]), 2),
            fmt(r["greedy_continuity"], 2),
            fmt(r["planted_continuity"], 2),
        ]
        for r in results
    ]
    print(
        f"\nGenerated organisations, {args.weeks} weeks, hint {args.hint}, "
        f"limit {args.time_limit:g} s, seed {args.seed}\n"
    )
    print(table(headers, rows))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
