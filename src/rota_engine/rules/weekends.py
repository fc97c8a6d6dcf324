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


def _weekends_of(b: Builder, i: int) -> list[tuple[Lit, list[Lit]]]:
    """Each weekend the worker could work: a literal true iff they work it, and the literals of
    its days they could work."""
    result: list[tuple[Lit, list[Lit]]] = []
    for k, group in enumerate(weekend_groups(b)):
        days = [v for d in group if not isinstance(v := b.works_day(i, d), int)]
        lit = b.new_or(days, f"we_{i}_{k}")
        if not isinstance(lit, int):
            result.append((lit, days))
    return result


def weekend_lits(b: Builder, i: int) -> list[Lit]:
    """One literal per weekend the worker could work, true iff they work it."""
    return [lit for lit, _ in _weekends_of(b, i)]


def apply(b: Builder) -> None:
    if not b.problem.rules.weekends:
        return
    for i, staff in enumerate(b.problem.staff):
        if staff.max_weekends is None:
            continue
        weekends = _weekends_of(b, i)
        if len(weekends) <= staff.max_weekends:
            continue
        b.model.add(sum(lit for lit, _ in weekends) <= staff.max_weekends)
        # One day of a weekend spends as much of the limit as the whole weekend, and a rota
        # that wastes it leaves weekend places open that a neighbourhood step cannot reach
        # (Curtois Instance13 at equal effort, two seeds: 3 864 / 3 993 without this,
        # 3 004 / 3 670 with it; docs/engine.md, session 13).
        for lit, days in weekends:
            if len(days) > 1:
                b.tie_break(len(days) * lit - sum(days), len(days) - 1)
