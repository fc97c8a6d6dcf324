"""Weekly rest: an uninterrupted 24 h in each 7-day block (or 48 h in each 14-day block).

Blocks start at day 0; a trailing partial block is not checked. A free period can only start
at the block's start or where a worked shift ends, so one literal per such candidate says "this
period is free" and at least one must be chosen.
"""

from __future__ import annotations

from ortools.sat.python import cp_model

from rota_engine.build import Builder


def apply(b: Builder) -> None:
    mode = b.problem.rules.weekly_rest
    if mode is None:
        return
    block_days, rest = (7, 24 * 60) if mode == "24h_per_7" else (14, 48 * 60)
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
            points = sorted({lo, *(b.ends[j] for j in js if lo < b.ends[j] <= hi - rest)})
            if hi - lo < rest:
                continue
            options: list[cp_model.IntVar] = []
            for t in points:
                if t + rest > hi:
                    continue
                busy = [b.x[j, i] for j in js if b.starts[j] < t + rest and b.ends[j] > t]
                if not busy:
                    break  # a free period exists whatever is worked
                r = b.model.new_bool_var(f"rest_{i}_{block}_{t}")
                for v in busy:
                    b.model.add_implication(r, v.Not())
                options.append(r)
            else:
                b.model.add_bool_or(options)
