"""/api/v1/rota-runs: start an auto-fill of the rota, follow it, cancel it, read its draft and
publish it. The same access rules and services as the build pages (rota.access,
rota.services.build)."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import HttpRequest
from ninja import Router, Schema
from ninja.responses import Status
from pydantic import Field

from ownterms.api.auth import actor
from ownterms.api.errors import DjangoFieldErrors
from ownterms.api.schemas import ErrorOut, Strict
from ownterms.people.selectors import people_visible_to
from ownterms.rota.access import ROTA, access_run, require_rota_office
from ownterms.rota.models import DraftAssignment, RotaRun
from ownterms.rota.selectors.build import progress_of
from ownterms.rota.services import build as services

router = Router(tags=["rota runs"])
ERRORS: dict[int, type[ErrorOut]] = {401: ErrorOut, 404: ErrorOut, 422: ErrorOut}


class RunIn(Strict):
    first_day: dt.date
    last_day: dt.date
    people: list[uuid.UUID] = Field(max_length=1000, description="Public ids of the people")
    time_limit_seconds: int = Field(default=10, ge=1, le=120)


class ProgressOut(Schema):
    elapsed_seconds: float
    solutions_found: int
    objective: int | None
    bound: float | None
    quality_percent: int | None


class RunOut(Schema):
    public_id: uuid.UUID
    first_day: dt.date
    last_day: dt.date
    people: list[uuid.UUID]
    status: str
    cancel_requested: bool
    time_limit_seconds: int
    progress: ProgressOut
    result: dict[str, Any]
    error: str
    created_at: dt.datetime
    published_at: dt.datetime | None


class DraftRowOut(Schema):
    shift: uuid.UUID
    person: uuid.UUID
    staff_member: uuid.UUID
    starts_at: dt.datetime
    ends_at: dt.datetime


def _out(run: RotaRun) -> dict[str, Any]:
    progress = progress_of(run)
    return {
        "public_id": run.public_id,
        "first_day": run.first_day,
        "last_day": run.last_day,
        "people": [p.public_id for p in run.people.order_by("pk")],
        "status": run.status,
        "cancel_requested": run.cancel_requested,
        "time_limit_seconds": run.time_limit_seconds,
        "progress": {
            "elapsed_seconds": run.elapsed_seconds,
            "solutions_found": run.solutions_found,
            "objective": run.objective,
            "bound": run.bound,
            "quality_percent": progress.quality,
        },
        "result": run.result or {},
        "error": run.error,
        "created_at": run.created_at,
        "published_at": run.published_at,
    }


def _fields(error: DjangoValidationError) -> DjangoFieldErrors:
    if hasattr(error, "error_dict"):
        return DjangoFieldErrors(error.message_dict)
    return DjangoFieldErrors({"__all__": error.messages})


@router.post(
    "",
    response={201: RunOut, **ERRORS},
    url_name="rota_run_start",
    summary="Start building the rota for a period and people (a background task)",
)
def start(request: HttpRequest, payload: RunIn) -> Status[dict[str, Any]]:
    user = actor(request)
    require_rota_office(user)
    wanted = set(payload.people)
    people = list(people_visible_to(user, ROTA).filter(public_id__in=wanted))
    if len(people) != len(wanted):
        raise DjangoFieldErrors({"people": ["Some of these people are not found."]})
    try:
        run = services.start_run(
            actor=user,
            first_day=payload.first_day,
            last_day=payload.last_day,
            people=people,
            time_limit_seconds=payload.time_limit_seconds,
        )
    except DjangoValidationError as error:
        raise _fields(error) from error
    return Status(201, _out(run))


@router.get(
    "/{uuid:run_id}",
    response={200: RunOut, **ERRORS},
    url_name="rota_run_get",
    summary="A run: state, result",
)
def get_run(request: HttpRequest, run_id: uuid.UUID) -> dict[str, Any]:
    return _out(access_run(actor(request), run_id))


def _act(request: HttpRequest, run_id: uuid.UUID, action: Any) -> dict[str, Any]:
    user = actor(request)
    run = access_run(user, run_id)
    try:
        run = action(actor=user, run=run)
    except DjangoValidationError as error:
        raise _fields(error) from error
    run.refresh_from_db()
    return _out(run)


@router.post(
    "/{uuid:run_id}/cancel",
    response={200: RunOut, **ERRORS},
    url_name="rota_run_cancel",
    summary="Stop a build",
)
def cancel(request: HttpRequest, run_id: uuid.UUID) -> dict[str, Any]:
    return _act(request, run_id, services.request_cancel)


@router.post(
    "/{uuid:run_id}/publish",
    response={200: RunOut, **ERRORS},
    url_name="rota_run_publish",
    summary="Make the draft the live rota and tell everyone affected",
)
def publish(request: HttpRequest, run_id: uuid.UUID) -> dict[str, Any]:
    return _act(request, run_id, services.publish_run)


@router.get(
    "/{uuid:run_id}/draft",
    response={200: list[DraftRowOut], **ERRORS},
    url_name="rota_run_draft",
    summary="The draft's assignments (for the people you may read)",
)
def draft(request: HttpRequest, run_id: uuid.UUID) -> list[dict[str, Any]]:
    user = actor(request)
    run = access_run(user, run_id)
    visible = people_visible_to(user, ROTA).values("pk")
    return [
        {
            "shift": row.shift.public_id,
            "person": row.shift.person.public_id,
            "staff_member": row.staff_member.public_id,
            "starts_at": row.shift.starts_at,
            "ends_at": row.shift.ends_at,
        }
        for row in DraftAssignment.objects.filter(run=run, shift__person__in=visible)
        .select_related("shift__person", "staff_member")
        .order_by("shift__starts_at", "pk")
    ]
