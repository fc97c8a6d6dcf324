"""The workforce figures page and its CSV downloads (recruiters only)."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from ownterms.core.scoping import org_slug, organisation_view
from ownterms.people.views import actor_of
from ownterms.recruitment.access import require_recruiter
from ownterms.recruitment.selectors.figures import (
    PERIODS,
    Table,
    csv_rows,
    figures,
    outcome_label,
    period_of,
)
from ownterms.recruitment.views.cohorts import csv_response


@require_GET
@organisation_view
def figures_page(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    require_recruiter(actor)
    months = period_of(request.GET.get("months"))
    found = figures(actor.organisation, months)
    return render(
        request,
        "recruitment/figures/figures.html",
        {
            "org": org_slug(request),
            "figures": found,
            "months": months,
            "periods": PERIODS,
            "hires": [(row, outcome_label(row.outcome)) for row in found.hires],
            "tables": {table.name.lower(): table.value for table in Table},
        },
    )


@require_GET
@organisation_view
def figures_csv(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    require_recruiter(actor)
    try:
        table = Table(request.GET.get("table", ""))
    except ValueError:
        raise Http404 from None
    months = period_of(request.GET.get("months"))
    found = figures(actor.organisation, months)
    return csv_response(
        f"{table.value.replace('_', '-')}-{months}-months-to-{found.today.isoformat()}.csv",
        csv_rows(found, table),
    )
