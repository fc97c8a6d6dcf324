"""Each outcome measure as a monthly series, computed from the records the system already keeps
(never re-keyed), with its baseline and trend.

``person_series`` gives one person's series; ``series_for_people`` gives everyone's at once, for
the organisation report. Both run the same fixed set of aggregate queries (GROUP BY person and
month), so the number of queries grows with neither the months nor the people.

Where each measure comes from (``docs/outcomes-measures.md`` says why):

- goals achieved: ``plans.Goal.achieved_on``, by month;
- connections, relationships, volunteering and work: ``Connection`` rows current in the month
  (hours a week weighted by the days of the month each was current);
- activities in the community: delivered shifts (a ``rota.Delivery``) that name an activity;
- tenancy: ``Person.home`` on the month's last day, the past read back from the record's audited
  changes of "where I live";
- incidents, restrictive practices: ``daily.Incident`` / ``daily.RestrictivePracticeEvent``;
- PRN doses: PRN doses given (not a seizure's rescue dose); psychotropic doses: every dose
  given of a medicine marked psychotropic; psychotropic medicines: those current on the
  month's last day;
- NHS use: ``HealthEvent`` by kind; what the person says: the mean smiley of their check-ins.

Months are calendar months in the organisation's time zone.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from statistics import fmean
from typing import Any

from django.db.models import (
    Case,
    Count,
    IntegerField,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from ownterms.audit.models import AuditEvent
from ownterms.daily.models import (
    DailyNote,
    DoseOutcome,
    DoseRecord,
    Incident,
    RestrictivePracticeEvent,
)
from ownterms.daily.selectors.trends import add_months, first_of_month
from ownterms.funding.models import FundingArrangement
from ownterms.health.models import Medication
from ownterms.outcomes.measures import BASELINE_MONTHS, DEFINITIONS, Better, Measure
from ownterms.outcomes.models import CheckIn, Connection, HealthEvent, MeasureRecord
from ownterms.people.models import CommissionedPackage, ConsentCategory, Person
from ownterms.plans.models import Goal
from ownterms.rota.models import Delivery, Shift

#: The trend compares the last complete months with the baseline.
RECENT_MONTHS = 3
#: A window needs at least this many months with a value (check-ins are not monthly).
MIN_VALUES = 2
#: A change smaller than this share of the baseline, or than ``MIN_CHANGE`` (one event in three
#: months), is "about the same".
SAME_SHARE = 0.1
MIN_CHANGE = 0.34


class Kind(StrEnum):
    #: Events counted per month: a month with none is 0.
    COUNT = "count"
    #: A state worked out for every month (connections, medicines, tenancy).
    LEVEL = "level"
    #: An average of what was recorded that month: a month with nothing is empty.
    MEAN = "mean"


KINDS: dict[Measure, Kind] = {
    Measure.GOALS_ACHIEVED: Kind.COUNT,
    Measure.CONNECTIONS: Kind.LEVEL,
    Measure.RELATIONSHIPS: Kind.LEVEL,
    Measure.VOLUNTEERING_AND_WORK: Kind.LEVEL,
    Measure.ACTIVITIES: Kind.COUNT,
    Measure.TENANCY: Kind.LEVEL,
    Measure.INCIDENTS: Kind.COUNT,
    Measure.RESTRICTIVE_PRACTICES: Kind.COUNT,
    Measure.PRN_DOSES: Kind.COUNT,
    Measure.PSYCHOTROPIC_MEDICINES: Kind.LEVEL,
    Measure.PSYCHOTROPIC_DOSES: Kind.COUNT,
    Measure.ADMISSIONS: Kind.COUNT,
    Measure.AE_VISITS: Kind.COUNT,
    Measure.NHS_CONTACTS: Kind.COUNT,
    Measure.LIFE_SAYS: Kind.MEAN,
}

#: Connection kinds counted by each connection measure (relationships apart, every connection
#: ties the person to their community; volunteering and work are also counted in hours).
CONNECTION_KINDS: dict[Measure, frozenset[str]] = {
    Measure.CONNECTIONS: frozenset(
        {
            Connection.Kind.COMMUNITY,
            Connection.Kind.LEARNING,
            Connection.Kind.VOLUNTEERING,
            Connection.Kind.WORK,
        }
    ),
    Measure.RELATIONSHIPS: frozenset({Connection.Kind.RELATIONSHIP}),
    Measure.VOLUNTEERING_AND_WORK: frozenset({Connection.Kind.VOLUNTEERING, Connection.Kind.WORK}),
}
NHS_KINDS: dict[str, Measure] = {
    HealthEvent.Kind.ADMISSION: Measure.ADMISSIONS,
    HealthEvent.Kind.AE: Measure.AE_VISITS,
    HealthEvent.Kind.GP: Measure.NHS_CONTACTS,
    HealthEvent.Kind.COMMUNITY: Measure.NHS_CONTACTS,
    HealthEvent.Kind.OUTPATIENT: Measure.NHS_CONTACTS,
    HealthEvent.Kind.CRISIS: Measure.NHS_CONTACTS,
    HealthEvent.Kind.OTHER: Measure.NHS_CONTACTS,
}
#: The key of a recorded measure's series (``MeasureRecord.measure`` follows the colon).
RECORDED_PREFIX = "recorded:"


class Trend(StrEnum):
    BETTER = "better"
    WORSE = "worse"
    SAME = "about_the_same"
    #: For recorded measures, which have no better direction.
    HIGHER = "higher"
    LOWER = "lower"
    NOT_ENOUGH = "not_enough_data"


TREND_WORDS: dict[Trend, Promise] = {
    Trend.BETTER: _("Better"),
    Trend.WORSE: _("Worse"),
    Trend.SAME: _("About the same"),
    Trend.HIGHER: _("Higher"),
    Trend.LOWER: _("Lower"),
    Trend.NOT_ENOUGH: _("Not enough data yet"),
}


@dataclass(frozen=True)
class Series:
    key: str
    label: str
    unit: str
    category: str
    #: "higher", "lower", "steady", or "" (a recorded measure: no better direction).
    better: str
    source: str
    kind: Kind
    #: Every month from the start of the baseline to this month (which is not over yet).
    months: tuple[dt.date, ...]
    values: tuple[float | None, ...]
    baseline: float | None
    recent: float | None
    trend: Trend

    @property
    def baseline_months(self) -> tuple[dt.date, ...]:
        return self.months[:BASELINE_MONTHS]

    @property
    def has_data(self) -> bool:
        return any(value is not None for value in self.values)

    @property
    def trend_words(self) -> str:
        return str(TREND_WORDS[self.trend])

    def rows(self) -> list[tuple[dt.date, float | None, bool]]:
        """(month, value, in the baseline) for the table beside the chart."""
        return [
            (month, value, n < BASELINE_MONTHS)
            for n, (month, value) in enumerate(zip(self.months, self.values, strict=True))
        ]

    def total_since(self, since: dt.date) -> float:
        return sum(v or 0 for m, v in zip(self.months, self.values, strict=True) if m >= since)

    @property
    def latest(self) -> float | None:
        """The last month's value (this month's, so far), or the last value recorded."""
        for value in reversed(self.values):
            if value is not None:
                return value
        return None


@dataclass
class _Facts:
    """What the queries found for one person, before it becomes series."""

    counts: dict[Measure, dict[dt.date, float]] = field(default_factory=lambda: defaultdict(dict))
    #: Rows for the level measures: (kind, starts, ends or None, minutes a week).
    connections: list[tuple[str, dt.date, dt.date | None, int]] = field(default_factory=list)
    #: (starts, stops or None) of psychotropic medicines.
    psychotropics: list[tuple[dt.date, dt.date | None]] = field(default_factory=list)
    #: (when, home before, home after) changes of where the person lives, oldest first.
    home_changes: list[tuple[dt.date, str, str]] = field(default_factory=list)
    home: str = ""
    #: month → smileys given that month
    smileys: dict[dt.date, list[int]] = field(default_factory=lambda: defaultdict(list))
    #: measure name → month → values recorded
    recorded: dict[str, dict[dt.date, list[float]]] = field(
        default_factory=lambda: defaultdict(lambda: defaultdict(list))
    )
    with_us: dt.date | None = None
    records_from: dt.date | None = None


# Queries ------------------------------------------------------------------------------------


def _first_of(model: Any, field_name: str, date_of: str | None = None) -> Subquery:
    """The person's earliest ``field_name`` of ``model`` (a correlated subquery)."""
    return Subquery(
        model._default_manager.filter(person=OuterRef("pk"))
        .order_by()
        .values("person")
        .annotate(first=Min(date_of or field_name))
        .values("first")[:1]
    )


