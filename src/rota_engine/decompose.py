"""Solve a Problem part by part: connected components of shared staff (``components``).

Teams are individual: a worker is only eligible for the people whose team they are in, so an
organisation falls apart into small independent parts (a locality's people and their staff).
``solve_decomposed`` has the contract of ``rota_engine.solve.solve``:

1. **A rota first, for every part**: the greedy first-fit rota (``rota_engine.greedy``), checked
   for hard violations. Once every part has one, a rota exists whatever happens next. Under the
   clock this pass stops at the deadline too: a part it did not reach has no rota (status
   ``unknown``, all its shifts uncovered) — the time limit wins.
2. **Then each part** — those whose greedy rota breaks a hard rule first (legality first), then
   largest first — within a share of the time left proportional to its size: build its CP-SAT
   model (``rota_engine.rules``), **fill it**: minimise only the empty places, unhinted
   (CP-SAT fills a part several times faster without the rest of the objective; the greedy
   rota as a hint slowed it, since it usually breaks a contract minimum); if that finds
   nothing in up to five times its share (``FILL_OVERRUN``), turn the greedy rota into a
   complete solution of the model (every assignment fixed; when it breaks a hard rule, the
   legal rota with the fewest assignments changed from it). Then a short full search from
   that complete rota (for a bound and early gains), then large-neighbourhood steps
   (around a short shift, a few workers over the horizon, or everyone over a few days,
   re-solved exactly with the rest fixed) until its share is spent or its optimum proven. A
   part whose model cannot be built in the time left keeps the greedy rota.
3. **Merge**: assignments of all parts; uncovered shifts with reasons (``explain.uncovered``,
   per part: a part holds every worker eligible for its shifts); penalties recomputed over the
   whole problem by the independent checker, so ``objective`` is what ``rota_engine.check``
   reports; ``bound`` is the sum of the parts' proven bounds (0 for a part without one);
   ``status`` the worst of the parts'.

Fairness is the one term that spans parts: each part spreads its own staff's sleep-ins, nights
and weekends (fairness across each team), while the checker's figure takes one group across the
whole organisation; so ``bound`` bounds the per-team objective, and equals a bound on the
reported one whenever the fairness weights are zero or there is a single part.

Status: ``optimal`` when every part proved its optimum; ``feasible`` when every part has a legal
rota (from CP-SAT, or a greedy rota the checker found legal); ``unknown`` when some part only has
a greedy rota that breaks a hard rule (a contract minimum, a minimum run) — the assignments are
still returned; ``infeasible`` with ``errors`` when a part's hard rules contradict each other
(the other parts' rotas are still returned). ``solve_parts`` also returns a report per part.

Determinism: with ``deterministic_time`` the parts' budgets are shares of it, no decision
depends on the clock (``time_limit`` only caps each CP-SAT call), and with one worker the result
is reproducible. Parts run one after another in this process, or with ``processes > 1`` (in
``solve_parts``) in that many spawned worker processes, greedy rotas and searches alike, each
search with a fixed share; each CP-SAT call uses ``workers`` search threads.

Why not one model: the whole organisation's model takes seconds of Python to build and CP-SAT
finds no first rota for it in a minute on a loaded 2-core machine, while each part's model is
small, a complete hint makes its first solution immediate, and the work grows linearly with the
number of people.
"""

from __future__ import annotations

import multiprocessing
import os
import random
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any, Literal

from ortools.sat.python import cp_model

from rota_engine import explain
from rota_engine.build import Builder
from rota_engine.check import check, hard_violations
from rota_engine.components import Part, merge_assignments, partition
from rota_engine.greedy import greedy
from rota_engine.model import (
    Assignment,
    InputError,
    Problem,
    ProblemInputError,
    Solution,
    SolveStatus,
    UncoveredShift,
)
from rota_engine.rules import build

# The same progress report as ``solve``: for parts, the objective is the sum over the parts
# (per-team fairness) and the bound the sum of the parts' bounds.
from rota_engine.solve import Progress, ProgressCallback
from rota_engine.solver import fixed_copy, hint_whole, make_solver
from rota_engine.validate import validate

