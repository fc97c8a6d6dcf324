"""/api/v1/people/{person}/behaviour-plan, /incidents and /restrictive-practices: a person's
behaviour support plan, incidents (ABC) and restrictive practice events, with the same access
rules (the ``daily`` category) and services as the pages. Rule breaks answer 422 with field
errors: closing an incomplete incident lists every missing part."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from typing import Literal, TypeVar

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest
from ninja import Field, Router, Schema, Status

from ownterms.api.auth import actor
from ownterms.api.errors import DjangoFieldErrors
from ownterms.api.routers.record_errors import field_errors
from ownterms.api.schemas import ErrorOut, Strict
from ownterms.daily.access import access_person_daily, access_record, may_amend
from ownterms.daily.models import Incident, RestrictivePracticeEvent
from ownterms.daily.selectors.behaviour import (
    incidents_of,
    missing_parts,
    plan_of,
    practices_of,
    team_staff,
)
from ownterms.daily.services import behaviour as services

router = Router(tags=["behaviour"])
ERRORS: dict[int, type[ErrorOut]] = {401: ErrorOut, 404: ErrorOut, 422: ErrorOut}
WRITE_ERRORS: dict[int, type[ErrorOut]] = {403: ErrorOut, **ERRORS}
PAGE = "api.daily.behaviour"
PERSON = "/{uuid:person_id}"
INCIDENTS = PERSON + "/incidents"
INCIDENT = INCIDENTS + "/{uuid:incident_id}"
PRACTICES = PERSON + "/restrictive-practices"
Kind = Literal[
    "physical", "supine", "prone", "mechanical", "chemical", "environmental", "seclusion", "other"
]
TEXT = 20000
_T = TypeVar("_T")


class AuthorisedPracticeOut(Schema):
    public_id: uuid.UUID
    kind: str
    description: str
    legal_basis: str
    legal_basis_detail: str
    authorised_on: dt.date
    review_on: dt.date
    ends_on: dt.date | None


class PlanOut(Schema):
    public_id: uuid.UUID
    hypotheses: str
    green: str
    amber: str
    red: str
    reduction_plan: str
    review_on: dt.date
    version: int
    authorised_practices: list[AuthorisedPracticeOut]


class IncidentOut(Schema):
    public_id: uuid.UUID
    status: str
    version: int
    starts_at: dt.datetime
    ends_at: dt.datetime | None
    location: str
    activity: str
    people_present: str
    setting_events: str
    antecedent: str
    behaviour: str
    behaviour_minutes: int | None
    intensity: int | None
    consequence: str
    strategies_used: str
    injuries: str
    debrief: str
    safeguarding_needed: bool | None
    regulator_notification_needed: bool | None
    closed_at: dt.datetime | None
    #: What is still needed before it can be closed (empty once complete).
    missing: list[str]
    restrictive_practices: list[uuid.UUID]

    @staticmethod
    def resolve_missing(obj: Incident) -> list[str]:
        return sorted(missing_parts(obj))

    @staticmethod
    def resolve_restrictive_practices(obj: Incident) -> list[uuid.UUID]:
        events = sorted(obj.restrictive_practices.all(), key=lambda e: (e.starts_at, e.pk))
        return [event.public_id for event in events]


class PracticeOut(Schema):
    public_id: uuid.UUID
    version: int
    kind: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    staff: list[uuid.UUID]
    technique: str
    alternatives_tried: str
    injury_checks: str
    person_account: str
    debrief: str
    incident: uuid.UUID | None
    authorised: bool
    authorised_practice: uuid.UUID | None
    alerted_at: dt.datetime | None

    @staticmethod
    def resolve_staff(obj: RestrictivePracticeEvent) -> list[uuid.UUID]:
        return [member.public_id for member in obj.staff.all()]

    @staticmethod
    def resolve_incident(obj: RestrictivePracticeEvent) -> uuid.UUID | None:
        return obj.incident.public_id if obj.incident is not None else None

    @staticmethod
    def resolve_authorised(obj: RestrictivePracticeEvent) -> bool:
        return not obj.unauthorised

    @staticmethod
    def resolve_authorised_practice(obj: RestrictivePracticeEvent) -> uuid.UUID | None:
        found = obj.authorised_practice
        return found.public_id if found is not None else None


def _text(default: str | None = "") -> object:
    return Field(default, max_length=TEXT, strict=True)


class IncidentIn(Strict):
    starts_at: dt.datetime
    ends_at: dt.datetime | None = None
    location: str = Field("", max_length=300, strict=True)
    activity: str = Field("", max_length=300, strict=True)
    people_present: str = Field("", max_length=500, strict=True)
    setting_events: str = _text()  # type: ignore[assignment]
    antecedent: str = _text()  # type: ignore[assignment]
    behaviour: str = _text()  # type: ignore[assignment]
    behaviour_minutes: int | None = Field(None, ge=0, le=24 * 60, strict=True)
    intensity: int | None = Field(None, ge=1, le=5, strict=True)
    consequence: str = _text()  # type: ignore[assignment]
    strategies_used: str = _text()  # type: ignore[assignment]
    injuries: str = _text()  # type: ignore[assignment]
    debrief: str = _text()  # type: ignore[assignment]
    safeguarding_needed: bool | None = Field(None, strict=True)
    regulator_notification_needed: bool | None = Field(None, strict=True)


class IncidentPatch(Strict):
    """Only the fields sent change. ``reason`` may be left out while the incident is open;
    ``version`` (optional) refuses the change if someone changed it meanwhile."""

    reason: str = Field("", max_length=500, strict=True)
    version: int | None = Field(None, strict=True)
    starts_at: dt.datetime | None = None
    ends_at: dt.datetime | None = None
    location: str | None = Field(None, max_length=300, strict=True)
    activity: str | None = Field(None, max_length=300, strict=True)
    people_present: str | None = Field(None, max_length=500, strict=True)
    setting_events: str | None = _text(None)  # type: ignore[assignment]
    antecedent: str | None = _text(None)  # type: ignore[assignment]
    behaviour: str | None = _text(None)  # type: ignore[assignment]
    behaviour_minutes: int | None = Field(None, ge=0, le=24 * 60, strict=True)
    intensity: int | None = Field(None, ge=1, le=5, strict=True)
    consequence: str | None = _text(None)  # type: ignore[assignment]
    strategies_used: str | None = _text(None)  # type: ignore[assignment]
    injuries: str | None = _text(None)  # type: ignore[assignment]
    debrief: str | None = _text(None)  # type: ignore[assignment]
    safeguarding_needed: bool | None = Field(None, strict=True)
    regulator_notification_needed: bool | None = Field(None, strict=True)


class PracticeIn(Strict):
    kind: Kind
    starts_at: dt.datetime
    ends_at: dt.datetime
    #: Public ids of the staff involved (from the person's team).
    staff: list[uuid.UUID] = Field(min_length=1, max_length=20)
    incident: uuid.UUID | None = None
    technique: str = Field(min_length=1, max_length=TEXT, strict=True)
    alternatives_tried: str = Field(min_length=1, max_length=TEXT, strict=True)
    injury_checks: str = Field(min_length=1, max_length=TEXT, strict=True)
    person_account: str = _text()  # type: ignore[assignment]
    debrief: str = _text()  # type: ignore[assignment]


#: Fields that may be set back to empty (``null``) in a PATCH.
NULLABLE = frozenset(
    {
        "ends_at",
        "behaviour_minutes",
        "intensity",
        "safeguarding_needed",
        "regulator_notification_needed",
    }
)


def _write(call: Callable[[], _T]) -> _T:
    try:
        return call()
    except DjangoValidationError as exc:
        raise field_errors(exc) from exc


def _incident(person_id: uuid.UUID, incident_id: uuid.UUID, request: HttpRequest) -> Incident:
    return access_record(actor(request), person_id, Incident, incident_id, page=PAGE)[0]


@router.get(
    PERSON + "/behaviour-plan",
    response={200: PlanOut, **ERRORS},
    summary="A person's behaviour support plan, with its authorised restrictive practices",
)
def behaviour_get_plan(request: HttpRequest, person_id: uuid.UUID) -> object:
    access = access_person_daily(actor(request), person_id, page=PAGE)
    plan = plan_of(access.person)
    if plan is None:
        raise Http404
    return plan


@router.get(INCIDENTS, response={200: list[IncidentOut], **ERRORS}, summary="Incidents")
def behaviour_list_incidents(request: HttpRequest, person_id: uuid.UUID) -> list[Incident]:
    access = access_person_daily(actor(request), person_id, page=PAGE)
    return list(incidents_of(access.person).prefetch_related("restrictive_practices"))


@router.post(
    INCIDENTS,
    response={201: IncidentOut, **WRITE_ERRORS},
    summary="Record an incident (saved as open)",
)
def behaviour_create_incident(
    request: HttpRequest, person_id: uuid.UUID, payload: IncidentIn
) -> Status[Incident]:
    user = actor(request)
    access = access_person_daily(user, person_id, write=True, page=PAGE)
    incident = _write(
        lambda: services.start_incident(
            actor=user, person=access.person, basis=access.basis.value, **payload.model_dump()
        )
    )
    return Status(201, incident)


@router.get(INCIDENT, response={200: IncidentOut, **ERRORS}, summary="One incident")
def behaviour_get_incident(
    request: HttpRequest, person_id: uuid.UUID, incident_id: uuid.UUID
) -> Incident:
    return _incident(person_id, incident_id, request)


def _amendable(request: HttpRequest, person_id: uuid.UUID, incident_id: uuid.UUID) -> Incident:
    user = actor(request)
    incident, access = access_record(user, person_id, Incident, incident_id, write=True, page=PAGE)
    if not may_amend(user, access, incident):
        raise PermissionDenied
    return incident


@router.patch(
    INCIDENT,
    response={200: IncidentOut, **WRITE_ERRORS},
    summary="Change an incident (every version is kept)",
)
def behaviour_update_incident(
    request: HttpRequest, person_id: uuid.UUID, incident_id: uuid.UUID, payload: IncidentPatch
) -> Incident:
    incident = _amendable(request, person_id, incident_id)
    changes = payload.model_dump(exclude_unset=True)
    reason = changes.pop("reason", "")
    version = changes.pop("version", None)
    empty = sorted(
        name for name, value in changes.items() if value is None and name not in NULLABLE
    )
    if empty:
        raise DjangoFieldErrors({key: ["This field cannot be empty."] for key in empty})
    if not changes:
        raise field_errors(DjangoValidationError("Send at least one field to change."))
    return _write(
        lambda: services.update_incident(
            actor=actor(request),
            incident=incident,
            changes=changes,
            reason=reason,
            expected_version=version,
        )
    )


@router.post(
    INCIDENT + "/close",
    response={200: IncidentOut, **WRITE_ERRORS},
    summary="Close a complete incident (422 lists every missing part)",
)
def behaviour_close_incident(
    request: HttpRequest, person_id: uuid.UUID, incident_id: uuid.UUID
) -> Incident:
    incident = _amendable(request, person_id, incident_id)
    return _write(lambda: services.close_incident(actor=actor(request), incident=incident))


@router.get(
    PRACTICES,
    response={200: list[PracticeOut], **ERRORS},
    summary="Restrictive practice events",
)
def behaviour_list_practices(
    request: HttpRequest, person_id: uuid.UUID
) -> list[RestrictivePracticeEvent]:
    access = access_person_daily(actor(request), person_id, page=PAGE)
    return list(practices_of(access.person))


@router.post(
    PRACTICES,
    response={201: PracticeOut, **WRITE_ERRORS},
    summary="Record a restrictive practice (matched to the plan; flagged when not authorised)",
)
def behaviour_create_practice(
    request: HttpRequest, person_id: uuid.UUID, payload: PracticeIn
) -> Status[RestrictivePracticeEvent]:
    user = actor(request)
    access = access_person_daily(user, person_id, write=True, page=PAGE)
    values = payload.model_dump()
    staff_ids = set(values.pop("staff"))
    staff = list(team_staff(access.person, None).filter(public_id__in=staff_ids))
    if len(staff) != len(staff_ids):
        raise DjangoFieldErrors({"staff": ["Choose staff from the person's team."]})
    incident_id = values.pop("incident")
    incident = None
    if incident_id is not None:
        incident = Incident.objects.filter(person=access.person, public_id=incident_id).first()
        if incident is None:
            raise DjangoFieldErrors({"incident": ["Choose an incident of this person."]})
    event = _write(
        lambda: services.record_restrictive_practice(
            actor=user,
            person=access.person,
            staff=staff,
            incident=incident,
            basis=access.basis.value,
            **values,
        )
    )
    return Status(201, practices_of(access.person).get(pk=event.pk))


@router.get(
    PRACTICES + "/{uuid:event_id}",
    response={200: PracticeOut, **ERRORS},
    summary="One restrictive practice event",
)
def behaviour_get_practice(
    request: HttpRequest, person_id: uuid.UUID, event_id: uuid.UUID
) -> RestrictivePracticeEvent:
    event, access = access_record(
        actor(request), person_id, RestrictivePracticeEvent, event_id, page=PAGE
    )
    return practices_of(access.person).get(pk=event.pk)
