"""A CP-SAT solver set up the engine's way: limits, seed and search threads."""

from __future__ import annotations

from ortools.sat.python import cp_model


def make_solver(
    *,
    seed: int,
    workers: int,
    deterministic_time: float | None,
    time_limit: float | None = None,
) -> cp_model.CpSolver:
    """A solver stopping at ``time_limit`` wall seconds and at ``deterministic_time`` (each
    when given)."""
    solver = cp_model.CpSolver()
    params = solver.parameters
    if time_limit is not None:
        params.max_time_in_seconds = max(0.01, time_limit)
    params.random_seed = seed
    params.num_workers = workers
    if deterministic_time is not None:
        params.max_deterministic_time = deterministic_time
    return solver
