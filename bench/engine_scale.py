"""Generated organisations at 1x, 3x, 10x the reference provider (32 people, 150 staff).

    python bench/engine_scale.py [--scales 1 3 10] [--weeks 4] [--time-limit 60] [--seed 0]
        [--decompose]

``--decompose`` solves by connected components of shared staff (``rota_engine.decompose``)
instead of one model; the stderr line per scale then also lists the parts.

Each scale runs in its own process (so peak memory is that scale's): generate, the greedy
first-fit baseline, then the engine. Columns: wall time, peak resident memory, covered %,
continuity (mean different workers per person per week; lower is better), gap to the
solver's bound, checker violations, and greedy's covered % and continuity beside them.
Prints a table; asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import os
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
from rota_engine.decompose import default_processes  # noqa: E402
from rota_engine.generate import generate_org  # noqa: E402
from rota_engine.greedy import greedy  # noqa: E402


def _cpu_seconds() -> float:
    """CPU seconds of this process and its waited-for children (worker processes)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def one_scale(
    scale: int,
    weeks: int,
    time_limit: float,
    seed: int,
    workers: int | None,
    hint: str = "none",
    decompose: bool = False,
    processes: int | None = None,
) -> dict[str, object]:
    from rota_engine.decompose import solve_parts
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
    parts: list[dict[str, object]] = []
    phases: dict[str, float] = {}
    cpu_before = _cpu_seconds()
    if decompose:
        decomposed = solve_parts(
            problem,
            time_limit=time_limit,
            seed=seed,
            workers=workers,
            processes=default_processes() if processes is None else processes,
        )
        solution = decomposed.solution
        phases = {
            "greedy_s": round(decomposed.greedy_seconds, 2),
            "search_s": round(decomposed.search_seconds, 2),
            "merge_s": round(decomposed.merge_seconds, 2),
        }
        parts = [
            {
                "staff": r.staff,
                "shifts": r.shifts,
                "status": r.status,
                "source": r.source,
                "wall_s": round(r.wall_seconds, 2),
                "steps": r.steps,
            }
            for r in decomposed.parts
        ]
    else:
        solution = solve(
            problem, time_limit=time_limit, seed=seed, workers=workers, hint=hints[hint]
        )
    # A decomposed solve returns a rota even when some part only has a greedy one ("unknown").
    cpu = _cpu_seconds() - cpu_before
    found = solution.status in ("optimal", "feasible") or bool(solution.assignments)
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
        "cpu_s": cpu,
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
        "greedy_violations": len(check(problem, baseline).violations),
        "parts": parts,
        "phases": phases,
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
    parser.add_argument(
        "--decompose", action="store_true", help="solve by connected components of shared staff"
    )
    parser.add_argument(
        "--processes",
        type=int,
        default=None,
        help="with --decompose: parts searched in parallel (default: the engine's)",
    )
    parser.add_argument("--one", type=int, default=None, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.one is not None:
        print(
            json.dumps(
                one_scale(
                    args.one,
                    args.weeks,
                    args.time_limit,
                    args.seed,
                    args.workers,
                    args.hint,
                    args.decompose,
                    args.processes,
                )
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
        if args.decompose:
            command += ["--decompose"]
            if args.processes is not None:
                command += ["--processes", str(args.processes)]
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
        "cpu s",
        "peak MiB",
        "covered %",
        "continuity",
        "gap %",
        "violations",
        "greedy covered %",
        "greedy violations",
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
            fmt(r["cpu_s"]),
            fmt(r["peak_mib"], 0),
            fmt(None if r["covered"] is None else 100 * r["covered"], 2),
            fmt(r["continuity"], 2),
            fmt(r["gap"]),
            "-" if r["violations"] is None else str(r["violations"]),
            fmt(100 * float(r["greedy_covered"]), 2),
            str(r["greedy_violations"]),
            fmt(r["greedy_continuity"], 2),
            fmt(r["planted_continuity"], 2),
        ]
        for r in results
    ]
    processes = args.processes or "load-dependent"
    print(
        f"\nGenerated organisations, {args.weeks} weeks, hint {args.hint}, "
        f"{f'decomposed ({processes} processes), ' if args.decompose else ''}"
        f"limit {args.time_limit:g} s, seed {args.seed}, load {os.getloadavg()[0]:.1f}\n"
    )
    print(table(headers, rows))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
