"""A CP-SAT solver set up the engine's way: limits, seed and search threads."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from ortools.sat.python import cp_model


def make_solver(
    *,
    seed: int,
    workers: int,
    deterministic_time: float | None,
    time_limit: float | None = None,
    linearization: int | None = None,
) -> cp_model.CpSolver:
    """A solver stopping at ``time_limit`` wall seconds and at ``deterministic_time`` (each
    when given), with CP-SAT's ``linearization_level`` when given."""
    solver = cp_model.CpSolver()
    params = solver.parameters
    if time_limit is not None:
        params.max_time_in_seconds = max(0.01, time_limit)
    params.random_seed = seed
    params.num_workers = workers
    if deterministic_time is not None:
        params.max_deterministic_time = deterministic_time
    if linearization is not None:
        params.linearization_level = linearization
    return solver


def fixed_copy(model: cp_model.CpModel, values: Mapping[int, int]) -> cp_model.CpModel:
    """A clone of ``model`` with each variable (by proto index) in ``values`` fixed."""
    copy = model.clone()
    variables = copy.proto.variables
    for idx, value in values.items():
        domain = variables[idx].domain
        domain[0] = domain[1] = value
    return copy


def hint_whole(model: cp_model.CpModel, values: Sequence[int]) -> None:
    """Hint every variable's value (a solver's whole solution), replacing any hint: CP-SAT
    then starts from that solution at once, derived variables included."""
    hint = model.proto.solution_hint
    hint.vars.clear()
    hint.values.clear()
    hint.vars.extend(range(len(values)))
    hint.values.extend(values)


# Wall seconds at least for the solve that reads a known rota's variables, even past the time
# limit: presolving a model of a million variables takes seconds (Curtois Instance24).
HOLD_SECONDS = 10.0


def solve_fixed(
    model: cp_model.CpModel, values: Mapping[int, int], time_limit: float = HOLD_SECONDS
) -> cp_model.CpSolver | None:
    """A one-thread solver that has solved ``model`` with ``values`` fixed (by proto index),
    so it can read off every derived variable of a known rota; ``None`` when it found no
    solution within ``time_limit`` seconds."""
    solver = make_solver(seed=0, workers=1, deterministic_time=None, time_limit=time_limit)
    if solver.solve(fixed_copy(model, values)) not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None
    return solver
