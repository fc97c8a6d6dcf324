"""Build the CP-SAT model for a Problem, search within a time limit, return a Solution."""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace

from ortools.sat.python import cp_model

from rota_engine import best_response, columns, explain, local_repair, patterns
from rota_engine.build import Builder, penalties_of
from rota_engine.lns import Neighbourhoods, WholeModel
from rota_engine.model import Assignment, Problem, ProblemInputError, Solution, SolveStatus
from rota_engine.rules import build
from rota_engine.solver import HOLD_SECONDS, hint_whole, make_solver, solve_fixed
from rota_engine.subproblem import Rota, separable
from rota_engine.validate import validate

# Measured on the shared 2-core machine (docs/engine.md): with our own neighbourhood search,
# 2 workers beat 4 on Instances 3, 5 and 8 at 30 s; more threads than cores starve each step.
DEFAULT_WORKERS = 2
PROGRESS_PERIOD = 0.5
# Share of the time budget for the full-model search before neighbourhood search starts.
# Neighbourhood steps gain faster than full-model iterations on every Curtois instance the
# full model does not prove at once: Instance13 22 162 with half the budget, 9 306 with a
# tenth; on 5-14 at 60 s, seeds 0 and 1, a tenth beat half in 10 of 14 runs, and lost the
# others by 5 at most (docs/engine.md).
FIRST_PHASE_SHARE = 0.1
# From this many assignment variables the full model is slow even to start from a rota, and a
# neighbourhood step is cheaper on a model of its slice alone (``rota_engine.subproblem``).
LARGE_MODEL_PAIRS = 20_000
MAX_STEP_SECONDS = 5.0
STEP_DETERMINISTIC = 0.2
# A problem with at least this many (shift, listed worker) pairs that splits into independent
# parts is solved part by part (``rota_engine.decompose``): at the generated 1x organisation's
# scale (13 760 pairs) one model finds no rota in 10 s, the parts a nearly complete one.
DECOMPOSE_MIN_PAIRS = 5000
# Effort for the objective-free search for a first legal rota.
FEASIBILITY_DETERMINISTIC = 3.0
# With one shift a day, a problem of at least this many assignment variables starts from the
# rota built worker by worker (``rota_engine.patterns``): hinted to the full-model phase below
# LARGE_MODEL_PAIRS variables, straight into neighbourhood search from there up. It beat the
# fixed search's first rota on every Curtois instance from 3 to 14 (docs/engine.md); smaller
# problems are solved outright by the full model.
PATTERNS_FIRST_PAIRS = 500
# Column generation (``rota_engine.columns``) first, on problems where only cover ties workers
# together and of at most this many assignment variables, with this share of the time left.
COLUMNS_MAX_PAIRS = 20_000
COLUMNS_SHARE = 0.85
# Larger such problems whose every worker the walk prices start from guided best responses
# (``rota_engine.best_response``), with this share of the time.
RESPONSE_SHARE = 0.8
# Share of the time left after the dives for choosing again among every rota they found.
CHOOSE_SHARE = 0.7
# Branch-and-price (``columns.branch``) after the dives when a gap is left, on teams of at most
# BRANCH_MAX_STAFF workers, with this share of the time left: its nodes each price the whole
# team to the programme's optimum (Curtois Instance6, 18 workers: the record 1950 from the
# dives' 1952, proved optimal, in 2.2 s; on 30 workers and more a node took seconds and 90 s
# found nothing better: docs/engine.md).
BRANCH_MAX_STAFF = 20
BRANCH_SHARE = 0.6

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
    """Records improvements from solver threads; read by the progress timer. Takes values of
    the objective ``scale`` times the penalties plus tie-breakers, and keeps the penalties."""

    def __init__(self, started: float, scale: int = 1) -> None:
        super().__init__()
        self.lock = threading.Lock()
        self.started = started
        self.scale = scale
        self.objective: float | None = None
        self.bound: float | None = None
        self.solutions = 0
        self.first: float | None = None
        self.best: float | None = None

    def on_solution_callback(self) -> None:
        now = time.monotonic() - self.started
        with self.lock:
            self.objective = penalties_of(self.objective_value, self.scale)
            self.bound = self._penalties_bound(self.best_objective_bound)
            self.solutions += 1
            if self.first is None:
                self.first = now
            self.best = now

    def improve(self, objective: float) -> None:
        now = time.monotonic() - self.started
        with self.lock:
            self.objective = penalties_of(objective, self.scale)
            self.solutions += 1
            if self.first is None:
                self.first = now
            self.best = now

    def on_bound(self, bound: float) -> None:
        with self.lock:
            self.bound = self._penalties_bound(bound)

    def _penalties_bound(self, bound: float) -> float:
        # Tie-breakers add less than one scale unit: the penalties are at least this.
        return bound if self.scale == 1 else float(math.floor(bound / self.scale + 1e-9))

    def snapshot(self) -> Progress:
        with self.lock:
            return Progress(
                time.monotonic() - self.started, self.objective, self.bound, self.solutions
            )


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
    lns: bool = True,
    local: bool = True,
    decompose: bool | None = None,
) -> Solution:
    """Solve ``problem`` within ``time_limit`` wall seconds (the whole call).

    Raises :class:`ProblemInputError` for invalid data (unknown ids, end before start, ...).
    Returns a Solution with status ``infeasible`` and ``errors`` when hard rules contradict each
    other in the input, ``unknown`` when no rota was found in time. With ``workers=1``, a fixed
    ``seed`` and ``deterministic_time`` the result is reproducible. ``on_progress`` is called
    about twice a second from a helper thread; setting ``cancel`` stops the search promptly and
    returns the best rota found so far. ``hint`` is a starting rota for the search. With
    ``lns`` the search after a first phase re-solves slices of the rota (``rota_engine.lns``);
    with ``deterministic_time`` both phases are budgeted in deterministic time.

    Repair problems (``problem.previous`` set) are solved locally (``rota_engine.local_repair``):
    only the neighbourhood of what the event broke is re-solved, every other assignment stays;
    ``hint`` is then ignored (the previous rota is the starting point). ``local=False`` re-solves
    the whole problem with the change penalty instead.

    ``decompose`` (default: when the problem has at least ``DECOMPOSE_MIN_PAIRS`` (shift,
    listed worker) pairs, no ``hint`` and is not a repair) solves a problem that splits into
    independent parts part by part (``rota_engine.decompose.solve_decomposed``, same contract);
    ``workers`` is then the search threads per part, and a problem in one piece is solved here.
    """
    started = time.monotonic()
    if decompose is None:
        pairs = sum(len(s.eligible) for s in problem.shifts)
        decompose = not hint and problem.previous is None and pairs >= DECOMPOSE_MIN_PAIRS
    if decompose:
        # Imported here: ``decompose`` uses this module's progress types.
        from rota_engine.components import partition
        from rota_engine.decompose import solve_decomposed

        if not validate(problem) and len(partition(problem)) > 1:
            return solve_decomposed(
                problem, time_limit=time_limit - (time.monotonic() - started), seed=seed,
                workers=workers, on_progress=on_progress, cancel=cancel,
                deterministic_time=deterministic_time,
            )  # fmt: skip
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
    if local and problem.previous is not None:
        kept, seeds = local_repair.base_rota(problem)
        if local_repair.applicable(problem, seeds):
            return _solve_local(
                problem, kept, seeds, started=started, time_limit=time_limit, seed=seed,
                workers=workers, on_progress=on_progress, cancel=cancel,
                deterministic_time=deterministic_time,
            )  # fmt: skip
    builder = build(Builder(problem, tie_breaks=True))
    if hint:
        _add_hint(builder, hint)
    tracker = _Tracker(started, builder.scale)
    control = _Control(cancel)
    with _reporting(control, tracker, on_progress):
        result = _search(
            builder, tracker, control, started=started, time_limit=time_limit, seed=seed,
            workers=workers, deterministic_time=deterministic_time, lns=lns,
        )  # fmt: skip
    status, solver, det_used = result
    base = Solution(
        status=status,
        wall_seconds=time.monotonic() - started,
        first_solution_seconds=tracker.first,
        best_solution_seconds=tracker.best,
        deterministic_time=det_used,
        solutions_found=tracker.solutions,
        seed=seed,
        workers=workers,
        cancelled=control.cancelled.is_set(),
    )
    if status == "infeasible":
        return replace(base, errors=explain.diagnose_infeasible(problem, seed=seed))
    if solver is None or status not in ("optimal", "feasible"):
        return base
    return _extract(builder, solver, base, tracker.bound)


