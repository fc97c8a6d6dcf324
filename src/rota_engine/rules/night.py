"""Night workers: working time averages at most 8 h per 24 h over the horizon."""

from __future__ import annotations

from rota_engine.build import Builder


def apply(b: Builder) -> None:
    rules = b.problem.rules
    if not rules.night_worker_limit:
        return
    kinds = set(rules.working_time_kinds)
    cap = rules.night_worker_max_minutes_per_24h * b.problem.days
    for i, staff in enumerate(b.problem.staff):
        if not staff.night_worker:
            continue
        work = [(b.minutes[j], b.x[j, i]) for j in b.by_staff[i] if b.shifts[j].kind in kinds]
        if sum(m for m, _ in work) > cap:
            b.model.add(sum(m * v for m, v in work) <= cap)
