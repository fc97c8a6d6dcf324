"""Working hours: the 48 h average (with history and opt-out) and contract bands.

Working time counts ``working_time_kinds`` (a sleep-in counts in full); contract time counts
``contract_time_kinds``. Weekly bands apply to each full 7-day week of the horizon.
"""

from __future__ import annotations

from collections import defaultdict

from ortools.sat.python import cp_model

from rota_engine.build import Builder
from rota_engine.model import Staff


def average_48h_cap(b: Builder, staff: Staff) -> int | None:
    """Working minutes the worker may still do in the horizon under the 48 h average."""
    rules = b.problem.rules
    if not rules.average_48h or staff.opted_out_48h:
        return None
    days = staff.history_days + b.problem.days
    return max(0, rules.max_average_weekly_minutes * days // 7 - staff.history_minutes)


def week_of(b: Builder, j: int) -> int | None:
    week = b.shifts[j].day // 7
    return week if week < b.problem.weeks else None


def apply(b: Builder) -> None:
    rules = b.problem.rules
    work_kinds = set(rules.working_time_kinds)
    for i, staff in enumerate(b.problem.staff):
        js = b.by_staff[i]
        cap = average_48h_cap(b, staff)
        if cap is not None:
            work = [(b.minutes[j], b.x[j, i]) for j in js if b.shifts[j].kind in work_kinds]
            if sum(m for m, _ in work) > cap:
                b.model.add(sum(m * v for m, v in work) <= cap)
        _contract(b, i, staff)


def _contract(b: Builder, i: int, staff: Staff) -> None:
    rules = b.problem.rules
    w = b.problem.weights
    contract_kinds = set(rules.contract_time_kinds)
    bands = rules.contract_bands
    contract = [j for j in b.by_staff[i] if b.shifts[j].kind in contract_kinds]
    total = _minutes(b, i, contract)
    possible = sum(b.minutes[j] for j in contract)
    if bands and staff.max_minutes_horizon is not None and possible > staff.max_minutes_horizon:
        b.model.add(total <= staff.max_minutes_horizon)
    if bands and staff.min_minutes_horizon:
        if rules.contract_min_hard:
            ct = b.model.add(total >= staff.min_minutes_horizon)
            b.guard(
                ct,
                "min_hours_unreachable",
                f"worker {staff.id!r} cannot reach the minimum of "
                f"{staff.min_minutes_horizon} contract minutes with the other hard rules",
                f"staff[{i}].min_minutes_horizon",
                (staff.id,),
            )
        else:
            short = b.model.new_int_var(0, staff.min_minutes_horizon // 60 + 1, f"hs_{i}")
            b.model.add(total + 60 * short >= staff.min_minutes_horizon)
            b.penalise("contract_under", w.contract_under, short)
    by_week: dict[int, list[int]] = defaultdict(list)
    for j in contract:
        week = week_of(b, j)
        if week is not None:
            by_week[week].append(j)
    for week in range(b.problem.weeks):
        wk = by_week[week]
        wtotal = _minutes(b, i, wk)
        wpossible = sum(b.minutes[j] for j in wk)
        weekly_max = staff.max_minutes_per_week
        if bands and weekly_max is not None and wpossible > weekly_max:
            b.model.add(wtotal <= weekly_max)
        if bands and staff.min_minutes_per_week:
            short = b.model.new_int_var(0, staff.min_minutes_per_week // 60 + 1, f"ws_{i}_{week}")
            b.model.add(wtotal + 60 * short >= staff.min_minutes_per_week)
            b.penalise("contract_under", w.contract_under, short)
        if staff.target_minutes_per_week is not None and w.contract_target:
            target = staff.target_minutes_per_week
            dev = b.model.new_int_var(0, max(target, wpossible) // 60 + 1, f"wd_{i}_{week}")
            b.model.add(60 * dev >= wtotal - target)
            b.model.add(60 * dev >= target - wtotal)
            b.penalise("contract_target", w.contract_target, dev)


def _minutes(b: Builder, i: int, js: list[int]) -> cp_model.LinearExpr:
    """Worker ``i``'s minutes on shifts ``js`` (faster to build than a Python ``sum``)."""
    return cp_model.LinearExpr.weighted_sum([b.x[j, i] for j in js], [b.minutes[j] for j in js])