def _solve_local(
    problem: Problem,
    base: tuple[Assignment, ...],
    seeds: local_repair.Seeds,
    *,
    started: float,
    time_limit: float,
    seed: int,
    workers: int,
    on_progress: ProgressCallback | None,
    cancel: threading.Event | None,
    deterministic_time: float | None,
) -> Solution:
    """A repair problem re-solved around what changed (``rota_engine.local_repair``)."""
    tracker = _Tracker(started)
    control = _Control(cancel)
    with _reporting(control, tracker, on_progress):
        solution, _ = local_repair.repair(
            problem, base, seeds, started=started, time_limit=time_limit, seed=seed,
            workers=workers, deterministic_time=deterministic_time, register=control.register,
            improved=tracker.improve, cancelled=control.cancelled.is_set,
        )  # fmt: skip
    return replace(
        solution,
        wall_seconds=time.monotonic() - started,
        first_solution_seconds=tracker.best,
        best_solution_seconds=tracker.best,
        solutions_found=tracker.solutions,
        seed=seed,
        workers=workers,
        cancelled=control.cancelled.is_set(),
    )


class _Control:
    """Shared between the search and the timer thread: the running solver, done, cancelled."""

    def __init__(self, cancel: threading.Event | None) -> None:
        self.cancel = cancel
        self.done = threading.Event()
        self.cancelled = threading.Event()
        self.lock = threading.Lock()
        self.solver: cp_model.CpSolver | None = None
        if cancel is not None and cancel.is_set():
            self.cancelled.set()

    def register(self, solver: cp_model.CpSolver | None) -> None:
        with self.lock:
            self.solver = solver
            if solver is not None and self.cancelled.is_set():
                solver.parameters.max_time_in_seconds = 0.0

    def stop(self) -> None:
        with self.lock:
            self.cancelled.set()
            if self.solver is not None:
                self.solver.stop_search()


