"""Recruitment data for the cast, for tests, the permission matrix and the browser suite.
Each helper is idempotent (it returns what exists when called again), because the browser
suite builds every area's data into one cast.

The vacancy is for the cast's person (Alex); the mother (``circle_with_consent``) is one of the
deciders the person chose, the uncle is not.
"""

from __future__ import annotations

import datetime as dt

from django.test import Client
from django.utils import timezone

from ownterms.accounts.models import User
from ownterms.recruitment.models import (
    Applicant,
    Application,
    Attendance,
    Cohort,
    CohortSession,
    Question,
    Stage,
    StageChange,
    Trainee,
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


# -- matching --
# A second open vacancy (Bilal's), a pool of applicants, a veto, Alex's postcode centroid and
# planned shifts for a staff member, so matching has candidates of every kind. Idempotent.


def bilals_vacancy(cast: Cast) -> Vacancy:
    """Bilal's open relief vacancy: lively, loves football and baking; no personal care."""
    found = Vacancy.objects.filter(person=cast.other_person).order_by("pk").first()
    if found is not None:
        return found
    vacancy = Vacancy.objects.create(
        organisation=cast.organisation,
        person=cast.other_person,
        status=VacancyStatus.OPEN,
        kind=Vacancy.Kind.RELIEF,
        minutes_per_week=10 * 60,
        area="LS12",
        personal_care=Vacancy.PersonalCare.NOT_NEEDED,
        opened_at=timezone.now(),
    )
    vacancy.wanted_tags.set(
        [
            tag(cast, Tag.Kind.TRAIT, "Lively"),
            tag(cast, Tag.Kind.INTEREST, "Football"),
            tag(cast, Tag.Kind.INTEREST, "Baking"),
        ]
    )
    return vacancy


#: (first name, email, traits, interests, gender, postcode, hours a week)
POOL = (
    ("Kim", "kim.pool@example.org", ["Talkative", "Lively"], ["Football"], "man", "LS12 3AA", 16),
    ("Lee", "lee.pool@example.org", ["Calm"], ["Swimming", "Baking"], "woman", "LS6 3CD", 30),
    ("Max", "max.pool@example.org", ["Lively"], ["Baking"], "", "M1 1AE", 8),
)


def pool_applicant(cast: Cast, index: int) -> Applicant:
    """The ``index``-th pool applicant (cycling through ``POOL`` with numbered emails)."""
    first, email, traits, interests, gender, postcode, hours = POOL[index % len(POOL)]
    if index >= len(POOL):
        email = email.replace("@", f"{index}@")
    found = Applicant.objects.filter(
        organisation=cast.organisation, email_key=email.casefold()
    ).first()
    if found is not None:
        return found
    applicant = Applicant.objects.create(
        organisation=cast.organisation,
        first_name=first,
        last_name="Pool",
        email=email,
        postcode=postcode,
        home_area=postcode.split()[0],
        available_minutes_per_week=hours * 60,
        gender=gender,
        consent_given_at=timezone.now(),
        keep_until=cast.today + dt.timedelta(days=183),
    )
    applicant.tags.set(
        [tag(cast, Tag.Kind.TRAIT, t) for t in traits]
        + [tag(cast, Tag.Kind.INTEREST, i) for i in interests]
    )
    Application.objects.create(
        organisation=cast.organisation,
        applicant=applicant,
        vacancy=a_vacancy(cast),
        stage=Stage.SCREENED,
    )
    return applicant


def a_veto(cast: Cast) -> Applicant:
    """Alex said Kim is not for them."""
    from ownterms.recruitment.models import Veto

    kim = pool_applicant(cast, 0)
    Veto.objects.get_or_create(
        vacancy=a_vacancy(cast), applicant=kim, defaults={"reason": "Too loud for me"}
    )
    return kim


def alex_postcode(cast: Cast) -> None:
    """Alex lives in LS6 2AB, whose centroid (and two neighbours') is known."""
    from ownterms.recruitment.models import PostcodeCentroid

    for postcode, lat, lon in (
        ("LS6 2AB", 53.8209, -1.5760),
        ("LS6 3CD", 53.8250, -1.5800),
        ("LS12 3AA", 53.7930, -1.5900),
        ("M1 1AE", 53.4790, -2.2400),
    ):
        PostcodeCentroid.objects.get_or_create(
            postcode=postcode,
            defaults={"district": postcode.split()[0], "latitude": lat, "longitude": lon},
        )
    if cast.person.postcode != "LS6 2AB":
        cast.person.postcode = "LS6 2AB"
        cast.person.save(update_fields=["postcode"])


def planned_shifts(cast: Cast, worker: str = "outside_worker", hours: int = 10) -> None:
    """``hours`` of planned shifts a week for the next four weeks (Bilal's), for ``worker``."""
    from ownterms.rota.models import Assignment, Shift, ShiftKind

    member = cast.staff[worker]
    if Assignment.objects.filter(staff_member=member).exists():
        return
    start = timezone.now() + dt.timedelta(days=1)
    for week in range(4):
        begins = start + dt.timedelta(weeks=week)
        shift = Shift.objects.create(
            organisation=cast.organisation,
            person=cast.other_person,
            on=timezone.localdate(begins),
            starts_at=begins,
            ends_at=begins + dt.timedelta(hours=hours),
            kind=ShiftKind.DAY,
        )
        Assignment.objects.create(shift=shift, staff_member=member)


def a_matching_pool(cast: Cast, size: int = 3) -> None:
    """Both vacancies, Jo (at the second stage for Alex), ``size`` pool applicants, Kim's veto,
    the postcodes, and planned shifts for the outside worker (the team worker is in Alex's
    team already)."""
    an_application(cast)
    bilals_vacancy(cast)
    for index in range(size):
        pool_applicant(cast, index)
    a_veto(cast)
    alex_postcode(cast)
    planned_shifts(cast)


# -- cohorts: the training route ------------------------------------------------------------


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
    """A client signed in as ``user``."""
    client = Client()
    assert user is not None
    client.force_login(user)
    return client
