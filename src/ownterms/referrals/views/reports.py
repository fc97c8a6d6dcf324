"""The referral reports and their CSV downloads (the office only; everyone else 404)."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from ownterms.audit.services import record_overview_access
from ownterms.core.scoping import org_slug, organisation_view
from ownterms.people.views import actor_of
from ownterms.recruitment.views.cohorts import csv_response
from ownterms.referrals.access import Basis, require_office
from ownterms.referrals.selectors.reports import (
    DEFAULT_PERIOD,
    PERIODS,
    Table,
    csv_rows,
    period_of,
    reports,
)


@require_GET
@organisation_view
def reports_page(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    require_office(actor)
    months = period_of(request.GET.get("months", DEFAULT_PERIOD)) or DEFAULT_PERIOD
    found = reports(actor.organisation, months)
    # The page names the people accepted (how they fared): one audited view of them all.
    record_overview_access(
        actor=actor,
        action="referral.reports_view",
        obj=actor.organisation,
        page="referrals.reports",
        basis=Basis.OFFICE,
    )
    return render(
        request,
        "referrals/decisions/reports.html",
        {
            "org": org_slug(request),
            "found": found,
            "months": months,
            "periods": PERIODS,
            "tables": {table.name.lower(): table.value for table in Table},
        },
    )


@require_GET
@organisation_view
def reports_csv(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    require_office(actor)
    try:
        table = Table(request.GET.get("table", ""))
    except ValueError:
        raise Http404 from None
    months = period_of(request.GET.get("months", DEFAULT_PERIOD))
    if months is None:
        raise Http404
    found = reports(actor.organisation, months)
    record_overview_access(
        actor=actor,
        action="referral.reports_view",
        obj=actor.organisation,
        page=f"referrals.reports_csv.{table.value}",
        basis=Basis.OFFICE,
    )
    name = table.value.replace("_", "-")
    return csv_response(
        f"referrals-{name}-{months}-months-to-{found.today.isoformat()}.csv",
        csv_rows(found, table),
    )