DEFAULT_WORKERS = 1
# Parts searched side by side. Measured at 1x, 10 s, quiet 2-core machine: one process 99.2%
# of places filled, two 100% (docs/engine.md).
DEFAULT_PROCESSES = min(2, os.cpu_count() or 1)
PROGRESS_PERIOD = 0.5
# Filling a part (fewest empty places, nothing else) may take up to this many times its share
# of the time, the deadline permitting: filling is the dominant objective, and the pool's slack
# absorbs the overrun. A part filled early searches on with what is left of its share. (10x,
# seed 2: a part of 20 workers left 29 places open by the greedy rota needs about 4 s to fill,
# its share was 1.6 s. With the takers' windows below, 10x at 60 s: 100 % in 5 runs of 5 on
# seeds 0-2 with 5 times; seed 1 one place short in 2 runs of 2 with 3 times.)
FILL_OVERRUN = 5.0
# Window fill: weight of a broken minimum against an empty place (legality first: a fill cut
# short by the clock must still be a legal rota), first window width (days),
# its growth when a window brings nothing, and each window's effort.
FILL_BROKEN_WEIGHT = 1000
FILL_WINDOW_DAYS = 7
FILL_WINDOW_GROWTH = 3
# When a window brings nothing, the same width again around an open place, with this many of
# its candidates free over the whole horizon: where every candidate is at an hours limit,
# filling the place moves shifts between them on days outside any window. (10x, window fill
# alone, 1 deterministic second per part: 1 place left open on seeds 1 and 2 together, against
# 3 without and 2 with three takers; a part stuck at its last place for 4 deterministic
# seconds filled in 0.6.)
FILL_TAKERS = 2
FILL_STEP_DETERMINISTIC = 0.5
FILL_STEP_SECONDS = 3.0
# CP-SAT's strongest linear relaxation for the window fill: it proves a window's fewest empty
# places at once where the default level searches on. The 1x organisation's hardest part
# (seed 2, 33 places open after the greedy rota) was filled within 2.5 s on 6 seeds of 6,
# against 1 of 6 at the default level (docs/engine.md, session 14).
FILL_LINEARIZATION = 2
# Share of a part's search budget for the full search from the complete hint; LNS gets the rest.
FULL_SHARE = 0.1
STEP_SECONDS = 0.5
STEP_DETERMINISTIC = 0.1
# Each step is charged at least this much deterministic budget: steps on small neighbourhoods
# take almost no deterministic time yet real time (cloning, presolve), and are not free.
STEP_MIN_CHARGE = 0.02
# Effort for turning the greedy rota into a model solution, or the legal rota nearest to it.
COMPLETE_DETERMINISTIC = 1.0
FEASIBILITY_DETERMINISTIC = 5.0
# Building and completing a part's model costs about this many times its greedy rota.
BUILD_PER_GREEDY = 2.0
# Fraction of its share of the pool a part may use (overheads and load delay later parts).
POOL_BUDGET_SLACK = 0.8
# An open place of the greedy rota weighs as much as this many (shift, worker) pairs in a
# part's share of the pool's time.
OPEN_PLACE_SIZE = 60
# Another round for parts with open places only when at least this much time is left.
AGAIN_MIN_SECONDS = 0.8
# Fraction of the time limit kept for merging (reasons and the checker's recomputation).
MERGE_SHARE = 0.08
MIN_FRACTION, MAX_FRACTION = 0.05, 0.6

Source = Literal["cp-sat", "greedy", "none"]
_WORST: tuple[SolveStatus, ...] = ("optimal", "feasible", "unknown", "infeasible", "model_invalid")


@dataclass(frozen=True)
class PartReport:
    """How one part was solved. ``source`` names where its rota came from."""

    index: int
    staff: int
    shifts: int
    size: int
    status: SolveStatus
    source: Source
    objective: int | None
    bound: float | None
    wall_seconds: float
    deterministic_time: float
    steps: int = 0


@dataclass(frozen=True)
class Decomposed:
    """The merged solution plus one report per part (largest part first), and the seconds
    spent on the greedy rotas, the CP-SAT searches and the merge."""

    solution: Solution
    parts: tuple[PartReport, ...]
    greedy_seconds: float = 0.0
    search_seconds: float = 0.0
    merge_seconds: float = 0.0


@dataclass
class _PartState:
    part: Part
    assignments: tuple[Assignment, ...] = ()
    status: SolveStatus = "unknown"
    source: Source = "none"
    objective: int | None = None
    bound: float | None = None
    errors: tuple[InputError, ...] = ()
    wall: float = 0.0
    det: float = 0.0
    steps: int = 0
    first: float | None = None
    best: float | None = None


@dataclass
class _Shared:
    """Read by the progress thread; written by the solving thread."""

    started: float
    cancel: threading.Event | None
    lock: threading.Lock = field(default_factory=threading.Lock)
    objectives: dict[int, float] = field(default_factory=dict)
    bounds: dict[int, float] = field(default_factory=dict)
    solutions: int = 0
    solver: cp_model.CpSolver | None = None
    done: threading.Event = field(default_factory=threading.Event)
    cancelled: threading.Event = field(default_factory=threading.Event)

    def elapsed(self) -> float:
        return time.monotonic() - self.started

    def report(self, part: int, objective: float | None, bound: float | None) -> None:
        with self.lock:
            if objective is not None:
                self.objectives[part] = objective
                self.solutions += 1
            if bound is not None:
                self.bounds[part] = bound

    def snapshot(self, parts: int) -> Progress:
        with self.lock:
            objective = sum(self.objectives.values()) if len(self.objectives) == parts else None
            bound = sum(self.bounds.values()) if self.bounds else None
            return Progress(self.elapsed(), objective, bound, self.solutions)

    def register(self, solver: cp_model.CpSolver | None) -> None:
        with self.lock:
            self.solver = solver
            if solver is not None and self.cancelled.is_set():
                solver.parameters.max_time_in_seconds = 0.0

    def poll_cancel(self) -> bool:
        if self.cancel is not None and self.cancel.is_set() and not self.cancelled.is_set():
            with self.lock:
                self.cancelled.set()
                if self.solver is not None:
                    self.solver.stop_search()
        return self.cancelled.is_set()


