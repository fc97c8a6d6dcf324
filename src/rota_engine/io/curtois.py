"""Turn a parsed Curtois & Qu instance into the engine's own Problem (and rosters back).

Each (day, shift type) becomes one Shift whose headcount is the cover requirement, with the
instance's under/over weights; every worker is eligible and a zero MaxShifts removes them as a
candidate. Shifts have no clock times in the benchmark, so each starts at midnight UTC of its
day and lasts its length; the time-based rules (overlap, rest, 48 h, weekly rest, night) are
switched off and "one shift a day" (``max_shifts_per_day=1``) replaces them.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from rota_engine.io.curtois_parse import CurtoisInstance
from rota_engine.model import (
    Problem,
    RuleSettings,
    Shift,
    ShiftRequest,
    Solution,
    Staff,
    Weights,
)

# Any Monday: day 0 of every instance is a Monday.
CURTOIS_START = date(2024, 1, 1)


def shift_id(day: int, type_code: str) -> str:
    """The engine shift id of a (day, shift type) cell."""
    return f"d{day}-{type_code}"


def to_problem(instance: CurtoisInstance, name: str = "") -> Problem:
    """The engine Problem equivalent to ``instance`` (same optimum, same objective)."""
    staff_ids = tuple(s.id for s in instance.staff)
    lengths = {s.id: s.minutes for s in instance.shifts}
    cover = {(c.day, c.shift_id): c for c in instance.cover}
    shifts: list[Shift] = []
    for day in range(instance.days):
        for t in instance.shifts:
            start = datetime(2024, 1, 1, tzinfo=UTC) + timedelta(days=day)
            c = cover.get((day, t.id))
            shifts.append(
                Shift(
                    id=shift_id(day, t.id),
                    start=start,
                    end=start + timedelta(minutes=lengths[t.id]),
                    day=day,
                    kind="day",
                    type_code=t.id,
                    headcount=c.requirement if c else 0,
                    eligible=staff_ids,
                    under_weight=c.weight_under if c else 0,
                    over_weight=c.weight_over if c else 0,
                )
            )
    requests: dict[str, list[ShiftRequest]] = {s: [] for s in staff_ids}
    for r in instance.shift_on_requests:
        requests[r.staff_id].append(ShiftRequest("on", r.weight, r.day, r.shift_id))
    for r in instance.shift_off_requests:
        requests[r.staff_id].append(ShiftRequest("off", r.weight, r.day, r.shift_id))
    staff = tuple(
        Staff(
            id=s.id,
            min_minutes_horizon=s.min_total_minutes,
            max_minutes_horizon=s.max_total_minutes,
            max_shifts_per_type=dict(s.max_shifts),
            days_off=instance.days_off_of(s.id),
            requests=tuple(requests[s.id]),
            max_consecutive_days=s.max_consecutive_shifts,
            min_consecutive_days=s.min_consecutive_shifts,
            min_consecutive_days_off=s.min_consecutive_days_off,
            max_weekends=s.max_weekends,
        )
        for s in instance.staff
    )
    rules = RuleSettings(
        no_overlap=False,
        max_shifts_per_day=1,
        min_rest_minutes=None,
        max_working_period_minutes=None,
        weekly_rest=None,
        average_48h=False,
        night_worker_limit=False,
        forbidden_successions=tuple(
            (t.id, nxt) for t in instance.shifts for nxt in t.forbidden_next
        ),
        runs_exempt_at_edges=True,
        weekend_days=(6, 7),
        working_time_kinds=("day",),
        contract_time_kinds=("day",),
    )
    weights = Weights(
        uncovered=0,
        request=1,
        preference=0,
        continuity=0,
        relief=0,
        fairness_sleep_ins=0,
        fairness_weekends=0,
        fairness_nights=0,
        contract_target=0,
        contract_under=0,
        changes=0,
    )
    return Problem(
        start=CURTOIS_START,
        days=instance.days,
        staff=staff,
        shifts=tuple(shifts),
        tz="UTC",
        rules=rules,
        weights=weights,
        name=name,
    )


def roster(problem: Problem, solution: Solution) -> list[tuple[str, int, str]]:
    """(staff id, day, shift type) per assignment, sorted, for the ``--roster`` CSV."""
    shifts = {s.id: s for s in problem.shifts}
    rows = [
        (a.staff_id, shifts[a.shift_id].day, shifts[a.shift_id].type_code)
        for a in solution.assignments
    ]
    return sorted(rows, key=lambda r: (r[0], r[1], r[2]))
