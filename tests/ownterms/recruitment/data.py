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


# -- cohorts: the training route ------------------------------------------------------------
# (Imported here, not at the top, so this block merges cleanly with the other areas' blocks.)
from django.test import Client  # noqa: E402

from ownterms.accounts.models import User  # noqa: E402
from ownterms.recruitment.models import (  # noqa: E402
    Attendance,
    Cohort,
    CohortSession,
    Trainee,
)


def a_cohort(cast: Cast) -> Cohort:
    """A running cohort (started a month ago, ends in a month) mentored by the team worker, with
    a session held two weeks ago (register taken) and one next week, and one enrolled trainee."""
    found = Cohort.objects.filter(organisation=cast.organisation, name="Spring route").first()
    if found is not None:
        return found
    cohort = Cohort.objects.create(
        organisation=cast.organisation,
        name="Spring route",
        starts_on=cast.today - dt.timedelta(days=30),
        ends_on=cast.today + dt.timedelta(days=30),
        place="Brookside library",
        mentor=cast.staff["team_worker"],
    )
    held = CohortSession.objects.create(
        cohort=cohort, on=cast.today - dt.timedelta(days=14), topic="What good support looks like"
    )
    CohortSession.objects.create(
        cohort=cohort, on=cast.today + dt.timedelta(days=7), topic="First aid"
    )
    trainee = Trainee.objects.create(
        organisation=cast.organisation,
        cohort=cohort,
        first_name="Sam",
        last_name="Trainee",
        email="sam.trainee@example.org",
        status=Trainee.Status.ENROLLED,
        informed_on=cast.today - dt.timedelta(days=40),
    )
    Attendance.objects.create(session=held, trainee=trainee, present=True)
    return cohort


def a_session(cast: Cast) -> CohortSession:
    """The cohort's session that has been held."""
    return a_cohort(cast).sessions.order_by("on").first()  # type: ignore[return-value]


def a_trainee(cast: Cast) -> Trainee:
    return a_cohort(cast).trainees.get(first_name="Sam")


def signed_in(user: User | None) -> Client:
    """A client signed in as ``user``, with an authenticator when it has none (the recruiter
    role needs one; the ``recruiter`` fixture has none)."""
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import TOTP

    from tests.cast import CAST_TOTP_SECRET

    client = Client()
    assert user is not None
    if not Authenticator.objects.filter(user=user).exists():
        TOTP.activate(user, CAST_TOTP_SECRET)
    client.force_login(user)
    return client
