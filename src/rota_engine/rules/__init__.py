"""Rule families: each module's ``apply(builder)`` adds constraints and named penalties."""

from __future__ import annotations

from collections.abc import Callable

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


def build(builder: Builder) -> Builder:
    """Apply every rule family to ``builder`` and set the objective."""
    for rule in RULES:
        rule(builder)
    builder.model.minimize(sum(t.coef * t.expr for t in builder.terms))
    return builder
