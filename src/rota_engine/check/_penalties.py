"""The named penalty terms, recomputed from the problem and the assignments."""

from __future__ import annotations

from rota_engine.check._index import Index
from rota_engine.model import Shift, ShiftKind, ShiftRequest, Staff


def _hours_up(minutes: int) -> int:
    return -(-minutes // 60)


def cover(ix: Index) -> dict[str, int]:
    """``uncovered``: each missing worker at the shift's ``under_weight`` (default
    ``Weights.uncovered``); ``over_cover``: each extra worker at ``over_weight`` when set."""
    uncovered = over = 0
    for shift in ix.problem.shifts:
        have = len(ix.by_shift.get(shift.id, []))
        under_weight = (
            ix.problem.weights.uncovered if shift.under_weight is None else shift.under_weight
        )
        uncovered += under_weight * max(0, shift.headcount - have)
        if shift.over_weight is not None:
            over += shift.over_weight * max(0, have - shift.headcount)
    return {"uncovered": uncovered, "over_cover": over}


def _matches(request: ShiftRequest, shift: Shift) -> bool:
    if request.shift_id is not None:
        return shift.id == request.shift_id
    if request.day is None or shift.day != request.day:
        return False
    return request.type_code is None or shift.type_code == request.type_code


def requests(ix: Index) -> int:
    total = 0
    for member in ix.problem.staff:
        worked = ix.by_staff.get(member.id, [])
        for request in member.requests:
            works = any(_matches(request, s) for s in worked)
            if works != (request.kind == "on"):
                total += request.weight
    return total * ix.problem.weights.request


def preferences(ix: Index) -> int:
    total = 0
    for shift in ix.problem.shifts:
        for preference in shift.preferences:
            assigned = (shift.id, preference.staff_id) in ix.pairs
            if preference.weight > 0 and not assigned:
                total += preference.weight
            elif preference.weight < 0 and assigned:
                total -= preference.weight
    return total * ix.problem.weights.preference


def continuity(ix: Index) -> int:
    """Per person and full week, each distinct worker beyond the first."""
    workers: dict[tuple[str, int], set[str]] = {}
    weeks = ix.problem.weeks
    for shift in ix.problem.shifts:
        if shift.person_id is None or shift.day // 7 >= weeks:
            continue
        staff = ix.by_shift.get(shift.id, [])
        workers.setdefault((shift.person_id, shift.day // 7), set()).update(staff)
    extra = sum(max(0, len(s) - 1) for s in workers.values())
    return extra * ix.problem.weights.continuity


def relief(ix: Index) -> int:
    count = 0
    for shift in ix.problem.shifts:
        if shift.person_id is None:
            continue
        for staff_id in ix.by_shift.get(shift.id, []):
            if shift.person_id not in ix.staff[staff_id].core_for:
                count += 1
    return count * ix.problem.weights.relief


def _spread(counts: dict[str, int]) -> int:
    return max(counts.values()) - min(counts.values()) if counts else 0


def fairness(ix: Index) -> int:
    """Spread (max - min) across the staff eligible for at least one such shift: sleep-ins,
    weekends worked, waking nights."""
    weights = ix.problem.weights

    def kind_counts(kind: ShiftKind) -> dict[str, int]:
        staff = {e for s in ix.problem.shifts if s.kind == kind for e in s.eligible}
        return {
            e: sum(1 for s in ix.by_staff.get(e, []) if s.kind == kind)
            for e in staff
            if e in ix.staff
        }

    weekend_staff = {
        e for s in ix.problem.shifts if ix.problem.is_weekend_day(s.day) for e in s.eligible
    }
    weekend_counts = {
        e: len({ix.weekend_key(d) for d in ix.worked_days(e)} - {None})
        for e in weekend_staff
        if e in ix.staff
    }
    return (
        weights.fairness_sleep_ins * _spread(kind_counts("sleep_in"))
        + weights.fairness_weekends * _spread(weekend_counts)
        + weights.fairness_nights * _spread(kind_counts("waking_night"))
    )


def contract(ix: Index) -> dict[str, int]:
    """Per full week: hours (rounded up) away from the target, and below the weekly minimum;
    the horizon minimum too when it is soft (``contract_min_hard`` off)."""
    weights = ix.problem.weights
    target = under = 0
    for member in ix.problem.staff:
        shifts = ix.by_staff.get(member.id, [])
        for week in range(ix.problem.weeks):
            minutes = ix.contract_minutes([s for s in shifts if s.day // 7 == week])
            if member.target_minutes_per_week is not None:
                target += _hours_up(abs(minutes - member.target_minutes_per_week))
            if ix.rules.contract_bands and member.min_minutes_per_week is not None:
                under += _hours_up(max(0, member.min_minutes_per_week - minutes))
        under += _soft_horizon_minimum(ix, member, shifts)
    return {
        "contract_target": target * weights.contract_target,
        "contract_under": under * weights.contract_under,
    }


def _soft_horizon_minimum(ix: Index, member: Staff, shifts: list[Shift]) -> int:
    minimum = member.min_minutes_horizon
    if not ix.rules.contract_bands or ix.rules.contract_min_hard or minimum is None:
        return 0
    return _hours_up(max(0, minimum - ix.contract_minutes(shifts)))


def changes(ix: Index) -> int:
    """Repair: assignments added or removed against ``Problem.previous``."""
    if ix.problem.previous is None:
        return 0
    before = {(a.shift_id, a.staff_id) for a in ix.problem.previous}
    return len(before ^ ix.pairs) * ix.problem.weights.changes
