"""/api/v1/teams/<person>: a person's team, approval, skill needs and team health. The same
access as the pages: ``access_person`` with the ROTA category (writes: managers and
administrators); the health view also needs a staff-record role, as on the page."""

from __future__ import annotations

import uuid
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Q
from django.http import Http404, HttpRequest
from django.utils import timezone
from ninja import Router
from ninja.responses import Status

from ownterms.api.auth import actor
from ownterms.api.errors import DjangoFieldErrors
from ownterms.api.routers.staff import WRITE_ERRORS, field_errors
from ownterms.api.schemas import ErrorOut
from ownterms.api.staff_schemas import (
    ApprovalIn,
    MembershipEnd,
    MembershipIn,
    MembershipOut,
    SkillCoverOut,
    SkillNeedIn,
    SkillNeedOut,
)
from ownterms.people.access import PersonAccess, access_person
from ownterms.people.models import ConsentCategory
from ownterms.people.selectors import roles_of
from ownterms.staff.models import SkillNeed, StaffMember, TeamMembership
from ownterms.staff.selectors import STAFF_RECORD_ROLES, person_team, skill_needs_of, team_health
from ownterms.staff.services import (
    add_skill_need,
    add_team_membership,
    end_team_membership,
    record_person_approval,
    remove_skill_need,
)
from ownterms.vocabulary.selectors import skills_of

router = Router(tags=["teams"])
ERRORS: dict[int, type[ErrorOut]] = {401: ErrorOut, 404: ErrorOut, 422: ErrorOut}
CATEGORY = ConsentCategory.ROTA


def _read(request: HttpRequest, person_id: uuid.UUID, page: str) -> PersonAccess:
    return access_person(actor(request), person_id, category=CATEGORY, page=page)


def _write(request: HttpRequest, person_id: uuid.UUID, page: str) -> PersonAccess:
    return access_person(actor(request), person_id, category=CATEGORY, write=True, page=page)


def _membership(access: PersonAccess, membership_id: uuid.UUID) -> TeamMembership:
    membership = (
        TeamMembership.objects.select_related("staff_member", "person")
        .filter(person=access.person, public_id=membership_id)
        .first()
    )
    if membership is None:
        raise Http404
    return membership


@router.get(
    "/{uuid:person_id}",
    response={200: list[MembershipOut], **ERRORS},
    summary="A person's team: every membership, past, current and future",
)
def list_team(request: HttpRequest, person_id: uuid.UUID) -> list[TeamMembership]:
    return list(person_team(_read(request, person_id, "api.team").person))


@router.post(
    "/{uuid:person_id}/members",
    response={201: MembershipOut, **WRITE_ERRORS},
    summary="Add a member of staff to the person's team",
)
def add_member(
    request: HttpRequest, person_id: uuid.UUID, payload: MembershipIn
) -> Status[TeamMembership]:
    access = _write(request, person_id, "api.team")
    today = timezone.localdate()
    member = (
        StaffMember.objects.filter(
            organisation_id=access.person.organisation_id, public_id=payload.staff_member
        )
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gt=today))
        .first()
    )
    if member is None:
        raise DjangoFieldErrors({"staff_member": ["No such current member of staff."]})
    try:
        return Status(
            201,
            add_team_membership(
                actor=actor(request),
                person=access.person,
                staff_member=member,
                kind=payload.kind,
                approved_by_person=payload.approved_by_person,
                starts_on=payload.starts_on,
                ends_on=payload.ends_on,
            ),
        )
    except DjangoValidationError as exc:
        raise field_errors(exc) from exc


@router.post(
    "/{uuid:person_id}/members/{uuid:membership_id}/end",
    response={200: MembershipOut, **WRITE_ERRORS},
    summary="End a membership (default today: access stops at once)",
)
def end_member(
    request: HttpRequest, person_id: uuid.UUID, membership_id: uuid.UUID, payload: MembershipEnd
) -> TeamMembership:
    access = _write(request, person_id, "api.team")
    membership = _membership(access, membership_id)
    try:
        return end_team_membership(
            actor=actor(request), membership=membership, ends_on=payload.ends_on
        )
    except DjangoValidationError as exc:
        raise field_errors(exc) from exc


@router.post(
    "/{uuid:person_id}/members/{uuid:membership_id}/approval",
    response={200: MembershipOut, **WRITE_ERRORS},
    summary="Record that the person said yes to a member (or no longer agrees)",
)
def approve_member(
    request: HttpRequest, person_id: uuid.UUID, membership_id: uuid.UUID, payload: ApprovalIn
) -> TeamMembership:
    access = _write(request, person_id, "api.team")
    membership = _membership(access, membership_id)
    return record_person_approval(
        actor=actor(request), membership=membership, approved=payload.approved
    )


@router.get(
    "/{uuid:person_id}/skill-needs",
    response={200: list[SkillNeedOut], **ERRORS},
    summary="The skills the person's support needs",
)
def list_skill_needs(request: HttpRequest, person_id: uuid.UUID) -> list[SkillNeed]:
    return list(skill_needs_of(_read(request, person_id, "api.team").person))


@router.post(
    "/{uuid:person_id}/skill-needs",
    response={201: SkillNeedOut, **WRITE_ERRORS},
    summary="Add a skill the person's support needs",
)
def add_skill_need_endpoint(
    request: HttpRequest, person_id: uuid.UUID, payload: SkillNeedIn
) -> Status[SkillNeed]:
    access = _write(request, person_id, "api.team")
    skill = skills_of(access.person.organisation_id).filter(public_id=payload.skill).first()
    if skill is None:
        raise DjangoFieldErrors({"skill": ["No such skill in this organisation."]})
    try:
        return Status(
            201,
            add_skill_need(
                actor=actor(request),
                person=access.person,
                skill=skill,
                coverage=payload.coverage,
                note=payload.note,
            ),
        )
    except DjangoValidationError as exc:
        raise field_errors(exc) from exc


@router.delete(
    "/{uuid:person_id}/skill-needs/{uuid:need_id}",
    response={204: None, **WRITE_ERRORS},
    summary="Remove a skill from the person's needs",
)
def remove_skill_need_endpoint(
    request: HttpRequest, person_id: uuid.UUID, need_id: uuid.UUID
) -> Status[None]:
    access = _write(request, person_id, "api.team")
    need = (
        SkillNeed.objects.select_related("skill", "person", "organisation")
        .filter(person=access.person, public_id=need_id)
        .first()
    )
    if need is None:
        raise Http404
    remove_skill_need(actor=actor(request), need=need)
    return Status(204, None)


@router.get(
    "/{uuid:person_id}/health",
    response={200: list[SkillCoverOut], **ERRORS},
    summary="Team health: who in the team holds each needed skill now and in 30 days",
)
def get_team_health(request: HttpRequest, person_id: uuid.UUID) -> list[dict[str, Any]]:
    user = actor(request)
    if not roles_of(user) & STAFF_RECORD_ROLES:
        raise Http404
    access = _read(request, person_id, "api.team.health")
    return [
        {
            "skill": cover.need.skill,
            "coverage": cover.need.coverage,
            "holders_today": cover.holders_today,
            "holders_in_30_days": cover.holders_later,
            "level": cover.level,
        }
        for cover in team_health(access.person)
    ]
