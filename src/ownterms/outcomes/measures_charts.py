"""The geometry of a measure's chart, drawn on the server as SVG (no script): a bar per month,
the baseline months hatched and labelled, the baseline's average as a dashed line, this month
(not over yet) drawn in outline. Every value is also in the table beside the chart, and the
words under the heading say what the chart shows, so nothing depends on colour or on seeing it.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _

from ownterms.outcomes.selectors.measures import Series, Trend

HEIGHT = 260
TOP = 34
AXIS = 210
LEFT = 48
RIGHT = 16
BAR = 30
GAP = 10
#: Most month labels under the bars; with more months, every n-th month is labelled.
MOST_LABELS = 12


def figure(value: float | None) -> str:
    """A value as people read it: whole numbers without decimals, others to 2 places."""
    if value is None:
        return "—"
    if float(value).is_integer():
        return number_format(int(value))
    return number_format(round(value, 2), decimal_pos=2)


@dataclass(frozen=True)
class Bar:
    month: dt.date
    value: float | None
    x: int
    y: int
    height: int
    in_baseline: bool
    this_month: bool
    labelled: bool

    @property
    def short(self) -> str:
        return date_format(self.month, "M y")

    @property
    def shown(self) -> str:
        return figure(self.value)

    @property
    def middle(self) -> int:
        return self.x + BAR // 2


@dataclass(frozen=True)
class Chart:
    key: str
    width: int
    bars: tuple[Bar, ...]
    top: float
    #: The y of the dashed baseline line, or None when there is no baseline.
    baseline_y: int | None
    baseline_label: str
    #: The x range of the baseline bracket.
    baseline_x1: int
    baseline_x2: int
    show_values: bool

    HEIGHT = HEIGHT
    AXIS = AXIS
    LEFT = LEFT
    TOP = TOP
    BAR = BAR

    @property
    def top_label(self) -> str:
        return figure(self.top)

    @property
    def axis_end(self) -> int:
        return self.width - RIGHT


def _nice_top(value: float) -> float:
    if value <= 0:
        return 1.0
    if value <= 5:
        return float(math.ceil(value))
    magnitude = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        top = math.ceil(value / (magnitude * step / 2)) * magnitude * step / 2
        if top >= value:
            return float(top)
    return float(value)


def chart_of(series: Series) -> Chart | None:
    """The chart of ``series``; None when there is nothing to draw ("not enough data yet")."""
    if not series.has_data:
        return None
    values = [v for v in series.values if v is not None]
    highest = max([*values, series.baseline or 0])
    top = _nice_top(highest)
    usable = AXIS - TOP
    every = max(1, math.ceil(len(series.months) / MOST_LABELS))
    bars = []
    last = len(series.months) - 1
    for n, (month, value) in enumerate(zip(series.months, series.values, strict=True)):
        height = round(usable * (value or 0) / top)
        bars.append(
            Bar(
                month=month,
                value=value,
                x=LEFT + n * (BAR + GAP),
                y=AXIS - height,
                height=height,
                in_baseline=n < len(series.baseline_months),
                this_month=n == last,
                labelled=(last - n) % every == 0,
            )
        )
    width = LEFT + len(bars) * (BAR + GAP) + RIGHT
    baseline_y = None
    if series.baseline is not None:
        baseline_y = AXIS - round(usable * series.baseline / top)
    baseline_bars = [b for b in bars if b.in_baseline]
    return Chart(
        key=series.key,
        width=max(width, 320),
        bars=tuple(bars),
        top=top,
        baseline_y=baseline_y,
        baseline_label=_("Baseline %(value)s") % {"value": figure(series.baseline)},
        baseline_x1=baseline_bars[0].x if baseline_bars else LEFT,
        baseline_x2=(baseline_bars[-1].x + BAR) if baseline_bars else LEFT,
        show_values=len(bars) <= 24,
    )


BETTER_WORDS = {
    "higher": _("More is better."),
    "lower": _("Fewer is better."),
    "steady": _("Keeping it is better."),
    "": "",
}
#: The tag beside the trend's words (the words say it; the colour only repeats them).
TREND_TAGS = {
    Trend.BETTER: "govuk-tag--green",
    Trend.WORSE: "govuk-tag--red",
    Trend.SAME: "govuk-tag--grey",
    Trend.HIGHER: "govuk-tag--blue",
    Trend.LOWER: "govuk-tag--blue",
    Trend.NOT_ENOUGH: "govuk-tag--yellow",
}


@dataclass(frozen=True)
class Row:
    month: dt.date
    value: str
    in_baseline: bool
    this_month: bool


@dataclass(frozen=True)
class Panel:
    """One measure as a page shows it: its chart, its table and the words that say both."""

    series: Series
    chart: Chart | None

    @property
    def key(self) -> str:
        return self.series.key.replace(":", "-").replace(" ", "-")

    @property
    def tag(self) -> str:
        return TREND_TAGS[self.series.trend]

    @property
    def direction(self) -> str:
        return str(BETTER_WORDS[self.series.better])

    @property
    def rows(self) -> list[Row]:
        last = len(self.series.months) - 1
        return [
            Row(month, figure(value), in_baseline, n == last)
            for n, (month, value, in_baseline) in enumerate(self.series.rows())
        ]

    @property
    def years(self) -> list[list[Row]]:
        return in_twelves(self.rows)

    @property
    def summary(self) -> str:
        """What the chart shows, in one or two sentences."""
        series = self.series
        if not series.has_data:
            return _("Not enough data yet.")
        months = series.baseline_months
        words = [
            _("Baseline (%(first)s to %(last)s): %(value)s %(unit)s.")
            % {
                "first": date_format(months[0], "F Y"),
                "last": date_format(months[-1], "F Y"),
                "value": figure(series.baseline),
                "unit": series.unit,
            }
        ]
        if series.recent is not None:
            words.append(
                _("The last 3 complete months: %(value)s %(unit)s.")
                % {"value": figure(series.recent), "unit": series.unit}
            )
        words.append(
            _("Trend: %(trend)s.") % {"trend": series.trend_words.lower()}
            if series.trend != Trend.NOT_ENOUGH
            else _("Not enough data yet to say which way it is going.")
        )
        return " ".join(str(w) for w in words)


def panels(series: list[Series]) -> list[Panel]:
    return [Panel(series=s, chart=chart_of(s)) for s in series]


def in_twelves(rows: list[Row]) -> list[list[Row]]:
    """Rows in runs of 12 months (a printed table a year wide)."""
    return [rows[n : n + 12] for n in range(0, len(rows), 12)]
