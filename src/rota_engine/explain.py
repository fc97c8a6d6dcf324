"""Explanations computed from the data: why a shift is uncovered, why an input is impossible."""

from __future__ import annotations

from collections import Counter, defaultdict
from functools import lru_cache

from ortools.sat.python import cp_model

from rota_engine.build import Builder
from rota_engine.eligibility import EXCLUDED_SKILL, EXCLUDED_UNAVAILABLE, candidates, exclusion
from rota_engine.model import (
    Assignment,
    InputError,
    Problem,
    Shift,
    UncoveredReason,
    UncoveredShift,
)
from rota_engine.solver import make_solver

# When several rules block different candidates, the most common wins; ties go to this order.
_PRIORITY: tuple[UncoveredReason, ...] = (
    "all_unavailable",
    "rest_rule",
    "average_hours_limit",
    "contract_max",
    "max_shifts",
    "overlap",
    "succession",
    "consecutive_days",
    "weekends",
)


def input_errors(problem: Problem) -> list[InputError]:
    """Hard rules the input makes impossible, found without search."""
    errors: list[InputError] = []
    cands = candidates(problem)
    index = {s.id: i for i, s in enumerate(problem.staff)}
    for j, shift in enumerate(problem.shifts):
        for k, sid in enumerate(shift.locked):
            i = index.get(sid)
            if i is not None and i not in cands[j]:
                why = exclusion(problem, shift, problem.staff[i])
                detail = f" ({why.reason}: {why.detail})" if why else " (not eligible)"
                errors.append(
                    InputError(
                        "locked_not_allowed",
                        f"shift {shift.id!r} locks {sid!r}, who cannot work it{detail}",
                        f"shifts[{j}].locked[{k}]",
                        (shift.id, sid),
                    )
                )
    if not (problem.rules.contract_bands and problem.rules.contract_min_hard):
        return errors
    kinds = set(problem.rules.contract_time_kinds)
    per_day = problem.rules.max_shifts_per_day
    for i, staff in enumerate(problem.staff):
        need = staff.min_minutes_horizon or 0
        if not need:
            continue
        by_day: dict[int, list[int]] = defaultdict(list)
        for j, shift in enumerate(problem.shifts):
            if i in cands[j] and shift.kind in kinds:
                by_day[shift.day].append(shift.minutes)
        available = sum(
            sum(sorted(m, reverse=True)[:per_day] if per_day else m) for m in by_day.values()
        )
        if available < need:
            errors.append(
                InputError(
                    "min_hours_exceed_availability",
                    f"worker {staff.id!r} must work at least {need} minutes but only "
                    f"{available} minutes of shifts are open to them",
                    f"staff[{i}].min_minutes_horizon",
                    (staff.id,),
                )
            )
    return errors


def diagnose_infeasible(problem: Problem, *, seed: int = 0) -> tuple[InputError, ...]:
    """Name a set of guarded hard constraints that cannot hold together."""
    from rota_engine.rules import build

    b = build(Builder(problem, diagnose=True))
    b.model.add_assumptions(b.guard_lits)
    solver = make_solver(seed=seed, workers=1, deterministic_time=None, time_limit=10.0)
    if solver.solve(b.model) == cp_model.INFEASIBLE:
        core = solver.sufficient_assumptions_for_infeasibility()
        found = [b.guards[k] for k in core if k in b.guards]
        if found:
            return tuple(InputError(code, msg, path, ids) for code, msg, path, ids in found)
    return (
        InputError(
            "infeasible",
            "the hard rules contradict each other for this input (check locked shifts, "
            "minimum hours, days off and run lengths)",
        ),
    )


@lru_cache(maxsize=8)
def _pair_set(pairs: tuple[tuple[str, str], ...]) -> frozenset[tuple[str, str]]:
    """The forbidden successions as a set, built once per rule set rather than per candidate."""
    return frozenset(pairs)


