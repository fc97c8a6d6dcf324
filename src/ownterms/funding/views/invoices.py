"""Invoices to funders: what is ready to issue, issuing it, each invoice as a printable page,
and the issued invoices as CSV. For the finance office roles, over the people whose money they
may read."""

from __future__ import annotations

import csv
import datetime as dt
import io
import uuid
from decimal import Decimal

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods

from ownterms.core.scoping import org_slug, organisation_view
from ownterms.funding.access import MONEY, require_finance_office
from ownterms.funding.forms.money import PeriodForm
from ownterms.funding.models import FundingInvoice
from ownterms.funding.selectors import invoices as selectors
from ownterms.funding.selectors.statement import default_period
from ownterms.funding.services.invoices import issue_ready_invoices
from ownterms.people.access import uuid_or_404
from ownterms.people.selectors import people_visible_to
from ownterms.people.views import actor_of
from ownterms.rota.pdf import render_pdf

CSV_HEADER = (
    "Invoice",
    "Issued on",
    "Funder",
    "Funder reference",
    "Contract reference",
    "Person (initials)",
    "From",
    "To",
    "Amount (GBP)",
)


def _period(request: HttpRequest) -> tuple[PeriodForm, dt.date, dt.date]:
    first, last = default_period(timezone.localdate())
    form = PeriodForm(request.GET or None, initial={"first": first, "last": last})
    if form.is_bound and form.is_valid():
        first, last = form.cleaned_data["first"], form.cleaned_data["last"]
    return form, first, last


@require_http_methods(["GET", "POST"])
@organisation_view
def invoices(request: HttpRequest) -> HttpResponse:
    """GET: ready and issued invoices; POST: issue every ready invoice."""
    actor = actor_of(request)
    require_finance_office(actor)
    org = org_slug(request)
    today = timezone.localdate()
    if request.method == "POST":
        issued = issue_ready_invoices(actor=actor, today=today)
        if issued:
            messages.success(
                request,
                ngettext("%(count)d invoice issued.", "%(count)d invoices issued.", len(issued))
                % {"count": len(issued)},
            )
        else:
            messages.info(request, _("There were no invoices ready to issue."))
        return redirect(reverse("funding:invoices", kwargs={"org": org}))
    form, first, last = _period(request)
    ready = selectors.ready_to_issue(actor, today)
    return render(
        request,
        "funding/money/invoices.html",
        {
            "org": org,
            "form": form,
            "first": first,
            "last": last,
            "ready": ready,
            "ready_total": sum(draft.amount_pence for draft in ready),
            "issued": list(selectors.issued_invoices(actor, first, last)),
        },
        status=400 if form.is_bound and form.errors else 200,
    )


def _invoice_or_404(request: HttpRequest, invoice_id: uuid.UUID) -> FundingInvoice:
    actor = actor_of(request)
    require_finance_office(actor)
    invoice = (
        FundingInvoice.objects.filter(
            public_id=uuid_or_404(invoice_id),
            arrangement__person__in=people_visible_to(actor, MONEY),
        )
        .select_related("arrangement__person", "organisation")
        .first()
    )
    if invoice is None:
        raise Http404
    return invoice


@require_GET
@organisation_view
def invoice(request: HttpRequest, invoice_id: uuid.UUID) -> HttpResponse:
    row = _invoice_or_404(request, invoice_id)
    return render(
        request,
        "funding/money/invoice.html",
        {"org": org_slug(request), "invoice": row, "initials": selectors.person_initials(row)},
    )


@require_GET
@organisation_view
def invoice_pdf(request: HttpRequest, invoice_id: uuid.UUID) -> HttpResponse:
    row = _invoice_or_404(request, invoice_id)
    content = render_pdf(
        "funding/money/invoice_pdf.html",
        {"invoice": row, "initials": selectors.person_initials(row)},
    )
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="invoice-{row.label}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
@organisation_view
def invoices_csv(request: HttpRequest) -> HttpResponseBase:
    actor = actor_of(request)
    require_finance_office(actor)
    form, first, last = _period(request)
    if form.is_bound and not form.is_valid():
        return invoices(request)
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_HEADER)
    for row in selectors.issued_invoices(actor, first, last):
        writer.writerow(
            [
                row.label,
                row.issued_on.isoformat(),
                row.funder_name,
                row.funder_reference,
                row.arrangement.reference,
                selectors.person_initials(row),
                row.period_starts_on.isoformat(),
                row.period_ends_on.isoformat(),
                f"{Decimal(row.amount_pence) / 100:.2f}",
            ]
        )
    response = HttpResponse(
        buffer.getvalue().encode("utf-8"), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="invoices-{first}-to-{last}.csv"'
    return response