def _first_rota(
    b: Builder,
    control: _Control,
    seed: int,
    time_limit: float,
    deterministic_time: float | None,
) -> set[tuple[int, int]] | None:
    """Hint a first rota that keeps the hard rules, found ignoring the objective.

    Tightly constrained problems (minimum hours, run lengths, weekends) can keep the
    objective-driven search from finding a first rota for a long time; without the objective
    CP-SAT finds one in a fraction of the effort, and the search then starts from it.

    A rota built worker by worker (``rota_engine.patterns``) is returned instead, as its
    (shift index, worker index) pairs, when that search finds nothing, or first of all for
    large problems with one shift a day (``PATTERNS_FIRST_PAIRS``).
    """
    patterns_first = b.problem.rules.max_shifts_per_day == 1 and len(b.x) >= PATTERNS_FIRST_PAIRS
    if patterns_first:
        pairs = patterns.first_rota(b, seed, control.cancelled.is_set, control.register)
        if pairs is not None:
            return set(pairs)
    model = b.model.clone()
    model.clear_objective()  # type: ignore[no-untyped-call]
    # Worker by worker, day by day, give each shift when the rules allow: the minimums (hours,
    # run lengths) hold early and the maximums propagate. Searching with "off" first instead
    # leaves a hundred workers short of their minimums and thrashes (Curtois Instance13).
    keys = sorted(b.x, key=lambda k: (k[1], b.starts[k[0]], k[0]))
    model.add_decision_strategy(
        [b.x[k] for k in keys], cp_model.CHOOSE_FIRST, cp_model.SELECT_MAX_VALUE
    )
    budget = FEASIBILITY_DETERMINISTIC
    if deterministic_time is not None:
        budget = min(budget, deterministic_time * 0.1)
    solver = make_solver(time_limit=time_limit, seed=seed, workers=1, deterministic_time=budget)
    solver.parameters.search_branching = cp_model.FIXED_SEARCH
    control.register(solver)
    code = solver.solve(model)
    control.register(None)
    if code in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        values = solver.response_proto.solution
        hint_whole(b.model, values)
        return None
    if patterns_first:
        return None
    pairs = patterns.first_rota(b, seed, control.cancelled.is_set, control.register)
    return None if pairs is None else set(pairs)


