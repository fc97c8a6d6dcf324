"""Look-ups the checker's rules share: shifts, staff and each worker's assigned shifts."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime

from rota_engine.model import Problem, Shift, Solution, Staff, elapsed_minutes


@dataclass(frozen=True)
class Violation:
    """One broken hard rule: ``rule`` name, the ids involved and a plain message."""

    rule: str
    message: str
    staff_ids: tuple[str, ...] = ()
    shift_ids: tuple[str, ...] = ()


class Index:
    """The solution arranged for checking; built once, read by every rule."""

    def __init__(self, problem: Problem, solution: Solution) -> None:
        self.problem = problem
        self.rules = problem.rules
        self.shifts: dict[str, Shift] = {s.id: s for s in problem.shifts}
        self.staff: dict[str, Staff] = {s.id: s for s in problem.staff}
        self.unknown: list[Violation] = []
        self.by_shift: dict[str, list[str]] = defaultdict(list)
        self.by_staff: dict[str, list[Shift]] = defaultdict(list)
        self.pairs: set[tuple[str, str]] = set()
        for a in solution.assignments:
            if a.shift_id not in self.shifts:
                self.unknown.append(
                    Violation("unknown_id", f"unknown shift {a.shift_id!r}", (), (a.shift_id,))
                )
                continue
            if a.staff_id not in self.staff:
                self.unknown.append(
                    Violation("unknown_id", f"unknown staff {a.staff_id!r}", (a.staff_id,), ())
                )
                continue
            if (a.shift_id, a.staff_id) in self.pairs:
                self.unknown.append(
                    Violation(
                        "duplicate",
                        f"{a.staff_id} is assigned to {a.shift_id} twice",
                        (a.staff_id,),
                        (a.shift_id,),
                    )
                )
                continue
            self.pairs.add((a.shift_id, a.staff_id))
            self.by_shift[a.shift_id].append(a.staff_id)
            self.by_staff[a.staff_id].append(self.shifts[a.shift_id])
        for shifts in self.by_staff.values():
            shifts.sort(key=lambda s: (s.start, s.end, s.id))
        self._minutes: dict[str, int] = {}

    def minutes(self, shift: Shift) -> int:
        """Real elapsed minutes of ``shift`` (cached: every hours rule asks)."""
        value = self._minutes.get(shift.id)
        if value is None:
            value = self._minutes[shift.id] = shift.minutes
        return value

    def local_date(self, when: datetime) -> date:
        return when.astimezone(self.problem.zone).date()

    def working(self, staff_id: str) -> list[Shift]:
        """The worker's shifts that count as working time, by start."""
        kinds = self.rules.working_time_kinds
        return [s for s in self.by_staff.get(staff_id, []) if s.kind in kinds]

    def contract_minutes(self, shifts: list[Shift]) -> int:
        kinds = self.rules.contract_time_kinds
        return sum(self.minutes(s) for s in shifts if s.kind in kinds)

    def worked_days(self, staff_id: str) -> set[int]:
        return {s.day for s in self.by_staff.get(staff_id, [])}

    def horizon_end(self) -> datetime:
        return self.problem.day_start(self.problem.days)

    def weekend_key(self, day: int) -> date | None:
        """The first date of the weekend ``day`` belongs to, or None on a weekday.

        Consecutive weekend days form one weekend, so Saturday and Sunday share a key.
        """
        if not self.problem.is_weekend_day(day):
            return None
        first = self.problem.day_date(day)
        weekend = self.rules.weekend_days
        for _ in range(6):
            before = date.fromordinal(first.toordinal() - 1)
            if before.isoweekday() not in weekend:
                break
            first = before
        return first


def gap_minutes(earlier_end: datetime, later_start: datetime) -> int:
    return elapsed_minutes(earlier_end, later_start)
