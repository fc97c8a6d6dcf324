"""/api/v1/people/{person}/...: the medication administration record and seizure records.

Reading is the person's ``daily`` category; writing is for the team, managers and
administrators, through the same services as the pages. A dose recorded twice, a PRN dose
without a protocol or reason, a seizure ending before it starts: 422 with field errors.
An amendment (PATCH) needs a ``reason`` and keeps the version before."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from typing import Any, Literal, TypeVar

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.errors import HttpError

from ownterms.api.auth import actor
from ownterms.api.errors import DjangoFieldErrors
from ownterms.api.routers.record_errors import field_errors
from ownterms.api.schemas import ErrorOut, Strict
from ownterms.daily.access import access_person_daily, access_record, may_amend
from ownterms.daily.models import DoseRecord, Incident, Seizure, StockCount
from ownterms.daily.selectors.medicines import (
    doses_between,
    medication_chart,
    medicine_of,
)
from ownterms.daily.selectors.seizures import seizures_of
from ownterms.daily.services.medicines import (
    amend_dose,
    record_dose,
    record_prn,
    record_stock_count,
)
from ownterms.daily.services.seizures import amend_seizure, record_seizure
from ownterms.people.access import PersonAccess
from ownterms.staff.models import StaffMember

router = Router(tags=["medication"])
ERRORS: dict[int, type[ErrorOut]] = {401: ErrorOut, 404: ErrorOut, 422: ErrorOut}
WRITE_ERRORS: dict[int, type[ErrorOut]] = {403: ErrorOut, **ERRORS}
PAGE = "api.daily.medicines"
PERSON = "/{uuid:person_id}"
_T = TypeVar("_T")
Outcome = Literal["given", "refused", "not_given"]


class DayQuery(Schema):
    day: dt.date | None = None


class RangeQuery(Schema):
    from_: dt.date | None = Field(None, alias="from")
    to: dt.date | None = None


class DoseOut(Schema):
    public_id: uuid.UUID
    medication_id: uuid.UUID
    medication: str
    prn: bool
    due_at: dt.datetime | None
    at: dt.datetime
    outcome: str
    dose: str
    reason: str
    incident_id: uuid.UUID | None
    seizure_id: uuid.UUID | None
    recorded_by: str
    version: int


class DueOut(Schema):
    medication_id: uuid.UUID
    medication: str
    due_at: dt.datetime
    state: str
    dose_id: uuid.UUID | None


class PrnMedicineOut(Schema):
    medication_id: uuid.UUID
    medication: str
    protocol: str
    psychotropic: bool
    review_on: dt.date | None
    review_overdue: bool
    doses: list[DoseOut]


class ChartOut(Schema):
    day: dt.date
    doses: list[DueOut]
    prn: list[PrnMedicineOut]
    without_times: list[str]


class DoseIn(Strict):
    """A regular dose (with ``due_at``) or a PRN dose (without)."""

    medication_id: uuid.UUID
    due_at: dt.datetime | None = None
    outcome: Outcome = "given"
    at: dt.datetime | None = None
    dose: str = Field("", max_length=100, strict=True)
    reason: str = Field("", max_length=5000, strict=True)
    incident_id: uuid.UUID | None = None


class DosePatch(Strict):
    reason_for_change: str = Field(min_length=1, max_length=500, strict=True)
    outcome: Outcome | None = None
    at: dt.datetime | None = None
    dose: str | None = Field(None, max_length=100, strict=True)
    reason: str | None = Field(None, max_length=5000, strict=True)


class SeizureOut(Schema):
    public_id: uuid.UUID
    starts_at: dt.datetime
    ends_at: dt.datetime
    seizure_type: str
    description: str
    recovery: str
    ambulance_called: bool
    rescue_medication_id: uuid.UUID | None
    rescue_given_at: dt.datetime | None
    rescue_given_by_id: uuid.UUID | None
    rescue_by_trained_worker: bool | None
    version: int


class SeizureIn(Strict):
    starts_at: dt.datetime
    ends_at: dt.datetime
    seizure_type: str = Field(max_length=15, strict=True)
    description: str = Field("", max_length=20000, strict=True)
    recovery: str = Field("", max_length=20000, strict=True)
    ambulance_called: bool = False
    rescue_medication_id: uuid.UUID | None = None
    rescue_given_at: dt.datetime | None = None
    rescue_given_by_id: uuid.UUID | None = None
    rescue_dose: str = Field("", max_length=100, strict=True)


class SeizurePatch(Strict):
    reason_for_change: str = Field(min_length=1, max_length=500, strict=True)
    starts_at: dt.datetime | None = None
    ends_at: dt.datetime | None = None
    seizure_type: str | None = Field(None, max_length=15, strict=True)
    description: str | None = Field(None, max_length=20000, strict=True)
    recovery: str | None = Field(None, max_length=20000, strict=True)
    ambulance_called: bool | None = None


class StockCountOut(Schema):
    public_id: uuid.UUID
    medication_id: uuid.UUID
    counted_at: dt.datetime
    quantity: int
    note: str


class StockCountIn(Strict):
    medication_id: uuid.UUID
    quantity: int = Field(ge=0, le=100000, strict=True)
    counted_at: dt.datetime | None = None
    note: str = Field("", max_length=500, strict=True)


def _write(call: Callable[[], _T]) -> _T:
    try:
        return call()
    except DjangoValidationError as exc:
        if not hasattr(exc, "error_dict"):
            exc = DjangoValidationError({"__all__": exc.messages})
        raise field_errors(exc) from exc


def _dose_out(record: DoseRecord) -> dict[str, Any]:
    return {
        "public_id": record.public_id,
        "medication_id": record.medication.public_id,
        "medication": f"{record.medication.name} {record.medication.dose}",
        "prn": record.is_prn,
        "due_at": record.due_at,
        "at": record.at,
        "outcome": record.outcome,
        "dose": record.dose,
        "reason": record.reason,
        "incident_id": record.incident.public_id if record.incident else None,
        "seizure_id": record.seizure.public_id if record.seizure else None,
        "recorded_by": record.recorded_by.display_name if record.recorded_by else "",
        "version": record.version,
    }


def _fresh_dose(record: DoseRecord) -> dict[str, Any]:
    return _dose_out(
        DoseRecord.objects.select_related("medication", "recorded_by", "incident", "seizure").get(
            pk=record.pk
        )
    )


def _seizure_out(record: Seizure) -> dict[str, Any]:
    return {
        **{
            name: getattr(record, name) for name in SeizureOut.model_fields if hasattr(record, name)
        },
        "rescue_medication_id": record.rescue_medication.public_id
        if record.rescue_medication
        else None,
        "rescue_given_by_id": record.rescue_given_by.public_id if record.rescue_given_by else None,
    }


def _medicine(access: PersonAccess, medication_id: uuid.UUID, field: str = "medication_id") -> Any:
    medication = medicine_of(access.person, medication_id)
    if medication is None:
        raise DjangoFieldErrors({field: [_("Not one of this person's medicines.")]})
    return medication


@router.get(
    PERSON + "/medication-chart",
    response={200: ChartOut, **ERRORS},
    summary="A person's medication chart for one day",
)
def get_medication_chart(
    request: HttpRequest, person_id: uuid.UUID, query: Query[DayQuery]
) -> dict[str, Any]:
    access = access_person_daily(actor(request), person_id, page=PAGE)
    chart = medication_chart(access.person, query.day or timezone.localdate())
    return {
        "day": chart.day,
        "doses": [
            {
                "medication_id": row.due.medication.public_id,
                "medication": f"{row.due.medication.name} {row.due.medication.dose}",
                "due_at": row.due.due_at,
                "state": row.state.value,
                "dose_id": row.record.public_id if row.record else None,
            }
            for row in chart.rows
        ],
        "prn": [
            {
                "medication_id": item.medication.public_id,
                "medication": f"{item.medication.name} {item.medication.dose}",
                "protocol": item.medication.prn_protocol,
                "psychotropic": item.medication.is_psychotropic,
                "review_on": item.medication.review_on,
                "review_overdue": item.review_overdue,
                "doses": [_dose_out(d) for d in item.doses],
            }
            for item in chart.prn
        ],
        "without_times": [m.name for m in chart.without_times],
    }


@router.get(PERSON + "/doses", response={200: list[DoseOut], **ERRORS}, summary="Doses recorded")
def list_doses(
    request: HttpRequest,
    person_id: uuid.UUID,
    query: Query[RangeQuery],
) -> list[dict[str, Any]]:
    access = access_person_daily(actor(request), person_id, page=PAGE)
    last = query.to or timezone.localdate()
    first = query.from_ or last - dt.timedelta(days=6)
    if last < first or (last - first).days > 92:
        raise DjangoFieldErrors({"to": [_("Ask for at most 93 days, from before to.")]})
    return [_dose_out(r) for r in doses_between(access.person, first, last)]


@router.post(PERSON + "/doses", response={201: DoseOut, **WRITE_ERRORS}, summary="Record a dose")
def create_dose(request: HttpRequest, person_id: uuid.UUID, payload: DoseIn) -> Status[Any]:
    user = actor(request)
    access = access_person_daily(user, person_id, write=True, page=PAGE)
    medication = _medicine(access, payload.medication_id)
    if payload.due_at is not None:
        if payload.incident_id is not None:
            raise DjangoFieldErrors({"incident_id": [_("Only a PRN dose links to an incident.")]})
        due_at = payload.due_at
        record = _write(
            lambda: record_dose(
                actor=user,
                person=access.person,
                medication=medication,
                due_at=due_at,
                outcome=payload.outcome,
                reason=payload.reason,
                dose=payload.dose,
                at=payload.at,
                basis=access.basis.value,
            )
        )
    else:
        if payload.outcome != "given":
            raise DjangoFieldErrors({"outcome": [_("A when-needed dose is recorded as given.")]})
        incident = None
        if payload.incident_id is not None:
            incident = Incident.objects.filter(
                person=access.person, public_id=payload.incident_id
            ).first()
            if incident is None:
                raise DjangoFieldErrors({"incident_id": [_("Not one of this person's incidents.")]})
        record = _write(
            lambda: record_prn(
                actor=user,
                person=access.person,
                medication=medication,
                reason=payload.reason,
                at=payload.at,
                dose=payload.dose,
                incident=incident,
                basis=access.basis.value,
            )
        )
    return Status(201, _fresh_dose(record))


@router.get(PERSON + "/doses/{uuid:dose_id}", response={200: DoseOut, **ERRORS}, summary="One dose")
def get_dose(request: HttpRequest, person_id: uuid.UUID, dose_id: uuid.UUID) -> dict[str, Any]:
    record, _access = access_record(actor(request), person_id, DoseRecord, dose_id, page=PAGE)
    return _fresh_dose(record)


@router.patch(
    PERSON + "/doses/{uuid:dose_id}",
    response={200: DoseOut, **WRITE_ERRORS},
    summary="Amend a dose record (with a reason)",
)
def amend_dose_endpoint(
    request: HttpRequest, person_id: uuid.UUID, dose_id: uuid.UUID, payload: DosePatch
) -> dict[str, Any]:
    user = actor(request)
    record, access = access_record(user, person_id, DoseRecord, dose_id, write=True, page=PAGE)
    if not may_amend(user, access, record):
        raise HttpError(403, "forbidden")
    changes = payload.model_dump(exclude_unset=True, exclude={"reason_for_change"})
    empty = [name for name, value in changes.items() if value is None]
    if empty:
        raise DjangoFieldErrors({name: [_("This field cannot be empty.")] for name in empty})
    amended = _write(
        lambda: amend_dose(
            actor=user, record=record, changes=changes, reason=payload.reason_for_change
        )
    )
    return _fresh_dose(amended)


@router.get(
    PERSON + "/seizures", response={200: list[SeizureOut], **ERRORS}, summary="Seizure records"
)
def list_seizures(request: HttpRequest, person_id: uuid.UUID) -> list[dict[str, Any]]:
    access = access_person_daily(actor(request), person_id, page=PAGE)
    return [_seizure_out(s) for s in seizures_of(access.person)[:500]]


@router.post(
    PERSON + "/seizures", response={201: SeizureOut, **WRITE_ERRORS}, summary="Record a seizure"
)
def create_seizure(request: HttpRequest, person_id: uuid.UUID, payload: SeizureIn) -> Status[Any]:
    user = actor(request)
    access = access_person_daily(user, person_id, write=True, page=PAGE)
    medication = None
    if payload.rescue_medication_id is not None:
        medication = _medicine(access, payload.rescue_medication_id, "rescue_medication_id")
    giver = None
    if payload.rescue_given_by_id is not None:
        giver = StaffMember.objects.filter(
            organisation_id=access.person.organisation_id, public_id=payload.rescue_given_by_id
        ).first()
        if giver is None:
            raise DjangoFieldErrors({"rescue_given_by_id": [_("Choose a member of the team.")]})
    values = payload.model_dump(exclude={"rescue_medication_id", "rescue_given_by_id"})
    record = _write(
        lambda: record_seizure(
            actor=user,
            person=access.person,
            rescue_medication=medication,
            rescue_given_by=giver,
            basis=access.basis.value,
            **values,
        )
    )
    return Status(201, _seizure_out(seizures_of(access.person).get(pk=record.pk)))


@router.get(
    PERSON + "/seizures/{uuid:seizure_id}",
    response={200: SeizureOut, **ERRORS},
    summary="One seizure record",
)
def get_seizure(
    request: HttpRequest, person_id: uuid.UUID, seizure_id: uuid.UUID
) -> dict[str, Any]:
    record, _access = access_record(actor(request), person_id, Seizure, seizure_id, page=PAGE)
    return _seizure_out(record)


@router.patch(
    PERSON + "/seizures/{uuid:seizure_id}",
    response={200: SeizureOut, **WRITE_ERRORS},
    summary="Amend a seizure record (with a reason)",
)
def amend_seizure_endpoint(
    request: HttpRequest, person_id: uuid.UUID, seizure_id: uuid.UUID, payload: SeizurePatch
) -> dict[str, Any]:
    user = actor(request)
    record, access = access_record(user, person_id, Seizure, seizure_id, write=True, page=PAGE)
    if not may_amend(user, access, record):
        raise HttpError(403, "forbidden")
    changes = payload.model_dump(exclude_unset=True, exclude={"reason_for_change"})
    empty = [name for name, value in changes.items() if value is None]
    if empty:
        raise DjangoFieldErrors({name: [_("This field cannot be empty.")] for name in empty})
    amended = _write(
        lambda: amend_seizure(
            actor=user, record=record, changes=changes, reason=payload.reason_for_change
        )
    )
    return _seizure_out(seizures_of(access.person).get(pk=amended.pk))


@router.get(
    PERSON + "/stock-counts",
    response={200: list[StockCountOut], **ERRORS},
    summary="Stock counts",
)
def list_stock_counts(request: HttpRequest, person_id: uuid.UUID) -> list[dict[str, Any]]:
    access = access_person_daily(actor(request), person_id, page=PAGE)
    return [
        _count_out(c)
        for c in StockCount.objects.filter(person=access.person).select_related("medication")[:500]
    ]


def _count_out(count: StockCount) -> dict[str, Any]:
    return {
        "public_id": count.public_id,
        "medication_id": count.medication.public_id,
        "counted_at": count.counted_at,
        "quantity": count.quantity,
        "note": count.note,
    }


@router.post(
    PERSON + "/stock-counts",
    response={201: StockCountOut, **WRITE_ERRORS},
    summary="Record a stock count",
)
def create_stock_count(
    request: HttpRequest, person_id: uuid.UUID, payload: StockCountIn
) -> Status[Any]:
    user = actor(request)
    access = access_person_daily(user, person_id, write=True, page=PAGE)
    medication = _medicine(access, payload.medication_id)
    count = _write(
        lambda: record_stock_count(
            actor=user,
            person=access.person,
            medication=medication,
            quantity=payload.quantity,
            counted_at=payload.counted_at,
            note=payload.note,
            basis=access.basis.value,
        )
    )
    count.medication = medication
    return Status(201, _count_out(count))