def _starts(facts: dict[int, _Facts], ids: Any, zone: zoneinfo.ZoneInfo) -> None:
    """When each person's support began, and their records: one query."""
    people = (
        Person.objects.filter(pk__in=ids)
        .annotate(
            first_package=_first_of(CommissionedPackage, "starts_on"),
            first_arrangement=_first_of(FundingArrangement, "starts_on"),
            first_delivery=Subquery(
                Delivery.objects.filter(shift__person=OuterRef("pk"))
                .order_by()
                .values("shift__person")
                .annotate(first=Min("started_at"))
                .values("first")[:1]
            ),
            first_note=_first_of(DailyNote, "created_at"),
            first_dose=_first_of(DoseRecord, "at"),
            first_incident=_first_of(Incident, "starts_at"),
            first_nhs_use=_first_of(HealthEvent, "on"),
            first_check_in=_first_of(CheckIn, "on"),
            first_goal=_first_of(Goal, "achieved_on"),
        )
        .values(
            "pk",
            "home",
            "first_package",
            "first_arrangement",
            "first_delivery",
            "first_note",
            "first_dose",
            "first_incident",
            "first_nhs_use",
            "first_check_in",
            "first_goal",
        )
    )
    for row in people:
        found = facts[row["pk"]]
        found.home = row["home"]

        def local(value: dt.datetime | None) -> dt.date | None:
            return value.astimezone(zone).date() if value is not None else None

        support = [row["first_package"], row["first_arrangement"], local(row["first_delivery"])]
        # Records kept here count too (NHS use, check-ins, goals achieved).
        records = [
            local(row["first_delivery"]),
            local(row["first_note"]),
            local(row["first_dose"]),
            local(row["first_incident"]),
            row["first_nhs_use"],
            row["first_check_in"],
            row["first_goal"],
        ]
        found.with_us = min((d for d in support if d is not None), default=None)
        found.records_from = min((d for d in records if d is not None), default=None)


