"""Reads for applications: a vacancy's pipeline by stage, an applicant with every application,
an application with its history, and what the person and family see at the second stage."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.http import Http404

from ownterms.core.models import Organisation
from ownterms.people.access import uuid_or_404
from ownterms.people.selectors import current
from ownterms.recruitment.models import (
    STAGE_ORDER,
    Applicant,
    Application,
    Check,
    Meeting,
    Stage,
    Vacancy,
    VacancyStatus,
    Veto,
)
from ownterms.staff.models import ManagerAssignment, StaffMember
from ownterms.vocabulary.models import Skill, Tag


@dataclass(frozen=True)
class StageGroup:
    stage: Stage
    applications: list[Application]


def pipeline(vacancy: Vacancy) -> list[StageGroup]:
    """The vacancy's applications by stage, in stage order, ended ones last (2 queries)."""
    applications = list(
        Application.objects.filter(vacancy=vacancy)
        .select_related("applicant")
        .order_by("created_at", "pk")
    )
    vetoed = set(Veto.objects.filter(vacancy=vacancy).values_list("applicant_id", flat=True))
    for application in applications:
        application.vetoed = application.applicant_id in vetoed  # type: ignore[attr-defined]
    stages = [*STAGE_ORDER, Stage.REJECTED, Stage.WITHDRAWN]
    return [StageGroup(stage, [a for a in applications if a.stage == stage]) for stage in stages]


def applicants_of(organisation: Organisation) -> QuerySet[Applicant]:
    return Applicant.objects.filter(organisation=organisation).order_by(
        "first_name", "last_name", "pk"
    )


def applications_of(applicant: Applicant) -> list[Application]:
    return list(
        applicant.applications.select_related("vacancy", "vacancy__person").order_by(
            "-created_at", "pk"
        )
    )


def application_detail(application: Application) -> dict[str, Any]:
    """The history, meetings (with who was there) and checks of an application."""
    meetings = list(
        application.meetings.prefetch_related(
            Prefetch("interviewers", queryset=StaffMember.objects.order_by("first_name")),
            "family",
        ).select_related("recorded_by")
    )
    checks = {check.kind: check for check in application.checks.all()}
    return {
        "changes": list(application.changes.select_related("by").order_by("at", "pk")),
        "meetings": meetings,
        "checks": [
            {
                "kind": kind,
                "label": label,
                "check": checks.get(kind),
                "required": kind in Check.REQUIRED,
            }
            for kind, label in Check.Kind.choices
        ],
        "vetoed": Veto.objects.filter(
            vacancy_id=application.vacancy_id, applicant_id=application.applicant_id
        ).first(),
    }


def suggested_interviewers(vacancy: Vacancy, today: dt.date) -> list[StaffMember]:
    """The managers who know the person: those currently assigned to them."""
    return list(
        StaffMember.objects.filter(
            pk__in=ManagerAssignment.objects.filter(current(today), person=vacancy.person).values(
                "manager_id"
            )
        ).order_by("first_name", "last_name")
    )


def interviewers_to_choose(organisation_id: int, today: dt.date) -> QuerySet[StaffMember]:
    """Staff under a current contract who could interview."""
    return (
        StaffMember.objects.filter(organisation_id=organisation_id)
        .filter(current(today))
        .order_by("first_name", "last_name")
    )


def open_vacancies_elsewhere(application: Application) -> QuerySet[Vacancy]:
    """Open vacancies the applicant could be considered for (not applied to already)."""
    return (
        Vacancy.objects.filter(
            organisation_id=application.organisation_id, status=VacancyStatus.OPEN
        )
        .exclude(applications__applicant_id=application.applicant_id)
        .exclude(vetoes__applicant_id=application.applicant_id)
        .select_related("person")
        .order_by("person__first_name", "created_at")
    )


def public_vacancy(org: str, vacancy_id: uuid.UUID | str, *, open_only: bool = True) -> Vacancy:
    """A vacancy of the organisation ``org`` for the public pages, else 404."""
    found = Vacancy.objects.filter(
        organisation__slug=org, public_id=uuid_or_404(vacancy_id)
    ).select_related("organisation")
    if open_only:
        found = found.filter(status=VacancyStatus.OPEN)
    else:
        found = found.exclude(status__in=[VacancyStatus.DRAFT, VacancyStatus.AWAITING_APPROVAL])
    vacancy = found.first()
    if vacancy is None:
        raise Http404
    return vacancy


def form_choices(organisation_id: int) -> tuple[QuerySet[Tag], QuerySet[Skill]]:
    return (
        Tag.objects.filter(organisation_id=organisation_id).order_by("kind", "label"),
        Skill.objects.filter(organisation_id=organisation_id).order_by("name"),
    )


# -- The person's and family's view -------------------------------------------------------------


@dataclass(frozen=True)
class SecondStageApplicant:
    """Only what the person and family need: never contact details, postcode or CV."""

    application_id: uuid.UUID
    first_name: str
    about_me: str
    interests: list[str]
    traits: list[str]
    answers: list[dict[str, str]]
    their_view: Meeting | None
    not_for_me: bool


def _answers(application: Application, questions: list[Any]) -> list[dict[str, str]]:
    answered = []
    for question in questions:
        given = application.answers.get(str(question.public_id))
        if given:
            answered.append(
                {
                    "question": question.text,
                    "answer": str(given.get("answer", "")),
                    "comment": str(given.get("comment", "")),
                }
            )
    return answered


def second_stage(
    applications: QuerySet[Application], vacancy: Vacancy, actor_id: int
) -> list[SecondStageApplicant]:
    """The applicants at the second stage, as the person and family see them."""
    found = list(
        applications.filter(stage=Stage.MEETING)
        .select_related("applicant")
        .prefetch_related(
            Prefetch("applicant__tags", queryset=Tag.objects.order_by("label")),
            Prefetch(
                "meetings",
                queryset=Meeting.objects.filter(
                    stage=Stage.MEETING, recorded_by_id=actor_id
                ).order_by("-created_at", "-pk"),
                to_attr="own_views",
            ),
        )
        .order_by("created_at", "pk")
    )
    questions = list(vacancy.questions.all())
    vetoed = set(Veto.objects.filter(vacancy=vacancy).values_list("applicant_id", flat=True))
    return [second_stage_one(a, questions, vetoed) for a in found]


def second_stage_one(
    application: Application, questions: list[Any], vetoed: set[int]
) -> SecondStageApplicant:
    tags = list(application.applicant.tags.all())
    own = getattr(application, "own_views", None)
    return SecondStageApplicant(
        application_id=application.public_id,
        first_name=application.applicant.first_name,
        about_me=application.applicant.about_me,
        interests=[t.label for t in tags if t.kind == Tag.Kind.INTEREST],
        traits=[t.label for t in tags if t.kind == Tag.Kind.TRAIT],
        answers=_answers(application, questions),
        their_view=own[0] if own else None,
        not_for_me=application.applicant_id in vetoed,
    )


def own_view_of(application: Application, actor_id: int) -> SecondStageApplicant:
    """One second-stage applicant as the person or family see them."""
    application.own_views = list(  # type: ignore[attr-defined]
        application.meetings.filter(stage=Stage.MEETING, recorded_by_id=actor_id).order_by(
            "-created_at", "-pk"
        )[:1]
    )
    vetoed = set(
        Veto.objects.filter(
            vacancy_id=application.vacancy_id, applicant_id=application.applicant_id
        ).values_list("applicant_id", flat=True)
    )
    return second_stage_one(application, list(application.vacancy.questions.all()), vetoed)
