"""Reads for the build pages: a run's progress and summary, and its draft as grids."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet

from ownterms.lib.dates import monday_of
from ownterms.people.models import Person
from ownterms.rota.models import Assignment, DraftAssignment, RotaRun, Shift
from ownterms.rota.selectors.time_words import when_words
from ownterms.staff.models import StaffMember


@dataclass(frozen=True)
class RunProgress:
    elapsed: float
    limit: int
    solutions: int
    #: How close the best rota is to the proven bound, as a percentage (None before both).
    quality: int | None
    percent_of_time: int


def progress_of(run: RotaRun) -> RunProgress:
    quality = None
    if run.objective is not None and run.bound is not None:
        if run.objective <= 0:
            quality = 100
        else:
            quality = max(0, min(100, round(100 * max(run.bound, 0) / run.objective)))
    limit = max(1, run.time_limit_seconds)
    return RunProgress(
        elapsed=run.elapsed_seconds,
        limit=limit,
        solutions=run.solutions_found,
        quality=quality,
        percent_of_time=max(0, min(100, round(100 * run.elapsed_seconds / limit))),
    )


@dataclass
class Summary:
    covered_percent: int | None
    filled: int
    wanted: int
    uncovered: list[dict[str, Any]]
    warnings: list[str]
    penalty_words: list[str]
    errors: list[str]
    people: list[Person]
    workers: list[StaffMember]


def summary_of(run: RotaRun, *, visible: QuerySet[Person]) -> Summary:
    """The run's result for the people the reader may see."""
    result = run.result or {}
    filled, wanted = int(result.get("filled", 0)), int(result.get("wanted", 0))
    people = list(run.people.filter(pk__in=visible.values("pk")).order_by("first_name", "pk"))
    gaps = result.get("uncovered", [])
    shifts = {
        str(s.public_id): s
        for s in Shift.objects.filter(
            public_id__in=[g["shift"] for g in gaps], person__in=people
        ).select_related("person")
    }
    uncovered = [
        {**gap, "row": shifts[gap["shift"]], "when": when_words(shifts[gap["shift"]])}
        for gap in gaps
        if gap["shift"] in shifts
    ]
    workers = list(
        StaffMember.objects.filter(
            pk__in=DraftAssignment.objects.filter(run=run, shift__person__in=people).values(
                "staff_member_id"
            )
        ).order_by("first_name", "last_name")
    )
    return Summary(
        covered_percent=round(100 * filled / wanted) if wanted else None,
        filled=filled,
        wanted=wanted,
        uncovered=uncovered,
        warnings=list(result.get("warnings", [])),
        penalty_words=list(result.get("penalty_words", [])),
        errors=list(result.get("errors", [])),
        people=people,
        workers=workers,
    )


@dataclass
class GridShift:
    shift: Shift
    workers: list[StaffMember]
    when: str
    reason: str = ""

    @property
    def gap(self) -> bool:
        return len(self.workers) < self.shift.headcount


@dataclass
class GridDay:
    day: dt.date
    shifts: list[GridShift] = field(default_factory=list)


def _days(first: dt.date, last: dt.date) -> list[dt.date]:
    return [first + dt.timedelta(days=i) for i in range((last - first).days + 1)]


def person_grid(run: RotaRun, person: Person) -> list[GridDay]:
    """Each day of the run with the person's shifts and their draft workers."""
    rows = list(
        Shift.objects.filter(
            person=person,
            on__gte=run.first_day,
            on__lte=run.last_day,
            status=Shift.Status.PLANNED,
        ).select_related("person")
    )
    workers: dict[int, list[StaffMember]] = defaultdict(list)
    for draft in (
        DraftAssignment.objects.filter(run=run, shift__in=rows)
        .select_related("staff_member")
        .order_by("staff_member__first_name")
    ):
        workers[draft.shift_id].append(draft.staff_member)
    reasons = {g["shift"]: g["words"] for g in (run.result or {}).get("uncovered", [])}
    days = {day: GridDay(day) for day in _days(run.first_day, run.last_day)}
    for row in rows:
        days[row.on].shifts.append(
            GridShift(
                row, workers.get(row.pk, []), when_words(row), reasons.get(str(row.public_id), "")
            )
        )
    return list(days.values())


@dataclass
class WorkerShift:
    shift: Shift
    when: str
    visible: bool


def worker_weeks(
    run: RotaRun, member: StaffMember, *, visible: QuerySet[Person]
) -> list[tuple[dt.date, list[WorkerShift]]]:
    """The worker's draft shifts by week (Monday first); shifts of people the reader may not
    see show only as "busy"."""
    allowed = set(visible.values_list("pk", flat=True))
    weeks: dict[dt.date, list[WorkerShift]] = defaultdict(list)
    for draft in (
        DraftAssignment.objects.filter(run=run, staff_member=member)
        .select_related("shift__person")
        .order_by("shift__starts_at")
    ):
        row = draft.shift
        monday = monday_of(row.on)
        weeks[monday].append(WorkerShift(row, when_words(row), row.person_id in allowed))
    return sorted(weeks.items())


def draft_workers(run: RotaRun, shift: Shift) -> list[StaffMember]:
    return [
        d.staff_member
        for d in DraftAssignment.objects.filter(run=run, shift=shift).select_related("staff_member")
    ]


def live_workers(shift: Shift) -> list[StaffMember]:
    return [
        a.staff_member
        for a in Assignment.objects.filter(shift=shift).select_related("staff_member")
    ]
