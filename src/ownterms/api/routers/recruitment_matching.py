"""/api/v1 matching (issue 6), for recruiters (everyone else: 404, as for a missing vacancy):
every candidate for a vacancy, every open vacancy for an applicant, and the suggested
assignment, each pair with every factor's points and plain words."""

from __future__ import annotations

import uuid

from django.http import HttpRequest
from ninja import Query, Router, Schema
from pydantic import Field

from ownterms.api.auth import actor
from ownterms.api.schemas import ErrorOut
from ownterms.audit.services import record_access, record_applicant_access
from ownterms.recruitment import matching
from ownterms.recruitment.access import (
    Basis,
    access_applicant,
    access_vacancy,
    require_recruiter,
)
from ownterms.recruitment.matching import Match
from ownterms.recruitment.selectors import matching as selectors
from ownterms.recruitment.services.matching import record_cross_match_view

RECRUITER = Basis.RECRUITER

router = Router(tags=["recruitment"])
ERRORS: dict[int, type[ErrorOut]] = {401: ErrorOut, 404: ErrorOut, 422: ErrorOut}


class FactorOut(Schema):
    factor: str
    points: int
    maximum: int
    counted: bool
    words: list[str]


class CandidateOut(Schema):
    #: "applicant" or "staff".
    kind: str
    id: uuid.UUID
    name: str


class VacancyOut(Schema):
    id: uuid.UUID
    person: str
    kind: str
    minutes_per_week: int


class MatchOut(Schema):
    vacancy: VacancyOut
    candidate: CandidateOut
    total: int
    eligible: bool
    barred: list[str]
    factors: list[FactorOut]


class UnfilledOut(Schema):
    vacancy: VacancyOut
    why: str


class CrossMatchOut(Schema):
    minimum: int
    total: int
    candidates: int
    pairs: list[MatchOut]
    unfilled: list[UnfilledOut]


class CrossMatchQuery(Schema):
    minimum: int = Field(matching.DEFAULT_MINIMUM, ge=0, le=100)


def _vacancy(wants: matching.Wants) -> dict[str, object]:
    return {
        "id": wants.public_id,
        "person": wants.person,
        "kind": wants.kind,
        "minutes_per_week": wants.minutes_per_week,
    }


def _match(found: Match) -> dict[str, object]:
    return {
        "vacancy": _vacancy(found.vacancy),
        "candidate": {
            "kind": str(found.candidate.kind),
            "id": found.candidate.public_id,
            "name": found.candidate.name,
        },
        "total": found.total,
        "eligible": found.eligible,
        "barred": list(found.barred),
        "factors": [
            {
                "factor": str(f.factor),
                "points": f.points,
                "maximum": f.maximum,
                "counted": f.counted,
                "words": list(f.words),
            }
            for f in found.factors
        ],
    }


@router.get(
    "/vacancies/{uuid:vacancy_id}/matches",
    response={200: list[MatchOut], **ERRORS},
    summary="Every candidate for a vacancy, best first, with each factor in plain words",
)
def vacancy_matches_endpoint(
    request: HttpRequest, vacancy_id: uuid.UUID
) -> list[dict[str, object]]:
    user = actor(request)
    require_recruiter(user)
    vacancy = access_vacancy(user, vacancy_id).vacancy
    record_access(
        actor=user, person=vacancy.person, page="api.recruitment.vacancy_matches", basis=RECRUITER
    )
    return [_match(m) for m in selectors.vacancy_matches(user.organisation, vacancy)]


@router.get(
    "/applicants/{uuid:applicant_id}/matches",
    response={200: list[MatchOut], **ERRORS},
    summary="Every open vacancy for an applicant, best first",
)
def applicant_matches_endpoint(
    request: HttpRequest, applicant_id: uuid.UUID
) -> list[dict[str, object]]:
    user = actor(request)
    applicant = access_applicant(user, applicant_id)
    record_applicant_access(
        actor=user, applicant=applicant, page="api.recruitment.applicant_matches", basis="recruiter"
    )
    return [_match(m) for m in selectors.applicant_matches(user.organisation, applicant)]


@router.get(
    "/cross-match",
    response={200: CrossMatchOut, **ERRORS},
    summary="The suggested assignment of candidates to open vacancies, with the explanation",
)
def cross_match_endpoint(request: HttpRequest, query: Query[CrossMatchQuery]) -> dict[str, object]:
    user = actor(request)
    require_recruiter(user)
    record_cross_match_view(user)
    found = selectors.cross_match(user.organisation, minimum=query.minimum)
    return {
        "minimum": found.minimum,
        "total": found.total,
        "candidates": found.candidates,
        "pairs": [_match(m) for m in found.pairs],
        "unfilled": [{"vacancy": _vacancy(u.vacancy), "why": u.why} for u in found.unfilled],
    }
