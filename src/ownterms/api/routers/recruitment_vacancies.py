"""/api/v1/vacancies: vacancies for a person's team, built from their wishes.

Recruiters (administrators, managers, the recruiter role) list and read every vacancy and
create them; the person and the family members they chose read their own. A new vacancy goes
through the same service as the page: a draft, with self-selection questions built from the
wishes, its hours and times worked out from the pattern blocks when not given, and the area
from the person's postcode district when not given. Interests and traits are labels (new ones
join the vocabulary); skills, blocks and deciders are ids. Rule breaks answer 422."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Literal, cast

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status

from ownterms.api.auth import actor
from ownterms.api.errors import DjangoFieldErrors
from ownterms.api.routers.paging import Paging, paginate
from ownterms.api.routers.record_errors import field_errors
from ownterms.api.schemas import ErrorOut, Page, Strict
from ownterms.audit.services import record_access
from ownterms.recruitment.access import (
    access_vacancy,
    is_recruiter,
    require_recruiter,
    vacancies_visible_to,
)
from ownterms.recruitment.models import Vacancy
from ownterms.recruitment.selectors import vacancies as selectors
from ownterms.recruitment.services import vacancies as services
from ownterms.rota.models import PatternBlock
from ownterms.vocabulary.selectors import skills_of

router = Router(tags=["recruitment: vacancies"])
ERRORS: dict[int, type[ErrorOut]] = {401: ErrorOut, 404: ErrorOut, 422: ErrorOut}
PAGE = "api.recruitment.vacancy"
LABEL = 60


class QuestionOut(Schema):
    public_id: uuid.UUID
    text: str
    order: int


class VacancyOut(Schema):
    public_id: uuid.UUID
    person: uuid.UUID
    person_name: str
    status: str
    kind: str
    minutes_per_week: int
    pattern_text: str
    blocks: list[uuid.UUID]
    area: str
    wanted_interests: list[str]
    wanted_traits: list[str]
    avoided_traits: list[str]
    skills: list[uuid.UUID]
    personal_care: str
    voice: str
    in_my_words: str
    deciders: list[uuid.UUID]
    questions: list[QuestionOut]
    approved_by: str
    approved_at: dt.datetime | None
    approval_words: str
    opened_at: dt.datetime | None
    closed_at: dt.datetime | None
    filled_at: dt.datetime | None
    created_at: dt.datetime
    #: Applications by stage (recruiters only; empty for the person and family).
    applications: dict[str, int]


class VacancyIn(Strict):
    person: uuid.UUID
    kind: Literal["core", "relief"]
    blocks: list[uuid.UUID] = Field(default_factory=list, max_length=50)
    #: Left out: the total of the blocks.
    minutes_per_week: int | None = Field(None, ge=0, le=7 * 24 * 60, strict=True)
    #: Left out: the blocks described ("Tuesdays 09:00-15:00").
    pattern_text: str | None = Field(None, max_length=500, strict=True)
    #: Left out: the person's postcode district.
    area: str | None = Field(None, max_length=8, strict=True)
    wanted_interests: list[str] = Field(default_factory=list, max_length=30)
    wanted_traits: list[str] = Field(default_factory=list, max_length=30)
    avoided_traits: list[str] = Field(default_factory=list, max_length=30)
    skills: list[uuid.UUID] = Field(default_factory=list, max_length=30)
    personal_care: Literal["", "woman", "man", "not_needed"] = ""
    voice: Literal["person", "third"] = "person"
    in_my_words: str = Field("", max_length=3000, strict=True)
    deciders: list[uuid.UUID] = Field(default_factory=list, max_length=20)


def _out(vacancy: Vacancy, *, recruits: bool) -> dict[str, object]:
    vacancy = selectors.vacancy_with_wishes(vacancy)
    counts = selectors.stage_counts([vacancy.pk]).get(vacancy.pk, {}) if recruits else {}
    return {
        "public_id": vacancy.public_id,
        "person": vacancy.person.public_id,
        "person_name": vacancy.person.name,
        "status": vacancy.status,
        "kind": vacancy.kind,
        "minutes_per_week": vacancy.minutes_per_week,
        "pattern_text": vacancy.pattern_text,
        "blocks": [block.public_id for block in vacancy.blocks.all()],
        "area": vacancy.area,
        "wanted_interests": selectors.wanted_interests(vacancy),
        "wanted_traits": selectors.wanted_traits(vacancy),
        "avoided_traits": selectors.avoided_traits(vacancy),
        "skills": [skill.public_id for skill in vacancy.skills.all()],
        "personal_care": vacancy.personal_care,
        "voice": vacancy.voice,
        "in_my_words": vacancy.in_my_words,
        "deciders": [member.public_id for member in vacancy.deciders.all()],
        "questions": [
            {"public_id": q.public_id, "text": q.text, "order": q.order}
            for q in vacancy.questions.all()
        ],
        "approved_by": vacancy.approved_by_label,
        "approved_at": vacancy.approved_at,
        "approval_words": vacancy.approval_words,
        "opened_at": vacancy.opened_at,
        "closed_at": vacancy.closed_at,
        "filled_at": vacancy.filled_at,
        "created_at": vacancy.created_at,
        "applications": dict(counts),
    }


@router.get("", response={200: Page[VacancyOut], **ERRORS}, summary="Vacancies")
def list_vacancies(request: HttpRequest, query: Query[Paging]) -> dict[str, object]:
    user = actor(request)
    page = paginate(vacancies_visible_to(user).order_by("-created_at", "pk"), query)
    recruits = is_recruiter(user)
    rows = cast(list[Vacancy], page["items"])
    return {**page, "items": [_out(row, recruits=recruits) for row in rows]}


@router.get("/{uuid:vacancy_id}", response={200: VacancyOut, **ERRORS}, summary="One vacancy")
def get_vacancy(request: HttpRequest, vacancy_id: uuid.UUID) -> dict[str, object]:
    user = actor(request)
    access = access_vacancy(user, vacancy_id)
    record_access(actor=user, person=access.vacancy.person, page=PAGE, basis=access.basis.value)
    return _out(access.vacancy, recruits=access.recruits)


def _found(name: str, wanted: list[uuid.UUID], found: list[object], message: str) -> None:
    if len(found) != len(set(wanted)):
        raise DjangoFieldErrors({name: [message]})


@router.post(
    "",
    response={201: VacancyOut, 403: ErrorOut, **ERRORS},
    summary="Create a vacancy from a person's wishes",
)
def create_vacancy(request: HttpRequest, payload: VacancyIn) -> Status[dict[str, object]]:
    user = actor(request)
    require_recruiter(user)
    person = (
        selectors.people_to_recruit_for(user.organisation_id)
        .filter(public_id=payload.person)
        .first()
    )
    if person is None:
        raise DjangoFieldErrors({"person": ["No such person in this organisation."]})
    pattern, _blocks = selectors.pattern_blocks(person)
    blocks = list(
        PatternBlock.objects.filter(pattern=pattern, public_id__in=payload.blocks)
        if pattern is not None
        else PatternBlock.objects.none()
    )
    _found("blocks", payload.blocks, list(blocks), "Choose blocks from this person's pattern.")
    skills = list(skills_of(user.organisation_id).filter(public_id__in=payload.skills))
    _found("skills", payload.skills, list(skills), "No such skill in this organisation.")
    deciders = list(selectors.family_of(person).filter(public_id__in=payload.deciders))
    _found("deciders", payload.deciders, list(deciders), "Choose family members of the person.")
    for name in ("wanted_interests", "wanted_traits", "avoided_traits"):
        labels = getattr(payload, name)
        if any(not isinstance(label, str) or len(label) > LABEL for label in labels):
            raise DjangoFieldErrors({name: [f"Each label can be at most {LABEL} characters."]})
    wishes = services.Wishes(
        kind=payload.kind,
        blocks=blocks,
        minutes_per_week=payload.minutes_per_week,
        pattern_text=payload.pattern_text,
        area=selectors.district_of(person.postcode) if payload.area is None else payload.area,
        skills=skills,
        personal_care=payload.personal_care,
        voice=payload.voice,
        in_my_words=payload.in_my_words,
        deciders=deciders,
        new_interests=payload.wanted_interests,
        new_traits=payload.wanted_traits,
        new_avoided=payload.avoided_traits,
    )
    try:
        vacancy = services.create_vacancy(actor=user, person=person, wishes=wishes)
    except PermissionDenied:
        raise
    except DjangoValidationError as exc:
        raise field_errors(exc) from exc
    return Status(201, _out(vacancy, recruits=True))