@dataclass(frozen=True)
class _Window:
    """The months every person's series needs, from the earliest start to this month, with
    their boundaries as dates and as moments in the organisation's time zone."""

    months: tuple[dt.date, ...]
    zone: zoneinfo.ZoneInfo

    def bounds(self, moments: bool) -> list[Any]:
        days = [*self.months, add_months(self.months[-1], 1)]
        if not moments:
            return days
        return [dt.datetime.combine(day, dt.time(0), tzinfo=self.zone) for day in days]


def _count_by_month(
    queryset: QuerySet[Any],
    moment: str,
    window: _Window,
    *,
    moments: bool,
    by: tuple[str, ...] = (),
    **counts: Any,
) -> Iterable[dict[str, Any]]:
    """Rows of person_id, month (and ``by``) with the named counts, grouped by person and month.

    The month is found by comparing with the window's month boundaries (a CASE), so the database
    does it natively on SQLite and PostgreSQL alike, with no per-row time zone conversion; the
    boundaries are local midnights, so a clock change falls in the right month."""
    bounds = window.bounds(moments)
    bucket = Case(
        *(When(**{f"{moment}__lt": bound}, then=Value(n)) for n, bound in enumerate(bounds[1:])),
        output_field=IntegerField(),
    )
    rows = (
        queryset.filter(**{f"{moment}__gte": bounds[0], f"{moment}__lt": bounds[-1]})
        .annotate(bucket=bucket)
        .values("person_id", "bucket", *by)
        .annotate(**counts)
        .order_by()
    )
    for row in rows:
        row["month"] = window.months[row["bucket"]]
        yield row


def _add(facts: dict[int, _Facts], rows: Iterable[dict[str, Any]], **measures: Measure) -> None:
    for row in rows:
        counts = facts[row["person_id"]].counts
        for column, measure in measures.items():
            if row[column]:
                counts[measure][row["month"]] = counts[measure].get(row["month"], 0) + row[column]


