"""Trends: incidents, restrictive practices, PRN doses given and seizures per calendar month
(the organisation's time zone) for the last 12 months, for one person or many; four queries
however many people. The charts are drawn on the server as SVG (``Chart``), each beside a
table of the same numbers."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, DateTimeField, Model, Q, QuerySet
from django.db.models.functions import TruncMonth
from django.utils.formats import date_format
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from ownterms.daily.models import (
    DoseOutcome,
    DoseRecord,
    Incident,
    RestrictivePracticeEvent,
    Seizure,
)

MONTHS = 12

#: (key, heading, model, the moment it counts from, extra filter)
SERIES: tuple[tuple[str, Promise, type[Model], str, Q], ...] = (
    ("incidents", _("Incidents"), Incident, "starts_at", Q()),
    (
        "restrictive_practices",
        _("Restrictive practices"),
        RestrictivePracticeEvent,
        "starts_at",
        Q(),
    ),
    (
        "prn_doses",
        _("PRN doses given"),
        DoseRecord,
        "at",
        Q(due_at__isnull=True, outcome=DoseOutcome.GIVEN),
    ),
    ("seizures", _("Seizures"), Seizure, "starts_at", Q()),
)


def first_of_month(day: dt.date) -> dt.date:
    return day.replace(day=1)


def add_months(month: dt.date, n: int) -> dt.date:
    index = month.year * 12 + month.month - 1 + n
    return dt.date(index // 12, index % 12 + 1, 1)


@dataclass(frozen=True)
class Bar:
    month: dt.date
    value: int
    #: Geometry in the chart's own units (``Chart.WIDTH`` by ``Chart.HEIGHT``).
    x: int
    y: int
    height: int

    @property
    def label(self) -> str:
        return date_format(self.month, "M Y")

    @property
    def short(self) -> str:
        return date_format(self.month, "M")


@dataclass(frozen=True)
class Chart:
    key: str
    heading: str
    bars: list[Bar]
    top: int

    WIDTH = 480
    HEIGHT = 200
    BASELINE = 170
    BAR_WIDTH = 28
    GAP = 12
    LEFT = 16

    @property
    def total(self) -> int:
        return sum(b.value for b in self.bars)

    @property
    def summary(self) -> str:
        if not self.bars:
            return ""
        busiest = max(self.bars, key=lambda b: (b.value, b.month))
        return str(
            _("%(total)s in 12 months, most in %(month)s (%(most)s).")
            % {"total": self.total, "month": busiest.label, "most": busiest.value}
        )


@dataclass(frozen=True)
class Trends:
    months: list[dt.date]
    charts: list[Chart]

    def as_rows(self) -> list[dict[str, object]]:
        """One row per month, for the API."""
        return [
            {"month": month, **{c.key: c.bars[n].value for c in self.charts}}
            for n, month in enumerate(self.months)
        ]


def _chart(key: str, heading: str, months: list[dt.date], counts: dict[dt.date, int]) -> Chart:
    values = [counts.get(m, 0) for m in months]
    top = max(values, default=0)
    usable = Chart.BASELINE - 20
    bars = []
    for n, (month, value) in enumerate(zip(months, values, strict=True)):
        height = round(usable * value / top) if top else 0
        bars.append(
            Bar(
                month=month,
                value=value,
                x=Chart.LEFT + n * (Chart.BAR_WIDTH + Chart.GAP),
                y=Chart.BASELINE - height,
                height=height,
            )
        )
    return Chart(key=key, heading=heading, bars=bars, top=top)


def trends(
    people: Iterable[int] | QuerySet[Any, Any],
    today: dt.date,
    zone: zoneinfo.ZoneInfo,
    *,
    months: int = MONTHS,
) -> Trends:
    """Counts per month for ``people`` (ids, or a queryset of ids) over the ``months`` calendar
    months up to and including ``today``'s."""
    last = first_of_month(today)
    wanted = [add_months(last, n - months + 1) for n in range(months)]
    start = dt.datetime.combine(wanted[0], dt.time(0), tzinfo=zone)
    end = dt.datetime.combine(add_months(last, 1), dt.time(0), tzinfo=zone)
    ids = people if isinstance(people, QuerySet) else list(people)
    charts = []
    for key, heading, model, moment, extra in SERIES:
        rows = (
            model._default_manager.filter(
                extra,
                person_id__in=ids,
                **{f"{moment}__gte": start, f"{moment}__lt": end},
            )
            .annotate(month=TruncMonth(moment, tzinfo=zone, output_field=DateTimeField()))
            .values("month")
            .annotate(n=Count("pk"))
            .order_by("month")
        )
        counts = {row["month"].date(): row["n"] for row in rows}
        charts.append(_chart(key, str(heading), wanted, counts))
    return Trends(months=wanted, charts=charts)
