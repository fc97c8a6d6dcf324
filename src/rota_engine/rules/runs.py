"""Consecutive working days and days off.

A day is worked when the worker has any shift on it. At most ``max_consecutive_days`` in a row
(counting ``worked_days_before``); work runs of at least ``min_consecutive_days`` and day-off
runs of at least ``min_consecutive_days_off``. With ``runs_exempt_at_edges`` a run touching
either end of the horizon is exempt from the minimums.
"""

from __future__ import annotations

from ortools.sat.python import cp_model

from rota_engine.build import Builder, Lit


def _clause(b: Builder, pos: list[Lit | int], neg: list[Lit | int]) -> None:
    """Add OR(pos) OR OR(not neg); constants simplify it (a true literal drops the clause)."""
    lits: list[cp_model.LiteralT] = []
    for v in pos:
        if isinstance(v, int):
            if v:
                return
        else:
            lits.append(v)
    for v in neg:
        if isinstance(v, int):
            if not v:
                return
        else:
            lits.append(v.Not())
    b.model.add_bool_or(lits)


def apply(b: Builder) -> None:
    rules = b.problem.rules
    if not rules.consecutive_runs:
        return
    days = b.problem.days
    for i, staff in enumerate(b.problem.staff):
        if not b.by_staff[i]:
            continue
        w = [b.works_day(i, d) for d in range(days)]
        k = staff.max_consecutive_days
        if k is not None and k < days:
            for d0 in range(-staff.worked_days_before, days - k):
                window = w[max(0, d0) : d0 + k + 1]
                limit = max(0, k + min(0, d0))
                if len(window) > limit:
                    b.model.add(cp_model.LinearExpr.sum(window) <= limit)
        m = staff.min_consecutive_days
        for length in range(1, (m or 1)):
            for d in range(days - length + 1):
                touches_start = d == 0
                touches_end = d + length == days
                if rules.runs_exempt_at_edges and (touches_start or touches_end):
                    continue
                if touches_start and staff.worked_days_before:
                    continue
                pos = ([w[d - 1]] if d > 0 else []) + ([w[d + length]] if not touches_end else [])
                _clause(b, pos, w[d : d + length])
        m_off = staff.min_consecutive_days_off
        for length in range(1, (m_off or 1)):
            for d in range(1, days - length):
                # Off runs touching an edge continue outside the horizon, so they are exempt.
                _clause(b, w[d : d + length], [w[d - 1], w[d + length]])
