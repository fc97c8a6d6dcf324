"""Weekly rest: an uninterrupted 24 h in each 7-day block, or in each 14-day block one 48 h
rest or two separate 24 h rests (the Working Time Regulations' choice, as the checker has it).

Blocks start at day 0; a trailing partial block is not checked. A free period can only start
at the block's start or where a worked shift ends, so one literal per such candidate says "this
period is free". Two 24 h periods starting at least 24 h apart are separate rests or, if the
time between them is free too, one rest of 48 h or more; either satisfies the 14-day rule.
"""

from __future__ import annotations

from bisect import bisect_left

from ortools.sat.python import cp_model

from rota_engine.build import Builder

DAY = 24 * 60


def apply(b: Builder) -> None:
    mode = b.problem.rules.weekly_rest
    if mode is None:
        return
    block_days = 7 if mode == "24h_per_7" else 14
    kinds = set(b.problem.rules.working_time_kinds)
    for block in range(b.problem.days // block_days):
        lo = b.origin_minutes(b.problem.day_start(block * block_days))
        hi = b.origin_minutes(b.problem.day_start((block + 1) * block_days))
        for i, all_js in enumerate(b.by_staff):
            js = [
                j
                for j in all_js
                if b.shifts[j].kind in kinds and b.ends[j] > lo and b.starts[j] < hi
            ]
            if not js:
                continue
            name = f"rest_{i}_{block}"
            days = _free_windows(b, i, js, lo, hi, DAY, name)
            if mode == "24h_per_7":
                _require_one(b, list(days.values()))
                continue
            options = list(_free_windows(b, i, js, lo, hi, 2 * DAY, f"{name}_48").values())
            starts = sorted(days)
            for t in starts:
                earlier = [days[s] for s in starts if s <= t - DAY]
                if not earlier:
                    continue
                if any(e is None for e in earlier):
                    options.append(days[t])  # free from t if this window is
                    continue
                second = b.model.new_bool_var(f"{name}_2_{t}")
                here = days[t]
                if here is not None:
                    b.model.add_implication(second, here)
                b.model.add_bool_or([second.Not(), *(e for e in earlier if e is not None)])
                options.append(second)
            _require_one(b, options)


def _require_one(b: Builder, options: list[cp_model.IntVar | None]) -> None:
    """At least one option holds; ``None`` is an option that always holds."""
    literals = [option for option in options if option is not None]
    if len(literals) == len(options):
        b.model.add_bool_or(literals)


def _free_windows(
    b: Builder, i: int, js: list[int], lo: int, hi: int, rest: int, name: str
) -> dict[int, cp_model.IntVar | None]:
    """Per candidate start ``t``, a literal meaning "worker ``i`` is free in [t, t + rest)",
    or ``None`` where nothing worker ``i`` could work falls in that period."""
    points = sorted({lo, *(b.ends[j] for j in js if lo < b.ends[j] <= hi - rest)})
    # ``js`` is sorted by start; no shift is longer than ``longest``, so only those starting in
    # (t - longest, t + rest) can overlap [t, t + rest).
    starts = [b.starts[j] for j in js]
    longest = max(b.minutes[j] for j in js)
    windows: dict[int, cp_model.IntVar | None] = {}
    for t in points:
        if t + rest > hi:
            continue
        near = js[bisect_left(starts, t - longest) : bisect_left(starts, t + rest)]
        busy = [b.x[j, i].Not() for j in near if b.ends[j] > t]
        if not busy:
            windows[t] = None
            continue
        free = b.model.new_bool_var(f"{name}_{t}")
        b.model.add_bool_and(busy).only_enforce_if(free)
        windows[t] = free
    return windows
