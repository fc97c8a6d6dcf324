"""/api/v1 delivered support: confirm a shift as worked (with disturbances), delivered hours per
person per week, open shifts and accepting one. Same access, services and selectors as the
pages (rota.views.delivered)."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from ninja import Query, Router, Schema
from ninja.responses import Status
from pydantic import Field

from ownterms.api.auth import actor
from ownterms.api.errors import DjangoFieldErrors, envelope
from ownterms.api.schemas import ErrorOut, Strict
from ownterms.lib.dates import monday_of
from ownterms.people.selectors import is_office, people_visible_to
from ownterms.rota.access import (
    access_shift,
    own_staff_member,
    require_rota_office,
)
from ownterms.rota.models import Delivery, OpenShift, Shift
from ownterms.rota.selectors import delivery as delivery_selectors
from ownterms.rota.selectors import offers as offer_selectors
from ownterms.rota.services import delivery as delivery_services
from ownterms.rota.services import offers as offer_services
from ownterms.staff.models import StaffMember
from ownterms.staff.selectors import staff_member_of

router = Router(tags=["rota: delivered support"])
ERRORS: dict[int, type[ErrorOut]] = {401: ErrorOut, 404: ErrorOut, 422: ErrorOut}
WRITE_ERRORS: dict[int, type[ErrorOut]] = {**ERRORS, 403: ErrorOut, 409: ErrorOut}


class DisturbanceIn(Strict):
    started_at: dt.datetime = Field(description="Woken at (with its time zone)")
    ended_at: dt.datetime = Field(description="Back to sleep at (with its time zone)")
    reason: str = Field(max_length=200)


class DeliveryIn(Strict):
    shift: uuid.UUID
    staff_member: uuid.UUID | None = Field(
        default=None, description="Who worked it; default: you (or the only worker on it)"
    )
    started_at: dt.datetime
    ended_at: dt.datetime
    note: str = Field(default="", max_length=300)
    disturbances: list[DisturbanceIn] = Field(default_factory=list, max_length=20)
    seen: dt.datetime | None = Field(
        default=None, description="updated_at of the confirmation you read, when correcting it"
    )


class DisturbanceOut(Schema):
    started_at: dt.datetime
    ended_at: dt.datetime


class DeliveryOut(Schema):
    public_id: uuid.UUID
    shift: uuid.UUID
    staff_member: uuid.UUID
    started_at: dt.datetime
    ended_at: dt.datetime
    minutes: int
    disturbances: list[DisturbanceOut]
    updated_at: dt.datetime


class KindOut(Schema):
    kind: str
    unit: str = Field(description='"minutes", or "nights" for sleep-ins')
    delivered: int
    planned: int
    commissioned: int | None


class UnconfirmedOut(Schema):
    shift: uuid.UUID
    staff_member: uuid.UUID
    starts_at: dt.datetime


class PersonWeekOut(Schema):
    person: uuid.UUID
    name: str
    week_starts_on: dt.date
    kinds: list[KindOut]
    disturbance_minutes: int
    unconfirmed: list[UnconfirmedOut]


class WeekQuery(Schema):
    week: dt.date | None = Field(default=None, description="Any day of the week; default: now")


class OfferOut(Schema):
    public_id: uuid.UUID
    shift: uuid.UUID
    person_name: str = Field(description="The name the person goes by (no surname)")
    kind: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    status: str
    you_can_accept: bool


class AssignmentOut(Schema):
    shift: uuid.UUID
    staff_member: uuid.UUID


def _field_errors(error: DjangoValidationError) -> DjangoFieldErrors:
    if hasattr(error, "error_dict"):
        return DjangoFieldErrors(
            {
                (
                    f"disturbances.{int(name.split('_')[1]) - 1}"
                    if name.startswith("disturbance_")
                    else name
                ): messages
                for name, messages in error.message_dict.items()
            }
        )
    return DjangoFieldErrors({"__all__": error.messages})


def _confirmable(user: Any, shift_id: uuid.UUID, wanted: uuid.UUID | None) -> tuple[Shift, Any]:
    """The shift and the worker whose confirmation ``user`` may record (as on the page)."""
    mine = staff_member_of(user)
    try:
        shift, _access = access_shift(user, shift_id, write=True, page="api.rota.delivered")
    except (Http404, PermissionDenied):
        if mine is None or (wanted is not None and wanted != mine.public_id):
            raise
        own = Shift.objects.filter(
            organisation_id=user.organisation_id,
            public_id=shift_id,
            assignments__staff_member=mine,
        ).first()
        if own is None:
            raise
        return own, mine
    workers = delivery_selectors.assigned_members(shift)
    if wanted is not None:
        chosen = next((m for m in workers if m.public_id == wanted), None)
    elif mine is not None and any(m.pk == mine.pk for m in workers):
        chosen = mine
    else:
        chosen = workers[0] if len(workers) == 1 else None
    if chosen is None:
        raise DjangoFieldErrors({"staff_member": ["Name a worker who is on this shift."]})
    return shift, chosen


def _delivery_out(delivery: Delivery) -> dict[str, Any]:
    return {
        "public_id": delivery.public_id,
        "shift": delivery.shift.public_id,
        "staff_member": delivery.staff_member.public_id,
        "started_at": delivery.started_at,
        "ended_at": delivery.ended_at,
        "minutes": delivery_selectors.delivery_minutes(delivery),
        "disturbances": [
            {"started_at": d.started_at, "ended_at": d.ended_at}
            for d in delivery.disturbances.all()
        ],
        "updated_at": delivery.updated_at,
    }


@router.post(
    "/deliveries",
    response={201: DeliveryOut, **WRITE_ERRORS},
    summary="Confirm a shift as worked (or correct it), with a sleep-in's disturbances",
)
def confirm_delivery(request: HttpRequest, payload: DeliveryIn) -> Status[dict[str, Any]]:
    user = actor(request)
    shift, member = _confirmable(user, payload.shift, payload.staff_member)
    try:
        delivery = delivery_services.confirm_worked(
            actor=user,
            shift=shift,
            staff_member=member,
            started_at=payload.started_at,
            ended_at=payload.ended_at,
            note=payload.note,
            disturbances=[
                delivery_services.DisturbanceInput(d.started_at, d.ended_at, d.reason)
                for d in payload.disturbances
            ],
            seen=payload.seen,
        )
    except DjangoValidationError as error:
        raise _field_errors(error) from error
    fresh = Delivery.objects.select_related("shift", "staff_member").get(pk=delivery.pk)
    return Status(201, _delivery_out(fresh))


@router.get(
    "/delivered-hours",
    response={200: list[PersonWeekOut], **ERRORS},
    summary="Delivered, planned and commissioned hours per person for one week, by kind",
)
def get_delivered_hours(request: HttpRequest, query: Query[WeekQuery]) -> list[dict[str, Any]]:
    user = actor(request)
    require_rota_office(user)
    day = query.week or timezone.localdate()
    monday = monday_of(day)
    people = list(
        people_visible_to(user, "rota").order_by("first_name", "pk").values_list("pk", flat=True)
    )
    weeks = delivery_selectors.delivered_week(people, monday)
    return [
        {
            "person": weeks[pk].person.public_id,
            "name": weeks[pk].person.name,
            "week_starts_on": monday,
            "kinds": [
                {
                    "kind": totals.kind,
                    "unit": "nights" if totals.is_nights else "minutes",
                    "delivered": totals.delivered,
                    "planned": totals.planned,
                    "commissioned": totals.commissioned,
                }
                for totals in weeks[pk].kinds.values()
            ],
            "disturbance_minutes": weeks[pk].disturbance_minutes,
            "unconfirmed": [
                {
                    "shift": item.shift.public_id,
                    "staff_member": item.staff_member.public_id,
                    "starts_at": item.shift.starts_at,
                }
                for item in weeks[pk].unconfirmed
            ],
        }
        for pk in people
    ]


def _offer_out(offer: OpenShift, can_accept: bool) -> dict[str, Any]:
    return {
        "public_id": offer.public_id,
        "shift": offer.shift.public_id,
        "person_name": offer.shift.person.called,
        "kind": offer.shift.kind,
        "starts_at": offer.shift.starts_at,
        "ends_at": offer.shift.ends_at,
        "status": offer.status,
        "you_can_accept": can_accept,
    }


@router.get(
    "/open-shifts",
    response={200: list[OfferOut], **ERRORS},
    summary="Open shifts: those you can accept, and (for the rota office) every open offer",
)
def list_open_shifts(request: HttpRequest) -> list[dict[str, Any]]:
    user = actor(request)
    office = is_office(user)
    member: StaffMember | None = staff_member_of(user)
    if not office and member is None:
        raise Http404
    mine = offer_selectors.offers_for_worker(member) if member is not None else []
    found = {offer.pk: _offer_out(offer, True) for offer in mine}
    if office:
        visible = people_visible_to(user, "rota")
        for offer in offer_selectors.open_offers(user.organisation_id).filter(
            shift__person__in=visible
        ):
            found.setdefault(offer.pk, _offer_out(offer, False))
    return sorted(found.values(), key=lambda item: (item["starts_at"], str(item["public_id"])))


@router.post(
    "/open-shifts/{uuid:offer_id}/accept",
    response={200: AssignmentOut, **WRITE_ERRORS},
    summary="Accept an open shift: the first valid acceptance wins (409 when taken)",
)
def accept_open_shift(request: HttpRequest, offer_id: uuid.UUID) -> Any:
    user = actor(request)
    member = own_staff_member(user)
    offer = offer_selectors.offer_in_organisation(user, offer_id)
    try:
        assignment = offer_services.accept_offer(actor=user, offer=offer, staff_member=member)
    except offer_services.OfferTakenError as error:
        response: HttpResponse = envelope(409, code="taken", message=error.messages[0])
        return response
    except DjangoValidationError as error:
        raise _field_errors(error) from error
    return {"shift": offer.shift.public_id, "staff_member": assignment.staff_member.public_id}
