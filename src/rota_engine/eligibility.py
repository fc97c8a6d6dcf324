"""Which worker may work which shift before any interaction between shifts is considered.

A worker listed in ``Shift.eligible`` is a *candidate* unless a per-shift hard rule already
rules them out: missing skill (mode "each"), unavailability, a fixed day off, or a zero shift
limit for the shift's type or kind. The builder creates variables only for candidates; the
explainer reuses the exclusion reasons.
"""

from __future__ import annotations

from dataclasses import dataclass

from rota_engine.model import Problem, Shift, Staff, elapsed_minutes

EXCLUDED_SKILL = "no_valid_skill"
EXCLUDED_UNAVAILABLE = "all_unavailable"
EXCLUDED_LIMIT = "max_shifts"


@dataclass(frozen=True)
class Exclusion:
    """Why ``staff_id`` cannot work a shift at all; ``detail`` is a skill name or leave reason."""

    staff_id: str
    reason: str
    detail: str = ""


def overlaps(shift: Shift, staff: Staff) -> str | None:
    """The reason of the first unavailability interval overlapping the shift, if any."""
    for interval in staff.unavailable:
        if (
            elapsed_minutes(interval.start, shift.end) > 0
            and elapsed_minutes(shift.start, interval.end) > 0
        ):
            return interval.reason
    return None


def exclusion(problem: Problem, shift: Shift, staff: Staff) -> Exclusion | None:
    """The reason ``staff`` may never work ``shift``, or ``None`` when they are a candidate."""
    rules = problem.rules
    if rules.skills and shift.skill_mode == "each" and shift.required_skills:
        on = shift.start.astimezone(problem.zone).date()
        for skill in shift.required_skills:
            if not staff.has_skill(skill, on):
                return Exclusion(staff.id, EXCLUDED_SKILL, skill)
    if shift.day in staff.days_off:
        return Exclusion(staff.id, EXCLUDED_UNAVAILABLE, "day_off")
    reason = overlaps(shift, staff)
    if reason is not None:
        return Exclusion(staff.id, EXCLUDED_UNAVAILABLE, reason)
    if rules.shift_limits and (
        staff.max_shifts_per_type.get(shift.type_code) == 0
        or staff.max_shifts_per_kind.get(shift.kind) == 0
    ):
        return Exclusion(staff.id, EXCLUDED_LIMIT, shift.type_code or shift.kind)
    return None


def candidates(problem: Problem) -> list[list[int]]:
    """For each shift (by index), the indexes of staff who may work it, in staff order."""
    index = {s.id: i for i, s in enumerate(problem.staff)}
    result: list[list[int]] = []
    for shift in problem.shifts:
        allowed = sorted({index[sid] for sid in shift.eligible if sid in index})
        result.append([i for i in allowed if exclusion(problem, shift, problem.staff[i]) is None])
    return result
