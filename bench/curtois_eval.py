"""Evaluate a Curtois roster directly against the instance text's rules.

Independent of every model: it reads only the parsed instance and a roster
(``(staff id, day) -> shift id``) and recomputes the hard rules and the objective as the
benchmark's README states them. Used to cross-check the plain model and the engine.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from rota_engine.io.curtois_parse import CurtoisInstance, CurtoisStaff

Roster = Mapping[tuple[str, int], str]


@dataclass(frozen=True)
class CurtoisViolation:
    rule: str
    staff_id: str
    message: str


@dataclass(frozen=True)
class CurtoisEvaluation:
    objective: int
    cover_penalty: int
    request_penalty: int
    violations: tuple[CurtoisViolation, ...]

    @property
    def feasible(self) -> bool:
        return not self.violations


def roster_from_rows(rows: Iterable[tuple[str, int, str]]) -> dict[tuple[str, int], str]:
    """Build a roster from ``(staff id, day, shift id)`` rows; a second shift on a day raises."""
    roster: dict[tuple[str, int], str] = {}
    for staff_id, day, shift_id in rows:
        if (staff_id, day) in roster:
            raise ValueError(f"{staff_id} has two shifts on day {day}")
        roster[staff_id, day] = shift_id
    return roster


def _runs(worked: list[bool], value: bool) -> list[tuple[int, int]]:
    """(start, length) of each maximal run of ``value``."""
    runs: list[tuple[int, int]] = []
    start = None
    for day, flag in enumerate([*worked, not value]):
        if flag == value and start is None:
            start = day
        elif flag != value and start is not None:
            runs.append((start, day - start))
            start = None
    return runs


def _staff_violations(
    instance: CurtoisInstance, member: CurtoisStaff, roster: Roster
) -> list[CurtoisViolation]:
    out: list[CurtoisViolation] = []

    def bad(rule: str, message: str) -> None:
        out.append(CurtoisViolation(rule, member.id, message))

    days = instance.days
    minutes = {s.id: s.minutes for s in instance.shifts}
    forbidden = {s.id: set(s.forbidden_next) for s in instance.shifts}
    shift_of = [roster.get((member.id, d)) for d in range(days)]
    worked = [s is not None for s in shift_of]

    for day in instance.days_off_of(member.id):
        if worked[day]:
            bad("day_off", f"works on fixed day off {day}")
    for day in range(days - 1):
        first, second = shift_of[day], shift_of[day + 1]
        if first is not None and second is not None and second in forbidden[first]:
            bad("succession", f"{first} on day {day} followed by {second}")
    counts = Counter(s for s in shift_of if s is not None)
    for shift_id, limit in member.max_shifts:
        if counts[shift_id] > limit:
            bad("max_shifts", f"{counts[shift_id]} {shift_id} shifts, limit {limit}")
    total = sum(minutes[s] for s in shift_of if s is not None)
    if not member.min_total_minutes <= total <= member.max_total_minutes:
        bad(
            "total_minutes",
            f"{total} minutes, allowed {member.min_total_minutes}-{member.max_total_minutes}",
        )
    for start, length in _runs(worked, True):
        if length > member.max_consecutive_shifts:
            bad("max_consecutive", f"{length} days in a row from day {start}")
        inside = start > 0 and start + length < days
        if inside and length < member.min_consecutive_shifts:
            bad("min_consecutive", f"run of {length} working days from day {start}")
    for start, length in _runs(worked, False):
        inside = start > 0 and start + length < days
        if inside and length < member.min_consecutive_days_off:
            bad("min_days_off", f"run of {length} days off from day {start}")
    weekends = sum(worked[7 * w + 5] or worked[7 * w + 6] for w in range(instance.weeks))
    if weekends > member.max_weekends:
        bad("max_weekends", f"{weekends} weekends worked, limit {member.max_weekends}")
    return out


def evaluate(instance: CurtoisInstance, roster: Roster) -> CurtoisEvaluation:
    shift_ids = {s.id for s in instance.shifts}
    staff_ids = {m.id for m in instance.staff}
    violations: list[CurtoisViolation] = []
    for (staff_id, day), shift_id in roster.items():
        if staff_id not in staff_ids or shift_id not in shift_ids or not 0 <= day < instance.days:
            violations.append(
                CurtoisViolation("unknown", staff_id, f"unknown assignment {day} {shift_id}")
            )
    for member in instance.staff:
        violations.extend(_staff_violations(instance, member, roster))

    assigned = Counter((day, shift_id) for (_, day), shift_id in roster.items())
    cover_penalty = 0
    for row in instance.cover:
        have = assigned[row.day, row.shift_id]
        cover_penalty += row.weight_under * max(0, row.requirement - have)
        cover_penalty += row.weight_over * max(0, have - row.requirement)
    request_penalty = sum(
        r.weight
        for r in instance.shift_on_requests
        if roster.get((r.staff_id, r.day)) != r.shift_id
    ) + sum(
        r.weight
        for r in instance.shift_off_requests
        if roster.get((r.staff_id, r.day)) == r.shift_id
    )
    return CurtoisEvaluation(
        cover_penalty + request_penalty, cover_penalty, request_penalty, tuple(violations)
    )
