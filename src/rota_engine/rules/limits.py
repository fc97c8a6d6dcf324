"""Shift-count limits: per shift type and per kind over the horizon, sleep-ins per week."""

from __future__ import annotations

from collections import defaultdict

from ortools.sat.python import cp_model

from rota_engine.build import Builder
from rota_engine.rules.hours import week_of


def apply(b: Builder) -> None:
    if not b.problem.rules.shift_limits:
        return
    shifts = b.shifts
    for i, staff in enumerate(b.problem.staff):
        js = b.by_staff[i]
        by_type: dict[str | None, list[cp_model.IntVar]] = defaultdict(list)
        for j in js:
            by_type[shifts[j].type_code].append(b.x[j, i])
        for code, limit in staff.max_shifts_per_type.items():
            of_type = by_type.get(code, [])
            if len(of_type) > limit:
                b.model.add(sum(of_type) <= limit)
        for kind, limit in staff.max_shifts_per_kind.items():
            of_kind = [b.x[j, i] for j in js if b.shifts[j].kind == kind]
            if len(of_kind) > limit:
                b.model.add(sum(of_kind) <= limit)
        if staff.max_sleep_ins_per_week is not None:
            for week in range(b.problem.weeks):
                sleeps = [
                    b.x[j, i]
                    for j in js
                    if b.shifts[j].kind == "sleep_in" and week_of(b, j) == week
                ]
                if len(sleeps) > staff.max_sleep_ins_per_week:
                    b.model.add(sum(sleeps) <= staff.max_sleep_ins_per_week)
