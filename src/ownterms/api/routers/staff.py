"""/api/v1/staff: the same access rules as the web pages (staff.access, staff.selectors)."""

from __future__ import annotations

import uuid
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest
from django.utils import timezone
from ninja import Query, Router
from ninja.errors import HttpError
from ninja.responses import Status

from ownterms.api.auth import actor
from ownterms.api.errors import DjangoFieldErrors
from ownterms.api.routers.paging import Paging, paginate
from ownterms.api.schemas import ErrorOut, Page, StaffOut
from ownterms.api.staff_schemas import (
    SkillIn,
    SkillOut,
    StaffRecordOut,
    StaffUpdate,
    TrainingIn,
    TrainingOut,
)
from ownterms.people.selectors import roles_of
from ownterms.people.services import EditConflictError
from ownterms.staff.access import access_staff_member
from ownterms.staff.models import StaffMember, TrainingRecord
from ownterms.staff.selectors import STAFF_RECORD_ROLES, staff_list
from ownterms.staff.services import (
    add_training_record,
    update_staff_member,
)
from ownterms.vocabulary.models import Skill
from ownterms.vocabulary.selectors import skills_of
from ownterms.vocabulary.services import add_skill

router = Router(tags=["staff"])
ERRORS: dict[int, type[ErrorOut]] = {401: ErrorOut, 404: ErrorOut, 422: ErrorOut}
WRITE_ERRORS: dict[int, type[ErrorOut]] = {**ERRORS, 403: ErrorOut}


def field_errors(exc: DjangoValidationError) -> DjangoFieldErrors:
    if hasattr(exc, "error_dict"):
        return DjangoFieldErrors(exc.message_dict)
    return DjangoFieldErrors({"__all__": exc.messages})


def staff_record(member: StaffMember) -> dict[str, Any]:
    tags = sorted(member.tags.all(), key=lambda tag: tag.label.casefold())
    data = {field.name: getattr(member, field.name) for field in StaffMember._meta.concrete_fields}
    data.update(
        public_id=member.public_id,
        name=member.name,
        opt_out_in_force_today=member.opt_out_in_force_on(timezone.localdate()),
        interests=[tag.label for tag in tags if tag.kind == "interest"],
        traits=[tag.label for tag in tags if tag.kind == "trait"],
    )
    return data


def _training(record: TrainingRecord) -> dict[str, Any]:
    return {
        "public_id": record.public_id,
        "skill": record.skill,
        "completed_on": record.completed_on,
        "expires_on": record.expires_on,
        "state": record.state_on(timezone.localdate()),
    }


@router.get("", response={200: Page[StaffOut], **ERRORS}, summary="Staff members you may see")
def list_staff(request: HttpRequest, paging: Query[Paging]) -> dict[str, object]:
    return paginate(staff_list(actor(request)), paging)


def _skills_reader(request: HttpRequest) -> Any:
    user = actor(request)
    if not roles_of(user) & STAFF_RECORD_ROLES:
        raise Http404
    return user


@router.get(
    "/skills",
    response={200: list[SkillOut], **ERRORS},
    summary="The organisation's skills (administrators and managers)",
)
def list_skills(request: HttpRequest) -> list[Skill]:
    user = _skills_reader(request)
    return list(skills_of(user.organisation_id).order_by("name"))


@router.post(
    "/skills",
    response={201: SkillOut, **ERRORS},
    summary="Add a skill to the organisation's list (administrators and managers)",
)
def add_skill_endpoint(request: HttpRequest, payload: SkillIn) -> Status[Skill]:
    user = _skills_reader(request)
    try:
        return Status(
            201,
            add_skill(
                actor=user,
                organisation=user.organisation,
                name=payload.name,
                renew_every_months=payload.renew_every_months,
            ),
        )
    except DjangoValidationError as exc:
        raise field_errors(exc) from exc


@router.get(
    "/{uuid:public_id}", response={200: StaffRecordOut, **ERRORS}, summary="One staff member"
)
def get_staff_member(request: HttpRequest, public_id: uuid.UUID) -> dict[str, Any]:
    return staff_record(access_staff_member(actor(request), public_id).staff_member)


@router.patch(
    "/{uuid:public_id}",
    response={200: StaffRecordOut, 409: ErrorOut, **WRITE_ERRORS},
    summary="Change a staff record (administrators and managers)",
)
def update_staff_endpoint(
    request: HttpRequest, public_id: uuid.UUID, payload: StaffUpdate
) -> dict[str, Any]:
    user = actor(request)
    member = access_staff_member(user, public_id, write=True).staff_member
    changes = payload.model_dump(exclude_unset=True)
    expected = changes.pop("updated_at", None)
    for required in (
        "job_title",
        "employment",
        "contract_minutes_per_week",
        "starts_on",
        "opt_out_notice_days",
        "night_worker",
        "other_employment_minutes_per_week",
    ):
        if required in changes and changes[required] is None:
            raise DjangoFieldErrors({required: ["This field cannot be empty."]})
    for text in ("pay_band", "gender", "languages", "home_area", "profile_appreciated"):
        if text in changes and changes[text] is None:
            changes[text] = ""
    for text in ("profile_important", "profile_how_i_work"):
        if text in changes and changes[text] is None:
            changes[text] = ""
    try:
        updated = update_staff_member(
            actor=user, staff_member=member, expected_updated_at=expected, **changes
        )
    except EditConflictError as exc:
        raise HttpError(409, "conflict") from exc
    except DjangoValidationError as exc:
        raise field_errors(exc) from exc
    return staff_record(updated)


@router.get(
    "/{uuid:public_id}/training",
    response={200: list[TrainingOut], **ERRORS},
    summary="A staff member's training records",
)
def list_training(request: HttpRequest, public_id: uuid.UUID) -> list[dict[str, Any]]:
    member = access_staff_member(actor(request), public_id).staff_member
    records = member.training.select_related("skill").order_by("skill__name", "-completed_on")
    return [_training(record) for record in records]


@router.post(
    "/{uuid:public_id}/training",
    response={201: TrainingOut, **WRITE_ERRORS},
    summary="Add or renew training (administrators and managers)",
)
def add_training_endpoint(
    request: HttpRequest, public_id: uuid.UUID, payload: TrainingIn
) -> Status[dict[str, Any]]:
    user = actor(request)
    member = access_staff_member(user, public_id, write=True).staff_member
    skill = skills_of(member.organisation_id).filter(public_id=payload.skill).first()
    if skill is None:
        raise DjangoFieldErrors({"skill": ["No such skill in this organisation."]})
    try:
        record = add_training_record(
            actor=user,
            staff_member=member,
            skill=skill,
            completed_on=payload.completed_on,
            expires_on=payload.expires_on,
        )
    except DjangoValidationError as exc:
        raise field_errors(exc) from exc
    return Status(201, _training(record))
