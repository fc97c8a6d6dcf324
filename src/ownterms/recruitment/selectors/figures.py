"""Workforce figures for recruiters: time to hire, stage conversion, where applicants came
from, and vacancies open per person, over the last 3, 6 or 12 months.

Rules (docs/recruitment-training-and-figures.md):
- **Time to hire** of a vacancy is from ``opened_at`` to the first ``StageChange`` of one of
  its applications into ``STARTED``, in whole days in the organisation's time zone. A vacancy
  is in the period when it was open at some time in it. Vacancies still open show the days
  open so far; vacancies closed or filled without a recorded start show the days they were open.
  The median is over the vacancies hired in the period.
- **Stage conversion** follows the applications made in the period through their history: an
  application reached the furthest stage in its ``StageChange`` rows (or its current stage, or
  the stage it ended at), and every stage before it, because stages can't be skipped.
- **Sources** count the applicants who applied in the period by ``Applicant.source``, and how
  many of them started (an application at ``STARTED``).
- **Open per person**: vacancies open now and waiting for approval, and those filled in the
  period, for each person with any.

Four queries, however much history there is.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections import defaultdict
from dataclasses import dataclass
from enum import StrEnum

from django.db.models import Count, Min, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ownterms.core.models import Organisation
from ownterms.core.selectors import zone_of
from ownterms.recruitment.models import (
    STAGE_ORDER,
    Applicant,
    Application,
    Source,
    Stage,
    StageChange,
    Vacancy,
    VacancyStatus,
)
from ownterms.recruitment.selectors.cohorts import rate
from ownterms.staff.services import add_months

PERIODS = (3, 6, 12)
DEFAULT_PERIOD = 12
STAGE_INDEX = {stage.value: index for index, stage in enumerate(STAGE_ORDER)}


class Outcome(StrEnum):
    HIRED = "hired"
    OPEN = "open"
    ENDED = "ended"  # filled or closed without a recorded start


class Table(StrEnum):
    TIME_TO_HIRE = "time_to_hire"
    STAGES = "stages"
    SOURCES = "sources"
    OPEN_PER_PERSON = "open_per_person"


def period_of(raw: str | None) -> int:
    """The period asked for, in months (12 when missing or not one we offer)."""
    try:
        months = int(raw or DEFAULT_PERIOD)
    except ValueError:
        return DEFAULT_PERIOD
    return months if months in PERIODS else DEFAULT_PERIOD


@dataclass(frozen=True)
class HireRow:
    vacancy: Vacancy
    opened_on: dt.date
    outcome: Outcome
    days: int
    #: The day the worker started (hired), or the vacancy was filled or closed.
    ended_on: dt.date | None

    @property
    def person_name(self) -> str:
        return self.vacancy.person.name


@dataclass(frozen=True)
class StageRow:
    stage: Stage
    reached: int
    #: How many went on to the next stage (None for the last stage).
    went_on: int | None
    rejected_here: int
    withdrew_here: int

    @property
    def percent(self) -> int | None:
        return None if self.went_on is None else rate(self.went_on, self.reached)


@dataclass(frozen=True)
class SourceRow:
    source: str
    applicants: int
    started: int

    @property
    def label(self) -> str:
        return str(Source(self.source).label) if self.source in Source.values else _("Not said")

    @property
    def percent(self) -> int | None:
        return rate(self.started, self.applicants)


@dataclass(frozen=True)
class PersonRow:
    name: str
    open: int
    awaiting: int
    filled: int


@dataclass(frozen=True)
class Figures:
    months: int
    since: dt.date
    today: dt.date
    hires: list[HireRow]
    stages: list[StageRow]
    sources: list[SourceRow]
    people: list[PersonRow]

    @property
    def hired(self) -> list[HireRow]:
        return [row for row in self.hires if row.outcome is Outcome.HIRED]

    @property
    def median_days(self) -> float | None:
        days = [row.days for row in self.hired]
        return statistics.median(days) if days else None

    # The summary sentence above each table ---------------------------------------------------
    def hire_summary(self) -> str:
        hired = self.hired
        still_open = [row for row in self.hires if row.outcome is Outcome.OPEN]
        if hired:
            said = ngettext(
                "One vacancy was filled; it took %(median)s days.",
                "%(count)s vacancies were filled; the median time to hire was %(median)s days.",
                len(hired),
            ) % {"count": len(hired), "median": _days(self.median_days)}
        else:
            said = _("No vacancy was filled in this period.")
        if still_open:
            longest = max(row.days for row in still_open)
            said += " " + ngettext(
                "One vacancy is still open, for %(longest)s days so far.",
                "%(count)s vacancies are still open, the longest for %(longest)s days.",
                len(still_open),
            ) % {"count": len(still_open), "longest": longest}
        return said

    def stage_summary(self) -> str:
        applied = self.stages[0].reached if self.stages else 0
        started = self.stages[-1].reached if self.stages else 0
        if not applied:
            return _("Nobody applied in this period.")
        return ngettext(
            "%(applied)s application was made; %(started)s of them led to a start (%(percent)s%%).",
            "%(applied)s applications were made; %(started)s of them led to a start "
            "(%(percent)s%%).",
            applied,
        ) % {"applied": applied, "started": started, "percent": rate(started, applied)}

    def source_summary(self) -> str:
        if not self.sources:
            return _("Nobody applied in this period.")
        top = self.sources[0]
        return _("Most applicants heard of us from: %(source)s (%(count)s of %(total)s).") % {
            "source": top.label.lower() if top.source else top.label,
            "count": top.applicants,
            "total": sum(row.applicants for row in self.sources),
        }

    def people_summary(self) -> str:
        open_now = sum(row.open for row in self.people)
        with_open = sum(1 for row in self.people if row.open)
        if not open_now:
            return _("No vacancy is open now.")
        return ngettext(
            "%(count)s vacancy is open now, for %(people)s people.",
            "%(count)s vacancies are open now, for %(people)s people.",
            open_now,
        ) % {"count": open_now, "people": with_open}


def _days(value: float | None) -> str:
    if value is None:
        return ""
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}"


def _local(moment: dt.datetime, zone: dt.tzinfo) -> dt.date:
    return timezone.localtime(moment, zone).date()


def _hires(organisation: Organisation, since: dt.datetime, now: dt.datetime) -> list[HireRow]:
    zone = zone_of(organisation)
    today = _local(now, zone)
    vacancies = (
        Vacancy.objects.filter(
            organisation=organisation, opened_at__isnull=False, opened_at__lte=now
        )
        .select_related("person")
        .annotate(
            hired_at=Min(
                "applications__changes__at",
                filter=Q(applications__changes__to_stage=Stage.STARTED),
            )
        )
        .filter(
            Q(status=VacancyStatus.OPEN)
            | Q(opened_at__gte=since)
            | Q(hired_at__gte=since)
            | Q(filled_at__gte=since)
            | Q(closed_at__gte=since)
        )
        .order_by("opened_at", "pk")
    )
    rows = []
    for vacancy in vacancies:
        opened_at = vacancy.opened_at
        assert opened_at is not None
        opened_on = _local(opened_at, zone)
        hired_at: dt.datetime | None = vacancy.hired_at
        if hired_at is not None and hired_at >= opened_at:
            ended_on = _local(hired_at, zone)
            rows.append(
                HireRow(vacancy, opened_on, Outcome.HIRED, (ended_on - opened_on).days, ended_on)
            )
        elif vacancy.status == VacancyStatus.OPEN:
            rows.append(HireRow(vacancy, opened_on, Outcome.OPEN, (today - opened_on).days, None))
        else:
            end = vacancy.filled_at or vacancy.closed_at
            end_day = _local(end, zone) if end is not None else None
            days = ((end_day or today) - opened_on).days
            rows.append(HireRow(vacancy, opened_on, Outcome.ENDED, days, end_day))
    order = {Outcome.HIRED: 0, Outcome.OPEN: 1, Outcome.ENDED: 2}
    return sorted(rows, key=lambda row: (order[row.outcome], -row.days, row.vacancy.pk))


def _stages(organisation: Organisation, since: dt.datetime, now: dt.datetime) -> list[StageRow]:
    applications = Application.objects.filter(
        organisation=organisation, created_at__gte=since, created_at__lte=now
    )
    furthest: dict[int, int] = {}
    ended: dict[int, tuple[str, str]] = {}
    for pk, stage, ended_at in applications.values_list("pk", "stage", "ended_at_stage"):
        furthest[pk] = max(STAGE_INDEX.get(stage, 0), STAGE_INDEX.get(ended_at, 0))
        if stage in (Stage.REJECTED, Stage.WITHDRAWN):
            ended[pk] = (stage, ended_at)
    history = StageChange.objects.filter(
        application__organisation=organisation,
        application__created_at__gte=since,
        application__created_at__lte=now,
    ).values_list("application_id", "to_stage")
    for application_id, to_stage in history:
        if application_id in furthest and to_stage in STAGE_INDEX:
            furthest[application_id] = max(furthest[application_id], STAGE_INDEX[to_stage])
    reached = [0] * len(STAGE_ORDER)
    for index in furthest.values():
        for step in range(index + 1):
            reached[step] += 1
    rejected: dict[int, int] = defaultdict(int)
    withdrew: dict[int, int] = defaultdict(int)
    for pk, (stage, _at) in ended.items():
        where = furthest[pk]
        (rejected if stage == Stage.REJECTED else withdrew)[where] += 1
    last = len(STAGE_ORDER) - 1
    return [
        StageRow(
            stage=stage,
            reached=reached[index],
            went_on=reached[index + 1] if index < last else None,
            rejected_here=rejected[index],
            withdrew_here=withdrew[index],
        )
        for index, stage in enumerate(STAGE_ORDER)
    ]


def _sources(organisation: Organisation, since: dt.datetime, now: dt.datetime) -> list[SourceRow]:
    found = (
        Applicant.objects.filter(
            organisation=organisation, created_at__gte=since, created_at__lte=now
        )
        .values("source")
        .annotate(
            applicants=Count("pk", distinct=True),
            started=Count("pk", filter=Q(applications__stage=Stage.STARTED), distinct=True),
        )
        .order_by()
    )
    rows = [SourceRow(row["source"], row["applicants"], row["started"]) for row in found]
    return sorted(rows, key=lambda row: (-row.applicants, row.source == "", row.label))


def _people(organisation: Organisation, since: dt.datetime) -> list[PersonRow]:
    found = (
        Vacancy.objects.filter(organisation=organisation)
        .values("person_id", "person__first_name", "person__preferred_name", "person__last_name")
        .annotate(
            open=Count("pk", filter=Q(status=VacancyStatus.OPEN)),
            awaiting=Count("pk", filter=Q(status=VacancyStatus.AWAITING_APPROVAL)),
            filled=Count("pk", filter=Q(status=VacancyStatus.FILLED, filled_at__gte=since)),
        )
        .filter(Q(open__gt=0) | Q(awaiting__gt=0) | Q(filled__gt=0))
        .order_by()
    )
    rows = [
        PersonRow(
            name=f"{row['person__preferred_name'] or row['person__first_name']} "
            f"{row['person__last_name']}",
            open=row["open"],
            awaiting=row["awaiting"],
            filled=row["filled"],
        )
        for row in found
    ]
    return sorted(rows, key=lambda row: (-row.open, -row.awaiting, row.name))


def figures(organisation: Organisation, months: int, now: dt.datetime | None = None) -> Figures:
    now = now or timezone.now()
    zone = zone_of(organisation)
    today = _local(now, zone)
    since_day = add_months(today, -months)
    since = dt.datetime.combine(since_day, dt.time(), tzinfo=zone)
    return Figures(
        months=months,
        since=since_day,
        today=today,
        hires=_hires(organisation, since, now),
        stages=_stages(organisation, since, now),
        sources=_sources(organisation, since, now),
        people=_people(organisation, since),
    )


# CSV -----------------------------------------------------------------------------------------

OUTCOME_WORDS = {
    Outcome.HIRED: lambda: _("Hired"),
    Outcome.OPEN: lambda: _("Still open"),
    Outcome.ENDED: lambda: _("Filled or closed without a recorded start"),
}


def outcome_label(outcome: Outcome) -> str:
    return str(OUTCOME_WORDS[outcome]())


def _percent(value: int | None) -> str:
    return "" if value is None else str(value)


def csv_rows(found: Figures, table: Table) -> list[list[str]]:
    """One table of the figures as CSV rows, its heading row first."""
    if table is Table.TIME_TO_HIRE:
        return [
            [_("Person"), _("Opened"), _("Outcome"), _("Days"), _("Started, filled or closed")],
            *(
                [
                    row.person_name,
                    row.opened_on.isoformat(),
                    outcome_label(row.outcome),
                    str(row.days),
                    row.ended_on.isoformat() if row.ended_on else "",
                ]
                for row in found.hires
            ),
        ]
    if table is Table.STAGES:
        return [
            [
                _("Stage"),
                _("Reached it"),
                _("Went on to the next stage"),
                _("Went on (%)"),
                _("Not taken forward here"),
                _("Withdrew here"),
            ],
            *(
                [
                    str(row.stage.label),
                    str(row.reached),
                    "" if row.went_on is None else str(row.went_on),
                    _percent(row.percent),
                    str(row.rejected_here),
                    str(row.withdrew_here),
                ]
                for row in found.stages
            ),
        ]
    if table is Table.SOURCES:
        return [
            [_("Where they heard of us"), _("Applicants"), _("Started"), _("Started (%)")],
            *(
                [row.label, str(row.applicants), str(row.started), _percent(row.percent)]
                for row in found.sources
            ),
        ]
    return [
        [_("Person"), _("Open now"), _("Waiting for approval"), _("Filled in the period")],
        *([row.name, str(row.open), str(row.awaiting), str(row.filled)] for row in found.people),
    ]
