"""Recruitment data for the cast, for tests, the permission matrix and the browser suite.
Each helper is idempotent (it returns what exists when called again), because the browser
suite builds every area's data into one cast.

The vacancy is for the cast's person (Alex); the mother (``circle_with_consent``) is one of the
deciders the person chose, the uncle is not.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from ownterms.recruitment.models import (
    Applicant,
    Application,
    Question,
    Stage,
    StageChange,
    Vacancy,
    VacancyStatus,
)
from ownterms.vocabulary.models import Skill, Tag
from tests.cast import Cast


def tag(cast: Cast, kind: str, label: str) -> Tag:
    found, _ = Tag.objects.get_or_create(
        organisation=cast.organisation, kind=kind, key=label.casefold(), defaults={"label": label}
    )
    return found


def skill(cast: Cast, name: str) -> Skill:
    found, _ = Skill.objects.get_or_create(
        organisation=cast.organisation, key=name.casefold(), defaults={"name": name}
    )
    return found


def a_vacancy(cast: Cast, status: str = VacancyStatus.OPEN) -> Vacancy:
    """Alex's open core vacancy: calm, loves swimming, not talkative; drives."""
    found = Vacancy.objects.filter(person=cast.person).order_by("pk").first()
    if found is not None:
        return found
    now = timezone.now()
    vacancy = Vacancy.objects.create(
        organisation=cast.organisation,
        person=cast.person,
        status=status,
        kind=Vacancy.Kind.CORE,
        minutes_per_week=20 * 60,
        pattern_text="Tuesdays and Thursdays 9:00 to 15:00, and Saturday mornings",
        area="LS6",
        personal_care=Vacancy.PersonalCare.WOMAN,
        in_my_words="I like a calm morning and a swim. I want someone who listens.",
        approved_at=now if status == VacancyStatus.OPEN else None,
        approved_by=cast.user("person_user") if status == VacancyStatus.OPEN else None,
        opened_at=now if status == VacancyStatus.OPEN else None,
        created_by=cast.user("manager"),
    )
    vacancy.wanted_tags.set(
        [tag(cast, Tag.Kind.TRAIT, "Calm"), tag(cast, Tag.Kind.INTEREST, "Swimming")]
    )
    vacancy.avoided_tags.set([tag(cast, Tag.Kind.TRAIT, "Talkative")])
    vacancy.skills.set([skill(cast, "Driving")])
    vacancy.deciders.set([cast.circle["circle_with_consent"]])
    Question.objects.create(vacancy=vacancy, text="Would you enjoy swimming twice a week?", order=1)
    return vacancy


def an_applicant(
    cast: Cast, email: str = "jo.applicant@example.org", first_name: str = "Jo"
) -> Applicant:
    found = Applicant.objects.filter(
        organisation=cast.organisation, email_key=email.casefold()
    ).first()
    if found is not None:
        return found
    applicant = Applicant.objects.create(
        organisation=cast.organisation,
        first_name=first_name,
        last_name="Applicant",
        email=email,
        phone="07700 900123",
        postcode="LS6 2AB",
        home_area="LS6",
        about_me="I swim most weeks and like quiet places.",
        available_minutes_per_week=22 * 60,
        availability="Weekdays, some Saturdays",
        drives=True,
        source="job_board",
        consent_given_at=timezone.now(),
        keep_until=cast.today + dt.timedelta(days=183),
    )
    applicant.tags.set(
        [tag(cast, Tag.Kind.TRAIT, "Calm"), tag(cast, Tag.Kind.INTEREST, "Swimming")]
    )
    applicant.skills.set([skill(cast, "Driving")])
    return applicant


def an_application(cast: Cast, stage: str = Stage.MEETING) -> Application:
    """Jo's application to Alex's vacancy, at ``stage`` (the second stage by default)."""
    vacancy = a_vacancy(cast)
    applicant = an_applicant(cast)
    found = Application.objects.filter(vacancy=vacancy, applicant=applicant).first()
    if found is not None:
        return found
    application = Application.objects.create(
        organisation=cast.organisation, applicant=applicant, vacancy=vacancy, stage=stage
    )
    StageChange.objects.create(application=application, to_stage=Stage.APPLIED)
    return application


# -- vacancies --------------------------------------------------------------------------------


def awaiting_vacancy(cast: Cast) -> Vacancy:
    """Alex's relief vacancy, its advert waiting for Alex (or the mother) to approve it.
    Made after ``a_vacancy`` so that one stays Alex's first."""
    a_vacancy(cast)
    found = Vacancy.objects.filter(person=cast.person, kind=Vacancy.Kind.RELIEF).first()
    if found is not None:
        return found
    vacancy = Vacancy.objects.create(
        organisation=cast.organisation,
        person=cast.person,
        status=VacancyStatus.AWAITING_APPROVAL,
        kind=Vacancy.Kind.RELIEF,
        minutes_per_week=0,
        pattern_text="Now and then, when the core team is away",
        area="LS6",
        voice=Vacancy.Voice.THIRD,
        in_my_words="Alex likes quiet mornings and a walk by the river.",
        created_by=cast.user("manager"),
    )
    vacancy.wanted_tags.set([tag(cast, Tag.Kind.INTEREST, "Swimming")])
    vacancy.deciders.set([cast.circle["circle_with_consent"]])
    Question.objects.create(vacancy=vacancy, text="Would you enjoy swimming with Alex?", order=1)
    Question.objects.create(vacancy=vacancy, text="Are you calm and unhurried?", order=2)
    return vacancy


def first_question(cast: Cast) -> Question:
    question = a_vacancy(cast).questions.order_by("order", "pk").first()
    assert question is not None
    return question
