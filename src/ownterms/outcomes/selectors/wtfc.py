"""Reading working together for change: rounds, the points each collects, its themes.

Points are anonymised for the round's pages and exports: each reviewed person is "Person 1",
"Person 2"… in the order their reviews were held (stable for a round unless a review in the
period is added or re-dated); no name, not even a first name, is shown.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field

from django.db.models import Prefetch, QuerySet
from django.http import Http404

from ownterms.outcomes.models import Review, ReviewPoint, Theme, WtfcRound


def rounds_of(organisation_id: int) -> QuerySet[WtfcRound]:
    return WtfcRound.objects.filter(organisation_id=organisation_id).order_by("-starts_on", "-pk")


def round_of(organisation_id: int, public_id: uuid.UUID | str) -> WtfcRound:
    found = WtfcRound.objects.filter(organisation_id=organisation_id, public_id=public_id).first()
    if found is None:
        raise Http404
    return found


def theme_of(round_: WtfcRound, public_id: uuid.UUID | str) -> Theme:
    found = Theme.objects.filter(round=round_, public_id=public_id).first()
    if found is None:
        raise Http404
    return found


def held_reviews(round_: WtfcRound) -> QuerySet[Review]:
    """The reviews held in the round's period (``ends_on`` not included)."""
    return Review.objects.filter(
        organisation_id=round_.organisation_id,
        status=Review.Status.HELD,
        held_on__gte=round_.starts_on,
        held_on__lt=round_.ends_on,
    ).order_by("held_on", "pk")


def round_points(round_: WtfcRound) -> QuerySet[ReviewPoint]:
    """The top picks of every review held in the period."""
    return (
        ReviewPoint.objects.filter(review__in=held_reviews(round_), top_two=True)
        .select_related("review")
        .order_by("review__held_on", "review_id", "kind", "perspective", "order", "pk")
    )


@dataclass(frozen=True)
class Point:
    point: ReviewPoint
    #: "Person 3": the anonymised label of whose review it came from.
    label: str


@dataclass
class ThemeView:
    theme: Theme
    points: list[Point] = field(default_factory=list)


@dataclass
class RoundView:
    round: WtfcRound
    reviewed: int
    themes: list[ThemeView]
    ungrouped: list[Point]
    #: Every point, in order, by kind.
    by_kind: dict[str, list[Point]]
    all_points: list[Point]

    @property
    def last_day(self) -> dt.date:
        """The last day of the period (``ends_on`` is the day after)."""
        return self.round.ends_on - dt.timedelta(days=1)


def round_view(round_: WtfcRound) -> RoundView:
    """The round with its points (anonymised) and themes, in a fixed number of queries."""
    labels = {
        review_id: f"Person {number}"
        for number, review_id in enumerate(held_reviews(round_).values_list("pk", flat=True), 1)
    }
    points = [
        Point(point=point, label=labels.get(point.review_id, "")) for point in round_points(round_)
    ]
    by_pk = {entry.point.pk: entry for entry in points}
    themes = list(
        Theme.objects.filter(round=round_)
        .prefetch_related(Prefetch("points", queryset=ReviewPoint.objects.only("pk")))
        .order_by("order", "pk")
    )
    grouped: set[int] = set()
    views: list[ThemeView] = []
    for theme in themes:
        view = ThemeView(theme=theme)
        for point in theme.points.all():
            if point.pk in by_pk:
                view.points.append(by_pk[point.pk])
                grouped.add(point.pk)
        views.append(view)
    by_kind: dict[str, list[Point]] = {kind: [] for kind in ReviewPoint.Kind.values}
    for entry in points:
        by_kind[entry.point.kind].append(entry)
    return RoundView(
        round=round_,
        reviewed=len(labels),
        themes=views,
        ungrouped=[entry for entry in points if entry.point.pk not in grouped],
        by_kind=by_kind,
        all_points=points,
    )


def csv_rows(view: RoundView) -> list[list[str]]:
    """One row per point (under its theme, or none), then one per theme with no points."""
    header = [
        "theme",
        "theme kind",
        "I statement",
        "root causes",
        "success measures",
        "person",
        "perspective",
        "point kind",
        "what was said",
        "own words",
    ]
    rows: list[list[str]] = [header]

    def theme_cells(theme: Theme | None) -> list[str]:
        if theme is None:
            return ["", "", "", "", ""]
        return [
            theme.title,
            theme.get_kind_display(),
            theme.i_statement,
            theme.root_causes,
            theme.success_measures,
        ]

    def point_cells(entry: Point) -> list[str]:
        point = entry.point
        return [
            entry.label,
            point.get_perspective_display(),
            point.get_kind_display(),
            point.text,
            "yes" if point.verbatim else "no",
        ]

    for theme_view in view.themes:
        if not theme_view.points:
            rows.append([*theme_cells(theme_view.theme), "", "", "", "", ""])
        for entry in theme_view.points:
            rows.append([*theme_cells(theme_view.theme), *point_cells(entry)])
    for entry in view.ungrouped:
        rows.append([*theme_cells(None), *point_cells(entry)])
    return [[str(cell) for cell in row] for row in rows]