def _used(
    remaining: Callable[[], float], share: float, det_budget: float | None
) -> Callable[[float], float]:
    """How much of ``share`` of the time left now is gone once ``spent`` deterministic seconds
    are: of the clock, or in deterministic mode of ``share`` of ``det_budget`` (the clock, all
    of the time left, only a guard, so only the deterministic budget ends a phase early)."""
    left = max(remaining(), 1e-9)

    def used(spent: float) -> float:
        gone = (left - remaining()) / left
        if det_budget is None:
            return gone / share
        return max(spent / (det_budget * share), gone)

    return used


def _responses(
    b: Builder,
    tracker: _Tracker,
    control: _Control,
    *,
    remaining: Callable[[], float],
    seed: int,
    workers: int,
    deterministic_time: float | None,
) -> tuple[set[tuple[int, int]] | None, float]:
    """The best rota of guided best responses in ``RESPONSE_SHARE`` of the time, as (shift
    index, worker index) pairs (``None`` unless the problem is separable and the walk prices
    every worker), and the deterministic time spent."""
    walks = best_response.pricers(b) if separable(b.problem) else None
    if walks is None:
        return None, 0.0
    used = _used(remaining, RESPONSE_SHARE, deterministic_time)
    found = best_response.search(
        b, walks, seed=seed, workers=workers, used=used, cancelled=control.cancelled.is_set,
        improved=lambda objective: tracker.improve(objective * b.scale),
    )  # fmt: skip
    if found.rotas is None:
        return None, found.deterministic_time
    return {(j, i) for i, rota in enumerate(found.rotas) for j in rota}, found.deterministic_time


def _search(
    b: Builder,
    tracker: _Tracker,
    control: _Control,
    *,
    started: float,
    time_limit: float,
    seed: int,
    workers: int,
    deterministic_time: float | None,
    lns: bool,
) -> tuple[SolveStatus, cp_model.CpSolver | None, float]:
    """Full search, then (if not proven optimal) neighbourhood search until the limit.

    A first rota built worker by worker (see ``_first_rota``) is the full search's hint, or
    on a model of at least ``LARGE_MODEL_PAIRS`` variables, or one for column generation
    (``_by_columns``), goes straight to the neighbourhood search.
    """

    def remaining() -> float:
        return time_limit - (time.monotonic() - started)

    start: tuple[list[int], int] | None = None  # the pattern rota hinted to the full search
    if not b.model.proto.solution_hint.vars:
        built, det_first = None, 0.0
        if lns and len(b.x) >= LARGE_MODEL_PAIRS and not _by_columns(b):
            built, det_first = _responses(
                b, tracker, control, remaining=remaining, seed=seed, workers=workers,
                deterministic_time=deterministic_time,
            )  # fmt: skip
        if built is None:
            wall = remaining() * (1.0 if deterministic_time is not None else 0.2)
            built = _first_rota(b, control, seed, wall, deterministic_time)
        held = time.monotonic()
        holder = None
        if built is not None:
            holder = solve_fixed(
                b.model, {v.index: int(k in built) for k, v in b.x.items()},
                max(HOLD_SECONDS, remaining()),
            )  # fmt: skip
        if holder is not None:
            objective = round(holder.objective_value)
            tracker.improve(objective)
            if lns and (len(b.x) >= LARGE_MODEL_PAIRS or _by_columns(b)):
                # Keep as long for reading the final rota as reading this one took.
                return _improve(
                    b, tracker, control, list(holder.response_proto.solution), objective,
                    remaining=remaining, seed=seed, workers=workers,
                    deterministic_time=deterministic_time, det_used=det_first,
                    reserve=time.monotonic() - held,
                )  # fmt: skip
            # A smaller model starts its full-model phase from the whole rota.
            start = list(holder.response_proto.solution), objective
            hint_whole(b.model, start[0])
    share = FIRST_PHASE_SHARE if lns else 1.0
    # In deterministic mode only deterministic budgets may end a phase early.
    wall_share = 1.0 if deterministic_time is not None else share
    solver = make_solver(
        time_limit=remaining() * wall_share,
        seed=seed,
        workers=workers,
        deterministic_time=None if deterministic_time is None else deterministic_time * share,
    )
    solver.best_bound_callback = tracker.on_bound
    control.register(solver)
    code = solver.solve(b.model, tracker)
    control.register(None)
    status = _STATUS.get(code, "unknown")
    det_used = solver.deterministic_time
    if status in ("optimal", "feasible"):
        tracker.on_bound(solver.best_objective_bound)  # the callback may lag the final bound
    if status in ("optimal", "infeasible", "model_invalid") or (not lns and status == "feasible"):
        return status, solver if status in ("optimal", "feasible") else None, det_used
    if status == "unknown" and start is not None:
        # Cancelled or out of time before the hint was taken up: the pattern rota stands.
        if not lns:
            return "feasible", holder, det_used
        return _improve(
            b, tracker, control, *start, remaining=remaining, seed=seed, workers=workers,
            deterministic_time=deterministic_time, det_used=det_used,
        )  # fmt: skip
    if status == "unknown":
        if control.cancelled.is_set() or remaining() <= 0:
            return status, None, det_used
        # No rota yet: spend what is left on the full model.
        left = None if deterministic_time is None else max(0.0, deterministic_time - det_used)
        solver = make_solver(
            time_limit=remaining(), seed=seed, workers=workers, deterministic_time=left
        )
        solver.best_bound_callback = tracker.on_bound
        control.register(solver)
        code = solver.solve(b.model, tracker)
        control.register(None)
        status = _STATUS.get(code, "unknown")
        if status in ("optimal", "feasible"):
            tracker.on_bound(solver.best_objective_bound)
        return status, solver if status in ("optimal", "feasible") else None, det_used
    current = list(solver.response_proto.solution)
    return _improve(
        b, tracker, control, current, round(solver.objective_value), remaining=remaining,
        seed=seed, workers=workers, deterministic_time=deterministic_time, det_used=det_used,
    )  # fmt: skip


