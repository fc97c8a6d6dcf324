"""/api/v1/circle: a person's circle of support and the consent given to each member (read:
``profile``; changes: managers and administrators), through the same services as the pages.
Contact details are shown only to those the person page shows them to."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Literal

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import HttpRequest
from ninja import Field, Router, Schema, Status

from ownterms.api.auth import actor
from ownterms.api.routers.record_errors import field_errors
from ownterms.api.schemas import ErrorOut, Strict
from ownterms.people.access import PersonAccess, access_person
from ownterms.people.models import CircleMember, Consent, ConsentCategory
from ownterms.people.selectors import circle_member_of, consent_of, consent_state, person_circle
from ownterms.people.services import (
    add_circle_member,
    end_consent,
    give_consent,
    update_circle_member,
    withdraw_consent,
)
from ownterms.people.views import CONTACT_DETAIL_BASES

router = Router(tags=["circle"])
ERRORS: dict[int, type[ErrorOut]] = {401: ErrorOut, 404: ErrorOut, 422: ErrorOut}
WRITE_ERRORS: dict[int, type[ErrorOut]] = {**ERRORS, 403: ErrorOut}
CATEGORY = ConsentCategory.PROFILE
PAGE = "api.circle"

Kind = Literal["family", "friend", "neighbour", "advocate", "professional", "other"]
Category = Literal["profile", "rota", "plans", "health", "daily", "money"]


class ConsentOut(Schema):
    public_id: uuid.UUID
    category: str
    given_by: str
    starts_on: dt.date
    ends_on: dt.date | None
    withdrawn_at: dt.datetime | None
    state: str

    @staticmethod
    def resolve_state(obj: Consent) -> str:
        return consent_state(obj)


class CircleMemberOut(Schema):
    public_id: uuid.UUID
    name: str
    kind: str
    relationship: str
    is_paid: bool
    role: str
    #: Only for those who see contact details (not other circle members or partners).
    email: str | None
    phone: str | None
    consents: list[ConsentOut]


class CircleMemberIn(Strict):
    name: str = Field(min_length=1, max_length=150, strict=True)
    kind: Kind
    relationship: str = Field(min_length=1, max_length=100, strict=True)
    is_paid: bool = Field(False, strict=True)
    role: str = Field("", max_length=200, strict=True)
    email: str = Field("", max_length=254, strict=True)
    phone: str = Field("", max_length=40, strict=True)


class CircleMemberUpdate(Strict):
    name: str | None = Field(None, min_length=1, max_length=150, strict=True)
    kind: Kind | None = None
    relationship: str | None = Field(None, min_length=1, max_length=100, strict=True)
    is_paid: bool | None = Field(None, strict=True)
    role: str | None = Field(None, max_length=200, strict=True)
    email: str | None = Field(None, max_length=254, strict=True)
    phone: str | None = Field(None, max_length=40, strict=True)


class ConsentIn(Strict):
    category: Category
    given_by: Literal["person", "attorney", "best_interests"]
    starts_on: dt.date
    ends_on: dt.date | None = None
    decision_note: str = Field("", max_length=500, strict=True)


class ConsentEndIn(Strict):
    ends_on: dt.date | None = None


def _access(request: HttpRequest, person_id: uuid.UUID, *, write: bool = False) -> PersonAccess:
    return access_person(actor(request), person_id, category=CATEGORY, write=write, page=PAGE)


def _member_out(member: CircleMember, show_contacts: bool) -> dict[str, object]:
    return {
        "public_id": member.public_id,
        "name": member.name,
        "kind": member.kind,
        "relationship": member.relationship,
        "is_paid": member.is_paid,
        "role": member.role,
        "email": member.email if show_contacts else None,
        "phone": member.phone if show_contacts else None,
        "consents": sorted(member.consents.all(), key=lambda c: (c.category, c.starts_on)),
    }


@router.get(
    "/{uuid:person_id}",
    response={200: list[CircleMemberOut], **ERRORS},
    summary="A person's circle of support, with what each member may see",
)
def list_circle(request: HttpRequest, person_id: uuid.UUID) -> list[dict[str, object]]:
    access = _access(request, person_id)
    show = access.basis in CONTACT_DETAIL_BASES
    return [_member_out(member, show) for member in person_circle(access.person)]


@router.post(
    "/{uuid:person_id}",
    response={201: CircleMemberOut, **WRITE_ERRORS},
    summary="Add someone to the circle of support",
)
def add_circle_member_endpoint(
    request: HttpRequest, person_id: uuid.UUID, payload: CircleMemberIn
) -> Status[dict[str, object]]:
    access = _access(request, person_id, write=True)
    try:
        member = add_circle_member(
            actor=actor(request), person=access.person, **payload.model_dump()
        )
    except DjangoValidationError as exc:
        raise field_errors(exc) from exc
    return Status(201, _member_out(member, True))


@router.patch(
    "/{uuid:person_id}/members/{uuid:member_id}",
    response={200: CircleMemberOut, **WRITE_ERRORS},
    summary="Change a circle member's details",
)
def update_circle_member_endpoint(
    request: HttpRequest, person_id: uuid.UUID, member_id: uuid.UUID, payload: CircleMemberUpdate
) -> dict[str, object]:
    access = _access(request, person_id, write=True)
    member = circle_member_of(access.person, member_id)
    changes = payload.model_dump(exclude_unset=True)
    for required in ("name", "kind", "relationship", "is_paid"):
        if required in changes and changes[required] is None:
            raise field_errors(DjangoValidationError({required: ["This field cannot be empty."]}))
    changes = {name: ("" if value is None else value) for name, value in changes.items()}
    try:
        member = update_circle_member(
            actor=actor(request), circle_member=member, basis=access.basis.value, **changes
        )
    except DjangoValidationError as exc:
        raise field_errors(exc) from exc
    return _member_out(member, True)


@router.post(
    "/{uuid:person_id}/members/{uuid:member_id}/consents",
    response={201: ConsentOut, **WRITE_ERRORS},
    summary="Record consent to share one part of the record with a circle member",
)
def give_consent_endpoint(
    request: HttpRequest, person_id: uuid.UUID, member_id: uuid.UUID, payload: ConsentIn
) -> Status[Consent]:
    access = _access(request, person_id, write=True)
    member = circle_member_of(access.person, member_id)
    try:
        consent = give_consent(actor=actor(request), circle_member=member, **payload.model_dump())
    except DjangoValidationError as exc:
        raise field_errors(exc) from exc
    return Status(201, consent)


@router.post(
    "/{uuid:person_id}/consents/{uuid:consent_id}/withdraw",
    response={200: ConsentOut, **WRITE_ERRORS},
    summary="Withdraw a consent now",
)
def withdraw_consent_endpoint(
    request: HttpRequest, person_id: uuid.UUID, consent_id: uuid.UUID
) -> Consent:
    access = _access(request, person_id, write=True)
    return withdraw_consent(actor=actor(request), consent=consent_of(access.person, consent_id))


@router.post(
    "/{uuid:person_id}/consents/{uuid:consent_id}/end",
    response={200: ConsentOut, **WRITE_ERRORS},
    summary="End a consent on a date (default today: at once)",
)
def end_consent_endpoint(
    request: HttpRequest, person_id: uuid.UUID, consent_id: uuid.UUID, payload: ConsentEndIn
) -> Consent:
    access = _access(request, person_id, write=True)
    consent = consent_of(access.person, consent_id)
    try:
        return end_consent(actor=actor(request), consent=consent, ends_on=payload.ends_on)
    except DjangoValidationError as exc:
        raise field_errors(exc) from exc