def default_processes() -> int:
    """``DEFAULT_PROCESSES``, or one when the machine is already busy: spawned workers pay
    for their start (importing CP-SAT takes seconds under load) only with cores to spare. At
    load 5-6 on 2 cores, two processes left parts without even a greedy rota at 10 s."""
    try:
        load = os.getloadavg()[0]
    except OSError:
        return DEFAULT_PROCESSES
    # The 1-minute average includes this program's own recent work (up to DEFAULT_PROCESSES).
    return 1 if load > (os.cpu_count() or 1) + DEFAULT_PROCESSES else DEFAULT_PROCESSES


def solve_decomposed(
    problem: Problem,
    *,
    time_limit: float,
    seed: int = 0,
    workers: int | None = None,
    on_progress: ProgressCallback | None = None,
    cancel: threading.Event | None = None,
    deterministic_time: float | None = None,
    processes: int | None = None,
) -> Solution:
    """Solve ``problem`` part by part within ``time_limit`` wall seconds (the whole call).

    Same contract as ``rota_engine.solve.solve``; see the module docstring. ``processes``
    defaults to ``default_processes()`` on the clock and to one with ``deterministic_time``.
    """
    if processes is None:
        processes = 1 if deterministic_time is not None else default_processes()
    return solve_parts(
        problem,
        time_limit=time_limit,
        seed=seed,
        workers=workers,
        on_progress=on_progress,
        cancel=cancel,
        deterministic_time=deterministic_time,
        processes=processes,
    ).solution


def solve_parts(
    problem: Problem,
    *,
    time_limit: float,
    seed: int = 0,
    workers: int | None = None,
    on_progress: ProgressCallback | None = None,
    cancel: threading.Event | None = None,
    deterministic_time: float | None = None,
    improve: bool = True,
    processes: int = 1,
) -> Decomposed:
    """``solve_decomposed`` with a report per part; ``improve=False`` stops after the greedy
    rotas (the fallback path on its own). With ``processes > 1`` the parts' searches run in
    that many worker processes (forked; the greedy rotas are made first, in this process), each
    part with a fixed share of the budget; cancelling terminates them and keeps the rotas so
    far."""
    started = time.monotonic()
    workers = DEFAULT_WORKERS if workers is None else max(1, workers)
    errors = validate(problem)
    if errors:
        raise ProblemInputError(errors)
    parts = partition(problem)
    shared = _Shared(started, cancel)
    watcher = threading.Thread(target=_watch, args=(shared, len(parts), on_progress), daemon=True)
    watcher.start()
    phases: dict[str, float] = {}
    try:
        states = _run(
            parts, shared, time_limit=time_limit, seed=seed, workers=workers,
            deterministic_time=deterministic_time, improve=improve, phases=phases,
            processes=processes,
        )  # fmt: skip
    finally:
        shared.done.set()
        watcher.join()
    merging = time.monotonic()
    solution = _merge(problem, states, shared, seed=seed, workers=workers)
    phases["merge"] = time.monotonic() - merging
    if on_progress is not None:
        on_progress(replace(shared.snapshot(len(parts)), objective=solution.objective))
    reports = tuple(
        PartReport(
            index=s.part.index,
            staff=len(s.part.problem.staff),
            shifts=len(s.part.problem.shifts),
            size=s.part.size,
            status=s.status,
            source=s.source,
            objective=s.objective,
            bound=s.bound,
            wall_seconds=s.wall,
            deterministic_time=s.det,
            steps=s.steps,
        )
        for s in states
    )
    return Decomposed(
        solution,
        reports,
        greedy_seconds=phases.get("greedy", 0.0),
        search_seconds=phases.get("search", 0.0),
        merge_seconds=phases["merge"],
    )


def _watch(shared: _Shared, parts: int, on_progress: ProgressCallback | None) -> None:
    tick = 0.05 if shared.cancel is not None else PROGRESS_PERIOD
    next_report = time.monotonic()
    while not shared.done.wait(tick):
        shared.poll_cancel()
        if on_progress is not None and time.monotonic() >= next_report:
            next_report = time.monotonic() + PROGRESS_PERIOD
            on_progress(shared.snapshot(parts))


