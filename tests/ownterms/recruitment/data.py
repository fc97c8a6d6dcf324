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


# -- applications ---------------------------------------------------------------------------


def application_at(cast: Cast, stage: str) -> Application:
    """An application to Alex's vacancy at ``stage``, from an applicant of its own (so each
    stage's pages can be visited in one cast): at OFFER with the hours and start date, at
    CHECKS with the checklist."""
    from ownterms.recruitment.models import Check

    vacancy = a_vacancy(cast)
    applicant = an_applicant(cast, email=f"{stage}.applicant@example.org", first_name="Sam")
    found = Application.objects.filter(vacancy=vacancy, applicant=applicant).first()
    if found is not None:
        return found
    ended = stage in (Stage.REJECTED, Stage.WITHDRAWN)
    application = Application.objects.create(
        organisation=cast.organisation,
        applicant=applicant,
        vacancy=vacancy,
        stage=stage,
        ended_at_stage=Stage.INTERVIEW if ended else "",
        rejection_reason="Not enough hours." if stage == Stage.REJECTED else "",
        offered_minutes_per_week=20 * 60 if stage == Stage.OFFER else None,
        starts_on=cast.today + dt.timedelta(days=14) if stage == Stage.OFFER else None,
    )
    StageChange.objects.create(application=application, to_stage=Stage.APPLIED)
    if stage in (Stage.CHECKS, Stage.OFFER):
        Check.objects.bulk_create(
            [
                Check(
                    application=application,
                    kind=kind,
                    requested_on=cast.today - dt.timedelta(days=20),
                    cleared_on=cast.today - dt.timedelta(days=5) if stage == Stage.OFFER else None,
                )
                for kind in Check.Kind.values
            ]
        )
    return application


def another_vacancy(cast: Cast) -> Vacancy:
    """Bilal's open relief vacancy (for considering an applicant for another person)."""
    found = Vacancy.objects.filter(person=cast.other_person).order_by("pk").first()
    if found is not None:
        return found
    now = timezone.now()
    return Vacancy.objects.create(
        organisation=cast.organisation,
        person=cast.other_person,
        status=VacancyStatus.OPEN,
        kind=Vacancy.Kind.RELIEF,
        minutes_per_week=0,
        pattern_text="Some evenings",
        area="LS7",
        opened_at=now,
        approved_at=now,
        created_by=cast.user("manager"),
    )


def pdf_bytes() -> bytes:
    return b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def docx_bytes() -> bytes:
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def odt_bytes() -> bytes:
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.text")
        archive.writestr("content.xml", "<office:document-content/>")
    return buffer.getvalue()


def png_bytes() -> bytes:
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "white").save(buffer, format="PNG")
    return buffer.getvalue()


def apply_data(vacancy: Vacancy, **overrides: object) -> dict[str, object]:
    """A complete application form for ``vacancy``, opened a minute ago."""
    import time

    from ownterms.recruitment.forms.applications import form_token

    data: dict[str, object] = {
        "first_name": "Robin",
        "last_name": "Reed",
        "email": "robin.reed@example.org",
        "phone": "07700 900456",
        "postcode": "ls6 2ab",
        "about_me": "I swim on Sundays and like a quiet walk.",
        "hours_per_week": "20",
        "availability": "Weekdays",
        "drives": "on",
        "source": "job_board",
        "consent": "on",
        "started": form_token(vacancy.public_id, time.time() - 60),
    }
    for question in vacancy.questions.all():
        data[f"answer_{question.public_id.hex}"] = "yes"
        data[f"comment_{question.public_id.hex}"] = ""
    data.update(overrides)
    return data
