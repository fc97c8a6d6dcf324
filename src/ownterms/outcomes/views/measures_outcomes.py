"""The person's outcomes (every measure they let the reader see, as a chart beside a table), its
easy-read report, the commissioner's PDF and a CSV; and the organisation report (anonymised,
for administrators and managers) with its CSV."""

from __future__ import annotations

import csv
import io
import uuid
from collections.abc import Iterable
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from ownterms.core.scoping import org_slug, organisation_view
from ownterms.core.selectors import today_for, zone_of
from ownterms.daily.selectors.trends import add_months, first_of_month
from ownterms.outcomes.access import require_report_reader
from ownterms.outcomes.measures_charts import panels
from ownterms.outcomes.measures_easy import easy_lines
from ownterms.outcomes.measures_pdf import render_pdf
from ownterms.outcomes.models import Connection
from ownterms.outcomes.selectors.measures import TREND_WORDS, Series, person_series
from ownterms.outcomes.selectors.measures_org import organisation_report
from ownterms.people.access import PersonAccess, access_person
from ownterms.people.models import ConsentCategory
from ownterms.people.record_tabs import record_header
from ownterms.people.selectors import readable_categories
from ownterms.people.views import actor_of

TAB = "outcomes"
#: The categories outcomes fall under, in the order the page shows them.
CATEGORIES = (ConsentCategory.PLANS, ConsentCategory.HEALTH)
SECTION_TITLES: dict[str, Any] = {
    ConsentCategory.PLANS: gettext_lazy("Life, community and goals"),
    ConsentCategory.HEALTH: gettext_lazy("Health, medicines and behaviour"),
}
#: Spreadsheets run cells starting with these as formulas.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: object) -> str:
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def plain(value: float | None) -> str:
    """A figure for a spreadsheet: no thousands separators, at most 2 decimal places."""
    if value is None:
        return ""
    return str(int(value)) if float(value).is_integer() else f"{value:.2f}"


