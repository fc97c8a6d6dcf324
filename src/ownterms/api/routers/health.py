"""/api/v1/health: a person's health summary and medication, with the same access rules and
services as the pages (``health`` category; changes by managers and administrators)."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Literal

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Router, Schema, Status

from ownterms.api.auth import actor
from ownterms.api.routers.record_errors import field_errors
from ownterms.api.schemas import ErrorOut, Strict
from ownterms.health.models import Allergy, Condition, HealthContact, HealthItem, Medication
from ownterms.health.selectors import health_summary, medication_of
from ownterms.health.services import (
    add_item,
    add_medication,
    change_medication,
    stop_medication,
)
from ownterms.people.access import PersonAccess, access_person
from ownterms.people.models import ConsentCategory

router = Router(tags=["health"])
ERRORS: dict[int, type[ErrorOut]] = {401: ErrorOut, 404: ErrorOut, 422: ErrorOut}
WRITE_ERRORS: dict[int, type[ErrorOut]] = {**ERRORS, 403: ErrorOut}
CATEGORY = ConsentCategory.HEALTH
PAGE = "api.health"

Route = Literal["oral", "buccal", "nasal", "rectal", "topical", "inhaled", "injection", "other"]


class ConditionOut(Schema):
    public_id: uuid.UUID
    name: str
    notes: str
    since: dt.date | None


class AllergyOut(Schema):
    public_id: uuid.UUID
    substance: str
    reaction: str
    severity: str


class HealthContactOut(Schema):
    public_id: uuid.UUID
    role: str
    name: str
    organisation_name: str
    phone: str
    email: str


class MedicationOut(Schema):
    public_id: uuid.UUID
    name: str
    dose: str
    route: str
    kind: str
    frequency: str
    prn_protocol: str
    starts_on: dt.date
    stops_on: dt.date | None
    stop_reason: str
    is_psychotropic: bool
    psychotropic_reason: str
    review_on: dt.date | None
    review_overdue: bool
    replaces: uuid.UUID | None

    @staticmethod
    def resolve_review_overdue(obj: Medication) -> bool:
        return obj.review_overdue(timezone.localdate())

    @staticmethod
    def resolve_replaces(obj: Medication) -> uuid.UUID | None:
        return obj.replaces.public_id if obj.replaces is not None else None


class HealthSummaryOut(Schema):
    conditions: list[ConditionOut]
    allergies: list[AllergyOut]
    contacts: list[HealthContactOut]
    medications: list[MedicationOut]


class ConditionIn(Strict):
    name: str = Field(min_length=1, max_length=150, strict=True)
    notes: str = Field("", max_length=1000, strict=True)
    since: dt.date | None = None


class AllergyIn(Strict):
    substance: str = Field(min_length=1, max_length=150, strict=True)
    reaction: str = Field("", max_length=500, strict=True)
    severity: Literal["mild", "moderate", "severe", "life_threatening", "unknown"]


class HealthContactIn(Strict):
    role: Literal[
        "gp",
        "nurse",
        "psychiatrist",
        "neurologist",
        "pharmacist",
        "dentist",
        "therapist",
        "social_worker",
        "other",
    ]
    name: str = Field(min_length=1, max_length=150, strict=True)
    organisation_name: str = Field("", max_length=150, strict=True)
    phone: str = Field("", max_length=40, strict=True)
    email: str = Field("", max_length=254, strict=True)


class MedicationIn(Strict):
    name: str = Field(min_length=1, max_length=150, strict=True)
    dose: str = Field(min_length=1, max_length=100, strict=True)
    route: Route
    kind: Literal["regular", "prn"]
    frequency: str = Field(min_length=1, max_length=200, strict=True)
    prn_protocol: str = Field("", max_length=1000, strict=True)
    starts_on: dt.date
    is_psychotropic: bool = Field(False, strict=True)
    psychotropic_reason: str = Field("", max_length=500, strict=True)
    review_on: dt.date | None = None


class MedicationChangeIn(Strict):
    """A new entry from ``changes_on``; fields not sent keep their current values."""

    changes_on: dt.date
    name: str | None = Field(None, min_length=1, max_length=150, strict=True)
    dose: str | None = Field(None, min_length=1, max_length=100, strict=True)
    route: Route | None = None
    kind: Literal["regular", "prn"] | None = None
    frequency: str | None = Field(None, min_length=1, max_length=200, strict=True)
    prn_protocol: str | None = Field(None, max_length=1000, strict=True)
    is_psychotropic: bool | None = Field(None, strict=True)
    psychotropic_reason: str | None = Field(None, max_length=500, strict=True)
    review_on: dt.date | None = None


class MedicationStopIn(Strict):
    stops_on: dt.date | None = None
    reason: str = Field(min_length=1, max_length=300, strict=True)


def _access(request: HttpRequest, person_id: uuid.UUID, *, write: bool = False) -> PersonAccess:
    return access_person(actor(request), person_id, category=CATEGORY, write=write, page=PAGE)


@router.get(
    "/{uuid:person_id}",
    response={200: HealthSummaryOut, **ERRORS},
    summary="A person's health summary (current medication only)",
)
def get_health_summary(request: HttpRequest, person_id: uuid.UUID) -> dict[str, object]:
    summary = health_summary(_access(request, person_id).person)
    return {
        "conditions": summary.conditions,
        "allergies": summary.allergies,
        "contacts": summary.contacts,
        "medications": summary.medications,
    }


def _add_item(
    request: HttpRequest, person_id: uuid.UUID, model: type[HealthItem], values: dict[str, object]
) -> Status[HealthItem]:
    access = _access(request, person_id, write=True)
    try:
        item = add_item(
            actor=actor(request),
            person=access.person,
            model=model,
            basis=access.basis.value,
            **values,
        )
    except DjangoValidationError as exc:
        raise field_errors(exc) from exc
    return Status(201, item)


@router.post(
    "/{uuid:person_id}/conditions",
    response={201: ConditionOut, **WRITE_ERRORS},
    summary="Add a condition",
)
def add_condition(
    request: HttpRequest, person_id: uuid.UUID, payload: ConditionIn
) -> Status[HealthItem]:
    return _add_item(request, person_id, Condition, payload.model_dump())


@router.post(
    "/{uuid:person_id}/allergies",
    response={201: AllergyOut, **WRITE_ERRORS},
    summary="Add an allergy",
)
def add_allergy(
    request: HttpRequest, person_id: uuid.UUID, payload: AllergyIn
) -> Status[HealthItem]:
    return _add_item(request, person_id, Allergy, payload.model_dump())


@router.post(
    "/{uuid:person_id}/contacts",
    response={201: HealthContactOut, **WRITE_ERRORS},
    summary="Add a GP or key professional",
)
def add_health_contact(
    request: HttpRequest, person_id: uuid.UUID, payload: HealthContactIn
) -> Status[HealthItem]:
    return _add_item(request, person_id, HealthContact, payload.model_dump())


@router.get(
    "/{uuid:person_id}/medications",
    response={200: list[MedicationOut], **ERRORS},
    summary="Every medication entry, current and stopped (the history)",
)
def list_medications(request: HttpRequest, person_id: uuid.UUID) -> list[Medication]:
    summary = health_summary(_access(request, person_id).person)
    return summary.medications + summary.past_medications


@router.post(
    "/{uuid:person_id}/medications",
    response={201: MedicationOut, **WRITE_ERRORS},
    summary="Add a medicine",
)
def add_medication_endpoint(
    request: HttpRequest, person_id: uuid.UUID, payload: MedicationIn
) -> Status[Medication]:
    access = _access(request, person_id, write=True)
    try:
        medication = add_medication(
            actor=actor(request),
            person=access.person,
            basis=access.basis.value,
            **payload.model_dump(),
        )
    except DjangoValidationError as exc:
        raise field_errors(exc) from exc
    return Status(201, medication)


@router.post(
    "/{uuid:person_id}/medications/{uuid:medication_id}/change",
    response={201: MedicationOut, **WRITE_ERRORS},
    summary="Change a medicine from a date (the old entry stops, a new one starts)",
)
def change_medication_endpoint(
    request: HttpRequest,
    person_id: uuid.UUID,
    medication_id: uuid.UUID,
    payload: MedicationChangeIn,
) -> Status[Medication]:
    access = _access(request, person_id, write=True)
    medication = medication_of(access.person, medication_id)
    changes = payload.model_dump(exclude_unset=True)
    changes_on = changes.pop("changes_on")
    for text in ("prn_protocol", "psychotropic_reason"):
        if text in changes and changes[text] is None:
            changes[text] = ""
    changes = {
        name: value for name, value in changes.items() if value is not None or name == "review_on"
    }
    try:
        new = change_medication(
            actor=actor(request),
            medication=medication,
            changes_on=changes_on,
            basis=access.basis.value,
            **changes,
        )
    except DjangoValidationError as exc:
        raise field_errors(exc) from exc
    return Status(201, new)


@router.post(
    "/{uuid:person_id}/medications/{uuid:medication_id}/stop",
    response={200: MedicationOut, **WRITE_ERRORS},
    summary="Stop a medicine (it is kept in the history)",
)
def stop_medication_endpoint(
    request: HttpRequest, person_id: uuid.UUID, medication_id: uuid.UUID, payload: MedicationStopIn
) -> Medication:
    access = _access(request, person_id, write=True)
    medication = medication_of(access.person, medication_id)
    try:
        return stop_medication(
            actor=actor(request),
            medication=medication,
            stops_on=payload.stops_on,
            reason=payload.reason,
            basis=access.basis.value,
        )
    except DjangoValidationError as exc:
        raise field_errors(exc) from exc
