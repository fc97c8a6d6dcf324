"""A person's money pages (balance, movements, funding received, spending with receipts,
corrections, delivered support brought up to date), their statements (page, PDF, easy read,
issue) and the organisation's finance page with its CSV export. Each view: parse → access →
service/selector → render."""

from __future__ import annotations

import csv
import datetime as dt
import io
import uuid
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ownterms.core.scoping import org_slug, organisation_view
from ownterms.funding.access import access_arrangement, require_finance_office
from ownterms.funding.forms.money import CorrectionForm, FundingForm, PeriodForm, SpendingForm
from ownterms.funding.models import FundingArrangement, Posting, Statement
from ownterms.funding.receipts import receipt_response
from ownterms.funding.selectors import finance
from ownterms.funding.selectors.money import hours_words, money_summary
from ownterms.funding.selectors.statement import (
    StatementFigures,
    default_period,
    statement_figures,
)
from ownterms.funding.services import movements
from ownterms.funding.services.statements import issue_statement
from ownterms.people.access import PersonAccess, uuid_or_404
from ownterms.people.form_pages import add_service_errors
from ownterms.people.record_tabs import record_header
from ownterms.people.views import actor_of
from ownterms.rota.pdf import render_pdf

#: Movements listed on the money page (the newest).
RECENT_MOVEMENTS = 60


def _kwargs(arrangement: FundingArrangement, org: str) -> dict[str, Any]:
    return {
        "org": org,
        "person_id": arrangement.person.public_id,
        "arrangement_id": arrangement.public_id,
    }


def _money_url(arrangement: FundingArrangement, org: str) -> str:
    return reverse("funding:money", kwargs=_kwargs(arrangement, org))


def _context(
    request: HttpRequest, arrangement: FundingArrangement, access: PersonAccess
) -> dict[str, Any]:
    org = org_slug(request)
    return {
        **record_header(actor_of(request), access, org, "funding"),
        "arrangement": arrangement,
        "can_write": access.can_write(),
        "money_url": _money_url(arrangement, org),
        "statements_url": reverse("funding:statements", kwargs=_kwargs(arrangement, org)),
    }


# The person's money --------------------------------------------------------------------------


@require_GET
@organisation_view
def money(request: HttpRequest, person_id: uuid.UUID, arrangement_id: uuid.UUID) -> HttpResponse:
    arrangement, access = access_arrangement(
        actor_of(request), person_id, arrangement_id, page="funding.money"
    )
    today = timezone.localdate()
    postings = list(
        Posting.objects.filter(arrangement=arrangement)
        .select_related("source", "reverses")
        .prefetch_related("entries")
        .order_by("-on", "-pk")[:RECENT_MOVEMENTS]
    )
    rows = [
        {
            "posting": posting,
            "change": sum(e.amount_pence for e in posting.entries.all() if e.account == "fund"),
            "correctable": movements.can_correct(posting),
        }
        for posting in postings
    ]
    summary = money_summary(arrangement, today)
    return render(
        request,
        "funding/money/money.html",
        {
            **_context(request, arrangement, access),
            "summary": summary,
            "banked_words": hours_words(summary.banked.minutes),
            "banked_cap_words": (
                hours_words(summary.banked.cap_minutes)
                if summary.banked.cap_minutes is not None
                else None
            ),
            "rows": rows,
        },
    )


