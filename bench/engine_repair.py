"""Repair: one worker off sick for 3 days in the reference organisation (32 people, 150 staff).

    python bench/engine_repair.py [--time-limit 10] [--seed 0] [--previous planted|engine]

The previous rota is the generator's planted rota (complete and legal) or the engine's own.
The worker with the most shifts on days 8-10 goes off sick from day 8 to the end of day 10;
history before the sickness is locked (``Problem.now``). Reports the wall time, the number
of changes against the previous rota (and how many of them touch shifts other than the sick
worker's), what is left uncovered and the checker's verdict. Prints; asserts nothing.
"""

from __future__ import annotations

import argparse
import sys
import time
from dataclasses import replace
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bench._common import fmt, table, use_repository_imports

use_repository_imports()

from rota_engine.check import check  # noqa: E402
from rota_engine.generate import generate_org  # noqa: E402
from rota_engine.model import Assignment, Interval, Problem  # noqa: E402

SICK_DAYS = (8, 9, 10)


def sick_scenario(problem: Problem, previous: tuple[Assignment, ...]) -> tuple[Problem, str]:
    """The problem with the busiest worker on ``SICK_DAYS`` off sick, and that worker's id."""
    shifts = {s.id: s for s in problem.shifts}
    busy: dict[str, int] = {}
    for a in previous:
        if shifts[a.shift_id].day in SICK_DAYS:
            busy[a.staff_id] = busy.get(a.staff_id, 0) + 1
    worker = min(busy, key=lambda s: (-busy[s], s))
    start = problem.day_start(SICK_DAYS[0])
    end = problem.day_start(SICK_DAYS[-1] + 1)
    staff = tuple(
        replace(m, unavailable=(*m.unavailable, Interval(start, end, "sick")))
        if m.id == worker
        else m
        for m in problem.staff
    )
    return replace(problem, staff=staff, previous=previous, now=start), worker


def main(argv: list[str] | None = None) -> int:
    from rota_engine.solve import solve

    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--time-limit", type=float, default=10.0, help="repair solve limit")
    parser.add_argument("--base-time-limit", type=float, default=20.0, help="engine's first rota")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--workers", type=int, default=None)
    parser.add_argument("--previous", choices=("planted", "engine"), default="planted")
    args = parser.parse_args(argv)

    org = generate_org(32, 150, 4, args.seed)
    previous = org.planted.assignments
    if args.previous == "engine":
        base = solve(
            org.problem, time_limit=args.base_time_limit, seed=args.seed, workers=args.workers
        )
        previous = base.assignments
    problem, worker = sick_scenario(org.problem, previous)
    shifts = {s.id: s for s in problem.shifts}
    sick_interval = next(
        u for m in problem.staff if m.id == worker for u in m.unavailable if u.reason == "sick"
    )
    affected = {
        a.shift_id
        for a in previous
        if a.staff_id == worker
        and shifts[a.shift_id].start < sick_interval.end
        and sick_interval.start < shifts[a.shift_id].end
    }

    started = time.perf_counter()
    solution = solve(
        problem, time_limit=args.time_limit, seed=args.seed, workers=args.workers, hint=previous
    )
    # Local repair (the default for a repair problem) starts from the previous rota itself and
    # ignores the hint; the whole-problem path uses it.
    hinted = "local repair"
    if solution.status == "model_invalid":  # the engine rejected the hint: say so, go without
        hinted = "rejected"
        started = time.perf_counter()
        solution = solve(problem, time_limit=args.time_limit, seed=args.seed, workers=args.workers)
    wall = time.perf_counter() - started
    before = {(a.shift_id, a.staff_id) for a in previous}
    after = {(a.shift_id, a.staff_id) for a in solution.assignments}
    changed = before ^ after
    other_shifts = {s for s, _ in changed} - affected
    report = check(problem, solution) if solution.assignments else None
    headers = [
        "previous",
        "hint",
        "sick worker",
        "affected shifts",
        "status",
        "wall s",
        "changes",
        "shifts changed",
        "other shifts changed",
        "uncovered places",
        "checker",
    ]
    row = [
        args.previous,
        hinted,
        worker,
        str(len(affected)),
        solution.status,
        fmt(wall, 2),
        str(len(changed)),
        str(len({s for s, _ in changed})),
        str(len(other_shifts)),
        str(sum(u.missing for u in solution.uncovered)),
        "ok" if report and report.ok else f"{len(report.violations) if report else '-'} violations",
    ]
    if report is None:  # no rota came back: nothing to count
        row[6:10] = ["-"] * 4
    print(f"\nRepair, 1x organisation, seed {args.seed}, limit {args.time_limit:g} s\n")
    print(table(headers, [row]))
    if report and not report.ok:
        for line in report.lines()[:10]:
            print("  " + line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
