"""The cross-matching solver (issue 6): one candidate per vacancy, each candidate at most once,
maximising the sum of the scores of the pairs chosen. Pure Python and OR-Tools.

Only the pairs given may be chosen (a vetoed pair, or one under the minimum score, is simply
left out), and a vacancy may stay unfilled. It is a maximum-weight bipartite matching, solved
exactly as a linear sum assignment: each vacancy also gets its own "unfilled" column worth 0,
and each candidate its own "not chosen" row, so the problem is square and leaving a vacancy
empty or a candidate unchosen costs nothing.

Scores are integers. Ties are broken deterministically: each pair's weight is
``score x SCALE + (C - j)``, where ``j`` is the candidate's position in the order given
(callers give ids ascending) and ``SCALE`` exceeds the sum of every tie-break term, so the
best total always wins and, among equal totals, earlier candidates are preferred.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from ortools.graph.python import linear_sum_assignment

V = TypeVar("V", bound=Hashable)
C = TypeVar("C", bound=Hashable)


@dataclass(frozen=True)
class Solution(Generic[V, C]):
    #: (vacancy, candidate) pairs, in the order the vacancies were given.
    pairs: tuple[tuple[V, C], ...]
    total: int
    unfilled: tuple[V, ...]
    optimal: bool = True


class SolverError(RuntimeError):
    pass


def solve(
    vacancies: Sequence[V], candidates: Sequence[C], scores: Mapping[tuple[V, C], int]
) -> Solution[V, C]:
    """The assignment with the highest total of ``scores``; pairs missing from ``scores`` are
    never chosen. Scores must be non-negative integers."""
    if len(set(vacancies)) != len(vacancies) or len(set(candidates)) != len(candidates):
        raise ValueError("vacancies and candidates must be distinct")
    row = {v: i for i, v in enumerate(vacancies)}
    column = {c: j for j, c in enumerate(candidates)}
    arcs = [
        (row[v], column[c], value) for (v, c), value in scores.items() if v in row and c in column
    ]
    if any(value < 0 for _, _, value in arcs):
        raise ValueError("scores must not be negative")
    if not vacancies:
        return Solution((), 0, ())
    if not arcs:
        return Solution((), 0, tuple(vacancies))

    n_rows, n_columns = len(vacancies), len(candidates)
    scale = n_rows * n_columns + 1
    weights = {(i, j): value * scale + (n_columns - j) for i, j, value in arcs}
    top = max(weights.values())
    solver = linear_sum_assignment.SimpleLinearSumAssignment()
    # The solver needs a square problem with a perfect matching. Rows: the vacancies, then one
    # "not chosen" row per candidate. Columns: the candidates, then one "unfilled" column per
    # vacancy. Every arc but a real pair costs ``top``; a real pair costs ``top - weight``. A
    # perfect matching uses R + C arcs, so its cost is (R + C) x top minus the weights chosen:
    # the least cost is the greatest weight.
    for (i, j), weight in sorted(weights.items()):
        solver.add_arc_with_cost(i, j, top - weight)
    for i in range(n_rows):
        solver.add_arc_with_cost(i, n_columns + i, top)
    for j in range(n_columns):
        solver.add_arc_with_cost(n_rows + j, j, top)
        for i in range(n_rows):
            solver.add_arc_with_cost(n_rows + j, n_columns + i, top)
    status = solver.solve()
    if status != solver.OPTIMAL:
        raise SolverError(f"the assignment solver answered {status}")

    pairs: list[tuple[V, C]] = []
    unfilled: list[V] = []
    total = 0
    for i, vacancy in enumerate(vacancies):
        j = solver.right_mate(i)
        if j < n_columns:
            pairs.append((vacancy, candidates[j]))
            total += scores[vacancy, candidates[j]]
        else:
            unfilled.append(vacancy)
    return Solution(tuple(pairs), total, tuple(unfilled))
