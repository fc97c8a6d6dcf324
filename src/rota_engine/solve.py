"""Build the CP-SAT model for a Problem, search within a time limit, return a Solution."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, replace

from ortools.sat.python import cp_model

from rota_engine import explain
from rota_engine.build import Builder
from rota_engine.model import Assignment, Problem, ProblemInputError, Solution, SolveStatus
from rota_engine.rules import build
from rota_engine.validate import validate

# Measured on the 2-core reference machine (docs/engine.md): CP-SAT's portfolio with more
# workers than cores still helps because its LNS and feasibility workers complement each other.
DEFAULT_WORKERS = 4
PROGRESS_PERIOD = 0.5

_STATUS: dict[object, SolveStatus] = {
    cp_model.OPTIMAL: "optimal",
    cp_model.FEASIBLE: "feasible",
    cp_model.INFEASIBLE: "infeasible",
    cp_model.MODEL_INVALID: "model_invalid",
    cp_model.UNKNOWN: "unknown",
}


@dataclass(frozen=True)
class Progress:
    """A progress report: seconds since ``solve`` started, best objective and bound so far
    (``None`` before the first rota / bound) and the number of improving rotas found."""

    elapsed: float
    objective: float | None
    bound: float | None
    solutions: int


ProgressCallback = Callable[[Progress], None]


class _Tracker(cp_model.CpSolverSolutionCallback):
    """Records improvements from solver threads; read by the progress timer."""

    def __init__(self, started: float) -> None:
        super().__init__()
        self.lock = threading.Lock()
        self.started = started
        self.objective: float | None = None
        self.bound: float | None = None
        self.solutions = 0
        self.first: float | None = None
        self.best: float | None = None

    def on_solution_callback(self) -> None:
        now = time.monotonic() - self.started
        with self.lock:
            self.objective = self.objective_value
            self.bound = self.best_objective_bound
            self.solutions += 1
            if self.first is None:
                self.first = now
            self.best = now

    def on_bound(self, bound: float) -> None:
        with self.lock:
            self.bound = bound

    def snapshot(self) -> Progress:
        with self.lock:
            return Progress(
                time.monotonic() - self.started, self.objective, self.bound, self.solutions
            )


def make_solver(
    *,
    time_limit: float,
    seed: int,
    workers: int,
    deterministic_time: float | None,
) -> cp_model.CpSolver:
    solver = cp_model.CpSolver()
    params = solver.parameters
    params.max_time_in_seconds = max(0.01, time_limit)
    params.random_seed = seed
    params.num_workers = workers
    if deterministic_time is not None:
        params.max_deterministic_time = deterministic_time
    return solver


def solve(
    problem: Problem,
    *,
    time_limit: float,
    seed: int = 0,
    workers: int | None = None,
    on_progress: ProgressCallback | None = None,
    cancel: threading.Event | None = None,
    deterministic_time: float | None = None,
    hint: tuple[Assignment, ...] | None = None,
) -> Solution:
    """Solve ``problem`` within ``time_limit`` wall seconds (the whole call).

    Raises :class:`ProblemInputError` for invalid data (unknown ids, end before start, ...).
    Returns a Solution with status ``infeasible`` and ``errors`` when hard rules contradict each
    other in the input, ``unknown`` when no rota was found in time. With ``workers=1``, a fixed
    ``seed`` and ``deterministic_time`` the result is reproducible. ``on_progress`` is called
    about twice a second from a helper thread; setting ``cancel`` stops the search promptly and
    returns the best rota found so far. ``hint`` is a starting rota for the search.
    """
    started = time.monotonic()
    workers = DEFAULT_WORKERS if workers is None else max(1, workers)
    errors = validate(problem)
    if errors:
        raise ProblemInputError(errors)
    precheck = explain.input_errors(problem)
    if precheck:
        return Solution(
            status="infeasible",
            errors=tuple(precheck),
            wall_seconds=time.monotonic() - started,
            seed=seed,
            workers=workers,
        )
    builder = build(Builder(problem))
    if hint:
        _add_hint(builder, hint)
    remaining = time_limit - (time.monotonic() - started)
    solver = make_solver(
        time_limit=remaining, seed=seed, workers=workers, deterministic_time=deterministic_time
    )
    tracker = _Tracker(started)
    solver.best_bound_callback = tracker.on_bound
    done = threading.Event()
    cancelled = threading.Event()
    timer = threading.Thread(
        target=_watch,
        args=(solver, tracker, done, cancelled, on_progress, cancel),
        daemon=True,
    )
    if cancel is not None and cancel.is_set():
        cancelled.set()
        solver.parameters.max_time_in_seconds = 0.0
    timer.start()
    try:
        code = solver.solve(builder.model, tracker)
    finally:
        done.set()
        timer.join()
    status = _STATUS.get(code, "unknown")
    if on_progress is not None:
        on_progress(tracker.snapshot())
    base = Solution(
        status=status,
        wall_seconds=time.monotonic() - started,
        first_solution_seconds=tracker.first,
        best_solution_seconds=tracker.best,
        deterministic_time=solver.deterministic_time,
        solutions_found=tracker.solutions,
        seed=seed,
        workers=workers,
        cancelled=cancelled.is_set(),
    )
    if status == "infeasible":
        return replace(base, errors=explain.diagnose_infeasible(problem, seed=seed))
    if status not in ("optimal", "feasible"):
        return base
    return _extract(builder, solver, base)


def _add_hint(b: Builder, hint: tuple[Assignment, ...]) -> None:
    chosen = {(a.shift_id, a.staff_id) for a in hint}
    for (j, i), v in b.x.items():
        b.model.add_hint(v, (b.shifts[j].id, b.problem.staff[i].id) in chosen)


def _watch(
    solver: cp_model.CpSolver,
    tracker: _Tracker,
    done: threading.Event,
    cancelled: threading.Event,
    on_progress: ProgressCallback | None,
    cancel: threading.Event | None,
) -> None:
    tick = 0.05 if cancel is not None else PROGRESS_PERIOD
    next_report = time.monotonic()
    while not done.wait(tick):
        if cancel is not None and cancel.is_set() and not cancelled.is_set():
            cancelled.set()
            solver.stop_search()
        if on_progress is not None and time.monotonic() >= next_report:
            next_report = time.monotonic() + PROGRESS_PERIOD
            on_progress(tracker.snapshot())


def _extract(b: Builder, solver: cp_model.CpSolver, base: Solution) -> Solution:
    p = b.problem
    assignments = tuple(
        sorted(
            (
                Assignment(p.shifts[j].id, p.staff[i].id)
                for (j, i), v in b.x.items()
                if solver.value(v)
            ),
            key=lambda a: (a.shift_id, a.staff_id),
        )
    )
    penalties: dict[str, int] = {}
    for term in b.terms:
        value = term.coef * int(solver.value(term.expr))
        penalties[term.name] = penalties.get(term.name, 0) + value
    uncovered = explain.uncovered(p, assignments)
    return replace(
        base,
        assignments=assignments,
        uncovered=tuple(uncovered),
        penalties=dict(sorted(penalties.items())),
        objective=sum(penalties.values()),
        bound=float(solver.best_objective_bound),
    )