def _run(
    parts: list[Part],
    shared: _Shared,
    *,
    time_limit: float,
    seed: int,
    workers: int,
    deterministic_time: float | None,
    improve: bool,
    phases: dict[str, float],
    processes: int = 1,
) -> list[_PartState]:
    states = [_PartState(p) for p in parts]
    deadline = time_limit * (1.0 - MERGE_SHARE)
    if processes > 1 and len(states) > 1:
        # The searches run up to the deadline, so their rotas arrive just after it: they are
        # awaited into the first half of the time kept for merging.
        _run_pool(
            states, shared, processes=processes, seed=seed, workers=workers,
            deadline=deadline, awaited_until=time_limit * (1.0 - MERGE_SHARE / 2),
            deterministic_time=deterministic_time, improve=improve, phases=phases,
        )  # fmt: skip
        return states
    # 1. A rota for every part (while the clock allows: a part without one is all uncovered).
    begun = time.monotonic()
    for state in states:
        if shared.poll_cancel():
            break
        if deterministic_time is None and shared.elapsed() >= deadline:
            break
        _greedy(state, shared)
    greedy_seconds = time.monotonic() - begun
    phases["greedy"] = greedy_seconds
    if not improve:
        return states
    begun = time.monotonic()
    # 2. Improve: parts whose greedy rota breaks a hard rule first (legality first), then
    # largest first; each within its share of what is left.
    total = sum(s.part.size for s in states) or 1
    left_size = total
    det_left = deterministic_time
    # Build + completion cost per unit of size: first guessed from the greedy pass (building a
    # part's model costs about twice its greedy rota), then measured on the way.
    seconds_per_size: float | None = BUILD_PER_GREEDY * greedy_seconds / total
    order = sorted(states, key=lambda s: (s.status == "feasible", s.part.index))
    for state in order:
        if shared.poll_cancel():
            break
        size = state.part.size
        share = size / left_size if left_size else 1.0
        left_size -= size
        wall_budget = max(0.0, deadline - shared.elapsed()) * share
        det_budget = None if det_left is None else det_left * share
        # Skip a part whose model would not even be built in the time left: it keeps the greedy
        # rota (only on the clock; with a deterministic budget every part is built).
        if (
            deterministic_time is None
            and seconds_per_size is not None
            and seconds_per_size * size > max(0.0, deadline - shared.elapsed())
        ):
            continue
        part_started = time.monotonic()
        setup = _improve(
            state, shared, seed=seed, workers=workers, wall_budget=wall_budget,
            deadline=deadline, det_budget=det_budget,
        )  # fmt: skip
        state.wall = time.monotonic() - part_started
        if setup is not None:
            seconds_per_size = setup / max(1, size)
        if det_left is not None:
            det_left = max(0.0, det_left - state.det)
    phases["search"] = time.monotonic() - begun
    return states


_Outcome = tuple[
    tuple[Assignment, ...], SolveStatus, Source, int | None, float | None,
    tuple[InputError, ...], float, float, int,
]  # fmt: skip


def _pool_task(
    state: _PartState,
    started: float,
    seed: int,
    workers: int,
    wall_budget: float,
    deadline: float,
    det_budget: float | None,
) -> _Outcome:
    """One part's search in a worker process (``started`` is the caller's monotonic start;
    the monotonic clock is shared by the processes of one machine)."""
    shared = _Shared(started, None)
    begun = time.monotonic()
    if det_budget is not None or deadline - shared.elapsed() > 0.1:
        _improve(
            state, shared, seed=seed, workers=workers, wall_budget=wall_budget,
            deadline=deadline, det_budget=det_budget,
        )  # fmt: skip
    return (
        state.assignments, state.status, state.source, state.objective, state.bound,
        state.errors, time.monotonic() - begun, state.det, state.steps,
    )  # fmt: skip


def _warm() -> None:
    """Nothing: run in a new worker process, it makes the worker import this module."""


