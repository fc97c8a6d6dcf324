"""Referral reports for the office: where referrals come from, how long deciding takes, what
was decided and why, and how accepted packages fared later — so the organisation learns
whether its judgement holds.

The period is the last 12, 24 or 36 months: referrals *received* in it (sources), decisions
*made* in it (time to decision, outcomes, reasons), and the people accepted in it (how they
fared: still supported 12 months after support started; incidents in each of their first 12
months, counted only for months that have ended while they were supported).
"""

from __future__ import annotations

import calendar
import datetime as dt
import statistics
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import StrEnum

from django.utils import timezone
from django.utils.translation import gettext as _

from ownterms.core.models import Organisation
from ownterms.core.selectors import zone_of
from ownterms.daily.selectors.behaviour import incidents_between
from ownterms.people.models import CommissionedPackage, Person
from ownterms.referrals.models import (
    Decision,
    DeclineReason,
    Outcome,
    Referral,
    Source,
    Status,
)

PERIODS = (12, 24, 36)
DEFAULT_PERIOD = 24
FIRST_MONTHS = 12


class Table(StrEnum):
    SOURCES = "sources"
    TIME_TO_DECISION = "time_to_decision"
    OUTCOMES = "outcomes"
    REASONS = "reasons"
    FARED = "fared"
    INCIDENTS = "incidents"


