"""Who may see and do what in recruitment (issue 6).

- **Recruiters** (administrators, managers and the recruiter role) run recruitment for the
  whole organisation: every vacancy, applicant and match.
- **The person** sees their own vacancies: they edit the wishes with a manager and approve the
  advert; at the second stage (``MEETING``) they see those applicants, and only what they need
  (first name, about me, interests and traits, answers) — never contact details or CVs.
- **Family members the person chose** (``Vacancy.deciders``) see the same as the person.
- Anyone else: the same 404 for missing and forbidden. Applicants have no account: they see
  only the public advert and the application form.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from enum import StrEnum

from django.db.models import Q, QuerySet
from django.http import Http404

from ownterms.accounts.models import Role, User
from ownterms.people.access import uuid_or_404
from ownterms.people.selectors import roles_of
from ownterms.recruitment.models import Applicant, Application, Stage, Vacancy

#: Roles that run recruitment for the whole organisation.
RECRUITER_ROLES = frozenset({Role.ADMINISTRATOR, Role.MANAGER, Role.RECRUITER})


class Basis(StrEnum):
    RECRUITER = "recruiter"
    PERSON = "person"
    FAMILY = "family"


def is_recruiter(actor: User) -> bool:
    return actor.is_authenticated and bool(roles_of(actor) & RECRUITER_ROLES)


def require_recruiter(actor: User) -> None:
    if not is_recruiter(actor):
        raise Http404


def _theirs(actor: User) -> Q:
    """Vacancies of the person ``actor`` is, or whose deciders include ``actor``."""
    return Q(person__user=actor) | Q(deciders__user=actor)


def vacancies_visible_to(actor: User) -> QuerySet[Vacancy]:
    found = Vacancy.objects.filter(organisation_id=actor.organisation_id)
    if is_recruiter(actor):
        return found
    return found.filter(_theirs(actor)).distinct()


@dataclass(frozen=True)
class VacancyAccess:
    vacancy: Vacancy
    basis: Basis

    @property
    def recruits(self) -> bool:
        return self.basis is Basis.RECRUITER


def access_vacancy(actor: User, vacancy_id: uuid.UUID | str) -> VacancyAccess:
    """The vacancy and why ``actor`` may see it, else 404."""
    vacancy = (
        vacancies_visible_to(actor)
        .filter(public_id=uuid_or_404(vacancy_id))
        .select_related("person")
        .first()
    )
    if vacancy is None:
        raise Http404
    if is_recruiter(actor):
        basis = Basis.RECRUITER
    elif vacancy.person.user_id == actor.pk:
        basis = Basis.PERSON
    else:
        basis = Basis.FAMILY
    return VacancyAccess(vacancy, basis)


def applications_visible_to(actor: User, access: VacancyAccess) -> QuerySet[Application]:
    """A vacancy's applications: all for recruiters; the second stage only for the person and
    their chosen family."""
    found = Application.objects.filter(vacancy=access.vacancy)
    if not access.recruits:
        found = found.filter(stage=Stage.MEETING)
    return found


@dataclass(frozen=True)
class ApplicationAccess:
    application: Application
    basis: Basis

    @property
    def recruits(self) -> bool:
        return self.basis is Basis.RECRUITER


def access_application(actor: User, application_id: uuid.UUID | str) -> ApplicationAccess:
    """An application ``actor`` may see (the person and family: at the second stage only)."""
    application = (
        Application.objects.filter(
            organisation_id=actor.organisation_id,
            public_id=uuid_or_404(application_id),
        )
        .select_related("applicant", "vacancy", "vacancy__person")
        .first()
    )
    if application is None:
        raise Http404
    access = access_vacancy(actor, application.vacancy.public_id)
    if not access.recruits and application.stage != Stage.MEETING:
        raise Http404
    return ApplicationAccess(application, access.basis)


def access_applicant(actor: User, applicant_id: uuid.UUID | str) -> Applicant:
    """An applicant, for recruiters only."""
    require_recruiter(actor)
    applicant = Applicant.objects.filter(
        organisation_id=actor.organisation_id, public_id=uuid_or_404(applicant_id)
    ).first()
    if applicant is None:
        raise Http404
    return applicant
