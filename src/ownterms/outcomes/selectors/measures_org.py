"""The organisation report: every person's measures, counted without naming anyone — how many
people's figures got better, worse or stayed about the same against their own baseline, and the
totals per month across everyone. A fixed number of queries, however many people
(``selectors.measures.series_for_people``)."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from dataclasses import dataclass
from statistics import fmean

from ownterms.daily.selectors.trends import add_months, first_of_month
from ownterms.outcomes.measures import DEFINITIONS
from ownterms.outcomes.selectors.measures import (
    KINDS,
    Kind,
    Series,
    Trend,
    series_for_people,
)
from ownterms.people.models import Person

#: The months of totals shown: the last 12 complete months and this one.
REPORT_MONTHS = 13


@dataclass(frozen=True)
class MeasureSummary:
    key: str
    label: str
    unit: str
    category: str
    better: str
    kind: Kind
    #: People with any figures for the measure.
    people: int
    trends: dict[Trend, int]
    months: tuple[dt.date, ...]
    #: Per month: the sum across people (a mean of people's means for "what I say").
    totals: tuple[float | None, ...]

    @property
    def better_count(self) -> int:
        return self.trends.get(Trend.BETTER, 0)

    @property
    def worse_count(self) -> int:
        return self.trends.get(Trend.WORSE, 0)

    @property
    def same_count(self) -> int:
        return self.trends.get(Trend.SAME, 0)

    @property
    def not_enough_count(self) -> int:
        return self.trends.get(Trend.NOT_ENOUGH, 0)


@dataclass(frozen=True)
class OrganisationReport:
    today: dt.date
    people: int
    months: tuple[dt.date, ...]
    measures: list[MeasureSummary]


def _totals(
    kind: Kind, months: tuple[dt.date, ...], everyone: list[Series]
) -> tuple[float | None, ...]:
    by_month: dict[dt.date, list[float]] = {month: [] for month in months}
    for series in everyone:
        for month, value in zip(series.months, series.values, strict=True):
            if value is not None and month in by_month:
                by_month[month].append(value)
    if kind is Kind.MEAN:
        return tuple(round(fmean(v), 2) if v else None for v in by_month.values())
    return tuple(round(sum(v), 2) for v in by_month.values())


def organisation_report(
    organisation_id: int, today: dt.date, zone: zoneinfo.ZoneInfo
) -> OrganisationReport:
    """The report over everyone supported now (``Person.Status.ACTIVE``)."""
    people = Person.objects.filter(
        organisation_id=organisation_id, status=Person.Status.ACTIVE
    ).values("pk")
    found = series_for_people(people, today, zone)
    this_month = first_of_month(today)
    months = tuple(add_months(this_month, n - REPORT_MONTHS + 1) for n in range(REPORT_MONTHS))
    measures = []
    for measure, definition in DEFINITIONS.items():
        everyone = [s for person in found.values() for s in person if s.key == measure.value]
        trends: dict[Trend, int] = {}
        for series in everyone:
            if series.has_data:
                trends[series.trend] = trends.get(series.trend, 0) + 1
        measures.append(
            MeasureSummary(
                key=measure.value,
                label=str(definition.label),
                unit=str(definition.unit),
                category=definition.category,
                better=definition.better.value,
                kind=KINDS[measure],
                people=sum(1 for s in everyone if s.has_data),
                trends=trends,
                months=months,
                totals=_totals(KINDS[measure], months, everyone),
            )
        )
    return OrganisationReport(today=today, people=len(found), months=months, measures=measures)