def _run_pool(
    states: list[_PartState],
    shared: _Shared,
    *,
    processes: int,
    seed: int,
    workers: int,
    deadline: float,
    awaited_until: float,
    deterministic_time: float | None,
    improve: bool,
    phases: dict[str, float],
) -> None:
    """Greedy rotas, then searches, of the parts in worker processes, largest first; each
    search with a fixed share of the time left after the greedy rotas, and its rota taken if it
    arrives by ``awaited_until``."""
    by_index = {s.part.index: s for s in states}
    # Not fork: a lock held by another thread at fork time (the progress timer, the host
    # application's threads) deadlocks the child. Spawned workers start clean.
    context = multiprocessing.get_context("spawn")
    workers_in_pool = min(processes, len(states))
    pool = context.Pool(workers_in_pool)

    def collect(pending: dict[int, Any], take: Callable[[_PartState, Any], None]) -> None:
        while pending:
            if shared.poll_cancel():
                return
            if deterministic_time is None and shared.elapsed() >= awaited_until:
                return
            for k in [k for k, r in pending.items() if r.ready()]:
                take(by_index[k], pending.pop(k).get())
            if pending:
                time.sleep(0.02)

    def took_search(state: _PartState, outcome: _Outcome) -> None:
        (
            state.assignments, state.status, state.source, state.objective,
            state.bound, state.errors, state.wall, state.det, state.steps,
        ) = outcome  # fmt: skip
        state.best = shared.elapsed()
        shared.report(state.part.index, state.objective, state.bound)

    try:
        begun = time.monotonic()
        # The workers import the engine (about a second, more under load) while this process
        # makes the greedy rotas, and each part's search is sent as soon as its greedy rota is
        # made (in the workers the greedy rotas waited for the imports, and under load some
        # parts had no rota at all by the deadline; all greedy rotas first left the workers
        # idle for 1.5 s at 1x and far longer at 10x).
        warming = [pool.apply_async(_warm) for _ in range(workers_in_pool)]
        size = sum(s.part.size for s in states) or 1
        # The pool's capacity, shared by weight: size plus the places the greedy rota left
        # open (filling them is most of the work: a window step per place or two). Parts not
        # yet greedy-solved are guessed at the open-place rate seen so far.
        capacity = max(0.0, deadline - shared.elapsed()) * processes * POOL_BUDGET_SLACK
        done_size = done_weight = 0
        search_jobs: dict[int, Any] = {}
        held: list[tuple[_PartState, int]] = []

        def send(state: _PartState, weight: int) -> None:
            expected = done_weight + (size - done_size) * done_weight / max(1, done_size)
            budget = min(deadline - shared.elapsed(), capacity * weight / max(1.0, expected))
            det = (
                None if deterministic_time is None else deterministic_time * state.part.size / size
            )
            search_jobs[state.part.index] = pool.apply_async(
                _pool_task, (state, shared.started, seed, workers, max(0.05, budget), deadline, det)
            )

        for state in states:
            if shared.poll_cancel():
                return
            if deterministic_time is None and shared.elapsed() >= deadline:
                return
            _greedy(state, shared)
            if not improve:
                continue
            weight = state.part.size + OPEN_PLACE_SIZE * _open_places(state)
            done_size += state.part.size
            done_weight += weight
            # Legality first: a part whose greedy rota breaks a hard rule goes at once; a legal
            # one waits until a worker is free (the queue is first in, first out), so parts
            # left unsearched at the deadline are legal ones.
            if state.status != "feasible":
                send(state, weight)
            else:
                held.append((state, weight))
            while held and sum(not j.ready() for j in search_jobs.values()) < workers_in_pool:
                send(*held.pop(0))
        for state, weight in held:
            send(state, weight)
        phases["greedy"] = time.monotonic() - begun
        del warming
        if not improve:
            return
        collect(search_jobs, took_search)
        # Parts finish within their shares, often early: time left goes to another round on
        # the parts with places still open, from their rotas so far (never worse: the fill
        # only adds cover and the searches keep the best rota).
        while deterministic_time is None and not shared.poll_cancel():
            wall = deadline - shared.elapsed()
            again = [s for s in states if s.source == "cp-sat" and _open_places(s) > 0]
            if wall < AGAIN_MIN_SECONDS or not again:
                break
            size = sum(s.part.size for s in again)
            search_jobs = {}
            for state in again:
                budget = min(wall, wall * state.part.size / size * processes * POOL_BUDGET_SLACK)
                search_jobs[state.part.index] = pool.apply_async(
                    _pool_task, (state, shared.started, seed, workers, budget, deadline, None)
                )
            collect(search_jobs, took_search)
        phases["search"] = time.monotonic() - begun
    finally:
        pool.terminate()
        pool.join()


def _open_places(state: _PartState) -> int:
    """Places left open in the part's rota so far."""
    have: dict[str, int] = {}
    for a in state.assignments:
        have[a.shift_id] = have.get(a.shift_id, 0) + 1
    return sum(max(0, s.headcount - have.get(s.id, 0)) for s in state.part.problem.shifts)


def _greedy(state: _PartState, shared: _Shared) -> None:
    sub = state.part.problem
    rota = greedy(sub)
    state.assignments = rota.assignments
    state.objective = rota.objective
    legal = not hard_violations(sub, rota)
    state.status = "feasible" if legal else "unknown"
    state.source = "greedy"
    state.first = state.best = shared.elapsed()
    shared.report(state.part.index, rota.objective, None)


