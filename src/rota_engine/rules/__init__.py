"""Rule families: each module's ``apply(builder)`` adds constraints and named penalties."""

from __future__ import annotations

from collections.abc import Callable

from ortools.sat.python.cp_model import LinearExpr

from rota_engine.build import Builder
from rota_engine.rules import (
    continuity,
    cover,
    fairness,
    hours,
    limits,
    night,
    overlap,
    repair,
    requests,
    rest,
    runs,
    successions,
    weekends,
    weekly_rest,
)

RULES: tuple[Callable[[Builder], None], ...] = (
    cover.apply,
    overlap.apply,
    rest.apply,
    weekly_rest.apply,
    hours.apply,
    limits.apply,
    night.apply,
    successions.apply,
    runs.apply,
    weekends.apply,
    requests.apply,
    continuity.apply,
    fairness.apply,
    repair.apply,
)


def build(builder: Builder, scale: int | None = None) -> Builder:
    """Apply every rule family to ``builder`` and set the objective: the penalties times
    ``scale`` plus the tie-breakers. The default scale is just above the tie-breakers' largest
    sum, so they never outweigh a penalty; a model of part of a problem passes the whole one's,
    so their objectives compare."""
    for rule in RULES:
        rule(builder)
    builder.scale = 1 + sum(most for _, most in builder.ties) if scale is None else scale
    penalties = LinearExpr.weighted_sum(
        [t.expr for t in builder.terms], [t.coef for t in builder.terms]
    )
    ties = LinearExpr.sum([expr for expr, _ in builder.ties])
    builder.model.minimize(builder.scale * penalties + ties)
    return builder