def _improve(
    b: Builder,
    tracker: _Tracker,
    control: _Control,
    current: list[int],
    best: int,
    *,
    remaining: Callable[[], float],
    seed: int,
    workers: int,
    deterministic_time: float | None,
    det_used: float,
    reserve: float = 0.05,
) -> tuple[SolveStatus, cp_model.CpSolver | None, float]:
    """Neighbourhood search from ``current`` (every model variable's value) until ``reserve``
    seconds are left of the limit; on problems that suit it, column generation first
    (``_columns``)."""
    if _by_columns(b):
        current, best, det_used = _columns(
            b, tracker, control, current, best, remaining=remaining, seed=seed,
            workers=workers, deterministic_time=deterministic_time, det_used=det_used,
        )  # fmt: skip
    hood = Neighbourhoods(b, seed)
    rota: Rota | WholeModel
    if len(b.x) >= LARGE_MODEL_PAIRS and separable(b.problem):
        pairs = [k for k, v in b.x.items() if current[v.index]]
        rota = Rota(b, pairs, best)
    else:
        rota = WholeModel(b, current, best)
    step_no = 0
    while not control.cancelled.is_set():
        wall_left = remaining()
        det_left = None if deterministic_time is None else deterministic_time - det_used
        if wall_left <= reserve or (det_left is not None and det_left <= 0):
            break
        if tracker.bound is not None and b.penalties(rota.objective) <= tracker.bound + 1e-6:
            break
        step_no += 1
        # Steps are budgeted in deterministic time even against the clock, so a step does
        # the same work on a busy machine as on a quiet one; the wall cap is only a guard.
        step = rota.step(
            hood.pick(rota.hot_days(), rota.short_places()), seed=seed + step_no, workers=workers,
            time_limit=wall_left if det_left is not None else min(MAX_STEP_SECONDS, wall_left),
            deterministic_time=min(STEP_DETERMINISTIC, det_left or STEP_DETERMINISTIC),
            register=control.register,
        )  # fmt: skip
        det_used += step.deterministic_time
        hood.adapt(step.proved)
        if step.objective is not None and step.objective < best:
            best = step.objective
            tracker.improve(best)
    status: SolveStatus = "feasible"
    if tracker.bound is not None and b.penalties(best) <= tracker.bound + 1e-6:
        status = "optimal"
    holder = solve_fixed(b.model, rota.values(), max(HOLD_SECONDS, remaining()))
    # Only a rota the solver can be asked about can be returned.
    return (status if holder is not None else "unknown"), holder, det_used


def _by_columns(b: Builder) -> bool:
    return len(b.x) <= COLUMNS_MAX_PAIRS and separable(b.problem)