def _window(facts: dict[int, _Facts], today: dt.date, zone: zoneinfo.ZoneInfo) -> _Window | None:
    this_month = first_of_month(today)
    starts = [s for s in (_start(found, this_month) for found in facts.values()) if s]
    return _Window(_months(min(starts), this_month), zone) if starts else None


def _gather(
    ids: Any, today: dt.date, zone: zoneinfo.ZoneInfo, *, recorded: bool
) -> dict[int, _Facts]:
    facts: dict[int, _Facts] = defaultdict(_Facts)
    _starts(facts, ids, zone)
    window = _window(facts, today, zone)
    if window is not None:
        _counts(facts, ids, window)
    for connection in Connection.objects.filter(person_id__in=ids).values_list(
        "person_id", "kind", "started_on", "ended_on", "minutes_per_week"
    ):
        facts[connection[0]].connections.append(connection[1:])
    for medicine in Medication.objects.filter(person_id__in=ids, is_psychotropic=True).values_list(
        "person_id", "starts_on", "stops_on"
    ):
        facts[medicine[0]].psychotropics.append(medicine[1:])
    _home_changes(facts, ids, zone)
    for person_id, on, answers in CheckIn.objects.filter(person_id__in=ids).values_list(
        "person_id", "on", "answers"
    ):
        facts[person_id].smileys[first_of_month(on)].extend(_smileys(answers))
    if recorded:
        for person_id, name, on, value in MeasureRecord.objects.filter(
            person_id__in=ids
        ).values_list("person_id", "measure", "on", "value"):
            facts[person_id].recorded[name][first_of_month(on)].append(float(value))
    return facts


def _counts(facts: dict[int, _Facts], ids: Any, window: _Window) -> None:
    """The counted measures, one aggregate query per source."""
    one: dict[str, Any] = {"n": Count("pk")}
    goals = Goal.objects.filter(person_id__in=ids, achieved_on__isnull=False)
    _add(facts, _count_by_month(goals, "achieved_on", window, moments=False, **one),
         n=Measure.GOALS_ACHIEVED)  # fmt: skip
    incidents = Incident.objects.filter(person_id__in=ids)
    _add(facts, _count_by_month(incidents, "starts_at", window, moments=True, **one),
         n=Measure.INCIDENTS)  # fmt: skip
    practices = RestrictivePracticeEvent.objects.filter(person_id__in=ids)
    _add(facts, _count_by_month(practices, "starts_at", window, moments=True, **one),
         n=Measure.RESTRICTIVE_PRACTICES)  # fmt: skip
    doses = DoseRecord.objects.filter(person_id__in=ids, outcome=DoseOutcome.GIVEN)
    _add(
        facts,
        _count_by_month(
            doses,
            "at",
            window,
            moments=True,
            prn=Count("pk", filter=Q(due_at__isnull=True, seizure__isnull=True)),
            psychotropic=Count("pk", filter=Q(medication__is_psychotropic=True)),
        ),
        prn=Measure.PRN_DOSES,
        psychotropic=Measure.PSYCHOTROPIC_DOSES,
    )
    shifts = (
        Shift.objects.filter(person_id__in=ids, deliveries__isnull=False)
        .exclude(activity="")
        .exclude(status=Shift.Status.CANCELLED)
    )
    _add(
        facts,
        _count_by_month(shifts, "on", window, moments=False, n=Count("pk", distinct=True)),
        n=Measure.ACTIVITIES,
    )
    health = HealthEvent.objects.filter(person_id__in=ids)
    for row in _count_by_month(health, "on", window, moments=False, by=("kind",), **one):
        counts = facts[row["person_id"]].counts[NHS_KINDS[row["kind"]]]
        counts[row["month"]] = counts.get(row["month"], 0) + row["n"]


def _smileys(answers: object) -> list[int]:
    if not isinstance(answers, Mapping):
        return []
    return [v for v in answers.values() if isinstance(v, int) and 1 <= v <= 5]