def _improve(
    state: _PartState,
    shared: _Shared,
    *,
    seed: int,
    workers: int,
    wall_budget: float,
    deadline: float,
    det_budget: float | None,
) -> float | None:
    """Search one part; returns the seconds spent building and completing its model."""
    sub = state.part.problem
    begun = time.monotonic()
    precheck = explain.input_errors(sub)
    if precheck:
        state.status = "infeasible"
        state.errors = tuple(precheck)
        return None
    # Guarded constraints (contract minimums, locks) get literals: the window fill below may
    # break them on the way (the greedy rota often leaves a worker short of a minimum); they
    # are fixed true again before any search for the real objective.
    b = build(Builder(sub, diagnose=True))
    guards = list(b.guard_lits)

    def wall_left(overrun: float = 1.0) -> float:
        return min(overrun * wall_budget - (time.monotonic() - begun), deadline - shared.elapsed())

    det_used = 0.0

    def det_left() -> float | None:
        return None if det_budget is None else det_budget - det_used

    keys = sorted(b.x)
    var_index = [b.x[k].index for k in keys]
    chosen = {(a.shift_id, a.staff_id) for a in state.assignments}
    greedy_values = [int((b.shifts[j].id, sub.staff[i].id) in chosen) for j, i in keys]
    rng = random.Random(seed * 7919 + state.part.index)  # noqa: S311 - search diversity

    # Fill by windows from the greedy rota: every place filled and every minimum met, re-solving
    # a window of days (all the part's workers, plus those short of a minimum over the whole
    # horizon) at a time with the rest fixed. Each window takes a tenth of a second where
    # filling the whole part at once took 2-9 s of LP-heavy search (docs/engine.md).
    current: list[int] | None = None
    filled: list[int] | None = None
    if b.uncovered or guards:
        left = det_left()
        filled, spent = _fill(
            b, shared, rng, keys, var_index, greedy_values, guards, seed=seed, workers=workers,
            wall=max(0.05, wall_left(FILL_OVERRUN)), det=None if left is None else max(0.01, left),
        )  # fmt: skip
        det_used += spent
    for g in guards:
        domain = b.model.proto.variables[g.index].domain
        domain[0] = domain[1] = 1
    if filled is not None:
        if all(filled[g.index] for g in guards):
            current = filled
        else:  # still short of a minimum: the nearest legal rota to it (below)
            greedy_values = [filled[idx] for idx in var_index]
    elif b.uncovered:
        # The greedy rota breaks a rule the window fill cannot loosen: fill from scratch.
        covering = b.model.clone()
        covering.clear_objective()  # type: ignore[no-untyped-call]
        covering.minimize(sum(covering.get_int_var_from_proto_index(v.index) for v in b.uncovered))
        covering.clear_hints()  # type: ignore[no-untyped-call]
        left = det_left()
        solver = make_solver(
            seed=seed, workers=workers, time_limit=max(0.05, wall_left(FILL_OVERRUN)),
            deterministic_time=None if left is None else max(0.01, left),
        )  # fmt: skip
        code = _solve(shared, solver, covering)
        det_used += solver.deterministic_time
        if code == cp_model.INFEASIBLE:
            state.status = "infeasible"
            state.errors = explain.diagnose_infeasible(sub, seed=seed)
            state.det = det_used
            return None
        if code in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            current = list(solver.response_proto.solution)
    if current is None:
        # Otherwise a complete model solution from the greedy rota (every assignment fixed).
        fixed = fixed_copy(b.model, dict(zip(var_index, greedy_values, strict=True)))
        solver = make_solver(
            seed=seed, workers=1, time_limit=max(0.05, wall_left()),
            deterministic_time=COMPLETE_DETERMINISTIC,
        )  # fmt: skip
        code = _solve(shared, solver, fixed)
        det_used += solver.deterministic_time
        if code in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            current = list(solver.response_proto.solution)
    if current is None:
        # The greedy rota breaks a hard rule (typically a worker left under a contract
        # minimum): the legal rota nearest to it, fewest assignments changed.
        loose = b.model.clone()
        loose.clear_objective()  # type: ignore[no-untyped-call]
        changed: list[cp_model.LinearExprT] = []
        for idx, value in zip(var_index, greedy_values, strict=True):
            x = loose.get_bool_var_from_proto_index(idx)
            loose.add_hint(x, bool(value))
            changed.append(1 - x if value else x)
        loose.minimize(sum(changed))
        det = FEASIBILITY_DETERMINISTIC
        left = det_left()
        if left is not None:
            det = min(det, max(0.01, left * 0.5))
        # Legality is worth more than this part's share: it may use the time left overall.
        solver = make_solver(
            seed=seed, workers=workers, time_limit=max(0.05, deadline - shared.elapsed()),
            deterministic_time=det,
        )  # fmt: skip
        code = _solve(shared, solver, loose)
        det_used += solver.deterministic_time
        if code == cp_model.INFEASIBLE:
            state.status = "infeasible"
            state.errors = explain.diagnose_infeasible(sub, seed=seed)
            state.det = det_used
            return None
        if code in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            current = list(solver.response_proto.solution)
    setup = time.monotonic() - begun
    if current is None:
        state.det = det_used
        return setup
    best = _objective(b, current)
    state.first = state.best = shared.elapsed()
    shared.report(state.part.index, best, None)
    bound: float | None = None

    # A full search from the complete hint: a bound, and the easy gains.
    full = b.model.clone()
    hint_whole(full, current)
    left = det_left()
    solver = make_solver(
        seed=seed, workers=workers, time_limit=max(0.05, wall_left() * FULL_SHARE),
        deterministic_time=None if left is None else max(0.01, left * FULL_SHARE),
    )  # fmt: skip
    code = _solve(shared, solver, full)
    det_used += solver.deterministic_time
    if code in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        bound = max(0.0, solver.best_objective_bound)  # every penalty is non-negative
        value = round(solver.objective_value)
        if value <= best:
            if value < best:
                state.best = shared.elapsed()
            best, current = value, list(solver.response_proto.solution)
    shared.report(state.part.index, best, bound)

    # Large-neighbourhood steps until the share is spent or the optimum is proven.
    by_staff: list[list[int]] = [[] for _ in sub.staff]
    by_day: list[list[int]] = [[] for _ in range(sub.days)]
    for pos, (j, i) in enumerate(keys):
        by_staff[i].append(pos)
        by_day[b.shifts[j].day].append(pos)
    fraction = 0.2
    steps = 0
    while not shared.poll_cancel():
        if bound is not None and best <= bound + 1e-6:
            break
        left = det_left()
        if left is not None and left <= 0:
            break
        if left is None and wall_left() <= 0.05:
            break
        steps += 1
        short = _short_shifts(b, keys, var_index, current)
        free = _neighbourhood(rng, fraction, by_staff, by_day, short)
        model = fixed_copy(
            b.model, {idx: current[idx] for pos, idx in enumerate(var_index) if pos not in free}
        )
        model.clear_hints()  # type: ignore[no-untyped-call]
        for pos, idx in enumerate(var_index):
            if pos in free:
                model.add_hint(model.get_bool_var_from_proto_index(idx), bool(current[idx]))
        solver = make_solver(
            seed=seed + steps, workers=workers,
            time_limit=wall_left() if left is not None else min(STEP_SECONDS, wall_left()),
            deterministic_time=None if left is None else min(STEP_DETERMINISTIC, left),
        )  # fmt: skip
        code = _solve(shared, solver, model)
        det_used += max(STEP_MIN_CHARGE, solver.deterministic_time)
        proved = code == cp_model.OPTIMAL
        fraction = min(MAX_FRACTION, max(MIN_FRACTION, fraction * (1.15 if proved else 0.85)))
        if code in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            value = round(solver.objective_value)
            if value <= best:
                if value < best:
                    state.best = shared.elapsed()
                    shared.report(state.part.index, value, None)
                best, current = value, list(solver.response_proto.solution)

    state.steps = steps
    state.det = det_used
    state.objective = best
    state.bound = bound
    state.source = "cp-sat"
    state.status = "optimal" if bound is not None and best <= bound + 1e-6 else "feasible"
    state.assignments = tuple(
        Assignment(b.shifts[j].id, sub.staff[i].id)
        for (j, i), idx in zip(keys, var_index, strict=True)
        if current[idx]
    )
    return setup


