"""No overlap in time and a maximum number of shifts per worker per horizon day."""

from __future__ import annotations

from ortools.sat.python import cp_model

from rota_engine.build import Builder


def apply(b: Builder) -> None:
    rules = b.problem.rules
    for i, js in enumerate(b.by_staff):
        if rules.no_overlap:
            _no_overlap(b, i, js)
        if rules.max_shifts_per_day is not None:
            days = {b.shifts[j].day for j in js}
            for d in days:
                day_js = b.staff_day_shifts(i, d)
                if len(day_js) > rules.max_shifts_per_day:
                    xs = [b.x[j, i] for j in day_js]
                    b.model.add(cp_model.LinearExpr.sum(xs) <= rules.max_shifts_per_day)


def _no_overlap(b: Builder, i: int, js: list[int]) -> None:
    # Intervals overlap pairwise iff they share a start point, so one clique per start suffices.
    active: list[int] = []
    pos = 0
    while pos < len(js):
        t = b.starts[js[pos]]
        active = [k for k in active if b.ends[k] > t]
        while pos < len(js) and b.starts[js[pos]] == t:
            if b.ends[js[pos]] > t:
                active.append(js[pos])
            pos += 1
        if len(active) > 1:
            b.model.add_at_most_one(b.x[k, i] for k in active)