def _home_changes(facts: dict[int, _Facts], ids: Any, zone: zoneinfo.ZoneInfo) -> None:
    """Where each person lived before: the audited changes of their record's "where I live"."""
    events = (
        AuditEvent.objects.filter(
            person_id__in=ids,
            kind=AuditEvent.Kind.CHANGE,
            action="person.update",
            object_type="people.person",
            changes__has_key="home",
        )
        .order_by("occurred_at", "pk")
        .values_list("person_id", "occurred_at", "changes")
    )
    for person_id, occurred_at, changes in events:
        home = changes.get("home") if isinstance(changes, dict) else None
        if isinstance(home, dict) and "old" in home and "new" in home:
            facts[person_id].home_changes.append(
                (occurred_at.astimezone(zone).date(), str(home["old"]), str(home["new"]))
            )


# Series -------------------------------------------------------------------------------------


def _start(found: _Facts, this_month: dt.date) -> dt.date | None:
    """The first month of the baseline: support's start, or the first records if later."""
    known = [d for d in (found.with_us, found.records_from) if d is not None]
    if not known:
        return None
    return min(first_of_month(max(known)), this_month)


def _months(start: dt.date | None, this_month: dt.date) -> tuple[dt.date, ...]:
    if start is None:
        return ()
    months = [start]
    while months[-1] < this_month:
        months.append(add_months(months[-1], 1))
    return tuple(months)


@dataclass(frozen=True)
class _Span:
    """One month of a series: its first day, the day after it (today's tomorrow for this
    month, which is not over) and its last day so far."""

    first: dt.date
    after: dt.date

    @property
    def last(self) -> dt.date:
        return self.after - dt.timedelta(days=1)


def _spans(months: tuple[dt.date, ...], today: dt.date) -> list[_Span]:
    tomorrow = today + dt.timedelta(days=1)
    return [_Span(m, min(add_months(m, 1), tomorrow)) for m in months]


def _connections(found: _Facts, measure: Measure, spans: list[_Span]) -> list[float | None]:
    kinds = CONNECTION_KINDS[measure]
    rows = [(s, e, per_week) for kind, s, e, per_week in found.connections if kind in kinds]
    if measure is not Measure.VOLUNTEERING_AND_WORK:
        return [
            float(sum(1 for s, e, _m in rows if s < span.after and (e is None or e > span.first)))
            for span in spans
        ]
    # Hours a week, weighted by the days of the month each was current.
    values: list[float | None] = []
    for span in spans:
        minutes = 0.0
        for starts, ends, per_week in rows:
            overlap = (min(span.after, ends or span.after) - max(span.first, starts)).days
            if overlap > 0:
                minutes += per_week * overlap / (span.after - span.first).days
        values.append(round(minutes / 60, 2))
    return values


def _home_on(found: _Facts, day: dt.date) -> str:
    """Where the person lived at the end of ``day``."""
    home = found.home
    for changed_on, old, _new in reversed(found.home_changes):
        if changed_on > day:
            home = old
        else:
            break
    return home


def _level(found: _Facts, measure: Measure, spans: list[_Span]) -> list[float | None]:
    if measure in CONNECTION_KINDS:
        return _connections(found, measure, spans)
    if measure is Measure.PSYCHOTROPIC_MEDICINES:
        return [
            float(
                sum(
                    1
                    for s, e in found.psychotropics
                    if s <= span.last and (e is None or e > span.last)
                )
            )
            for span in spans
        ]
    # The tenancy: 1 while in their own tenancy; nothing to say for someone who never was.
    homes = [_home_on(found, span.last) for span in spans]
    if Person.Home.OWN_TENANCY not in homes:
        return [None] * len(spans)
    return [1.0 if home == Person.Home.OWN_TENANCY else 0.0 for home in homes]


def _trend(values: list[float | None], better: str) -> tuple[float | None, float | None, Trend]:
    """Baseline and recent averages over complete months (``values`` ends with this month,
    which is left out), and which way things went."""
    complete = values[:-1]
    base = [v for v in complete[:BASELINE_MONTHS] if v is not None]
    baseline = round(fmean(base), 2) if base else None
    if len(complete) < BASELINE_MONTHS + RECENT_MONTHS:
        return baseline, None, Trend.NOT_ENOUGH
    last = [v for v in complete[-RECENT_MONTHS:] if v is not None]
    recent = round(fmean(last), 2) if last else None
    if baseline is None or recent is None or len(base) < MIN_VALUES or len(last) < MIN_VALUES:
        return baseline, recent, Trend.NOT_ENOUGH
    # Compared unrounded: 2/3 against 1/3 is one event in three months, about the same.
    before, after = fmean(base), fmean(last)
    change = after - before
    if abs(change) < max(abs(before) * SAME_SHARE, MIN_CHANGE):
        return baseline, recent, Trend.SAME
    if not better:
        return baseline, recent, Trend.HIGHER if change > 0 else Trend.LOWER
    went_up = change > 0
    good = not went_up if better == Better.LOWER else went_up
    return baseline, recent, Trend.BETTER if good else Trend.WORSE