def _fill(
    b: Builder,
    shared: _Shared,
    rng: random.Random,
    keys: list[tuple[int, int]],
    var_index: list[int],
    start: list[int],
    guards: list[cp_model.IntVar],
    *,
    seed: int,
    workers: int,
    wall: float,
    det: float | None,
) -> tuple[list[int] | None, float]:
    """Window fill (see ``_improve``): a complete solution of the model with the guards free,
    as few empty places and broken guards as found, or ``None`` when ``start`` breaks an
    unguarded rule. Returns it with the deterministic time spent."""
    begun = time.monotonic()
    used = 0.0
    model = b.model.clone()
    model.clear_objective()  # type: ignore[no-untyped-call]
    model.clear_hints()  # type: ignore[no-untyped-call]
    empty = [model.get_int_var_from_proto_index(v.index) for v in b.uncovered]
    broken = [1 - model.get_bool_var_from_proto_index(g.index) for g in guards]
    model.minimize(sum(empty) + FILL_BROKEN_WEIGHT * sum(broken))
    objective = model.proto.objective
    terms = list(zip(objective.vars, objective.coeffs, strict=True))

    def value(values: list[int]) -> int:
        return int(sum(c * values[v] for v, c in terms)) + round(objective.offset)

    def step(free: set[int] | None, hint: list[int] | None, budget: float) -> list[int] | None:
        nonlocal used
        kept = {
            idx: hint[idx] if hint is not None else start[pos]
            for pos, idx in enumerate(var_index)
            if free is None or pos not in free
        }
        trial = fixed_copy(model, kept)
        if hint is not None:
            hint_whole(trial, hint)
        left = wall - (time.monotonic() - begun)
        solver = make_solver(
            seed=seed, workers=workers, time_limit=max(0.02, min(left, FILL_STEP_SECONDS)),
            deterministic_time=budget, linearization=FILL_LINEARIZATION,
        )  # fmt: skip
        code = _solve(shared, solver, trial)
        used += max(STEP_MIN_CHARGE, solver.deterministic_time)
        if code in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return list(solver.response_proto.solution)
        return None

    current = step(None, None, COMPLETE_DETERMINISTIC)
    if current is None:
        return None, used
    days = b.problem.days
    by_day: list[list[int]] = [[] for _ in range(days)]
    by_staff: list[list[int]] = [[] for _ in b.problem.staff]
    for pos, (j, i) in enumerate(keys):
        by_day[b.shifts[j].day].append(pos)
        by_staff[i].append(pos)
    guard_staff = {
        g.index: [k for k, m in enumerate(b.problem.staff) if m.id in b.guards[g.index][3]]
        for g in guards
    }
    width = min(days, FILL_WINDOW_DAYS)
    chain = False
    best = value(current)
    while best > 0 and not shared.poll_cancel():
        if det is not None and used >= det:
            break
        if det is None and time.monotonic() - begun >= wall:
            break
        hot = sorted({b.shifts[j].day for j, vs in b.slack.items() if current[vs[0].index]})
        short = [i for g in guards if not current[g.index] for i in guard_staff[g.index]]
        centre = rng.choice(hot) if hot else rng.randrange(days)
        takers: list[int] = []
        places = _short_shifts(b, keys, var_index, current) if chain else []
        if places:
            centre, could = rng.choice(places)
            takers = rng.sample(could, min(FILL_TAKERS, len(could)))
        lo = min(max(0, centre - width // 2), max(0, days - width))
        free = {pos for d in range(lo, lo + width) for pos in by_day[d]}
        free.update(pos for i in [*short, *takers] for pos in by_staff[i])
        budget = FILL_STEP_DETERMINISTIC
        if det is not None:
            budget = max(0.01, min(budget, det - used))
        found = step(free, current, budget)
        if found is not None and value(found) < best:
            best, current = value(found), found
            chain = False
        elif not chain:
            chain = True  # the same width again, with some of a place's takers free all along
        else:
            chain = False
            if width >= days:
                break  # the whole horizon free and nothing better: as filled as it gets
            width = min(days, width + FILL_WINDOW_GROWTH)
    return current, used


def _neighbourhood(
    rng: random.Random,
    fraction: float,
    by_staff: list[list[int]],
    by_day: list[list[int]],
    short: list[tuple[int, list[int]]],
) -> set[int]:
    """Positions left free: around a short shift (its candidates over the horizon and everyone
    on the days around it), a few workers over the horizon, or everyone over a few days."""
    days = len(by_day)
    width = min(days, max(2, round(fraction * days)))
    pick = rng.random()
    if short and pick < 0.5:
        day, staff = short[rng.randrange(len(short))]
        start = min(max(0, day - width // 2), max(0, days - width))
        free = {p for d in range(start, start + width) for p in by_day[d]}
        free.update(p for i in staff for p in by_staff[i])
        return free
    if pick < 0.75 or days < 2:
        n = len(by_staff)
        chosen = rng.sample(range(n), min(n, max(1, round(fraction * n))))
        return {p for i in chosen for p in by_staff[i]}
    start = rng.randrange(max(1, days - width + 1))
    return {p for d in range(start, start + width) for p in by_day[d]}


def _short_shifts(
    b: Builder, keys: list[tuple[int, int]], var_index: list[int], values: list[int]
) -> list[tuple[int, list[int]]]:
    """(day, candidate staff) of every shift below its headcount in ``values``."""
    have = [0] * len(b.shifts)
    staff: list[list[int]] = [[] for _ in b.shifts]
    for (j, i), idx in zip(keys, var_index, strict=True):
        have[j] += values[idx]
        staff[j].append(i)
    return [
        (shift.day, staff[j])
        for j, shift in enumerate(b.shifts)
        if have[j] < shift.headcount and staff[j]
    ]


def _objective(b: Builder, values: list[int]) -> int:
    """The objective of a complete model solution, from the objective proto."""
    objective = b.model.proto.objective
    total = sum(int(c) * values[v] for v, c in zip(objective.vars, objective.coeffs, strict=True))
    value: float = total + float(objective.offset)
    return round(value)


def _solve(shared: _Shared, solver: cp_model.CpSolver, model: cp_model.CpModel) -> object:
    shared.register(solver)
    try:
        return solver.solve(model)
    finally:
        shared.register(None)


def _merge(
    problem: Problem, states: list[_PartState], shared: _Shared, *, seed: int, workers: int
) -> Solution:
    assignments = merge_assignments([s.assignments for s in states])
    uncovered: list[UncoveredShift] = []
    for state in states:
        # The model's reasons, whichever way the rota was made.
        uncovered.extend(explain.uncovered(state.part.problem, state.assignments))
    order = {s.id: j for j, s in enumerate(problem.shifts)}
    uncovered.sort(key=lambda u: order[u.shift_id])
    status: SolveStatus = "optimal"
    for state in states:
        if _WORST.index(state.status) > _WORST.index(status):
            status = state.status
    draft = Solution(status=status, assignments=assignments, uncovered=tuple(uncovered))
    report = check(problem, draft)
    firsts = [s.first for s in states]
    bests = [s.best for s in states if s.best is not None]
    return replace(
        draft,
        penalties=dict(sorted(report.penalties.items())),
        objective=report.objective,
        bound=sum(s.bound or 0.0 for s in states),
        wall_seconds=shared.elapsed(),
        first_solution_seconds=None if None in firsts else max(f or 0.0 for f in firsts),
        best_solution_seconds=max(bests) if bests else None,
        deterministic_time=sum(s.det for s in states),
        solutions_found=shared.solutions,
        seed=seed,
        workers=workers,
        cancelled=shared.cancelled.is_set(),
        errors=tuple(e for s in states for e in s.errors),
    )
