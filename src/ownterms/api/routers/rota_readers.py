"""/api/v1/shifts and /api/v1/my-shifts: the live rota for its readers, with the same access
as the pages (a person's rota: ``access_person_rota``; my shifts: the caller's own staff
record). At most 62 days per request."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from pydantic import ConfigDict

from ownterms.api.auth import actor
from ownterms.api.errors import DjangoFieldErrors
from ownterms.api.schemas import ErrorOut
from ownterms.rota.access import access_person_rota, own_staff_member
from ownterms.rota.models import Shift
from ownterms.rota.selectors import readers as selectors

router = Router(tags=["rota"])
ERRORS: dict[int, type[ErrorOut]] = {401: ErrorOut, 404: ErrorOut, 422: ErrorOut}
MAX_DAYS = 62


class WorkerOut(Schema):
    public_id: uuid.UUID
    first_name: str


class ShiftOut(Schema):
    public_id: uuid.UUID
    person: uuid.UUID
    person_first_name: str
    on: dt.date
    starts_at: dt.datetime
    ends_at: dt.datetime
    kind: str
    headcount: int
    activity: str
    workers: list[WorkerOut]
    covered: bool


class Period(Schema):
    model_config = ConfigDict(extra="ignore", populate_by_name=True)

    first: dt.date | None = Field(None, alias="from")
    last: dt.date | None = Field(None, alias="to")


class PersonPeriod(Period):
    person: uuid.UUID


def _query_error(message: str) -> DjangoFieldErrors:
    error = DjangoFieldErrors({})
    error.fields = {"query.to": [message]}
    return error


def _period(period: Period, *, default_days: int) -> tuple[dt.date, dt.date]:
    first = period.first or timezone.localdate()
    last = period.last or first + dt.timedelta(days=default_days - 1)
    if last < first:
        raise _query_error(_("The end date must be on or after the start date."))
    if (last - first).days + 1 > MAX_DAYS:
        raise _query_error(_("Ask for at most %(n)s days.") % {"n": MAX_DAYS})
    return first, last


def _out(shift: Shift) -> dict[str, Any]:
    workers = selectors.workers_of(shift)
    return {
        "public_id": shift.public_id,
        "person": shift.person.public_id,
        "person_first_name": shift.person.called,
        "on": shift.on,
        "starts_at": shift.starts_at,
        "ends_at": shift.ends_at,
        "kind": shift.kind,
        "headcount": shift.headcount,
        "activity": shift.activity,
        "workers": [{"public_id": w.public_id, "first_name": w.first_name} for w in workers],
        "covered": len(workers) >= shift.headcount,
    }


@router.get(
    "/shifts",
    response={200: list[ShiftOut], **ERRORS},
    summary="A person's planned shifts and who works them",
)
def list_shifts(request: HttpRequest, query: Query[PersonPeriod]) -> list[dict[str, Any]]:
    first, last = _period(query, default_days=7)
    access = access_person_rota(actor(request), query.person, page="api.rota.shifts")
    return [_out(shift) for shift in selectors.person_shifts(access.person, first, last)]


@router.get(
    "/my-shifts",
    response={200: list[ShiftOut], **ERRORS},
    summary="Your own live shifts (default: the next 14 days)",
)
def list_my_shifts(request: HttpRequest, query: Query[Period]) -> list[dict[str, Any]]:
    first, last = _period(query, default_days=14)
    member = own_staff_member(actor(request))
    london = timezone.get_current_timezone()
    start = dt.datetime.combine(first, dt.time(0), tzinfo=london)
    end = dt.datetime.combine(last + dt.timedelta(days=1), dt.time(0), tzinfo=london)
    return [_out(shift) for shift in selectors.member_shifts(member, start, end)]