def _series(
    key: str,
    *,
    label: str,
    unit: str,
    category: str,
    better: str,
    source: str,
    kind: Kind,
    months: tuple[dt.date, ...],
    values: list[float | None],
) -> Series:
    baseline, recent, trend = _trend(values, better) if months else (None, None, Trend.NOT_ENOUGH)
    return Series(
        key=key,
        label=label,
        unit=unit,
        category=category,
        better=better,
        source=source,
        kind=kind,
        months=months,
        values=tuple(values),
        baseline=baseline,
        recent=recent,
        trend=trend,
    )


@dataclass(frozen=True)
class _Words:
    """A measure's label, unit and source, translated once for everyone."""

    label: str
    unit: str
    source: str


def _words() -> dict[Measure, _Words]:
    return {m: _Words(str(d.label), str(d.unit), str(d.source)) for m, d in DEFINITIONS.items()}


def _build(
    found: _Facts,
    today: dt.date,
    measures: Iterable[Measure],
    recorded: bool,
    words: dict[Measure, _Words],
) -> list[Series]:
    this_month = first_of_month(today)
    months = _months(_start(found, this_month), this_month)
    spans = _spans(months, today)
    out: list[Series] = []
    for measure in measures:
        definition = DEFINITIONS[measure]
        kind = KINDS[measure]
        values: list[float | None]
        if kind is Kind.COUNT:
            counts = found.counts.get(measure, {})
            values = [float(counts.get(m, 0)) for m in months]
        elif kind is Kind.LEVEL:
            values = _level(found, measure, spans)
        else:
            values = [
                round(fmean(found.smileys[m]), 2) if found.smileys.get(m) else None for m in months
            ]
        out.append(
            _series(
                measure.value,
                label=words[measure].label,
                unit=words[measure].unit,
                category=definition.category,
                better=definition.better.value,
                source=words[measure].source,
                kind=kind,
                months=months,
                values=values,
            )
        )
    if recorded:
        for name in sorted(found.recorded):
            by_month = found.recorded[name]
            # A measure recorded before the baseline would start still has its own months.
            first = min(by_month)
            own = months if months and months[0] <= first else _months(first, this_month)
            out.append(
                _series(
                    RECORDED_PREFIX + name,
                    label=name,
                    unit=str(_("as recorded")),
                    category=ConsentCategory.PLANS,
                    better="",
                    source=str(_("values recorded by the team")),
                    kind=Kind.MEAN,
                    months=own,
                    values=[round(fmean(by_month[m]), 2) if by_month.get(m) else None for m in own],
                )
            )
    return out


def person_series(
    person: Person,
    today: dt.date,
    zone: zoneinfo.ZoneInfo,
    *,
    categories: Iterable[str] | None = None,
) -> list[Series]:
    """Every measure of ``person`` in ``categories`` (all by default), with the measures
    recorded for them (``plans``), in the order of ``DEFINITIONS``."""
    wanted = set(categories) if categories is not None else None
    measures = [m for m, d in DEFINITIONS.items() if wanted is None or d.category in wanted]
    recorded = wanted is None or ConsentCategory.PLANS in wanted
    found = _gather([person.pk], today, zone, recorded=recorded).get(person.pk, _Facts())
    return _build(found, today, measures, recorded, _words())


def series_for_people(
    ids: Iterable[int] | QuerySet[Any, Any], today: dt.date, zone: zoneinfo.ZoneInfo
) -> dict[int, list[Series]]:
    """Every computed measure (not the recorded ones) of each person in ``ids``."""
    people = ids if isinstance(ids, QuerySet) else list(ids)
    facts = _gather(people, today, zone, recorded=False)
    words, measures = _words(), list(DEFINITIONS)
    return {
        person_id: _build(found, today, measures, recorded=False, words=words)
        for person_id, found in facts.items()
    }
