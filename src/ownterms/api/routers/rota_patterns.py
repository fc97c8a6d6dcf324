"""/api/v1/people/<person>/pattern and /api/v1/people/<person>/shifts, /api/v1/shifts/<shift>:
a person's support pattern, its blocks and their shifts. The same access and services as the
pages (rota.access, rota.services.patterns and .shifts); a change based on an older version of a
shift answers 409 and nothing is written.

Times are wall-clock "HH:MM" in the organisation's zone with ``next_day`` for an end on the next
day (a night 22:00 to 08:00); shift instants are ISO 8601 with their offset.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from typing import Any, TypeVar

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from ninja import Query, Router, Schema
from ninja.responses import Status
from pydantic import Field

from ownterms.api.auth import actor
from ownterms.api.errors import DjangoFieldErrors, envelope
from ownterms.api.routers.paging import Paging, paginate
from ownterms.api.schemas import ErrorOut, Page, Strict
from ownterms.lib.dates import monday_of
from ownterms.people.access import PersonAccess
from ownterms.rota.access import access_person_rota, access_shift, can_edit_rota
from ownterms.rota.forms.patterns import parse_clock
from ownterms.rota.models import MINUTES_PER_DAY, PatternBlock, Shift, ShiftKind, SkillMode
from ownterms.rota.selectors import patterns as selectors
from ownterms.rota.services import patterns as pattern_services
from ownterms.rota.services import shifts as shift_services
from ownterms.rota.services.inputs import input_from
from ownterms.rota.services.patterns import BlockInput
from ownterms.rota.services.shifts import ShiftInput
from ownterms.staff.models import StaffMember
from ownterms.vocabulary.models import Skill
from ownterms.vocabulary.selectors import skills_of

router = Router(tags=["rota patterns and shifts"])
ERRORS: dict[int, type[ErrorOut]] = {401: ErrorOut, 404: ErrorOut, 422: ErrorOut}
WRITE_ERRORS: dict[int, type[ErrorOut]] = {**ERRORS, 403: ErrorOut}
MAX_RANGE_DAYS = 62
T = TypeVar("T")

# Schemas -------------------------------------------------------------------------------------


class TotalsOut(Schema):
    day_minutes: float
    two_to_one_minutes: float
    waking_night_minutes: float
    sleep_in_nights: float


class BlockOut(Schema):
    public_id: uuid.UUID
    week: int
    weekday: int = Field(description="0 = Monday ... 6 = Sunday")
    start: str
    end: str
    next_day: bool
    kind: str
    headcount: int
    skills: list[uuid.UUID]
    skill_mode: str
    preferred_staff: list[uuid.UUID]
    preferred_tags: list[str]
    activity: str
    notes: str


class PatternOut(Schema):
    public_id: uuid.UUID
    weeks: int
    anchor_monday: dt.date
    note: str
    blocks: list[BlockOut]
    totals: TotalsOut = Field(description="A week's totals (a fortnight's averaged)")
    commissioned: TotalsOut | None
    matches_package: bool
    summary: str
    warnings: list[str]


class PatternIn(Strict):
    weeks: int = Field(ge=1, le=2)
    anchor_monday: dt.date
    note: str = Field(default="", max_length=300)


class BlockIn(Strict):
    week: int = Field(default=1, ge=1, le=2)
    weekday: int = Field(ge=0, le=6, description="0 = Monday ... 6 = Sunday")
    start: str = Field(max_length=5, description='Like "08:00"')
    end: str = Field(max_length=5, description='Like "15:00"')
    next_day: bool = Field(default=False, description="The block ends the next day")
    kind: ShiftKind
    headcount: int = Field(default=1, ge=1, le=2)
    skills: list[uuid.UUID] = Field(default_factory=list, max_length=20)
    skill_mode: SkillMode = SkillMode.EACH
    preferred_staff: list[uuid.UUID] = Field(default_factory=list, max_length=20)
    preferred_tags: list[str] = Field(default_factory=list, max_length=10)
    activity: str = Field(default="", max_length=120)
    notes: str = Field(default="", max_length=300)


class BlockPatch(Strict):
    week: int | None = Field(default=None, ge=1, le=2)
    weekday: int | None = Field(default=None, ge=0, le=6)
    start: str | None = Field(default=None, max_length=5)
    end: str | None = Field(default=None, max_length=5)
    next_day: bool | None = None
    kind: ShiftKind | None = None
    headcount: int | None = Field(default=None, ge=1, le=2)
    skills: list[uuid.UUID] | None = Field(default=None, max_length=20)
    skill_mode: SkillMode | None = None
    preferred_staff: list[uuid.UUID] | None = Field(default=None, max_length=20)
    preferred_tags: list[str] | None = Field(default=None, max_length=10)
    activity: str | None = Field(default=None, max_length=120)
    notes: str | None = Field(default=None, max_length=300)


class ShiftOut(Schema):
    public_id: uuid.UUID
    person: uuid.UUID
    block: uuid.UUID | None
    on: dt.date
    starts_at: dt.datetime
    ends_at: dt.datetime
    minutes: int = Field(description="Real elapsed minutes")
    kind: str
    headcount: int
    skills: list[uuid.UUID]
    skill_mode: str
    activity: str
    notes: str
    status: str
    cancel_reason: str = Field(description="Only for those who may change the rota")
    changed_from_pattern: bool
    one_off: bool
    workers: list[uuid.UUID]
    version: dt.datetime = Field(description="Send it back to change the shift")


class ShiftRange(Schema):
    first_day: dt.date | None = Field(
        default=None, alias="from", description="Default: this Monday"
    )
    last_day: dt.date | None = Field(default=None, alias="to", description="Default: 6 days on")


class GenerateIn(Strict):
    first_day: dt.date
    last_day: dt.date


class GenerateOut(Schema):
    created: int


class ShiftIn(Strict):
    on: dt.date
    start: str = Field(max_length=5)
    end: str = Field(max_length=5)
    next_day: bool = False
    kind: ShiftKind
    headcount: int = Field(default=1, ge=1, le=2)
    skills: list[uuid.UUID] = Field(default_factory=list, max_length=20)
    skill_mode: SkillMode = SkillMode.EACH
    activity: str = Field(default="", max_length=120)
    notes: str = Field(default="", max_length=300)


class ShiftPatch(Strict):
    version: dt.datetime = Field(description="The shift's version you read")
    on: dt.date | None = None
    start: str | None = Field(default=None, max_length=5)
    end: str | None = Field(default=None, max_length=5)
    next_day: bool | None = None
    kind: ShiftKind | None = None
    headcount: int | None = Field(default=None, ge=1, le=2)
    skills: list[uuid.UUID] | None = Field(default=None, max_length=20)
    skill_mode: SkillMode | None = None
    activity: str | None = Field(default=None, max_length=120)
    notes: str | None = Field(default=None, max_length=300)


class CancelIn(Strict):
    version: dt.datetime | None = None
    reason: str = Field(max_length=200)


class RestoreIn(Strict):
    version: dt.datetime | None = None


# Helpers -------------------------------------------------------------------------------------


def _read(request: HttpRequest, person_id: uuid.UUID) -> PersonAccess:
    return access_person_rota(actor(request), person_id, page="api.rota.pattern")


def _write(request: HttpRequest, person_id: uuid.UUID) -> PersonAccess:
    return access_person_rota(actor(request), person_id, write=True, page="api.rota.pattern")


def _run(write: Callable[[], T]) -> T:
    try:
        return write()
    except DjangoValidationError as exc:
        if not hasattr(exc, "error_dict"):
            raise DjangoFieldErrors({"__all__": exc.messages}) from exc
        names = {"start_minute": "start", "end_minute": "end"}
        raise DjangoFieldErrors(
            {names.get(name, name): messages for name, messages in exc.message_dict.items()}
        ) from exc


def _clock(name: str, text: str) -> int:
    try:
        return parse_clock(text, end=name == "end")
    except DjangoValidationError as exc:
        raise DjangoFieldErrors({name: exc.messages}) from exc


def _minutes(start: str, end: str, next_day: bool) -> tuple[int, int]:
    start_minute, end_minute = _clock("start", start), _clock("end", end)
    return start_minute, end_minute + (MINUTES_PER_DAY if next_day else 0)


def _skills(access: PersonAccess, ids: list[uuid.UUID]) -> list[Skill]:
    found = list(skills_of(access.person.organisation_id).filter(public_id__in=ids))
    if len(found) != len(set(ids)):
        raise DjangoFieldErrors({"skills": ["No such skill in this organisation."]})
    return found


def _staff(access: PersonAccess, ids: list[uuid.UUID]) -> list[StaffMember]:
    found = list(
        StaffMember.objects.filter(organisation_id=access.person.organisation_id, public_id__in=ids)
    )
    if len(found) != len(set(ids)):
        raise DjangoFieldErrors({"preferred_staff": ["No such member of staff."]})
    return found


def _times_out(start_minute: int, end_minute: int) -> dict[str, Any]:
    return {
        "start": selectors.clock(start_minute),
        "end": selectors.clock(end_minute),
        "next_day": end_minute >= MINUTES_PER_DAY,
    }


def _block_out(block: PatternBlock) -> dict[str, Any]:
    return {
        "public_id": block.public_id,
        "week": block.week,
        "weekday": block.weekday,
        **_times_out(block.start_minute, block.end_minute),
        "kind": block.kind,
        "headcount": block.headcount,
        "skills": [s.public_id for s in block.required_skills.all()],
        "skill_mode": block.skill_mode,
        "preferred_staff": [m.public_id for m in block.preferred_staff.all()],
        "preferred_tags": [t.label for t in block.preferred_tags.all()],
        "activity": block.activity,
        "notes": block.notes,
    }


def _totals(totals: selectors.Totals | None) -> dict[str, float] | None:
    if totals is None:
        return None
    return {kind: float(getattr(totals, kind)) for kind in selectors.KINDS}


def _pattern_out(access: PersonAccess) -> dict[str, Any]:
    support = selectors.pattern_of(access.person)
    if support is None:
        raise Http404
    blocks = list(support.blocks.all())
    today = timezone.localdate()
    comparison = selectors.pattern_comparison(support, blocks, today)
    return {
        "public_id": support.public_id,
        "weeks": support.weeks,
        "anchor_monday": support.anchor_monday,
        "note": support.note,
        "blocks": [_block_out(b) for b in blocks],
        "totals": _totals(comparison.totals),
        "commissioned": _totals(comparison.commissioned),
        "matches_package": comparison.matches,
        "summary": comparison.summary,
        "warnings": selectors.two_to_one_warnings(access.person, blocks, today),
    }


def _shift_out(shift: Shift, *, can_edit: bool) -> dict[str, Any]:
    return {
        "public_id": shift.public_id,
        "person": shift.person.public_id,
        "block": shift.block.public_id if shift.block else None,
        "on": shift.on,
        "starts_at": shift.starts_at.astimezone(selectors.local_zone()),
        "ends_at": shift.ends_at.astimezone(selectors.local_zone()),
        "minutes": selectors.elapsed_minutes(shift.starts_at, shift.ends_at),
        "kind": shift.kind,
        "headcount": shift.headcount,
        "skills": [s.public_id for s in shift.required_skills.all()],
        "skill_mode": shift.skill_mode,
        "activity": shift.activity,
        "notes": shift.notes,
        "status": shift.status,
        "cancel_reason": shift.cancel_reason if can_edit else "",
        "changed_from_pattern": shift.changed_from_pattern,
        "one_off": shift.block_id is None,
        "workers": [a.staff_member.public_id for a in shift.assignments.all()],
        "version": shift.updated_at,
    }


def _fresh_shift(shift: Shift, *, can_edit: bool) -> dict[str, Any]:
    row = selectors.shifts_between(shift.person, shift.on, shift.on).get(pk=shift.pk)
    return _shift_out(row, can_edit=can_edit)


def _block_of(access: PersonAccess, block_id: uuid.UUID) -> PatternBlock:
    support = selectors.pattern_of(access.person)
    block = selectors.block_of(support, block_id) if support else None
    if block is None:
        raise Http404
    return block


def _conflict(exc: shift_services.ShiftChangedError) -> HttpResponse:
    return envelope(409, message=exc.messages[0])


# The pattern ---------------------------------------------------------------------------------


@router.get(
    "/people/{uuid:person_id}/pattern",
    response={200: PatternOut, **ERRORS},
    summary="A person's support pattern: blocks, weekly totals against the package, warnings",
)
def get_support_pattern(request: HttpRequest, person_id: uuid.UUID) -> dict[str, Any]:
    return _pattern_out(_read(request, person_id))


@router.put(
    "/people/{uuid:person_id}/pattern",
    response={200: PatternOut, **WRITE_ERRORS},
    summary="Create the pattern or change how it repeats (1 or 2 weeks from a Monday)",
)
def put_support_pattern(
    request: HttpRequest, person_id: uuid.UUID, payload: PatternIn
) -> dict[str, Any]:
    access = _write(request, person_id)
    _run(
        lambda: pattern_services.save_pattern(
            actor=actor(request),
            person=access.person,
            weeks=payload.weeks,
            anchor_monday=payload.anchor_monday,
            note=payload.note,
        )
    )
    return _pattern_out(access)


def _resolved(access: PersonAccess, data: dict[str, Any]) -> dict[str, Any]:
    """The JSON of a block or a shift with what the services take: minutes and skills."""
    start, end = _minutes(data["start"], data["end"], data["next_day"])
    return {
        **data,
        "start_minute": start,
        "end_minute": end,
        "kind": str(data["kind"]),
        "skills": _skills(access, data["skills"]),
        "skill_mode": str(data["skill_mode"]),
    }


def _block_input(access: PersonAccess, data: dict[str, Any]) -> BlockInput:
    return input_from(
        BlockInput,
        {
            **_resolved(access, data),
            "preferred_staff": _staff(access, data["preferred_staff"]),
            "preferred_tags": [t for t in data["preferred_tags"] if t.strip()],
        },
    )


@router.post(
    "/people/{uuid:person_id}/pattern/blocks",
    response={201: BlockOut, **WRITE_ERRORS},
    summary="Add a block (creates a weekly pattern from this Monday when there is none)",
)
def add_pattern_block(
    request: HttpRequest, person_id: uuid.UUID, payload: BlockIn
) -> Status[dict[str, Any]]:
    access = _write(request, person_id)
    data = _block_input(access, payload.model_dump())
    block = _run(
        lambda: pattern_services.add_block(actor=actor(request), person=access.person, data=data)
    )
    return Status(201, _block_out(block))


@router.patch(
    "/people/{uuid:person_id}/pattern/blocks/{uuid:block_id}",
    response={200: BlockOut, **WRITE_ERRORS},
    summary="Change a block (shifts already generated stay as they are)",
)
def change_pattern_block(
    request: HttpRequest, person_id: uuid.UUID, block_id: uuid.UUID, payload: BlockPatch
) -> dict[str, Any]:
    access = _write(request, person_id)
    block = _block_of(access, block_id)
    current = _block_out(block)
    current["skills"] = [s.public_id for s in block.required_skills.all()]
    current["preferred_staff"] = [m.public_id for m in block.preferred_staff.all()]
    data = _block_input(access, {**current, **payload.model_dump(exclude_unset=True)})
    changed = _run(
        lambda: pattern_services.change_block(actor=actor(request), block=block, data=data)
    )
    return _block_out(selectors.block_of(block.pattern, changed.public_id) or changed)


@router.delete(
    "/people/{uuid:person_id}/pattern/blocks/{uuid:block_id}",
    response={204: None, **WRITE_ERRORS},
    summary="Remove a block (shifts already generated stay)",
)
def remove_pattern_block(
    request: HttpRequest, person_id: uuid.UUID, block_id: uuid.UUID
) -> Status[None]:
    access = _write(request, person_id)
    pattern_services.remove_block(actor=actor(request), block=_block_of(access, block_id))
    return Status(204, None)


# Shifts --------------------------------------------------------------------------------------


@router.get(
    "/people/{uuid:person_id}/shifts",
    response={200: Page[ShiftOut], **ERRORS},
    summary=f"The person's shifts from one day to another (at most {MAX_RANGE_DAYS} days)",
)
def list_person_shifts(
    request: HttpRequest,
    person_id: uuid.UUID,
    period: Query[ShiftRange],
    paging: Query[Paging],
) -> dict[str, object]:
    access = _read(request, person_id)
    monday = monday_of(timezone.localdate())
    first_day = period.first_day or monday
    last_day = period.last_day or first_day + dt.timedelta(days=6)
    _run(lambda: shift_services.check_period(first_day, last_day, limit=MAX_RANGE_DAYS))
    page = paginate(
        selectors.shifts_between(access.person, first_day, last_day)
        .select_related("person")
        .prefetch_related("assignments__staff_member"),
        paging,
    )
    can_edit = can_edit_rota(access)
    page["items"] = [_shift_out(s, can_edit=can_edit) for s in page["items"]]  # type: ignore[attr-defined]
    return page


@router.post(
    "/people/{uuid:person_id}/shifts/generate",
    response={200: GenerateOut, **WRITE_ERRORS},
    summary="Make the shifts the pattern gives for a period (at most 366 days); idempotent",
)
def generate_person_shifts(
    request: HttpRequest, person_id: uuid.UUID, payload: GenerateIn
) -> dict[str, int]:
    access = _write(request, person_id)
    created = _run(
        lambda: shift_services.generate_shifts(
            actor=actor(request),
            person=access.person,
            first_day=payload.first_day,
            last_day=payload.last_day,
        )
    )
    return {"created": created}


def _shift_input(access: PersonAccess, data: dict[str, Any]) -> ShiftInput:
    return input_from(ShiftInput, _resolved(access, data))


@router.post(
    "/people/{uuid:person_id}/shifts",
    response={201: ShiftOut, **WRITE_ERRORS},
    summary="Add a one-off shift (an outing, an appointment); the pattern stays as it is",
)
def add_one_off_shift(
    request: HttpRequest, person_id: uuid.UUID, payload: ShiftIn
) -> Status[dict[str, Any]]:
    access = _write(request, person_id)
    data = _shift_input(access, payload.model_dump())
    shift = _run(
        lambda: shift_services.add_one_off_shift(
            actor=actor(request), person=access.person, data=data
        )
    )
    return Status(201, _fresh_shift(shift, can_edit=True))


def _shift_current(shift: Shift) -> dict[str, Any]:
    zone = selectors.local_zone()
    starts, ends = shift.starts_at.astimezone(zone), shift.ends_at.astimezone(zone)
    return {
        "on": shift.on,
        "start": f"{starts:%H:%M}",
        "end": f"{ends:%H:%M}",
        "next_day": ends.date() > shift.on,
        "kind": shift.kind,
        "headcount": shift.headcount,
        "skills": [s.public_id for s in shift.required_skills.all()],
        "skill_mode": shift.skill_mode,
        "activity": shift.activity,
        "notes": shift.notes,
    }


@router.patch(
    "/shifts/{uuid:shift_id}",
    response={200: ShiftOut, 409: ErrorOut, **WRITE_ERRORS},
    summary="Change one shift on its day; send the version you read (a newer one is a 409)",
)
def change_one_shift(
    request: HttpRequest, shift_id: uuid.UUID, payload: ShiftPatch
) -> dict[str, Any] | HttpResponse:
    shift, access = access_shift(actor(request), shift_id, write=True, page="api.rota.shifts")
    changes = payload.model_dump(exclude_unset=True)
    version = changes.pop("version")
    data = _shift_input(access, {**_shift_current(shift), **changes})
    try:
        changed = _run(
            lambda: shift_services.change_shift(
                actor=actor(request), shift=shift, data=data, version=version
            )
        )
    except DjangoFieldErrors as exc:
        if isinstance(exc.__cause__, shift_services.ShiftChangedError):
            return _conflict(exc.__cause__)
        raise
    return _fresh_shift(changed, can_edit=True)


@router.post(
    "/shifts/{uuid:shift_id}/cancel",
    response={200: ShiftOut, 409: ErrorOut, **WRITE_ERRORS},
    summary="Cancel a shift with a reason (kept on the shift; never sent to workers)",
)
def cancel_one_shift(
    request: HttpRequest, shift_id: uuid.UUID, payload: CancelIn
) -> dict[str, Any] | HttpResponse:
    shift, _access = access_shift(actor(request), shift_id, write=True, page="api.rota.shifts")
    try:
        changed = _run(
            lambda: shift_services.cancel_shift(
                actor=actor(request), shift=shift, reason=payload.reason, version=payload.version
            )
        )
    except DjangoFieldErrors as exc:
        if isinstance(exc.__cause__, shift_services.ShiftChangedError):
            return _conflict(exc.__cause__)
        raise
    return _fresh_shift(changed, can_edit=True)


@router.post(
    "/shifts/{uuid:shift_id}/restore",
    response={200: ShiftOut, 409: ErrorOut, **WRITE_ERRORS},
    summary="Put a cancelled shift back on",
)
def restore_one_shift(
    request: HttpRequest, shift_id: uuid.UUID, payload: RestoreIn
) -> dict[str, Any] | HttpResponse:
    shift, _access = access_shift(actor(request), shift_id, write=True, page="api.rota.shifts")
    try:
        changed = _run(
            lambda: shift_services.restore_shift(
                actor=actor(request), shift=shift, version=payload.version
            )
        )
    except DjangoFieldErrors as exc:
        if isinstance(exc.__cause__, shift_services.ShiftChangedError):
            return _conflict(exc.__cause__)
        raise
    return _fresh_shift(changed, can_edit=True)
