"""/api/v1/people/{person}/daily-notes and /handovers: a person's daily notes and handovers.

Reading is the daily category of the record; writing is for the person's team, managers and
administrators (``daily.access``), through the same services as the pages. A change is an
amendment (``PATCH`` with a ``reason``), by the author, a manager or an administrator; every
version is kept. A second note (or handover) by the same worker for the same shift is refused
(422 on ``body.shift``, naming the one to amend). Each record answers the respectful-language
warnings found in its text (they never block)."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from typing import Literal, TypeVar, cast

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status

from ownterms.api.auth import actor
from ownterms.api.routers.paging import Paging, paginate
from ownterms.api.routers.record_errors import field_errors
from ownterms.api.schemas import ErrorOut, Page, Strict
from ownterms.daily.access import access_person_daily, access_record, may_amend
from ownterms.daily.language import language_warnings
from ownterms.daily.models import DailyNote, Handover
from ownterms.daily.selectors import notes as selectors
from ownterms.daily.services import notes as services
from ownterms.people.models import Person
from ownterms.plans.models import Goal
from ownterms.rota.models import Shift
from ownterms.staff.selectors import staff_member_of

router = Router(tags=["daily notes"])
ERRORS: dict[int, type[ErrorOut]] = {401: ErrorOut, 404: ErrorOut, 422: ErrorOut}
WRITE_ERRORS: dict[int, type[ErrorOut]] = {403: ErrorOut, **ERRORS}
PAGE = "api.daily"
NOTES = "/{uuid:person_id}/daily-notes"
HANDOVERS = "/{uuid:person_id}/handovers"
Mood = Literal["great", "good", "okay", "low", "upset"]
TEXT = 20000
_T = TypeVar("_T")


class WarningOut(Schema):
    key: str
    found: str
    start: int
    end: int
    suggestion: str


class NoteOut(Schema):
    public_id: uuid.UUID
    shift: uuid.UUID | None
    mood: str
    activities: str
    how_they_were: str
    what_mattered: str
    goals: list[uuid.UUID]
    written_by: str
    created_at: dt.datetime
    updated_at: dt.datetime
    version: int
    language_warnings: list[WarningOut]


class AcknowledgementOut(Schema):
    public_id: uuid.UUID
    staff_member: uuid.UUID
    name: str
    shift: uuid.UUID | None
    acknowledged_at: dt.datetime


class HandoverOut(Schema):
    public_id: uuid.UUID
    shift: uuid.UUID | None
    text: str
    written_by: str
    created_at: dt.datetime
    updated_at: dt.datetime
    version: int
    acknowledgements: list[AcknowledgementOut]
    language_warnings: list[WarningOut]


class DayQuery(Paging):
    #: The local day of the shift (or of writing, for records made off shift).
    day: dt.date | None = None


class NoteIn(Strict):
    shift: uuid.UUID
    mood: Mood
    activities: str = Field("", max_length=TEXT, strict=True)
    how_they_were: str = Field("", max_length=TEXT, strict=True)
    what_mattered: str = Field("", max_length=TEXT, strict=True)
    goals: list[uuid.UUID] = Field(default_factory=list, max_length=100)


class NoteAmend(Strict):
    reason: str = Field(min_length=1, max_length=500, strict=True)
    mood: Mood | None = None
    activities: str | None = Field(None, max_length=TEXT, strict=True)
    how_they_were: str | None = Field(None, max_length=TEXT, strict=True)
    what_mattered: str | None = Field(None, max_length=TEXT, strict=True)


class HandoverIn(Strict):
    shift: uuid.UUID
    text: str = Field(min_length=1, max_length=TEXT, strict=True)


class HandoverAmend(Strict):
    reason: str = Field(min_length=1, max_length=500, strict=True)
    text: str = Field(min_length=1, max_length=TEXT, strict=True)


class AcknowledgementIn(Strict):
    #: The shift it was read at the start of (optional).
    shift: uuid.UUID | None = None


def _warnings(*texts: str) -> list[dict[str, object]]:
    return [
        {
            "key": w.key,
            "found": w.found,
            "start": w.start,
            "end": w.end,
            "suggestion": w.suggestion,
        }
        for text in texts
        for w in language_warnings(text)
    ]


def _note_out(note: DailyNote) -> dict[str, object]:
    return {
        "public_id": note.public_id,
        "shift": note.shift.public_id if note.shift else None,
        "mood": note.mood,
        "activities": note.activities,
        "how_they_were": note.how_they_were,
        "what_mattered": note.what_mattered,
        "goals": [goal.public_id for goal in note.goals.all()],
        "written_by": selectors.author_name(note),
        "created_at": note.created_at,
        "updated_at": note.updated_at,
        "version": note.version,
        "language_warnings": _warnings(note.activities, note.how_they_were, note.what_mattered),
    }


def _handover_out(handover: Handover) -> dict[str, object]:
    return {
        "public_id": handover.public_id,
        "shift": handover.shift.public_id if handover.shift else None,
        "text": handover.text,
        "written_by": selectors.author_name(handover),
        "created_at": handover.created_at,
        "updated_at": handover.updated_at,
        "version": handover.version,
        "acknowledgements": [
            {
                "public_id": a.public_id,
                "staff_member": a.staff_member.public_id,
                "name": f"{a.staff_member.first_name} {a.staff_member.last_name}",
                "shift": a.shift.public_id if a.shift else None,
                "acknowledged_at": a.acknowledged_at,
            }
            for a in handover.acknowledgements.all()
        ],
        "language_warnings": _warnings(handover.text),
    }


def _write(call: Callable[[], _T]) -> _T:
    try:
        return call()
    except services.AlreadyWrittenError as exc:
        raise field_errors(
            DjangoValidationError(
                {"shift": [f"{exc.messages[0]} ({exc.existing.public_id})"]},
            )
        ) from exc
    except DjangoValidationError as exc:
        raise field_errors(exc) from exc


def _paged(rows: list[dict[str, object]], page: dict[str, object]) -> dict[str, object]:
    return {**page, "items": rows}


@router.get(NOTES, response={200: Page[NoteOut], **ERRORS}, summary="A person's daily notes")
def list_daily_notes(
    request: HttpRequest, person_id: uuid.UUID, query: Query[DayQuery]
) -> dict[str, object]:
    access = access_person_daily(actor(request), person_id, page=PAGE)
    page = paginate(selectors.notes_on(access.person, query.day), query)
    return _paged([_note_out(row) for row in cast(list[DailyNote], page["items"])], page)


@router.post(NOTES, response={201: NoteOut, **WRITE_ERRORS}, summary="Write a daily note")
def create_daily_note(
    request: HttpRequest, person_id: uuid.UUID, payload: NoteIn
) -> Status[dict[str, object]]:
    user = actor(request)
    access = access_person_daily(user, person_id, write=True, page=PAGE)
    shift = _shift(access.person, payload.shift)
    goals = list(Goal.objects.filter(person=access.person, public_id__in=payload.goals))
    if len(goals) != len(set(payload.goals)):
        raise field_errors(
            DjangoValidationError({"goals": ["Choose goals from this person's plan."]})
        )
    note = _write(
        lambda: services.write_note(
            actor=user,
            person=access.person,
            shift=shift,
            staff_member=staff_member_of(user),
            mood=payload.mood,
            activities=payload.activities,
            how_they_were=payload.how_they_were,
            what_mattered=payload.what_mattered,
            goals=goals,
            basis=access.basis.value,
        )
    )
    return Status(201, _note_out(selectors.note_of(access.person, note.public_id)))


def _shift(person: Person, shift_id: uuid.UUID) -> Shift:
    shift = Shift.objects.filter(person=person, public_id=shift_id).first()
    if shift is None:
        raise field_errors(DjangoValidationError({"shift": ["No such shift of this person."]}))
    return shift


@router.get(NOTES + "/{uuid:note_id}", response={200: NoteOut, **ERRORS}, summary="One daily note")
def get_daily_note(
    request: HttpRequest, person_id: uuid.UUID, note_id: uuid.UUID
) -> dict[str, object]:
    access = access_person_daily(actor(request), person_id, page=PAGE)
    return _note_out(selectors.note_of(access.person, note_id))


@router.patch(
    NOTES + "/{uuid:note_id}",
    response={200: NoteOut, **WRITE_ERRORS},
    summary="Amend a daily note (every version is kept)",
)
def amend_daily_note(
    request: HttpRequest, person_id: uuid.UUID, note_id: uuid.UUID, payload: NoteAmend
) -> dict[str, object]:
    user = actor(request)
    note, access = access_record(user, person_id, DailyNote, note_id, write=True, page=PAGE)
    if not may_amend(user, access, note):
        raise PermissionDenied
    changes = payload.model_dump(exclude_unset=True, exclude={"reason"})
    empty = sorted(name for name, value in changes.items() if value is None)
    if empty:
        raise field_errors(
            DjangoValidationError({name: ["This field cannot be empty."] for name in empty})
        )
    _write(
        lambda: services.amend_note(actor=user, note=note, changes=changes, reason=payload.reason)
    )
    return _note_out(selectors.note_of(access.person, note_id))


@router.get(HANDOVERS, response={200: Page[HandoverOut], **ERRORS}, summary="A person's handovers")
def list_handovers(
    request: HttpRequest, person_id: uuid.UUID, query: Query[DayQuery]
) -> dict[str, object]:
    access = access_person_daily(actor(request), person_id, page=PAGE)
    page = paginate(selectors.handovers_on(access.person, query.day), query)
    return _paged([_handover_out(row) for row in cast(list[Handover], page["items"])], page)


@router.post(HANDOVERS, response={201: HandoverOut, **WRITE_ERRORS}, summary="Write a handover")
def create_handover(
    request: HttpRequest, person_id: uuid.UUID, payload: HandoverIn
) -> Status[dict[str, object]]:
    user = actor(request)
    access = access_person_daily(user, person_id, write=True, page=PAGE)
    shift = _shift(access.person, payload.shift)
    handover = _write(
        lambda: services.write_handover(
            actor=user,
            person=access.person,
            shift=shift,
            staff_member=staff_member_of(user),
            text=payload.text,
            basis=access.basis.value,
        )
    )
    return Status(201, _handover_out(selectors.handover_of(access.person, handover.public_id)))


@router.get(
    HANDOVERS + "/{uuid:handover_id}", response={200: HandoverOut, **ERRORS}, summary="One handover"
)
def get_handover(
    request: HttpRequest, person_id: uuid.UUID, handover_id: uuid.UUID
) -> dict[str, object]:
    access = access_person_daily(actor(request), person_id, page=PAGE)
    return _handover_out(selectors.handover_of(access.person, handover_id))


@router.patch(
    HANDOVERS + "/{uuid:handover_id}",
    response={200: HandoverOut, **WRITE_ERRORS},
    summary="Amend a handover (every version is kept)",
)
def amend_handover(
    request: HttpRequest, person_id: uuid.UUID, handover_id: uuid.UUID, payload: HandoverAmend
) -> dict[str, object]:
    user = actor(request)
    handover, access = access_record(user, person_id, Handover, handover_id, write=True, page=PAGE)
    if not may_amend(user, access, handover):
        raise PermissionDenied
    _write(
        lambda: services.amend_handover(
            actor=user, handover=handover, text=payload.text, reason=payload.reason
        )
    )
    return _handover_out(selectors.handover_of(access.person, handover_id))


@router.post(
    HANDOVERS + "/{uuid:handover_id}/acknowledgements",
    response={200: HandoverOut, 201: HandoverOut, **WRITE_ERRORS},
    summary="Say you have read a handover (once; a repeat answers 200)",
)
def acknowledge_handover(
    request: HttpRequest, person_id: uuid.UUID, handover_id: uuid.UUID, payload: AcknowledgementIn
) -> Status[dict[str, object]]:
    user = actor(request)
    handover, access = access_record(user, person_id, Handover, handover_id, write=True, page=PAGE)
    member = staff_member_of(user)
    if member is None:
        raise PermissionDenied
    shift = _shift(access.person, payload.shift) if payload.shift else None
    _ack, created = _write(
        lambda: services.acknowledge(
            actor=user,
            handover=handover,
            staff_member=member,
            shift=shift,
        )
    )
    return Status(
        201 if created else 200, _handover_out(selectors.handover_of(access.person, handover_id))
    )