def _columns(
    b: Builder,
    tracker: _Tracker,
    control: _Control,
    current: list[int],
    best: int,
    *,
    remaining: Callable[[], float],
    seed: int,
    workers: int,
    deterministic_time: float | None,
    det_used: float,
) -> tuple[list[int], int, float]:
    """Spend ``COLUMNS_SHARE`` of the time left on column generation and its dive
    (``rota_engine.columns``); return the better rota (every variable's value), its objective
    and the deterministic time used."""
    start = [k for k, v in b.x.items() if current[v.index]]
    det_budget = None if deterministic_time is None else deterministic_time - det_used
    found = columns.dive(
        b, start, seed=seed, workers=workers, used=_used(remaining, COLUMNS_SHARE, det_budget),
        cancelled=control.cancelled.is_set,
    )  # fmt: skip
    det_used += found.deterministic_time
    if found.bound is not None and (tracker.bound is None or found.bound > tracker.bound):
        tracker.on_bound(found.bound * b.scale)
    if found.pairs is None or found.objective is None:
        return current, best, det_used
    pairs, objective = found.pairs, found.objective
    if found.stale and (found.bound is None or objective > found.bound):
        # The dives stopped finding better rotas: recombine every rota they found.
        det = None if det_budget is None else det_budget - found.deterministic_time
        # In deterministic mode the clock is only a guard.
        wall = remaining() * (CHOOSE_SHARE if det is None else 1.0)
        solver = make_solver(
            seed=seed, workers=workers, time_limit=wall,
            deterministic_time=None if det is None else det * CHOOSE_SHARE,
        )  # fmt: skip
        control.register(solver)
        chosen = columns.choose(b, found.rotas, pairs, solver)
        control.register(None)
        det_used += solver.deterministic_time
        if chosen is not None and chosen[1] < objective:
            pairs, objective = chosen
    if (
        found.bound is not None
        and objective > found.bound
        and len(b.problem.staff) <= BRANCH_MAX_STAFF
    ):
        # A gap left on a small team: branch-and-price either finds a better rota or proves
        # there is none.
        left = None if deterministic_time is None else deterministic_time - det_used
        branched = columns.branch(
            b, pairs, objective, seed=seed, used=_used(remaining, BRANCH_SHARE, left),
            cancelled=control.cancelled.is_set,
        )  # fmt: skip
        det_used += branched.deterministic_time
        if branched.pairs is not None and branched.objective is not None:
            pairs, objective = branched.pairs, branched.objective
        if branched.proved:
            tracker.on_bound(objective * b.scale)
    rota = set(pairs)
    holder = solve_fixed(
        b.model, {v.index: int(k in rota) for k, v in b.x.items()}, max(HOLD_SECONDS, remaining())
    )
    if holder is None or round(holder.objective_value) > best:
        return current, best, det_used
    best = round(holder.objective_value)
    tracker.improve(best)
    return list(holder.response_proto.solution), best, det_used


def _add_hint(b: Builder, hint: tuple[Assignment, ...]) -> None:
    # The caller's rota replaces any hint a rule gave (repair mode hints the previous rota):
    # CP-SAT rejects a model that hints one variable twice.
    b.model.clear_hints()  # type: ignore[no-untyped-call]
    chosen = {(a.shift_id, a.staff_id) for a in hint}
    for (j, i), v in b.x.items():
        b.model.add_hint(v, (b.shifts[j].id, b.problem.staff[i].id) in chosen)


@contextmanager
def _reporting(
    control: _Control, tracker: _Tracker, on_progress: ProgressCallback | None
) -> Iterator[None]:
    """Progress from a helper thread while the block runs, then the final figures once."""
    timer = threading.Thread(target=_watch, args=(control, tracker, on_progress), daemon=True)
    timer.start()
    try:
        yield
    finally:
        control.done.set()
        timer.join()
    if on_progress is not None:
        on_progress(tracker.snapshot())


def _watch(control: _Control, tracker: _Tracker, on_progress: ProgressCallback | None) -> None:
    tick = 0.05 if control.cancel is not None else PROGRESS_PERIOD
    next_report = time.monotonic()
    while not control.done.wait(tick):
        if (
            control.cancel is not None
            and control.cancel.is_set()
            and not control.cancelled.is_set()
        ):
            control.stop()
        if on_progress is not None and time.monotonic() >= next_report:
            next_report = time.monotonic() + PROGRESS_PERIOD
            on_progress(tracker.snapshot())


def _extract(
    b: Builder, solver: cp_model.CpSolver, base: Solution, bound: float | None
) -> Solution:
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
        bound=bound,
    )