def _form_page(
    request: HttpRequest,
    arrangement: FundingArrangement,
    access: PersonAccess,
    form: Any,
    title: str,
    submit: str,
    intro: str = "",
) -> HttpResponse:
    return render(
        request,
        "funding/money/form.html",
        {
            **_context(request, arrangement, access),
            "form": form,
            "title": title,
            "submit": submit,
            "intro": intro,
            "multipart": form.is_multipart(),
        },
        status=400 if form.is_bound and form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
@organisation_view
def record_funding(
    request: HttpRequest, person_id: uuid.UUID, arrangement_id: uuid.UUID
) -> HttpResponse:
    arrangement, access = access_arrangement(
        actor_of(request), person_id, arrangement_id, write=True, page="funding.record_funding"
    )
    form = FundingForm(
        request.POST if request.method == "POST" else None,
        arrangement=arrangement,
        initial={"on": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        try:
            movements.record_funding(
                actor=actor_of(request),
                arrangement=arrangement,
                source=form.sources[form.cleaned_data["source"]],
                amount_pence=form.cleaned_data["amount"],
                on=form.cleaned_data["on"],
                description=form.cleaned_data["description"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Funding recorded.")
            return redirect(_money_url(arrangement, org_slug(request)))
    return _form_page(request, arrangement, access, form, "Record funding received", "Record")


@require_http_methods(["GET", "POST"])
@organisation_view
def record_spending(
    request: HttpRequest, person_id: uuid.UUID, arrangement_id: uuid.UUID
) -> HttpResponse:
    arrangement, access = access_arrangement(
        actor_of(request), person_id, arrangement_id, write=True, page="funding.record_spending"
    )
    posted = request.method == "POST"
    form = SpendingForm(
        request.POST if posted else None,
        request.FILES if posted else None,
        initial={"on": timezone.localdate()},
    )
    if posted and form.is_valid():
        data = form.cleaned_data
        try:
            movements.record_spending(
                actor=actor_of(request),
                arrangement=arrangement,
                amount_pence=data["amount"],
                on=data["on"],
                category=data["category"],
                payee=data["payee"],
                description=data["description"],
                receipt=data["receipt"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Spending recorded.")
            return redirect(_money_url(arrangement, org_slug(request)))
    return _form_page(request, arrangement, access, form, "Record other spending", "Record")


@require_POST
@organisation_view
def post_support(
    request: HttpRequest, person_id: uuid.UUID, arrangement_id: uuid.UUID
) -> HttpResponse:
    arrangement, _access = access_arrangement(
        actor_of(request), person_id, arrangement_id, write=True, page="funding.post_support"
    )
    try:
        run = movements.post_delivered_support(
            actor=actor_of(request), arrangement=arrangement, through=timezone.localdate()
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"Delivered support brought up to date: {run.postings} new.")
        if run.unpriced:
            days = ", ".join(sorted({f"{d.on:%d %b} ({d.kind})" for d in run.unpriced})[:10])
            messages.warning(request, f"No rate for some delivered support, not priced: {days}.")
    return redirect(_money_url(arrangement, org_slug(request)))


def _posting(arrangement: FundingArrangement, posting_id: uuid.UUID) -> Posting:
    posting = Posting.objects.filter(arrangement=arrangement, public_id=posting_id).first()
    if posting is None:
        raise Http404
    return posting


@require_http_methods(["GET", "POST"])
@organisation_view
def correct(
    request: HttpRequest, person_id: uuid.UUID, arrangement_id: uuid.UUID, posting_id: uuid.UUID
) -> HttpResponse:
    arrangement, access = access_arrangement(
        actor_of(request), person_id, arrangement_id, write=True, page="funding.correct"
    )
    posting = _posting(arrangement, posting_id)
    form = CorrectionForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            movements.correct(
                actor=actor_of(request), posting=posting, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "The movement has been reversed.")
            return redirect(_money_url(arrangement, org_slug(request)))
    return _form_page(
        request,
        arrangement,
        access,
        form,
        "Correct a movement",
        "Reverse it",
        intro=f"{posting.on:%d %B %Y}: {posting.description}. A new movement reverses it; "
        "statements already issued do not change.",
    )


@require_GET
@organisation_view
def receipt(
    request: HttpRequest, person_id: uuid.UUID, arrangement_id: uuid.UUID, posting_id: uuid.UUID
) -> HttpResponseBase:
    arrangement, _access = access_arrangement(
        actor_of(request), person_id, arrangement_id, page="funding.receipt"
    )
    return receipt_response(_posting(arrangement, posting_id).receipt)


# Statements --------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@organisation_view
def statements(
    request: HttpRequest, person_id: uuid.UUID, arrangement_id: uuid.UUID
) -> HttpResponse:
    posted = request.method == "POST"
    arrangement, access = access_arrangement(
        actor_of(request), person_id, arrangement_id, write=posted, page="funding.statements"
    )
    first, last = default_period(timezone.localdate())
    form = PeriodForm(request.POST if posted else None, initial={"first": first, "last": last})
    if posted and form.is_valid():
        try:
            statement = issue_statement(
                actor=actor_of(request),
                arrangement=arrangement,
                first=form.cleaned_data["first"],
                last=form.cleaned_data["last"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Statement issued.")
            return redirect(_statement_url(statement, org_slug(request), "funding:statement"))
    return render(
        request,
        "funding/money/statements.html",
        {
            **_context(request, arrangement, access),
            "form": form,
            "issued": arrangement.statements.order_by("-starts_on"),
            "preview_first": first,
            "preview_last": last,
        },
        status=400 if form.is_bound and form.errors else 200,
    )


def _statement_url(statement: Statement, org: str, name: str) -> str:
    return reverse(
        name,
        kwargs={**_kwargs(statement.arrangement, org), "statement_id": statement.public_id},
    )


def _statement(
    request: HttpRequest,
    person_id: uuid.UUID,
    arrangement_id: uuid.UUID,
    statement_id: Any,
    page: str,
) -> tuple[Statement, FundingArrangement, PersonAccess]:
    arrangement, access = access_arrangement(
        actor_of(request), person_id, arrangement_id, page=page
    )
    statement = Statement.objects.filter(
        arrangement=arrangement, public_id=uuid_or_404(statement_id)
    ).first()
    if statement is None:
        raise Http404
    return statement, arrangement, access


def _statement_context(figures: StatementFigures) -> dict[str, Any]:
    return {
        "figures": figures,
        "banked_words": hours_words(figures.banked_minutes),
        "banked_cap_words": (
            hours_words(figures.banked_cap_minutes)
            if figures.banked_cap_minutes is not None
            else None
        ),
        "expires_on": (
            dt.date.fromisoformat(figures.banked_expires_on) if figures.banked_expires_on else None
        ),
        "support_rows": [
            {
                "line": line,
                "planned": str(line.planned) if line.is_nights else hours_words(line.planned),
                "delivered": (
                    str(line.delivered) if line.is_nights else hours_words(line.delivered)
                ),
            }
            for line in figures.support
        ],
    }


@require_GET
@organisation_view
def statement_preview(
    request: HttpRequest, person_id: uuid.UUID, arrangement_id: uuid.UUID
) -> HttpResponse:
    arrangement, access = access_arrangement(
        actor_of(request), person_id, arrangement_id, page="funding.statement_preview"
    )
    first, last = default_period(timezone.localdate())
    form = PeriodForm(request.GET or None)
    if form.is_bound and form.is_valid():
        first, last = form.cleaned_data["first"], form.cleaned_data["last"]
    figures = statement_figures(arrangement, first, last)
    return render(
        request,
        "funding/money/statement.html",
        {**_context(request, arrangement, access), **_statement_context(figures), "draft": True},
    )


@require_GET
@organisation_view
def statement(
    request: HttpRequest, person_id: uuid.UUID, arrangement_id: uuid.UUID, statement_id: uuid.UUID
) -> HttpResponse:
    row, arrangement, access = _statement(
        request, person_id, arrangement_id, statement_id, "funding.statement"
    )
    org = org_slug(request)
    return render(
        request,
        "funding/money/statement.html",
        {
            **_context(request, arrangement, access),
            **_statement_context(StatementFigures.from_json(row.figures)),
            "statement": row,
            "pdf_url": _statement_url(row, org, "funding:statement_pdf"),
            "easy_url": _statement_url(row, org, "funding:statement_easy_read"),
        },
    )


@require_GET
@organisation_view
def statement_pdf(
    request: HttpRequest, person_id: uuid.UUID, arrangement_id: uuid.UUID, statement_id: uuid.UUID
) -> HttpResponse:
    row, _arrangement, _access = _statement(
        request, person_id, arrangement_id, statement_id, "funding.statement_pdf"
    )
    content = render_pdf(
        "funding/money/statement_pdf.html",
        {**_statement_context(StatementFigures.from_json(row.figures)), "statement": row},
    )
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'inline; filename="statement-{row.starts_on.isoformat()}-to-{row.ends_on.isoformat()}.pdf"'
    )
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
@organisation_view
def statement_easy_read(
    request: HttpRequest, person_id: uuid.UUID, arrangement_id: uuid.UUID, statement_id: uuid.UUID
) -> HttpResponse:
    row, arrangement, access = _statement(
        request, person_id, arrangement_id, statement_id, "funding.statement_easy_read"
    )
    figures = StatementFigures.from_json(row.figures)
    delivered = sum(line.delivered for line in figures.support if not line.is_nights)
    nights = sum(line.delivered for line in figures.support if line.is_nights)
    return render(
        request,
        "funding/money/statement_easy_read.html",
        {
            **_context(request, arrangement, access),
            **_statement_context(figures),
            "statement": row,
            "delivered_words": hours_words(delivered),
            "nights": nights,
            "overspent": max(-figures.closing_balance, 0),
        },
    )


# The organisation's finance page -------------------------------------------------------------


def _finance_period(request: HttpRequest) -> tuple[PeriodForm, dt.date, dt.date]:
    first, last = default_period(timezone.localdate())
    form = PeriodForm(request.GET or None, initial={"first": first, "last": last})
    if form.is_bound and form.is_valid():
        first, last = form.cleaned_data["first"], form.cleaned_data["last"]
    return form, first, last


@require_GET
@organisation_view
def finance_page(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    require_finance_office(actor)
    form, first, last = _finance_period(request)
    today = timezone.localdate()
    return render(
        request,
        "funding/money/finance.html",
        {
            "org": org_slug(request),
            "form": form,
            "first": first,
            "last": last,
            "health": finance.budget_health(actor, today),
            "funders": finance.funder_totals(actor, first, last),
        },
        status=400 if form.is_bound and form.errors else 200,
    )


@require_GET
@organisation_view
def finance_csv(request: HttpRequest) -> HttpResponseBase:
    actor = actor_of(request)
    require_finance_office(actor)
    form, first, last = _finance_period(request)
    if form.is_bound and not form.is_valid():
        return finance_page(request)
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(finance.CSV_HEADER)
    writer.writerows(finance.csv_rows(actor, first, last))
    response = HttpResponse(
        buffer.getvalue().encode("utf-8"), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = (
        f'attachment; filename="funding-{first.isoformat()}-to-{last.isoformat()}.csv"'
    )
    return response
