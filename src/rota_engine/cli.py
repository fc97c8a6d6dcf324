"""Command line: ``python -m rota_engine solve|check|generate|curtois ...``.

Exit codes: 0 a rota was returned (uncovered shifts allowed), 1 the checker found a hard
violation, 2 bad input (one clear error naming the place, no traceback), 3 no rota in time.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

from rota_engine.decompose import solve_decomposed
from rota_engine.model import Problem, ProblemInputError, Solution
from rota_engine.solve import DEFAULT_WORKERS, Progress, solve

OK, HARD_VIOLATION, BAD_INPUT, NO_ROTA = 0, 1, 2, 3


class BadInputError(Exception):
    """Input the user must fix; the message names the place."""


def _read(path: str) -> str:
    try:
        return Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise BadInputError(f"{path}: cannot read ({exc.strerror})") from None
    except UnicodeDecodeError:
        raise BadInputError(f"{path}: not UTF-8 text") from None


def _load_problem(path: str) -> Problem:
    from rota_engine.io.scenario import ScenarioError, load_problem

    try:
        return load_problem(_read(path))
    except ScenarioError as exc:
        raise BadInputError("\n".join(f"{path}: {p}: {m}" for p, m in exc.errors)) from None


def _progress_printer(stream: TextIO) -> Callable[[Progress], None]:
    tty = stream.isatty()

    def show(p: Progress) -> None:
        best = "-" if p.objective is None else f"{p.objective:.0f}"
        bound = "-" if p.bound is None else f"{p.bound:.0f}"
        line = f"{p.elapsed:6.1f} s  best {best}  bound {bound}  rotas {p.solutions}"
        stream.write(f"\r{line}   " if tty else f"{line}\n")
        stream.flush()

    return show


def _solve(problem: Problem, args: argparse.Namespace, quiet: bool = False) -> Solution:
    # Whole organisations solve part by part (connected components of shared staff).
    run = solve_decomposed if getattr(args, "by_parts", False) else solve
    try:
        solution = run(
            problem,
            time_limit=args.time_limit,
            seed=args.seed,
            workers=args.workers,
            on_progress=None if quiet else _progress_printer(sys.stderr),
        )
    except ProblemInputError as exc:
        raise BadInputError("\n".join(f"{e.path}: {e.message}" for e in exc.errors)) from None
    if not quiet and sys.stderr.isatty():
        sys.stderr.write("\n")
    if solution.status == "infeasible":
        lines = [f"{e.path or 'input'}: {e.message} [{e.code}]" for e in solution.errors]
        raise BadInputError("the hard rules cannot all hold:\n" + "\n".join(lines))
    return solution


def cmd_solve(args: argparse.Namespace) -> int:
    from rota_engine.io.scenario import dump_solution

    problem = _load_problem(args.scenario)
    solution = _solve(problem, args)
    if args.out:
        Path(args.out).write_text(dump_solution(solution), encoding="utf-8")
    else:
        sys.stdout.write(dump_solution(solution))
    if solution.status not in ("optimal", "feasible"):
        print(f"no rota found within {args.time_limit} s ({solution.status})", file=sys.stderr)
        return NO_ROTA
    print(
        f"{solution.status}: objective {solution.objective}, bound {solution.bound:.0f}, "
        f"{len(solution.assignments)} assignments, {len(solution.uncovered)} shifts uncovered",
        file=sys.stderr,
    )
    for u in solution.uncovered:
        print(f"  uncovered {u.shift_id} (-{u.missing}): {u.reason} {dict(u.params)}",
              file=sys.stderr)  # fmt: skip
    return OK


def cmd_check(args: argparse.Namespace) -> int:
    from rota_engine.check import check
    from rota_engine.io.scenario import ScenarioError, load_solution

    problem = _load_problem(args.scenario)
    try:
        solution = load_solution(_read(args.solution))
    except ScenarioError as exc:
        raise BadInputError(
            "\n".join(f"{args.solution}: {p}: {m}" for p, m in exc.errors)
        ) from None
    report = check(problem, solution)
    for line in report.lines():
        print(line)
    return OK if report.ok else HARD_VIOLATION


def cmd_generate(args: argparse.Namespace) -> int:
    try:
        from rota_engine import generate as gen
    except ImportError:
        raise BadInputError("the generator is not available in this build") from None
    from rota_engine.io.scenario import dump_problem

    problem = gen.generate(people=args.people, staff=args.staff, weeks=args.weeks, seed=args.seed)
    sys.stdout.write(dump_problem(problem))
    return OK


def cmd_curtois(args: argparse.Namespace) -> int:
    from rota_engine.check import check
    from rota_engine.io.curtois import roster, to_problem
    from rota_engine.io.curtois_parse import CurtoisFormatError, parse_curtois

    try:
        instance = parse_curtois(_read(args.instance))
    except CurtoisFormatError as exc:
        raise BadInputError(f"{args.instance}: {exc}") from None
    problem = to_problem(instance, name=Path(args.instance).stem)
    solution = _solve(problem, args, quiet=args.json)
    if solution.status not in ("optimal", "feasible"):
        print(f"no rota found within {args.time_limit} s ({solution.status})", file=sys.stderr)
        return NO_ROTA
    report = check(problem, solution)
    if args.roster:
        lines = [f"{s},{d},{t}" for s, d, t in roster(problem, solution)]
        Path(args.roster).write_text("\n".join(lines) + "\n", encoding="utf-8")
    if args.json:
        print(
            json.dumps(
                {
                    "instance": problem.name,
                    "objective": solution.objective,
                    "status": solution.status,
                    "wall_seconds": round(solution.wall_seconds, 3),
                    "bound": solution.bound,
                    "first_solution_seconds": solution.first_solution_seconds,
                    "best_solution_seconds": solution.best_solution_seconds,
                    "checker_ok": report.ok,
                    "checker_objective": report.objective,
                }
            )
        )
    else:
        print(f"objective {solution.objective} ({solution.status}, bound {solution.bound:.0f}, "
              f"{solution.wall_seconds:.1f} s)")  # fmt: skip
    if not report.ok:
        for line in report.lines():
            print(line, file=sys.stderr)
        return HARD_VIOLATION
    return OK


def _limits(p: argparse.ArgumentParser, default_time: float) -> None:
    p.add_argument("--time-limit", type=float, default=default_time, help="seconds (wall)")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--workers", type=int, default=DEFAULT_WORKERS)


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="python -m rota_engine", description=__doc__)
    sub = top.add_subparsers(dest="command", required=True)
    p = sub.add_parser("solve", help="solve a scenario and write the solution JSON")
    p.add_argument("scenario")
    _limits(p, 30.0)
    p.add_argument("--out", help="solution file (default: standard output)")
    p.add_argument(
        "--by-parts",
        action="store_true",
        help="solve each group of people who share staff on its own (for whole organisations)",
    )
    p.set_defaults(run=cmd_solve)
    p = sub.add_parser("check", help="check a solution against its scenario")
    p.add_argument("scenario")
    p.add_argument("solution")
    p.set_defaults(run=cmd_check)
    p = sub.add_parser("generate", help="write a synthetic scenario with a planted legal rota")
    p.add_argument("--people", type=int, default=32)
    p.add_argument("--staff", type=int, default=150)
    p.add_argument("--weeks", type=int, default=4)
    p.add_argument("--seed", type=int, default=0)
    p.set_defaults(run=cmd_generate)
    p = sub.add_parser("curtois", help="solve a Curtois & Qu benchmark instance")
    p.add_argument("instance")
    _limits(p, 60.0)
    p.add_argument("--roster", help="CSV of staff_id,day,shift_id")
    p.add_argument("--json", action="store_true", help="print a JSON summary")
    p.set_defaults(run=cmd_curtois)
    return top


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        code: int = args.run(args)
    except BadInputError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return BAD_INPUT
    except KeyboardInterrupt:
        return NO_ROTA
    return code
