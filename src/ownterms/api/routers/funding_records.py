"""/api/v1/people/{person}/funding/arrangements: a person's funding records (arrangements with
their terms, funders, rates) and budget plans. Reading is the money category of the record;
writing is for administrators, the person's managers and finance, through the same services as
the pages. Amounts are integer pence; conflicts answer 409, rule breaks 422 with field errors."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from typing import Literal, TypeVar

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest
from django.utils import timezone
from ninja import Field, Router, Schema, Status
from ninja.errors import HttpError

from ownterms.api.auth import actor
from ownterms.api.errors import DjangoFieldErrors
from ownterms.api.routers.record_errors import field_errors
from ownterms.api.schemas import ErrorOut, Strict
from ownterms.funding.access import access_arrangement, access_person_funding
from ownterms.funding.models import BudgetPlan, FundingArrangement
from ownterms.funding.selectors import arrangements as selectors
from ownterms.funding.selectors import plans as plan_selectors
from ownterms.funding.services import arrangements as services
from ownterms.funding.services import plans as plan_services
from ownterms.lib.money import MAX_PENCE
from ownterms.people.services import EditConflictError

router = Router(tags=["funding"])
ERRORS: dict[int, type[ErrorOut]] = {401: ErrorOut, 404: ErrorOut, 422: ErrorOut}
WRITE_ERRORS: dict[int, type[ErrorOut]] = {403: ErrorOut, **ERRORS}
PAGE = "api.funding"
BASE = "/people/{uuid:person_id}/funding/arrangements"
ONE = BASE + "/{uuid:arrangement_id}"
Kind = Literal[
    "isf", "direct_payment", "phb_notional", "phb_third_party", "phb_direct", "managed", "pooled"
]
SupportKind = Literal["day", "two_to_one", "waking_night", "sleep_in"]
Pence = int
_T = TypeVar("_T")
#: Terms the contract may leave unset (``null``: no cap, no end).
NULLABLE = frozenset(
    {
        "ends_on",
        "surplus_cap_hundredths",
        "surplus_max_weeks",
        "banked_cap_hundredths",
        "banked_expiry_months",
    }
)


class SourceOut(Schema):
    public_id: uuid.UUID
    funder_kind: str
    funder_name: str
    reference: str
    weekly_pence: int
    starts_on: dt.date
    ends_on: dt.date | None


class RateOut(Schema):
    public_id: uuid.UUID
    kind: str
    pence: int
    starts_on: dt.date
    ends_on: dt.date | None


class ArrangementOut(Schema):
    public_id: uuid.UUID
    kind: str
    reference: str
    starts_on: dt.date
    review_on: dt.date
    ends_on: dt.date | None
    paid_every_weeks: int
    paid_in_advance: bool
    surplus_cap_hundredths: int | None
    surplus_max_weeks: int | None
    banked_cap_kind: str
    banked_cap_hundredths: int | None
    banked_expiry_months: int | None
    notice_days: int
    management_fee_kind: str
    management_fee_value: int
    changes_need_funder_approval: bool
    notes: str
    updated_at: dt.datetime
    #: The sum of the sources in force today (or on the start, when it has not started).
    weekly_budget_pence: int
    #: The contract terms in plain words.
    terms: list[str]
    sources: list[SourceOut]
    rates: list[RateOut]


class ArrangementIn(Strict):
    kind: Kind
    reference: str = Field("", max_length=100, strict=True)
    starts_on: dt.date
    review_on: dt.date
    ends_on: dt.date | None = None
    paid_every_weeks: int = Field(4, ge=1, le=52, strict=True)
    paid_in_advance: bool = True
    surplus_cap_hundredths: int | None = Field(None, ge=1, le=100_000, strict=True)
    surplus_max_weeks: int | None = Field(None, ge=1, le=520, strict=True)
    banked_cap_kind: Literal["weeks", "percent_of_year"] = "weeks"
    banked_cap_hundredths: int | None = Field(None, ge=1, le=100_000, strict=True)
    banked_expiry_months: int | None = Field(None, ge=1, le=120, strict=True)
    notice_days: int = Field(28, ge=0, le=365, strict=True)
    management_fee_kind: Literal["none", "percent", "fixed_weekly"] = "none"
    management_fee_value: int = Field(0, ge=0, le=MAX_PENCE, strict=True)
    changes_need_funder_approval: bool = True
    notes: str = Field("", max_length=4000, strict=True)


class ArrangementUpdate(Strict):
    """Only the fields sent change; ``updated_at`` (from a read) refuses overwriting."""

    updated_at: dt.datetime | None = None
    kind: Kind | None = None
    reference: str | None = Field(None, max_length=100, strict=True)
    review_on: dt.date | None = None
    ends_on: dt.date | None = None
    paid_every_weeks: int | None = Field(None, ge=1, le=52, strict=True)
    paid_in_advance: bool | None = None
    surplus_cap_hundredths: int | None = Field(None, ge=1, le=100_000, strict=True)
    surplus_max_weeks: int | None = Field(None, ge=1, le=520, strict=True)
    banked_cap_kind: Literal["weeks", "percent_of_year"] | None = None
    banked_cap_hundredths: int | None = Field(None, ge=1, le=100_000, strict=True)
    banked_expiry_months: int | None = Field(None, ge=1, le=120, strict=True)
    notice_days: int | None = Field(None, ge=0, le=365, strict=True)
    management_fee_kind: Literal["none", "percent", "fixed_weekly"] | None = None
    management_fee_value: int | None = Field(None, ge=0, le=MAX_PENCE, strict=True)
    changes_need_funder_approval: bool | None = None
    notes: str | None = Field(None, max_length=4000, strict=True)


class SourceIn(Strict):
    funder_kind: Literal["council", "icb", "education", "person", "other"]
    funder_name: str = Field(min_length=1, max_length=150, strict=True)
    reference: str = Field("", max_length=100, strict=True)
    weekly_pence: int = Field(ge=0, le=MAX_PENCE, strict=True)
    starts_on: dt.date
    ends_on: dt.date | None = None


class RateIn(Strict):
    kind: SupportKind
    pence: int = Field(ge=0, le=MAX_PENCE, strict=True)
    starts_on: dt.date
    ends_on: dt.date | None = None


class LineOut(Schema):
    kind: str
    description: str
    support_kind: str
    quantity: int
    weekly_pence: int


class PlanOut(Schema):
    public_id: uuid.UUID
    name: str
    status: str
    agreed_on: dt.date | None
    agreed_with: str
    lines: list[LineOut]
    total_pence: int
    weekly_budget_pence: int
    #: Budget minus the plan: negative when over budget.
    difference_pence: int
    over_budget: bool


class PlanIn(Strict):
    name: str = Field(min_length=1, max_length=120, strict=True)
    notes: str = Field("", max_length=4000, strict=True)


class LineIn(Strict):
    kind: Literal["support", "other_provider", "activity", "equipment", "contingency"]
    description: str = Field(min_length=1, max_length=200, strict=True)
    support_kind: SupportKind | Literal[""] = ""
    #: Minutes (or nights for sleep-ins) a week, for support from our team.
    quantity: int = Field(0, ge=0, le=7 * 24 * 60, strict=True)
    #: Pence a week, for anything else.
    weekly_pence: int = Field(0, ge=0, le=MAX_PENCE, strict=True)


class AgreeIn(Strict):
    agreed_with: str = Field(min_length=1, max_length=200, strict=True)
    agreed_on: dt.date


def _arrangement_out(row: FundingArrangement) -> dict[str, object]:
    day = max(timezone.localdate(), row.starts_on)
    return {
        **{name: getattr(row, name) for name in ArrangementOut.model_fields if hasattr(row, name)},
        "weekly_budget_pence": selectors.budget_on(row, day).weekly_pence,
        "terms": selectors.terms_text(row),
        "sources": list(row.sources.all()),
        "rates": list(row.rates.all()),
    }


def _fresh(row: FundingArrangement) -> dict[str, object]:
    return _arrangement_out(selectors.arrangements_of(row.person).get(pk=row.pk))


def _write(call: Callable[[], _T]) -> _T:
    try:
        return call()
    except EditConflictError as exc:
        raise HttpError(409, "conflict") from exc
    except DjangoValidationError as exc:
        raise field_errors(exc) from exc


@router.get(BASE, response={200: list[ArrangementOut], **ERRORS}, summary="A person's funding")
def funding_list_arrangements(
    request: HttpRequest, person_id: uuid.UUID
) -> list[dict[str, object]]:
    access = access_person_funding(actor(request), person_id, page=PAGE)
    return [_arrangement_out(row) for row in selectors.arrangements_of(access.person)]


@router.post(BASE, response={201: ArrangementOut, **WRITE_ERRORS}, summary="Add an arrangement")
def funding_create_arrangement(
    request: HttpRequest, person_id: uuid.UUID, payload: ArrangementIn
) -> Status[dict[str, object]]:
    user = actor(request)
    access = access_person_funding(user, person_id, write=True, page=PAGE)
    row = _write(
        lambda: services.create_arrangement(
            actor=user, person=access.person, basis=access.basis.value, **payload.model_dump()
        )
    )
    return Status(201, _fresh(row))


@router.patch(
    ONE,
    response={200: ArrangementOut, 409: ErrorOut, **WRITE_ERRORS},
    summary="Change an arrangement's terms",
)
def funding_update_arrangement(
    request: HttpRequest,
    person_id: uuid.UUID,
    arrangement_id: uuid.UUID,
    payload: ArrangementUpdate,
) -> dict[str, object]:
    user = actor(request)
    row, access = access_arrangement(user, person_id, arrangement_id, write=True, page=PAGE)
    changes = payload.model_dump(exclude_unset=True)
    expected = changes.pop("updated_at", None)
    empty = sorted(
        name for name, value in changes.items() if value is None and name not in NULLABLE
    )
    if empty:
        raise DjangoFieldErrors({key: ["This field cannot be empty."] for key in empty})
    row = _write(
        lambda: services.update_arrangement(
            actor=user,
            arrangement=row,
            expected_updated_at=expected,
            basis=access.basis.value,
            **changes,
        )
    )
    return _fresh(row)


@router.post(ONE + "/sources", response={201: SourceOut, **WRITE_ERRORS}, summary="Add a funder")
def funding_add_source(
    request: HttpRequest, person_id: uuid.UUID, arrangement_id: uuid.UUID, payload: SourceIn
) -> Status[object]:
    user = actor(request)
    row, access = access_arrangement(user, person_id, arrangement_id, write=True, page=PAGE)
    source = _write(
        lambda: services.add_source(
            actor=user, arrangement=row, basis=access.basis.value, **payload.model_dump()
        )
    )
    return Status(201, source)


@router.post(ONE + "/rates", response={201: RateOut, **WRITE_ERRORS}, summary="Add a rate")
def funding_add_rate(
    request: HttpRequest, person_id: uuid.UUID, arrangement_id: uuid.UUID, payload: RateIn
) -> Status[object]:
    user = actor(request)
    row, access = access_arrangement(user, person_id, arrangement_id, write=True, page=PAGE)
    rate = _write(
        lambda: services.add_rate(
            actor=user, arrangement=row, basis=access.basis.value, **payload.model_dump()
        )
    )
    return Status(201, rate)


def _plans_out(row: FundingArrangement, plans: list[BudgetPlan]) -> list[dict[str, object]]:
    day = max(timezone.localdate(), row.starts_on)
    arrangement = selectors.arrangements_of(row.person).get(pk=row.pk)
    return [
        {
            "public_id": column.plan.public_id,
            "name": column.plan.name,
            "status": column.plan.status,
            "agreed_on": column.plan.agreed_on,
            "agreed_with": column.plan.agreed_with,
            "lines": list(column.lines),
            "total_pence": column.total_pence,
            "weekly_budget_pence": column.budget_pence,
            "difference_pence": column.difference_pence,
            "over_budget": column.over_budget,
        }
        for column in plan_selectors.comparison(arrangement, plans, day)
    ]


def _plan(row: FundingArrangement, plan_id: uuid.UUID) -> BudgetPlan:
    plan = plan_selectors.plans_of(row).filter(public_id=plan_id).first()
    if plan is None:
        raise Http404
    return plan


@router.get(
    ONE + "/plans",
    response={200: list[PlanOut], **ERRORS},
    summary="Budget plans against the budget",
)
def funding_list_plans(
    request: HttpRequest, person_id: uuid.UUID, arrangement_id: uuid.UUID
) -> list[dict[str, object]]:
    row, _access = access_arrangement(actor(request), person_id, arrangement_id, page=PAGE)
    return _plans_out(row, list(plan_selectors.plans_of(row)))


@router.post(ONE + "/plans", response={201: PlanOut, **WRITE_ERRORS}, summary="Make a draft plan")
def funding_create_plan(
    request: HttpRequest, person_id: uuid.UUID, arrangement_id: uuid.UUID, payload: PlanIn
) -> Status[dict[str, object]]:
    user = actor(request)
    row, access = access_arrangement(user, person_id, arrangement_id, write=True, page=PAGE)
    plan = _write(
        lambda: plan_services.create_plan(
            actor=user, arrangement=row, basis=access.basis.value, **payload.model_dump()
        )
    )
    return Status(201, _plans_out(row, [_plan(row, plan.public_id)])[0])


@router.post(
    ONE + "/plans/{uuid:plan_id}/lines",
    response={201: PlanOut, **WRITE_ERRORS},
    summary="Add a line to a draft plan",
)
def funding_add_line(
    request: HttpRequest,
    person_id: uuid.UUID,
    arrangement_id: uuid.UUID,
    plan_id: uuid.UUID,
    payload: LineIn,
) -> Status[dict[str, object]]:
    user = actor(request)
    row, access = access_arrangement(user, person_id, arrangement_id, write=True, page=PAGE)
    plan = _plan(row, plan_id)
    on = max(timezone.localdate(), row.starts_on)
    _write(
        lambda: plan_services.add_line(
            actor=user, plan=plan, on=on, basis=access.basis.value, **payload.model_dump()
        )
    )
    return Status(201, _plans_out(row, [_plan(row, plan_id)])[0])


@router.post(
    ONE + "/plans/{uuid:plan_id}/agree",
    response={200: PlanOut, **WRITE_ERRORS},
    summary="Agree a draft plan",
)
def funding_agree_plan(
    request: HttpRequest,
    person_id: uuid.UUID,
    arrangement_id: uuid.UUID,
    plan_id: uuid.UUID,
    payload: AgreeIn,
) -> dict[str, object]:
    user = actor(request)
    row, access = access_arrangement(user, person_id, arrangement_id, write=True, page=PAGE)
    plan = _plan(row, plan_id)
    _write(
        lambda: plan_services.agree_plan(
            actor=user, plan=plan, basis=access.basis.value, **payload.model_dump()
        )
    )
    return _plans_out(row, [_plan(row, plan_id)])[0]