def period_of(value: object) -> int | None:
    """The period in months from a query value; ``None`` when it is not one we offer."""
    try:
        months = int(str(value))
    except ValueError:
        return None
    return months if months in PERIODS else None


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` later (the month's last day when it is shorter)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def months_between(start: dt.date, end: dt.date) -> int:
    """Whole months from ``start`` to ``end``."""
    months = (end.year - start.year) * 12 + end.month - start.month
    return months - 1 if add_months(start, months) > end else months


@dataclass(frozen=True)
class SourceRow:
    source: str
    label: str
    received: int
    accepted: int
    declined: int
    withdrawn: int
    open: int


@dataclass(frozen=True)
class DaysRow:
    label: str
    decisions: int
    median: float | None
    shortest: int | None
    longest: int | None


@dataclass(frozen=True)
class CountRow:
    key: str
    label: str
    count: int


@dataclass(frozen=True)
class FaredRow:
    reference: str
    person: Person
    started_on: dt.date
    months_supported: int
    #: True: supported 12 months after starting; False: support ended before; None: too soon.
    supported_at_12: bool | None
    ended_on: dt.date | None

    @property
    def outcome(self) -> str:
        if self.supported_at_12 is None:
            return _("Too soon to tell")
        if self.supported_at_12:
            return _("Still supported 12 months after starting")
        return _("Support ended before 12 months")


@dataclass(frozen=True)
class MonthRow:
    month: int
    people: int
    incidents: int

    @property
    def per_person(self) -> str:
        return f"{self.incidents / self.people:.1f}" if self.people else ""


@dataclass
class Reports:
    months: int
    since: dt.date
    today: dt.date
    sources: list[SourceRow] = field(default_factory=list)
    days: list[DaysRow] = field(default_factory=list)
    outcomes: list[CountRow] = field(default_factory=list)
    reasons: list[CountRow] = field(default_factory=list)
    fared: list[FaredRow] = field(default_factory=list)
    incidents: list[MonthRow] = field(default_factory=list)

    @property
    def received(self) -> int:
        return sum(row.received for row in self.sources)

    @property
    def decided(self) -> int:
        return sum(row.count for row in self.outcomes)

    @property
    def reached_12(self) -> list[FaredRow]:
        return [row for row in self.fared if row.supported_at_12 is not None]

    @property
    def still_supported(self) -> int:
        return sum(1 for row in self.fared if row.supported_at_12)

    @property
    def trend(self) -> str:
        """Early months against late months, in words ("" without both)."""
        early = [row for row in self.incidents[:3] if row.people]
        late = [row for row in self.incidents[-3:] if row.people]
        if not early or not late:
            return ""
        before = sum(r.incidents for r in early) / sum(r.people for r in early)
        after = sum(r.incidents for r in late) / sum(r.people for r in late)
        numbers = {"before": f"{before:.1f}", "after": f"{after:.1f}"}
        if after < before:
            return (
                _(
                    "Fewer incidents as support settles: %(before)s a person a month in the "
                    "first 3 months, %(after)s in months 10 to 12."
                )
                % numbers
            )
        if after > before:
            return (
                _(
                    "More incidents later on: %(before)s a person a month in the first 3 "
                    "months, %(after)s in months 10 to 12."
                )
                % numbers
            )
        return _("About the same: %(before)s a person a month early and late.") % numbers


def _local_day(moment: dt.datetime) -> dt.date:
    return timezone.localtime(moment).date()


_OPEN = (Status.RECEIVED, Status.INFORMATION_REQUESTED, Status.ASSESSMENT, Status.DECISION)


def _sources(referrals: list[Referral]) -> list[SourceRow]:
    rows: list[SourceRow] = []
    for source in Source:
        mine = [r for r in referrals if r.source == source]
        if not mine:
            continue
        statuses = Counter(r.status for r in mine)
        rows.append(
            SourceRow(
                source=source.value,
                label=str(source.label),
                received=len(mine),
                accepted=statuses[Status.TRANSITION] + statuses[Status.ACTIVE],
                declined=statuses[Status.DECLINED],
                withdrawn=statuses[Status.WITHDRAWN],
                open=sum(statuses[s] for s in _OPEN),
            )
        )
    return rows


def _days_row(label: str, decisions: list[Decision]) -> DaysRow:
    days = [(_local_day(d.decided_at) - _local_day(d.referral.received_at)).days for d in decisions]
    if not days:
        return DaysRow(label, 0, None, None, None)
    return DaysRow(label, len(days), float(statistics.median(days)), min(days), max(days))


def _days(decisions: list[Decision]) -> list[DaysRow]:
    if not decisions:
        return []
    rows = [_days_row(_("Every decision"), decisions)]
    for outcome in Outcome:
        mine = [d for d in decisions if d.outcome == outcome]
        if mine:
            rows.append(_days_row(str(outcome.label), mine))
    return rows


def _outcomes(decisions: list[Decision]) -> tuple[list[CountRow], list[CountRow]]:
    outcomes = Counter(d.outcome for d in decisions)
    reasons = Counter(value for d in decisions for value in d.decline_reasons)
    return (
        [CountRow(o.value, str(o.label), outcomes[o]) for o in Outcome if outcomes[o]],
        [CountRow(r.value, str(r.label), reasons[r]) for r in DeclineReason if reasons[r]],
    )


def _fared(accepted: list[Referral], today: dt.date) -> list[FaredRow]:
    people = [r.person for r in accepted if r.person is not None]
    starts: dict[int, dt.date] = {}
    ends: dict[int, dt.date] = {}
    for package in CommissionedPackage.objects.filter(person__in=people).order_by("starts_on"):
        starts.setdefault(package.person_id, package.starts_on)
        if package.ends_on is not None:
            ends[package.person_id] = max(
                package.ends_on, ends.get(package.person_id, package.ends_on)
            )
    rows: list[FaredRow] = []
    for referral in accepted:
        person = referral.person
        if person is None or referral.status != Status.ACTIVE or person.pk not in starts:
            continue
        started = starts[person.pk]
        if started > today:
            continue
        ended = ends.get(person.pk) if person.status == Person.Status.ENDED else None
        until = ended or today
        supported: bool | None
        if add_months(started, FIRST_MONTHS) > today:
            supported = None
        elif person.status == Person.Status.ACTIVE:
            supported = True
        else:
            supported = ended is not None and ended >= add_months(started, FIRST_MONTHS)
        rows.append(
            FaredRow(
                reference=referral.reference,
                person=person,
                started_on=started,
                months_supported=months_between(started, until),
                supported_at_12=supported,
                ended_on=ended,
            )
        )
    return sorted(rows, key=lambda row: (row.started_on, row.reference))


def _windows(row: FaredRow, today: dt.date) -> Iterator[tuple[int, dt.date, dt.date]]:
    """Each of the person's first 12 months that has ended while they were supported."""
    limit = min(today, row.ended_on) if row.ended_on else today
    for month in range(1, FIRST_MONTHS + 1):
        start, end = add_months(row.started_on, month - 1), add_months(row.started_on, month)
        if end > limit:
            return
        yield month, start, end


def _incidents(organisation: Organisation, fared: list[FaredRow], today: dt.date) -> list[MonthRow]:
    if not fared:
        return []
    zone = zone_of(organisation)
    first = min(row.started_on for row in fared)
    start = dt.datetime.combine(first, dt.time(0), tzinfo=zone)
    end = dt.datetime.combine(today + dt.timedelta(days=1), dt.time(0), tzinfo=zone)
    found: dict[int, list[dt.date]] = {}
    for incident in incidents_between([row.person.pk for row in fared], start, end):
        found.setdefault(incident.person_id, []).append(incident.starts_at.astimezone(zone).date())
    people: Counter[int] = Counter()
    counts: Counter[int] = Counter()
    for row in fared:
        days = found.get(row.person.pk, [])
        for month, month_start, month_end in _windows(row, today):
            people[month] += 1
            counts[month] += sum(1 for day in days if month_start <= day < month_end)
    if not people:
        return []
    return [MonthRow(m, people[m], counts[m]) for m in range(1, FIRST_MONTHS + 1)]


def reports(organisation: Organisation, months: int, *, today: dt.date | None = None) -> Reports:
    today = today or timezone.localdate()
    since = add_months(today, -months)
    zone = zone_of(organisation)
    start = dt.datetime.combine(since, dt.time(0), tzinfo=zone)
    end = dt.datetime.combine(today + dt.timedelta(days=1), dt.time(0), tzinfo=zone)
    received = list(
        Referral.objects.filter(
            organisation=organisation, received_at__gte=start, received_at__lt=end
        ).only("source", "status")
    )
    decisions = list(
        Decision.objects.filter(
            referral__organisation=organisation, decided_at__gte=start, decided_at__lt=end
        ).select_related("referral__person")
    )
    accepted = [d.referral for d in decisions if d.accepted]
    found = Reports(months=months, since=since, today=today)
    found.sources = _sources(received)
    found.days = _days(decisions)
    found.outcomes, found.reasons = _outcomes(decisions)
    found.fared = _fared(accepted, today)
    found.incidents = _incidents(organisation, found.fared, today)
    return found


def _number(value: float | int | None) -> str:
    if value is None:
        return ""
    return f"{value:g}" if isinstance(value, float) else str(value)


def csv_rows(found: Reports, table: Table) -> list[list[str]]:
    """One table of the reports as CSV rows, a header first."""
    if table is Table.SOURCES:
        return [
            ["source", "received", "accepted", "declined", "withdrawn", "open"],
            *[
                [
                    r.label,
                    *(str(n) for n in (r.received, r.accepted, r.declined, r.withdrawn, r.open)),
                ]
                for r in found.sources
            ],
        ]
    if table is Table.TIME_TO_DECISION:
        return [
            ["decisions", "count", "median_days", "shortest_days", "longest_days"],
            *[
                [
                    r.label,
                    str(r.decisions),
                    _number(r.median),
                    _number(r.shortest),
                    _number(r.longest),
                ]
                for r in found.days
            ],
        ]
    if table is Table.OUTCOMES:
        return [["decision", "count"], *[[r.label, str(r.count)] for r in found.outcomes]]
    if table is Table.REASONS:
        return [
            ["reason_for_declining", "count"],
            *[[r.label, str(r.count)] for r in found.reasons],
        ]
    if table is Table.FARED:
        return [
            ["reference", "person", "started_on", "months_supported", "outcome", "ended_on"],
            *[
                [
                    r.reference,
                    r.person.name,
                    r.started_on.isoformat(),
                    str(r.months_supported),
                    r.outcome,
                    r.ended_on.isoformat() if r.ended_on else "",
                ]
                for r in found.fared
            ],
        ]
    return [
        ["month_of_support", "people", "incidents", "incidents_per_person"],
        *[[str(r.month), str(r.people), str(r.incidents), r.per_person] for r in found.incidents],
    ]
