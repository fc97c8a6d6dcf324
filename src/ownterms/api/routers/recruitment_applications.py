"""/api/v1/applicants and /api/v1/applications: the same access rules and services as the
pipeline pages (recruitment.access, recruitment.services.applications).

Recruiters see every applicant and application; the person and the family they chose see
their vacancy's second-stage applications with the first name only (no contact details), and
may not move them (403)."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import HttpRequest
from ninja import Query, Router, Schema
from pydantic import Field

from ownterms.api.auth import actor
from ownterms.api.errors import DjangoFieldErrors
from ownterms.api.routers.paging import Paging, paginate
from ownterms.api.schemas import ErrorOut, Page, Strict
from ownterms.audit.services import record_access, record_applicant_access
from ownterms.recruitment.access import (
    access_applicant,
    access_application,
    access_vacancy,
    applications_visible_to,
    require_recruiter,
)
from ownterms.recruitment.models import Applicant, Application, Stage
from ownterms.recruitment.selectors.applications import applicants_of
from ownterms.recruitment.services import applications as services

router = Router(tags=["recruitment"])
ERRORS: dict[int, type[ErrorOut]] = {401: ErrorOut, 404: ErrorOut, 422: ErrorOut}
WRITE_ERRORS: dict[int, type[ErrorOut]] = {**ERRORS, 403: ErrorOut}
PAGE = "api.recruitment.applications"


class ApplicantOut(Schema):
    public_id: uuid.UUID
    first_name: str
    last_name: str
    email: str
    phone: str
    postcode: str
    home_area: str
    about_me: str
    interests: list[str]
    traits: list[str]
    skills: list[str]
    available_minutes_per_week: int
    availability: str
    drives: bool
    new_to_care: bool
    gender: str
    source: str
    has_cv: bool
    keep_until: dt.date | None
    staff_member: uuid.UUID | None
    created_at: dt.datetime


class AnswerOut(Schema):
    answer: str
    comment: str


class ApplicationOut(Schema):
    public_id: uuid.UUID
    vacancy: uuid.UUID
    applicant: uuid.UUID | None = Field(description="Recruiters only")
    applicant_first_name: str
    stage: str
    ended_at_stage: str | None = Field(description="Recruiters only")
    rejection_reason: str | None = Field(description="Recruiters only")
    answers: dict[str, AnswerOut] = Field(description="By question public id")
    considered_from: uuid.UUID | None
    offered_minutes_per_week: int | None
    starts_on: dt.date | None
    staff_member: uuid.UUID | None
    created_at: dt.datetime


class ApplicationsQuery(Schema):
    vacancy: uuid.UUID


class MoveIn(Strict):
    to_stage: Stage = Field(
        description='The next stage, or "rejected" (with a reason) or "withdrawn"'
    )
    note: str = Field(default="", max_length=2000)
    reason: str = Field(default="", max_length=2000, description='Required for "rejected"')
    offered_minutes_per_week: int | None = Field(
        default=None, ge=0, le=7 * 24 * 60, description='Required for "offer"'
    )
    starts_on: dt.date | None = Field(default=None, description='Required for "offer"')


def _applicant_out(applicant: Applicant) -> dict[str, Any]:
    tags = sorted(applicant.tags.all(), key=lambda tag: tag.label.casefold())
    member = applicant.staff_member
    return {
        **{
            name: getattr(applicant, name)
            for name in ("public_id", *services.APPLICANT_DETAILS, "keep_until", "created_at")
        },
        "interests": [tag.label for tag in tags if tag.kind == "interest"],
        "traits": [tag.label for tag in tags if tag.kind == "trait"],
        "skills": sorted(skill.name for skill in applicant.skills.all()),
        "has_cv": bool(applicant.cv),
        "staff_member": member.public_id if member else None,
    }


def _application_out(application: Application, recruits: bool) -> dict[str, Any]:
    source = application.considered_from
    member = application.staff_member
    return {
        "public_id": application.public_id,
        "vacancy": application.vacancy.public_id,
        "applicant": application.applicant.public_id if recruits else None,
        "applicant_first_name": application.applicant.first_name,
        "stage": application.stage,
        "ended_at_stage": application.ended_at_stage if recruits else None,
        "rejection_reason": application.rejection_reason if recruits else None,
        "answers": application.answers,
        "considered_from": source.public_id if source and recruits else None,
        "offered_minutes_per_week": application.offered_minutes_per_week if recruits else None,
        "starts_on": application.starts_on if recruits else None,
        "staff_member": member.public_id if member and recruits else None,
        "created_at": application.created_at,
    }


def _fields(error: DjangoValidationError) -> DjangoFieldErrors:
    if hasattr(error, "error_dict"):
        return DjangoFieldErrors(error.message_dict)
    return DjangoFieldErrors({"__all__": error.messages})


@router.get(
    "/applicants",
    response={200: Page[ApplicantOut], **ERRORS},
    summary="Applicants (recruiters only)",
)
def recruitment_list_applicants(request: HttpRequest, paging: Query[Paging]) -> dict[str, object]:
    user = actor(request)
    require_recruiter(user)
    assert user.organisation is not None
    found = (
        applicants_of(user.organisation)
        .select_related("staff_member")
        .prefetch_related("tags", "skills")
    )
    page = paginate(found, paging)
    applicants: list[Applicant] = page["items"]  # type: ignore[assignment]
    for applicant in applicants:
        record_applicant_access(actor=user, applicant=applicant, page=PAGE, basis="recruiter")
    page["items"] = [_applicant_out(applicant) for applicant in applicants]
    return page


@router.get(
    "/applicants/{public_id}",
    response={200: ApplicantOut, **ERRORS},
    summary="One applicant (recruiters only)",
)
def recruitment_get_applicant(request: HttpRequest, public_id: uuid.UUID) -> dict[str, Any]:
    user = actor(request)
    applicant = access_applicant(user, public_id)
    record_applicant_access(actor=user, applicant=applicant, page=PAGE, basis="recruiter")
    return _applicant_out(applicant)


@router.get(
    "/applications",
    response={200: Page[ApplicationOut], **ERRORS},
    summary="A vacancy's applications (the person and family: the second stage only)",
)
def recruitment_list_applications(
    request: HttpRequest, filters: Query[ApplicationsQuery], paging: Query[Paging]
) -> dict[str, object]:
    user = actor(request)
    access = access_vacancy(user, filters.vacancy)
    record_access(actor=user, person=access.vacancy.person, page=PAGE, basis=access.basis)
    found = (
        applications_visible_to(user, access)
        .select_related("applicant", "vacancy", "considered_from", "staff_member")
        .order_by("created_at", "pk")
    )
    page = paginate(found, paging)
    applications: list[Application] = page["items"]  # type: ignore[assignment]
    page["items"] = [_application_out(a, access.recruits) for a in applications]
    return page


@router.get(
    "/applications/{public_id}",
    response={200: ApplicationOut, **ERRORS},
    summary="One application",
)
def recruitment_get_application(request: HttpRequest, public_id: uuid.UUID) -> dict[str, Any]:
    user = actor(request)
    access = access_application(user, public_id)
    record_applicant_access(
        actor=user, applicant=access.application.applicant, page=PAGE, basis=access.basis.value
    )
    return _application_out(access.application, access.recruits)


@router.post(
    "/applications/{public_id}/moves",
    response={200: ApplicationOut, **WRITE_ERRORS},
    summary="Move an application to the next stage, or reject it (with a reason), or withdraw it",
)
def recruitment_move_application(
    request: HttpRequest, public_id: uuid.UUID, payload: MoveIn
) -> dict[str, Any]:
    user = actor(request)
    access = access_application(user, public_id)
    if not access.recruits:
        raise PermissionDenied
    application = access.application
    try:
        if payload.to_stage == Stage.REJECTED:
            moved = services.reject(actor=user, application=application, reason=payload.reason)
        elif payload.to_stage == Stage.WITHDRAWN:
            moved = services.withdraw(actor=user, application=application, note=payload.note)
        else:
            moved = services.advance(
                actor=user,
                application=application,
                to_stage=payload.to_stage,
                note=payload.note,
                offered_minutes_per_week=payload.offered_minutes_per_week,
                starts_on=payload.starts_on,
            )
    except DjangoValidationError as error:
        raise _fields(error) from None
    found = Application.objects.select_related(
        "applicant", "vacancy", "considered_from", "staff_member"
    ).get(pk=moved.pk)
    return _application_out(found, True)
