"""/api/v1/people/{person}/funding/arrangements/{arrangement}/...: a person's ledger
(postings, balances, movements recorded, delivered support brought up to date) and statements,
with the same access as the pages (``funding.access``). Amounts are integer pence."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest
from django.utils import timezone
from ninja import Field, File, Query, Router, Schema
from ninja.files import UploadedFile
from ninja.responses import Status
from pydantic import ConfigDict

from ownterms.api.auth import actor
from ownterms.api.errors import DjangoFieldErrors
from ownterms.api.schemas import ErrorOut
from ownterms.funding.access import access_arrangement
from ownterms.funding.models import FundingArrangement, Posting, Statement
from ownterms.funding.selectors.money import money_summary
from ownterms.funding.selectors.statement import StatementFigures
from ownterms.funding.services import movements
from ownterms.funding.services.statements import issue_statement

router = Router(tags=["funding"])
READ_ERRORS: dict[int, type[ErrorOut]] = {401: ErrorOut, 404: ErrorOut, 422: ErrorOut}
WRITE_ERRORS: dict[int, type[ErrorOut]] = {**READ_ERRORS, 403: ErrorOut}
BASE = "/{uuid:person_id}/funding/arrangements/{uuid:arrangement_id}"
#: The most postings one request lists.
MAX_POSTINGS = 1000


def _field_errors(error: DjangoValidationError) -> DjangoFieldErrors:
    if hasattr(error, "error_dict"):
        return DjangoFieldErrors(dict(error.message_dict))
    return DjangoFieldErrors({"__all__": error.messages})


def _arrangement(
    request: HttpRequest,
    person_id: uuid.UUID,
    arrangement_id: uuid.UUID,
    page: str,
    *,
    write: bool = False,
) -> FundingArrangement:
    arrangement, _access = access_arrangement(
        actor(request), person_id, arrangement_id, write=write, page=f"api.funding.{page}"
    )
    return arrangement


class EntryOut(Schema):
    account: str
    source: uuid.UUID | None
    amount_pence: int


class PostingOut(Schema):
    public_id: uuid.UUID
    kind: str
    on: dt.date
    description: str
    support_kind: str
    quantity: int
    rate_pence: int | None
    category: str
    payee: str
    has_receipt: bool
    reverses: uuid.UUID | None
    entries: list[EntryOut]


def _posting_out(posting: Posting) -> dict[str, Any]:
    return {
        "public_id": posting.public_id,
        "kind": posting.kind,
        "on": posting.on,
        "description": posting.description,
        "support_kind": posting.support_kind,
        "quantity": posting.quantity,
        "rate_pence": posting.rate_pence,
        "category": posting.category,
        "payee": posting.payee,
        "has_receipt": bool(posting.receipt),
        "reverses": posting.reverses.public_id if posting.reverses else None,
        "entries": [
            {
                "account": e.account,
                "source": e.source.public_id if e.source else None,
                "amount_pence": e.amount_pence,
            }
            for e in posting.entries.all()
        ],
    }


class Period(Schema):
    model_config = ConfigDict(extra="ignore", populate_by_name=True)

    first: dt.date | None = Field(None, alias="from")
    last: dt.date | None = Field(None, alias="to")


@router.get(
    BASE + "/postings",
    response={200: list[PostingOut], **READ_ERRORS},
    summary="The movements of a person's money (oldest first, at most 1000)",
)
def list_money_postings(
    request: HttpRequest, person_id: uuid.UUID, arrangement_id: uuid.UUID, query: Query[Period]
) -> list[dict[str, Any]]:
    arrangement = _arrangement(request, person_id, arrangement_id, "postings")
    postings = Posting.objects.filter(arrangement=arrangement)
    if query.first:
        postings = postings.filter(on__gte=query.first)
    if query.last:
        postings = postings.filter(on__lte=query.last)
    rows = postings.select_related("reverses").prefetch_related("entries__source")
    return [_posting_out(p) for p in rows.order_by("on", "pk")[:MAX_POSTINGS]]


class ShareOut(Schema):
    source: uuid.UUID
    funder: str
    received_pence: int
    spent_pence: int
    balance_pence: int


class WarningOut(Schema):
    code: str
    text: str


class BalanceOut(Schema):
    as_of: dt.date
    accounts: dict[str, int]
    shares: list[ShareOut]
    surplus_pence: int
    surplus_cap_pence: int | None
    banked_minutes: int
    banked_cap_minutes: int | None
    banked_earliest_expiry: dt.date | None
    warnings: list[WarningOut]
    words: list[str]


@router.get(
    BASE + "/balance",
    response={200: BalanceOut, **READ_ERRORS},
    summary="Balances, each funder's share, banked hours, the surplus and warnings",
)
def get_money_balance(
    request: HttpRequest, person_id: uuid.UUID, arrangement_id: uuid.UUID
) -> dict[str, Any]:
    arrangement = _arrangement(request, person_id, arrangement_id, "balance")
    today = timezone.localdate()
    summary = money_summary(arrangement, today)
    return {
        "as_of": today,
        "accounts": summary.balances,
        "shares": [
            {
                "source": s.source.public_id,
                "funder": s.source.funder_name,
                "received_pence": s.received,
                "spent_pence": s.spent,
                "balance_pence": s.balance,
            }
            for s in summary.shares
        ],
        "surplus_pence": summary.surplus.surplus,
        "surplus_cap_pence": summary.surplus.cap_pence,
        "banked_minutes": summary.banked.minutes,
        "banked_cap_minutes": summary.banked.cap_minutes,
        "banked_earliest_expiry": summary.banked.earliest_expiry,
        "warnings": [{"code": w.code, "text": w.text} for w in summary.warnings],
        "words": summary.words,
    }


class FundingIn(Schema):
    source: uuid.UUID
    amount_pence: int
    on: dt.date
    description: str = ""


@router.post(
    BASE + "/funding-received",
    response={201: PostingOut, **WRITE_ERRORS},
    summary="Record funding received from one of the arrangement's funders",
)
def record_money_funding(
    request: HttpRequest, person_id: uuid.UUID, arrangement_id: uuid.UUID, payload: FundingIn
) -> Status[dict[str, Any]]:
    arrangement = _arrangement(request, person_id, arrangement_id, "funding", write=True)
    source = arrangement.sources.filter(public_id=payload.source).first()
    if source is None:
        raise DjangoFieldErrors({"source": ["Choose one of this arrangement's funders."]})
    try:
        posting = movements.record_funding(
            actor=actor(request),
            arrangement=arrangement,
            source=source,
            amount_pence=payload.amount_pence,
            on=payload.on,
            description=payload.description,
        )
    except DjangoValidationError as error:
        raise _field_errors(error) from error
    return Status(201, _posting_out(posting))


class SpendingIn(Schema):
    amount_pence: int
    on: dt.date
    category: str
    description: str
    payee: str = ""


@router.post(
    BASE + "/spending",
    response={201: PostingOut, **WRITE_ERRORS},
    summary="Record other spending (then POST its receipt to .../postings/{id}/receipt)",
)
def record_money_spending(
    request: HttpRequest, person_id: uuid.UUID, arrangement_id: uuid.UUID, payload: SpendingIn
) -> Status[dict[str, Any]]:
    arrangement = _arrangement(request, person_id, arrangement_id, "spending", write=True)
    try:
        posting = movements.record_spending(
            actor=actor(request),
            arrangement=arrangement,
            amount_pence=payload.amount_pence,
            on=payload.on,
            category=payload.category,
            payee=payload.payee,
            description=payload.description,
        )
    except DjangoValidationError as error:
        raise _field_errors(error) from error
    return Status(201, _posting_out(posting))


OPTIONAL_FILE: Any = File(None)  # type: ignore[type-arg]


@router.post(
    BASE + "/postings/{uuid:posting_id}/receipt",
    response={200: PostingOut, **WRITE_ERRORS},
    summary="Attach the receipt (PDF, JPEG or PNG, at most 5 MB) to spending recorded without one",
)
def attach_money_receipt(
    request: HttpRequest,
    person_id: uuid.UUID,
    arrangement_id: uuid.UUID,
    posting_id: uuid.UUID,
    # Optional to ninja so that access is checked before the upload is.
    receipt: UploadedFile | None = OPTIONAL_FILE,
) -> dict[str, Any]:
    arrangement = _arrangement(request, person_id, arrangement_id, "receipt", write=True)
    posting = Posting.objects.filter(arrangement=arrangement, public_id=posting_id).first()
    if posting is None:
        raise Http404
    if receipt is None:
        raise DjangoFieldErrors({"receipt": ["Send the receipt as a file named “receipt”."]})
    try:
        posting = movements.attach_receipt(actor=actor(request), posting=posting, receipt=receipt)
    except DjangoValidationError as error:
        raise _field_errors(error) from error
    return _posting_out(posting)


class SupportRunOut(Schema):
    postings: int
    unpriced: list[dict[str, Any]]


@router.post(
    BASE + "/delivered-support",
    response={200: SupportRunOut, **WRITE_ERRORS},
    summary="Post delivered support (and fixed weekly fees) up to today; idempotent",
)
def post_money_support(
    request: HttpRequest, person_id: uuid.UUID, arrangement_id: uuid.UUID
) -> dict[str, Any]:
    arrangement = _arrangement(request, person_id, arrangement_id, "support", write=True)
    try:
        run = movements.post_delivered_support(
            actor=actor(request), arrangement=arrangement, through=timezone.localdate()
        )
    except DjangoValidationError as error:
        raise _field_errors(error) from error
    return {
        "postings": run.postings,
        "unpriced": [
            {"on": d.on.isoformat(), "kind": d.kind, "quantity": d.quantity} for d in run.unpriced
        ],
    }


class StatementOut(Schema):
    public_id: uuid.UUID
    starts_on: dt.date
    ends_on: dt.date
    issued_at: dt.datetime
    figures: dict[str, Any]


def _statement_out(statement: Statement) -> dict[str, Any]:
    return {
        "public_id": statement.public_id,
        "starts_on": statement.starts_on,
        "ends_on": statement.ends_on,
        "issued_at": statement.issued_at,
        "figures": StatementFigures.from_json(statement.figures).as_json(),
    }


@router.get(
    BASE + "/statements",
    response={200: list[StatementOut], **READ_ERRORS},
    summary="Issued statements, newest first, with their frozen figures",
)
def list_money_statements(
    request: HttpRequest, person_id: uuid.UUID, arrangement_id: uuid.UUID
) -> list[dict[str, Any]]:
    arrangement = _arrangement(request, person_id, arrangement_id, "statements")
    return [_statement_out(s) for s in arrangement.statements.order_by("-starts_on")]


class StatementIn(Schema):
    model_config = ConfigDict(populate_by_name=True)

    first: dt.date = Field(..., alias="from")
    last: dt.date = Field(..., alias="to")


@router.post(
    BASE + "/statements",
    response={201: StatementOut, **WRITE_ERRORS},
    summary="Issue the statement of a finished period (once; its figures never change)",
)
def issue_money_statement(
    request: HttpRequest, person_id: uuid.UUID, arrangement_id: uuid.UUID, payload: StatementIn
) -> Status[dict[str, Any]]:
    arrangement = _arrangement(request, person_id, arrangement_id, "issue", write=True)
    try:
        statement = issue_statement(
            actor=actor(request), arrangement=arrangement, first=payload.first, last=payload.last
        )
    except DjangoValidationError as error:
        raise _field_errors(error) from error
    return Status(201, _statement_out(statement))
