"""/api/v1/on-call: who is on call now, the duties, and the call log, with the same access
rules and services as the pages (oncall.access, oncall.services, oncall.selectors)."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest
from django.utils import timezone
from ninja import Query, Router, Schema
from ninja.responses import Status
from pydantic import Field

from ownterms.accounts.models import User
from ownterms.api.auth import actor
from ownterms.api.errors import DjangoFieldErrors
from ownterms.api.schemas import ErrorOut, Strict
from ownterms.core.selectors import zone_of
from ownterms.oncall import selectors, services
from ownterms.oncall.access import (
    access_call,
    may_close_follow_up,
    require_call_log,
    require_office,
)
from ownterms.oncall.models import CallLog
from ownterms.oncall.planning import kind_of
from ownterms.people.access import access_person
from ownterms.people.models import ConsentCategory
from ownterms.people.selectors import people_visible_to

router = Router(tags=["on-call"])
ERRORS: dict[int, type[ErrorOut]] = {401: ErrorOut, 404: ErrorOut, 422: ErrorOut}
WRITE_ERRORS: dict[int, type[ErrorOut]] = {**ERRORS, 403: ErrorOut}
#: The longest period one duties request may cover.
MAX_RANGE = dt.timedelta(days=400)
CALLS_LIMIT = 200


class OnCallNowOut(Schema):
    name: str
    phone: str
    until: dt.datetime


class NowOut(Schema):
    on_call: OnCallNowOut | None
    office_phone: str


class ManagerOut(Schema):
    public_id: uuid.UUID
    name: str


class DutyOut(Schema):
    public_id: uuid.UUID
    manager: ManagerOut
    starts_at: dt.datetime
    ends_at: dt.datetime
    kind: str = Field(description='"weekend", "weekday" (a weekday night) or "other"')


class DutiesQuery(Schema):
    from_: dt.date = Field(alias="from")
    to: dt.date


class CallIn(Strict):
    received_at: dt.datetime = Field(description="With a time zone offset")
    caller: str = Field(max_length=200, description="Their name and who they are")
    person: uuid.UUID | None = Field(default=None, description="The person it is about")
    what_happened: str = Field(max_length=5000)
    action_taken: str = Field(default="", max_length=5000)
    follow_up_needed: bool = False
    follow_up_owner: uuid.UUID | None = Field(default=None, description="A manager")
    follow_up_due: dt.date | None = None


class FollowUpIn(Strict):
    outcome: str = Field(max_length=5000)


class CallOut(Schema):
    public_id: uuid.UUID
    received_at: dt.datetime
    taken_by: ManagerOut
    about_someone_you_do_not_support: bool
    caller: str | None
    person: uuid.UUID | None
    what_happened: str | None
    action_taken: str | None
    follow_up_needed: bool
    follow_up_owner: ManagerOut | None
    follow_up_due: dt.date | None
    follow_up_done_at: dt.datetime | None
    follow_up_outcome: str | None


def _fields(error: DjangoValidationError) -> DjangoFieldErrors:
    if hasattr(error, "error_dict"):
        return DjangoFieldErrors(error.message_dict)
    return DjangoFieldErrors({"__all__": error.messages})


def _call_out(call: CallLog, readable: bool) -> dict[str, Any]:
    owner = call.follow_up_owner
    return {
        "public_id": call.public_id,
        "received_at": call.received_at,
        "taken_by": {"public_id": call.taken_by.public_id, "name": call.taken_by.name},
        "about_someone_you_do_not_support": not readable,
        "caller": call.caller if readable else None,
        "person": call.person.public_id if readable and call.person else None,
        "what_happened": call.what_happened if readable else None,
        "action_taken": call.action_taken if readable else None,
        "follow_up_needed": call.follow_up_needed,
        "follow_up_owner": {"public_id": owner.public_id, "name": owner.name} if owner else None,
        "follow_up_due": call.follow_up_due,
        "follow_up_done_at": call.follow_up_done_at,
        "follow_up_outcome": call.follow_up_outcome if readable else None,
    }


def _readable(user: User, call: CallLog) -> bool:
    """Whether ``user`` sees the details; reading a call about a person is audited."""
    if call.person is None:
        return True
    try:
        access_person(
            user, call.person.public_id, category=ConsentCategory.DAILY, page="on-call call"
        )
    except Http404:
        return False
    return True


@router.get("/now", response={200: NowOut, **ERRORS}, summary="Who is on call now")
def get_now(request: HttpRequest) -> dict[str, Any]:
    user = actor(request)
    banner = selectors.banner_for(user)
    if not banner.show:
        raise Http404
    on_call = banner.on_call
    return {
        "on_call": (
            {"name": on_call.name, "phone": on_call.phone, "until": on_call.ends_at}
            if on_call
            else None
        ),
        "office_phone": banner.office_phone,
    }


@router.get(
    "/duties", response={200: list[DutyOut], **ERRORS}, summary="On-call duties between two dates"
)
def list_duties(request: HttpRequest, query: Query[DutiesQuery]) -> list[dict[str, Any]]:
    user = actor(request)
    require_office(user)
    zone = zone_of(user.organisation)
    start = dt.datetime.combine(query.from_, dt.time(), tzinfo=zone)
    end = dt.datetime.combine(query.to + dt.timedelta(days=1), dt.time(), tzinfo=zone)
    if end <= start:
        raise DjangoFieldErrors({"to": ["The end date can't be before the start date."]})
    if end - start > MAX_RANGE:
        raise DjangoFieldErrors({"to": ["Ask for at most 400 days at a time."]})
    return [
        {
            "public_id": duty.public_id,
            "manager": {"public_id": duty.manager.public_id, "name": duty.manager.name},
            "starts_at": duty.starts_at,
            "ends_at": duty.ends_at,
            "kind": (kind_of(duty.starts_at, duty.ends_at, zone) or "other"),
        }
        for duty in selectors.duties_between(user.organisation_id, start, end)
    ]


@router.get("/calls", response={200: list[CallOut], **ERRORS}, summary="The call log, newest first")
def list_calls(request: HttpRequest, open: bool = False) -> list[dict[str, Any]]:
    user = actor(request)
    require_call_log(user)
    readable = selectors.daily_readable_ids(user)
    return [
        _call_out(call, call.person_id is None or call.person_id in readable)
        for call in selectors.calls_of(user.organisation_id, open_only=open)[:CALLS_LIMIT]
    ]


@router.post("/calls", response={201: CallOut, **WRITE_ERRORS}, summary="Log a call")
def create_call(request: HttpRequest, payload: CallIn) -> Status[dict[str, Any]]:
    user = actor(request)
    require_call_log(user)
    person = None
    if payload.person is not None:
        person = (
            people_visible_to(user, ConsentCategory.DAILY).filter(public_id=payload.person).first()
        )
        if person is None:
            raise DjangoFieldErrors({"person": ["Choose someone whose daily notes you may read."]})
    owner = None
    if payload.follow_up_owner is not None:
        owner = (
            selectors.on_call_managers(user.organisation_id, timezone.localdate())
            .filter(public_id=payload.follow_up_owner)
            .first()
        )
        if owner is None:
            raise DjangoFieldErrors({"follow_up_owner": ["Choose a current manager."]})
    if payload.received_at.tzinfo is None:
        raise DjangoFieldErrors({"received_at": ["Give the time with its offset, like +00:00."]})
    try:
        call = services.log_call(
            actor=user,
            received_at=payload.received_at,
            caller=payload.caller,
            person=person,
            what_happened=payload.what_happened,
            action_taken=payload.action_taken,
            follow_up_needed=payload.follow_up_needed,
            follow_up_owner=owner,
            follow_up_due=payload.follow_up_due,
        )
    except DjangoValidationError as error:
        raise _fields(error) from error
    return Status(201, _call_out(call, True))


@router.post(
    "/calls/{uuid:call_id}/follow-up-done",
    response={200: CallOut, **WRITE_ERRORS},
    summary="Mark a call's follow-up done",
)
def follow_up_done(request: HttpRequest, call_id: uuid.UUID, payload: FollowUpIn) -> dict[str, Any]:
    user = actor(request)
    call = access_call(user, call_id)
    if not may_close_follow_up(user, call):
        raise PermissionDenied
    try:
        done = services.close_follow_up(actor=user, call=call, outcome=payload.outcome)
    except DjangoValidationError as error:
        raise _fields(error) from error
    done.person = call.person
    return _call_out(done, _readable(user, call))