class _Worked:
    """What one worker already works, summed once for every shift asked about."""

    def __init__(self, problem: Problem, mine: list[Shift]) -> None:
        rules = problem.rules
        work_kinds = set(rules.working_time_kinds)
        contract_kinds = set(rules.contract_time_kinds)
        offset = problem.start.weekday()
        self.shifts = mine
        self.by_day: dict[int, list[Shift]] = defaultdict(list)
        self.contract_by_week: Counter[int] = Counter()
        for o in mine:
            self.by_day[o.day].append(o)
            if o.kind in contract_kinds:
                self.contract_by_week[o.day // 7] += o.minutes
        self.working = sum(o.minutes for o in mine if o.kind in work_kinds)
        self.contract = sum(self.contract_by_week.values())
        self.types = Counter(o.type_code for o in mine)
        self.kinds = Counter(o.kind for o in mine)
        self.weekends = {(o.day + offset) // 7 for o in mine if problem.is_weekend_day(o.day)}


def _blocker(
    problem: Problem, shift: Shift, worked: _Worked, staff_index: int
) -> UncoveredReason | None:
    """The hard rule that stops this worker taking ``shift`` given what they already work."""
    rules = problem.rules
    staff = problem.staff[staff_index]
    mine = worked.shifts
    for other in mine:
        if rules.no_overlap and other.start < shift.end and shift.start < other.end:
            return "overlap"
    same_day = len(worked.by_day.get(shift.day, ()))
    if rules.max_shifts_per_day is not None and same_day >= rules.max_shifts_per_day:
        return "overlap"
    work_kinds = set(rules.working_time_kinds)
    if rules.min_rest_minutes is not None and shift.kind in work_kinds:
        for o in mine:
            if o.kind not in work_kinds:
                continue
            gap = min(
                abs((shift.start - o.end).total_seconds()),
                abs((o.start - shift.end).total_seconds()),
            )
            if rules.period_merge_gap_minutes * 60 < gap < rules.min_rest_minutes * 60:
                return "rest_rule"
    if rules.forbidden_successions:
        pairs = _pair_set(rules.forbidden_successions)
        yesterday = worked.by_day.get(shift.day - 1, ())
        tomorrow = worked.by_day.get(shift.day + 1, ())
        if any((o.type_code, shift.type_code) in pairs for o in yesterday) or any(
            (shift.type_code, o.type_code) in pairs for o in tomorrow
        ):
            return "succession"
    if rules.average_48h and not staff.opted_out_48h and shift.kind in work_kinds:
        cap = (
            rules.max_average_weekly_minutes * (staff.history_days + problem.days) // 7
            - staff.history_minutes
        )
        if worked.working + shift.minutes > cap:
            return "average_hours_limit"
    if rules.contract_bands and shift.kind in set(rules.contract_time_kinds):
        total = worked.contract + shift.minutes
        if staff.max_minutes_horizon is not None and total > staff.max_minutes_horizon:
            return "contract_max"
        week = shift.day // 7
        if (
            staff.max_minutes_per_week is not None
            and week < problem.weeks
            and worked.contract_by_week[week] + shift.minutes > staff.max_minutes_per_week
        ):
            return "contract_max"
    if rules.shift_limits:
        limit = staff.max_shifts_per_type.get(shift.type_code)
        if limit is not None and worked.types[shift.type_code] >= limit:
            return "max_shifts"
        limit = staff.max_shifts_per_kind.get(shift.kind)
        if limit is not None and worked.kinds[shift.kind] >= limit:
            return "max_shifts"
    if rules.consecutive_runs and staff.max_consecutive_days is not None:
        days = worked.by_day
        run = 1
        d = shift.day - 1
        while d in days or (d < 0 and -d <= staff.worked_days_before):
            run, d = run + 1, d - 1
        d = shift.day + 1
        while d in days:
            run, d = run + 1, d + 1
        if run > staff.max_consecutive_days:
            return "consecutive_days"
    if rules.weekends and staff.max_weekends is not None and problem.is_weekend_day(shift.day):
        offset = problem.start.weekday()
        if (shift.day + offset) // 7 not in worked.weekends and len(
            worked.weekends
        ) >= staff.max_weekends:
            return "weekends"
    return None


def uncovered(problem: Problem, assignments: tuple[Assignment, ...]) -> list[UncoveredShift]:
    """Every shift short of its headcount, with a reason code computed from the data."""
    index = {s.id: i for i, s in enumerate(problem.staff)}
    shifts = {s.id: s for s in problem.shifts}
    on_shift: dict[str, set[str]] = defaultdict(set)
    by_staff: dict[int, list[Shift]] = defaultdict(list)
    for a in assignments:
        on_shift[a.shift_id].add(a.staff_id)
        by_staff[index[a.staff_id]].append(shifts[a.shift_id])
    worked = {i: _Worked(problem, mine) for i, mine in by_staff.items()}
    nothing = _Worked(problem, [])
    result: list[UncoveredShift] = []
    for shift in problem.shifts:
        missing = shift.headcount - len(on_shift[shift.id])
        if missing > 0:
            reason, params = _reason(problem, shift, on_shift[shift.id], worked, nothing, index)
            result.append(UncoveredShift(shift.id, missing, reason, params))
    return result


def _reason(
    problem: Problem,
    shift: Shift,
    assigned: set[str],
    worked: dict[int, _Worked],
    nothing: _Worked,
    index: dict[str, int],
) -> tuple[UncoveredReason, dict[str, object]]:
    eligible = [sid for sid in shift.eligible if sid in index]
    if not eligible:
        return "no_team", {"person_id": shift.person_id}
    excluded = {
        sid: e
        for sid in eligible
        if (e := exclusion(problem, shift, problem.staff[index[sid]])) is not None
    }
    open_ids = [sid for sid in eligible if sid not in excluded and sid not in assigned]
    if not open_ids:
        left = {sid: e for sid, e in excluded.items() if sid not in assigned}
        if not left:
            return "team_too_small", {"team_size": len(eligible)}
        skills = [e.detail for e in left.values() if e.reason == EXCLUDED_SKILL]
        if len(skills) == len(left):
            skill = Counter(skills).most_common(1)[0][0]
            return "no_valid_skill", {"skill": skill, "staff_ids": sorted(left)}
        unavailable = sorted(s for s, e in left.items() if e.reason == EXCLUDED_UNAVAILABLE)
        if unavailable:
            return "all_unavailable", {"staff_ids": unavailable}
        return "max_shifts", {"staff_ids": sorted(left)}
    blocked: dict[str, UncoveredReason] = {}
    for sid in open_ids:
        i = index[sid]
        why = _blocker(problem, shift, worked.get(i, nothing), i)
        if why is None:
            return "optimisation", {"staff_ids": sorted(open_ids)}
        blocked[sid] = why
    if not blocked:
        return "optimisation", {"staff_ids": []}
    counts = Counter(blocked.values())
    reason = max(counts, key=lambda r: (counts[r], -_PRIORITY.index(r)))
    params: dict[str, object] = {"staff_ids": sorted(s for s, r in blocked.items() if r == reason)}
    rules = problem.rules
    if reason == "rest_rule":
        params["min_rest_minutes"] = rules.min_rest_minutes
    elif reason == "average_hours_limit":
        params["limit_minutes"] = rules.max_average_weekly_minutes
    return reason, params
