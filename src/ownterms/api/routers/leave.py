"""/api/v1/leave: availability, leave and entitlement, with the same access rules and services
as the pages (leave.access, leave.services, leave.selectors)."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import HttpRequest
from django.utils import timezone
from ninja import Router, Schema
from ninja.responses import Status
from pydantic import Field

from ownterms.api.auth import actor
from ownterms.api.errors import DjangoFieldErrors
from ownterms.api.schemas import ErrorOut, Strict
from ownterms.leave import selectors, services
from ownterms.leave.access import (
    access_leave_by_id,
    access_staff_leave,
    may_request,
    require_cancel,
)
from ownterms.leave.forms import parse_clock
from ownterms.leave.models import (
    AvailabilityException,
    AvailabilityPattern,
    LeaveRequest,
    clock,
)

router = Router(tags=["leave"])
ERRORS: dict[int, type[ErrorOut]] = {401: ErrorOut, 404: ErrorOut, 422: ErrorOut}
WRITE_ERRORS: dict[int, type[ErrorOut]] = {**ERRORS, 403: ErrorOut}


# Schemas ----------------------------------------------------------------------------------


class RangeIO(Strict):
    start: str = Field(description='Like "09:00"', max_length=5)
    end: str = Field(
        description='Like "17:00"; "24:00" is midnight at the end of the day', max_length=5
    )


class PatternIn(Strict):
    effective_from: dt.date
    days: dict[str, list[RangeIO]] = Field(
        description='Weekday name ("monday" ... "sunday") to time ranges; missing or empty is '
        "not available. A range cannot cross midnight."
    )
    note: str = Field(default="", max_length=200)


class PatternOut(Schema):
    public_id: uuid.UUID
    effective_from: dt.date
    note: str
    days: dict[str, list[RangeIO]]
    created_at: dt.datetime


class ExceptionIn(Strict):
    on: dt.date
    available: bool
    start: str | None = Field(default=None, max_length=5)
    end: str | None = Field(default=None, max_length=5)
    reason: str = Field(default="", max_length=200)


class ExceptionOut(Schema):
    public_id: uuid.UUID
    on: dt.date
    available: bool
    start: str | None
    end: str | None
    reason: str


class AvailabilityOut(Schema):
    current: PatternOut | None
    patterns: list[PatternOut]
    exceptions: list[ExceptionOut]


class LeaveIn(Strict):
    kind: LeaveRequest.Kind
    starts_on: dt.date
    ends_on: dt.date
    half_day_start: bool = False
    half_day_end: bool = False
    minutes: int | None = Field(default=None, ge=0, description="Default: the usual hours")
    note: str = Field(default="", max_length=500)


class DeclineIn(Strict):
    reason: str = Field(max_length=500)


class LeaveOut(Schema):
    public_id: uuid.UUID
    staff_member: uuid.UUID
    kind: str
    starts_on: dt.date
    ends_on: dt.date
    half_day_start: bool
    half_day_end: bool
    minutes: int
    status: str
    requested_at: dt.datetime
    decided_at: dt.datetime | None
    decision_reason: str


class EntitlementOut(Schema):
    leave_year_starts_on: dt.date
    leave_year_ends_on: dt.date
    irregular_hours: bool
    days_per_week: float
    worked_minutes: int
    entitlement_minutes: int
    taken_minutes: int
    booked_minutes: int
    waiting_minutes: int
    remaining_minutes: int


# Helpers ----------------------------------------------------------------------------------


def _fields(error: DjangoValidationError) -> DjangoFieldErrors:
    if hasattr(error, "error_dict"):
        return DjangoFieldErrors(error.message_dict)
    return DjangoFieldErrors({"__all__": error.messages})


def _pattern_out(pattern: AvailabilityPattern) -> dict[str, Any]:
    days: dict[str, list[dict[str, str]]] = {name: [] for name in services.WEEKDAY_FIELDS}
    for item in pattern.ranges.all():
        days[services.WEEKDAY_FIELDS[item.weekday]].append(
            {"start": clock(item.start_minute), "end": clock(item.end_minute)}
        )
    return {
        "public_id": pattern.public_id,
        "effective_from": pattern.effective_from,
        "note": pattern.note,
        "days": days,
        "created_at": pattern.created_at,
    }


def _exception_out(exception: AvailabilityException) -> dict[str, Any]:
    return {
        "public_id": exception.public_id,
        "on": exception.on,
        "available": exception.available,
        "start": clock(exception.start_minute) or None,
        "end": clock(exception.end_minute) or None,
        "reason": exception.reason,
    }


def _leave_out(leave: LeaveRequest) -> dict[str, Any]:
    return {
        "public_id": leave.public_id,
        "staff_member": leave.staff_member.public_id,
        "kind": leave.kind,
        "starts_on": leave.starts_on,
        "ends_on": leave.ends_on,
        "half_day_start": leave.half_day_start,
        "half_day_end": leave.half_day_end,
        "minutes": leave.minutes,
        "status": leave.status,
        "requested_at": leave.requested_at,
        "decided_at": leave.decided_at,
        "decision_reason": leave.decision_reason,
    }


def _minute(field: str, text: str) -> int:
    try:
        return parse_clock(text)
    except DjangoValidationError as error:
        raise DjangoFieldErrors({field: error.messages}) from error


# Availability -----------------------------------------------------------------------------


@router.get(
    "/staff/{uuid:staff_id}/availability",
    response={200: AvailabilityOut, **ERRORS},
    summary="A worker's weekly patterns and exceptions",
)
def get_availability(request: HttpRequest, staff_id: uuid.UUID) -> dict[str, Any]:
    member = access_staff_leave(actor(request), staff_id).staff_member
    patterns = list(selectors.patterns_of(member)[:100])
    current = selectors.pattern_in_force(patterns, timezone.localdate())
    return {
        "current": _pattern_out(current) if current is not None else None,
        "patterns": [_pattern_out(pattern) for pattern in patterns],
        "exceptions": [_exception_out(e) for e in selectors.exceptions_of(member)[:500]],
    }


@router.post(
    "/staff/{uuid:staff_id}/availability",
    response={201: PatternOut, **WRITE_ERRORS},
    summary="Save a new weekly pattern (the earlier one is kept)",
)
def set_pattern(
    request: HttpRequest, staff_id: uuid.UUID, payload: PatternIn
) -> Status[dict[str, Any]]:
    user = actor(request)
    access = access_staff_leave(user, staff_id, write=True)
    days: dict[int, list[tuple[int, int]]] = {}
    for name, ranges in payload.days.items():
        if name not in services.WEEKDAY_FIELDS:
            raise DjangoFieldErrors({f"days.{name}": ["Use a weekday name, like monday."]})
        field = f"days.{name}"
        days[services.WEEKDAY_FIELDS.index(name)] = [
            (_minute(field, item.start), _minute(field, item.end)) for item in ranges
        ]
    try:
        pattern = services.set_availability_pattern(
            actor=user,
            staff_member=access.staff_member,
            effective_from=payload.effective_from,
            days=days,
            note=payload.note,
        )
    except DjangoValidationError as error:
        fields = error.message_dict if hasattr(error, "error_dict") else {"days": error.messages}
        raise DjangoFieldErrors(
            {
                (f"days.{name}" if name in services.WEEKDAY_FIELDS else name): messages
                for name, messages in fields.items()
            }
        ) from error
    return Status(201, _pattern_out(selectors.patterns_of(access.staff_member).get(pk=pattern.pk)))


@router.post(
    "/staff/{uuid:staff_id}/availability/exceptions",
    response={201: ExceptionOut, **WRITE_ERRORS},
    summary="Add an exception to the weekly pattern on one date",
)
def add_exception(
    request: HttpRequest, staff_id: uuid.UUID, payload: ExceptionIn
) -> Status[dict[str, Any]]:
    user = actor(request)
    access = access_staff_leave(user, staff_id, write=True)
    start = _minute("start", payload.start) if payload.start else None
    end = _minute("end", payload.end) if payload.end else None
    try:
        exception = services.add_availability_exception(
            actor=user,
            staff_member=access.staff_member,
            on=payload.on,
            available=payload.available,
            start_minute=start,
            end_minute=end,
            reason=payload.reason,
        )
    except DjangoValidationError as error:
        raise _fields(error) from error
    return Status(201, _exception_out(exception))


# Leave ------------------------------------------------------------------------------------


@router.get(
    "/staff/{uuid:staff_id}/requests",
    response={200: list[LeaveOut], **ERRORS},
    summary="A worker's leave, latest first",
)
def list_leave(request: HttpRequest, staff_id: uuid.UUID) -> list[dict[str, Any]]:
    member = access_staff_leave(actor(request), staff_id).staff_member
    return [_leave_out(leave) for leave in selectors.leave_of(member)[:500]]


@router.post(
    "/staff/{uuid:staff_id}/requests",
    response={201: LeaveOut, **WRITE_ERRORS},
    summary="Ask for leave (yourself) or record it (a manager; sickness is approved at once)",
)
def request_leave(
    request: HttpRequest, staff_id: uuid.UUID, payload: LeaveIn
) -> Status[dict[str, Any]]:
    user = actor(request)
    access = access_staff_leave(user, staff_id)
    if not may_request(access, payload.kind):
        raise PermissionDenied
    try:
        leave = services.request_leave(
            actor=user,
            staff_member=access.staff_member,
            kind=payload.kind,
            starts_on=payload.starts_on,
            ends_on=payload.ends_on,
            half_day_start=payload.half_day_start,
            half_day_end=payload.half_day_end,
            minutes=payload.minutes,
            note=payload.note,
            approve=access.can_write and payload.kind == LeaveRequest.Kind.SICKNESS,
        )
    except DjangoValidationError as error:
        raise _fields(error) from error
    return Status(201, _leave_out(leave))


@router.get(
    "/staff/{uuid:staff_id}/entitlement",
    response={200: EntitlementOut, **ERRORS},
    summary="Holiday entitlement for the current leave year, and what is used",
)
def get_entitlement(request: HttpRequest, staff_id: uuid.UUID) -> dict[str, Any]:
    member = access_staff_leave(actor(request), staff_id).staff_member
    view = selectors.balance_of(member, today=timezone.localdate())
    balance = view.balance
    return {
        "leave_year_starts_on": view.year.starts_on,
        "leave_year_ends_on": view.year.last_day,
        "irregular_hours": view.irregular,
        "days_per_week": float(view.days_per_week),
        "worked_minutes": view.worked_minutes,
        "entitlement_minutes": balance.entitlement,
        "taken_minutes": balance.taken,
        "booked_minutes": balance.booked,
        "waiting_minutes": balance.waiting,
        "remaining_minutes": balance.remaining,
    }


def _decision(request: HttpRequest, leave_id: uuid.UUID, what: str, reason: str = "") -> Any:
    user = actor(request)
    access, leave = access_leave_by_id(user, leave_id, write=what != "cancel")
    try:
        if what == "approve":
            leave = services.approve_leave(actor=user, leave=leave)
        elif what == "decline":
            leave = services.decline_leave(actor=user, leave=leave, reason=reason)
        else:
            require_cancel(access, leave, timezone.localdate())
            leave = services.cancel_leave(actor=user, leave=leave)
    except DjangoValidationError as error:
        raise _fields(error) from error
    return _leave_out(leave)


@router.post(
    "/requests/{uuid:leave_id}/approve",
    response={200: LeaveOut, **WRITE_ERRORS},
    summary="Approve leave (managers)",
)
def approve_leave(request: HttpRequest, leave_id: uuid.UUID) -> Any:
    return _decision(request, leave_id, "approve")


@router.post(
    "/requests/{uuid:leave_id}/decline",
    response={200: LeaveOut, **WRITE_ERRORS},
    summary="Decline leave, with the reason (managers)",
)
def decline_leave(request: HttpRequest, leave_id: uuid.UUID, payload: DeclineIn) -> Any:
    return _decision(request, leave_id, "decline", payload.reason)


@router.post(
    "/requests/{uuid:leave_id}/cancel",
    response={200: LeaveOut, **WRITE_ERRORS},
    summary="Cancel leave (managers; a worker their own, before it starts)",
)
def cancel_leave(request: HttpRequest, leave_id: uuid.UUID) -> Any:
    return _decision(request, leave_id, "cancel")
