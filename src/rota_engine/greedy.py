"""A greedy first-fit rota: what a coordinator does by hand, as a baseline for the engine.

Shifts are filled in time order; each open place goes to the first worker who can legally
take it: locked staff, then the person's core team (those already working for the person
that week first), then relief, fewest contract hours so far first. Legality of each
candidate is tested with the independent checker on that worker's rota alone, so the
greedy rota obeys every hard rule that adding a shift can break. Minimums (contract minimum
hours, minimum run lengths) cannot be met by first-fit and are left for the checker to report.
"""

from __future__ import annotations

import time
from dataclasses import replace

from rota_engine.check import WORKER_RULES, check, first_violation
from rota_engine.model import (
    Assignment,
    Problem,
    Shift,
    Solution,
    Staff,
    UncoveredReason,
    UncoveredShift,
)

# Rules a single worker's partial rota can break only by *missing* work: first-fit does not
# test them per candidate (skills it tests itself, before the rules).
_MINIMUMS = {"min_consecutive_days", "min_consecutive_days_off", "contract_min_horizon"}
_REASONS: dict[str, UncoveredReason] = {
    "unavailable": "all_unavailable",
    "day_off": "all_unavailable",
    "rest": "rest_rule",
    "working_period": "rest_rule",
    "weekly_rest": "rest_rule",
    "average_48h": "average_hours_limit",
    "night_worker": "average_hours_limit",
    "contract_max_week": "contract_max",
    "contract_max_horizon": "contract_max",
    "max_shifts_per_type": "max_shifts",
    "max_shifts_per_kind": "max_shifts",
    "max_sleep_ins_per_week": "max_shifts",
    "max_shifts_per_day": "max_shifts",
    "overlap": "overlap",
    "succession": "succession",
    "max_consecutive_days": "consecutive_days",
    "max_weekends": "weekends",
}


class _Rota:
    def __init__(self, problem: Problem) -> None:
        self.problem = problem
        self.staff: dict[str, Staff] = {s.id: s for s in problem.staff}
        self.by_staff: dict[str, list[Shift]] = {s.id: [] for s in problem.staff}
        self.by_shift: dict[str, list[str]] = {s.id: [] for s in problem.shifts}
        self.contract: dict[str, int] = {s.id: 0 for s in problem.staff}

    def add(self, shift: Shift, staff_id: str) -> None:
        self.by_staff[staff_id].append(shift)
        self.by_shift[shift.id].append(staff_id)
        if shift.kind in self.problem.rules.contract_time_kinds:
            self.contract[staff_id] += shift.minutes

    def remove(self, shift: Shift) -> None:
        for staff_id in self.by_shift[shift.id]:
            self.by_staff[staff_id].remove(shift)
            if shift.kind in self.problem.rules.contract_time_kinds:
                self.contract[staff_id] -= shift.minutes
        self.by_shift[shift.id] = []

    def lacks_skill(self, shift: Shift) -> bool:
        """A part-filled ``at_least_one`` shift whose workers miss a required skill."""
        on = shift.start.astimezone(self.problem.zone).date()
        workers = [self.staff[s] for s in self.by_shift[shift.id]]
        return bool(workers) and not all(
            any(w.has_skill(k, on) for w in workers) for k in shift.required_skills
        )

    def refusal(self, shift: Shift, staff_id: str) -> str | None:
        """The first hard rule ``staff_id`` would break by taking ``shift``, else None."""
        member = self.staff[staff_id]
        on = shift.start.astimezone(self.problem.zone).date()
        skills = self.problem.rules.skills
        each = shift.skill_mode == "each"
        if skills and each and not all(member.has_skill(k, on) for k in shift.required_skills):
            return "skill"
        if self.problem.rules.skills and shift.skill_mode == "at_least_one":
            open_places = shift.headcount - len(self.by_shift[shift.id])
            if open_places == 1:
                others = [self.staff[s] for s in self.by_shift[shift.id]]
                for skill in shift.required_skills:
                    held = any(o.has_skill(skill, on) for o in others)
                    if not held and not member.has_skill(skill, on):
                        return "skill"
        shifts = [*self.by_staff[staff_id], shift]
        mini = replace(self.problem, staff=(member,), shifts=tuple(shifts), previous=None)
        own = tuple(Assignment(s.id, staff_id) for s in shifts)
        draft = Solution(status="feasible", assignments=own)
        violation = first_violation(mini, draft, WORKER_RULES, _MINIMUMS)
        return None if violation is None else violation.rule


def _candidates(rota: _Rota, shift: Shift) -> list[str]:
    week = shift.day // 7
    locked = [s for s in shift.locked if s in rota.staff]

    def order(staff_id: str) -> tuple[int, int, int, str]:
        member = rota.staff[staff_id]
        core = shift.person_id is None or shift.person_id in member.core_for
        this_week = any(
            s.person_id == shift.person_id and s.day // 7 == week for s in rota.by_staff[staff_id]
        )
        return (0 if core else 1, 0 if this_week else 1, rota.contract[staff_id], staff_id)

    rest = sorted((s for s in shift.eligible if s in rota.staff and s not in locked), key=order)
    return locked + rest


def greedy(problem: Problem) -> Solution:
    """First-fit rota for ``problem``; uncovered places are listed with the blocking rule."""
    started = time.perf_counter()
    rota = _Rota(problem)
    uncovered: list[UncoveredShift] = []
    for shift in sorted(problem.shifts, key=lambda s: (s.start, s.end, s.id)):
        refusals: list[str] = []
        for staff_id in _candidates(rota, shift):
            if len(rota.by_shift[shift.id]) >= shift.headcount:
                break
            if staff_id in rota.by_shift[shift.id]:
                continue
            refusal = rota.refusal(shift, staff_id)
            if refusal is None:
                rota.add(shift, staff_id)
            else:
                refusals.append(refusal)
        if problem.rules.skills and shift.skill_mode == "at_least_one" and rota.lacks_skill(shift):
            rota.remove(shift)  # a worker alone without the pair's skill may not go
            refusals.append("skill")
        missing = shift.headcount - len(rota.by_shift[shift.id])
        if missing > 0:
            reason: UncoveredReason = "no_team"
            if shift.eligible:
                reason = (
                    "no_valid_skill" if refusals and set(refusals) == {"skill"} else "optimisation"
                )
                common = [_REASONS[r] for r in refusals if r in _REASONS]
                if common and len(set(common)) == 1:
                    reason = common[0]
            uncovered.append(
                UncoveredShift(shift.id, missing, reason, {"refusals": sorted(set(refusals))})
            )
    assignments = tuple(
        sorted(
            (
                Assignment(shift_id, staff_id)
                for shift_id, staff in rota.by_shift.items()
                for staff_id in staff
            ),
            key=lambda a: (a.shift_id, a.staff_id),
        )
    )
    draft = Solution(status="feasible", assignments=assignments, uncovered=tuple(uncovered))
    report = check(problem, draft)
    return replace(
        draft,
        penalties=dict(report.penalties),
        objective=report.objective,
        wall_seconds=time.perf_counter() - started,
    )
