"""Maximum weekends worked: a weekend is worked when any of its days has a shift."""

from __future__ import annotations

from collections import defaultdict

from rota_engine.build import Builder, Lit


def weekend_groups(b: Builder) -> list[list[int]]:
    """Horizon days on weekend days, grouped by calendar week (partial weekends included)."""
    groups: dict[int, list[int]] = defaultdict(list)
    for d in range(b.problem.days):
        if b.problem.is_weekend_day(d):
            groups[(d + b.problem.start.weekday()) // 7].append(d)
    return [groups[k] for k in sorted(groups)]


def weekend_lits(b: Builder, i: int) -> list[Lit]:
    """One literal per weekend the worker could work, true iff they work it."""
    result: list[Lit] = []
    for k, group in enumerate(weekend_groups(b)):
        lits = [v for d in group if not isinstance(v := b.works_day(i, d), int)]
        lit = b.new_or(lits, f"we_{i}_{k}")
        if not isinstance(lit, int):
            result.append(lit)
    return result


def apply(b: Builder) -> None:
    if not b.problem.rules.weekends:
        return
    for i, staff in enumerate(b.problem.staff):
        if staff.max_weekends is None:
            continue
        lits = weekend_lits(b, i)
        if len(lits) > staff.max_weekends:
            b.model.add(sum(lits) <= staff.max_weekends)
