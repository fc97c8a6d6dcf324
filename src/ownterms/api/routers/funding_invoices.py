"""/api/v1/funding/invoices: invoices to funders — ready to issue, issued, issuing — for the
finance office roles over the people whose money they may read (``funding.access``), like the
pages. Amounts are integer pence; the person is named by initials, as on the invoice."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.http import Http404, HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema
from ninja.responses import Status
from pydantic import ConfigDict

from ownterms.api.auth import actor
from ownterms.api.schemas import ErrorOut
from ownterms.funding.access import MONEY, require_finance_office
from ownterms.funding.models import FundingInvoice
from ownterms.funding.selectors import invoices as selectors
from ownterms.funding.services.invoices import issue_ready_invoices
from ownterms.people.selectors import people_visible_to

router = Router(tags=["funding"])
ERRORS: dict[int, type[ErrorOut]] = {401: ErrorOut, 404: ErrorOut, 422: ErrorOut}


class LineOut(Schema):
    starts_on: dt.date
    ends_on: dt.date
    days: int
    weekly_pence: int
    amount_pence: int


class InvoiceOut(Schema):
    public_id: uuid.UUID
    number: str
    issued_on: dt.date
    funder_kind: str
    funder_name: str
    funder_reference: str
    contract_reference: str
    person_initials: str
    period_starts_on: dt.date
    period_ends_on: dt.date
    amount_pence: int
    lines: list[LineOut]


class ReadyOut(Schema):
    person: uuid.UUID
    arrangement: uuid.UUID
    funder_kind: str
    funder_name: str
    period_starts_on: dt.date
    period_ends_on: dt.date
    issue_on: dt.date
    amount_pence: int


def _out(row: FundingInvoice) -> dict[str, Any]:
    return {
        "public_id": row.public_id,
        "number": row.label,
        "issued_on": row.issued_on,
        "funder_kind": row.funder_kind,
        "funder_name": row.funder_name,
        "funder_reference": row.funder_reference,
        "contract_reference": row.arrangement.reference,
        "person_initials": selectors.person_initials(row),
        "period_starts_on": row.period_starts_on,
        "period_ends_on": row.period_ends_on,
        "amount_pence": row.amount_pence,
        "lines": [
            {
                "starts_on": line["from"],
                "ends_on": line["to"],
                "days": line["days"],
                "weekly_pence": line["weekly_pence"],
                "amount_pence": line["amount_pence"],
            }
            for line in row.lines
        ],
    }


class Issued(Schema):
    model_config = ConfigDict(extra="ignore", populate_by_name=True)

    first: dt.date | None = Field(None, alias="from")
    last: dt.date | None = Field(None, alias="to")


def _finance_actor(request: HttpRequest) -> Any:
    user = actor(request)
    require_finance_office(user)
    return user


@router.get(
    "/funding/invoices",
    response={200: list[InvoiceOut], **ERRORS},
    summary="Invoices issued from `from` to `to` (default: the last 91 days), newest first",
)
def list_invoices(request: HttpRequest, query: Query[Issued]) -> list[dict[str, Any]]:
    user = _finance_actor(request)
    last = query.last or timezone.localdate()
    first = query.first or last - selectors.LOOKBACK
    return [_out(row) for row in selectors.issued_invoices(user, first, last)]


@router.get(
    "/funding/invoices/ready",
    response={200: list[ReadyOut], **ERRORS},
    summary="Invoices ready to issue today (nothing is saved)",
)
def list_ready_invoices(request: HttpRequest) -> list[dict[str, Any]]:
    user = _finance_actor(request)
    return [
        {
            "person": draft.arrangement.person.public_id,
            "arrangement": draft.arrangement.public_id,
            "funder_kind": draft.funder_kind,
            "funder_name": draft.funder_name,
            "period_starts_on": draft.period.first,
            "period_ends_on": draft.period.last,
            "issue_on": draft.issue_on,
            "amount_pence": draft.amount_pence,
        }
        for draft in selectors.ready_to_issue(user, timezone.localdate())
    ]


@router.post(
    "/funding/invoices",
    response={201: list[InvoiceOut], **ERRORS},
    summary="Issue every invoice ready today (an empty list when none is ready)",
)
def issue_invoices(request: HttpRequest) -> Status[list[dict[str, Any]]]:
    user = _finance_actor(request)
    issued = issue_ready_invoices(actor=user, today=timezone.localdate())
    return Status(201, [_out(row) for row in issued])


@router.get(
    "/funding/invoices/{uuid:invoice_id}",
    response={200: InvoiceOut, **ERRORS},
    summary="One invoice",
)
def get_invoice(request: HttpRequest, invoice_id: uuid.UUID) -> dict[str, Any]:
    user = _finance_actor(request)
    row = (
        FundingInvoice.objects.filter(
            public_id=invoice_id, arrangement__person__in=people_visible_to(user, MONEY)
        )
        .select_related("arrangement__person")
        .first()
    )
    if row is None:
        raise Http404
    return _out(row)