def csv_response(filename: str, rows: Iterable[Iterable[object]]) -> HttpResponse:
    buffer = io.StringIO()
    buffer.write("\ufeff")  # Excel reads UTF-8 with the byte-order mark
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerows([_cell(cell) for cell in row] for row in rows)
    response = HttpResponse(
        buffer.getvalue().encode("utf-8"), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


def outcomes_access(
    request: HttpRequest, person_id: uuid.UUID, page: str
) -> tuple[PersonAccess, list[str]]:
    """The person, if the reader may see plans or health (audited as ``page``), and which of
    the two they may see; the same 404 as a missing person otherwise."""
    actor = actor_of(request)
    readable = readable_categories(actor, person_id, set(CATEGORIES))
    shown: list[str] = [c for c in CATEGORIES if c in readable]
    if not shown:
        raise Http404
    access = access_person(actor, person_id, category=shown[0], page=page)
    return access, shown


def _series(request: HttpRequest, access: PersonAccess, shown: list[str]) -> list[Series]:
    organisation = access.person.organisation
    return person_series(
        access.person, today_for(organisation), zone_of(organisation), categories=shown
    )


def _links(org: str, access: PersonAccess, shown: list[str]) -> dict[str, str]:
    kwargs = {"org": org, "person_id": access.person.public_id}
    links = {
        "easy_read": reverse("outcomes:person_outcomes_easy_read", kwargs=kwargs),
        "pdf": reverse("outcomes:person_outcomes_pdf", kwargs=kwargs),
        "csv": reverse("outcomes:person_outcomes_csv", kwargs=kwargs),
    }
    if ConsentCategory.HEALTH in shown:
        links["nhs_use"] = reverse("outcomes:nhs_use", kwargs=kwargs)
    if ConsentCategory.PLANS in shown:
        links["connections"] = reverse("outcomes:connections", kwargs=kwargs)
        links["recorded"] = reverse("outcomes:recorded_measures", kwargs=kwargs)
    return links


def _sections(series: list[Series], shown: list[str]) -> list[dict[str, Any]]:
    return [
        {
            "category": category,
            "title": SECTION_TITLES[category],
            "panels": panels([s for s in series if s.category == category]),
        }
        for category in shown
    ]


@require_GET
@organisation_view
def person_outcomes(request: HttpRequest, person_id: uuid.UUID) -> HttpResponse:
    access, shown = outcomes_access(request, person_id, "person.outcomes")
    org = org_slug(request)
    series = _series(request, access, shown)
    return render(
        request,
        "outcomes/measures/outcomes.html",
        {
            **record_header(actor_of(request), access, org, current=TAB),
            "sections": _sections(series, shown),
            "links": _links(org, access, shown),
        },
    )


@require_GET
@organisation_view
def person_outcomes_csv(request: HttpRequest, person_id: uuid.UUID) -> HttpResponse:
    access, shown = outcomes_access(request, person_id, "person.outcomes.csv")
    header: list[object] = [
        _("Measure"),
        _("Unit"),
        _("Month"),
        _("Value"),
        _("Part of the baseline"),
        _("Baseline"),
        _("Last 3 complete months"),
        _("Trend"),
    ]
    rows: list[list[object]] = [header]
    for series in _series(request, access, shown):
        for month, value, in_baseline in series.rows():
            rows.append(
                [
                    series.label,
                    series.unit,
                    month.strftime("%Y-%m"),
                    plain(value),
                    _("yes") if in_baseline else _("no"),
                    plain(series.baseline),
                    plain(series.recent),
                    series.trend_words,
                ]
            )
    return csv_response(f"outcomes-{access.person.public_id}.csv", rows)


@require_GET
@organisation_view
def person_outcomes_easy_read(request: HttpRequest, person_id: uuid.UUID) -> HttpResponse:
    access, shown = outcomes_access(request, person_id, "person.outcomes.easy_read")
    org = org_slug(request)
    today = today_for(access.person.organisation)
    new_places = 0
    if ConsentCategory.PLANS in shown:
        new_places = Connection.objects.filter(
            person=access.person,
            kind=Connection.Kind.COMMUNITY,
            started_on__gte=add_months(first_of_month(today), -11),
            started_on__lte=today,
        ).count()
    return render(
        request,
        "outcomes/measures/easy_read.html",
        {
            **record_header(actor_of(request), access, org, current=TAB),
            "lines": easy_lines(_series(request, access, shown), today, new_places=new_places),
            "outcomes_url": reverse(
                "outcomes:person_outcomes", kwargs={"org": org, "person_id": person_id}
            ),
        },
    )


@require_GET
@organisation_view
def person_outcomes_pdf(request: HttpRequest, person_id: uuid.UUID) -> HttpResponse:
    access, shown = outcomes_access(request, person_id, "person.outcomes.pdf")
    series = _series(request, access, shown)
    content = render_pdf(
        "outcomes/measures/report_pdf.html",
        {
            "person": access.person,
            "today": today_for(access.person.organisation),
            "sections": _sections(series, shown),
        },
    )
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="outcomes-{access.person.public_id}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response


# The organisation report --------------------------------------------------------------------


def _report(request: HttpRequest) -> Any:
    actor = actor_of(request)
    require_report_reader(actor)
    organisation = actor.organisation
    return organisation_report(organisation.pk, today_for(organisation), zone_of(organisation))


@require_GET
@organisation_view
def organisation_outcomes(request: HttpRequest) -> HttpResponse:
    report = _report(request)
    return render(
        request,
        "outcomes/measures/organisation.html",
        {"org": org_slug(request), "report": report, "trend_words": TREND_WORDS},
    )


@require_GET
@organisation_view
def organisation_outcomes_csv(request: HttpRequest) -> HttpResponse:
    report = _report(request)
    header: list[object] = [
        _("Measure"),
        _("Unit"),
        _("People with figures"),
        _("Better"),
        _("Worse"),
        _("About the same"),
        _("Not enough data yet"),
        *(month.strftime("%Y-%m") for month in report.months),
    ]
    rows: list[list[object]] = [header]
    for measure in report.measures:
        rows.append(
            [
                measure.label,
                measure.unit,
                measure.people,
                measure.better_count,
                measure.worse_count,
                measure.same_count,
                measure.not_enough_count,
                *(plain(total) for total in measure.totals),
            ]
        )
    return csv_response("outcomes-organisation.csv", rows)
