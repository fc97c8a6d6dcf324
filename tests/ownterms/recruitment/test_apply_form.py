"""The public application form (no account): the happy path and every bad input."""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from ownterms.audit.models import AuditEvent
from ownterms.core.models import OrganisationSetting
from ownterms.core.setting_keys import RETENTION_DAYS
from ownterms.recruitment.forms.applications import form_token
from ownterms.recruitment.models import (
    Applicant,
    Application,
    FormAttempt,
    Stage,
    Vacancy,
    VacancyStatus,
)
from ownterms.recruitment.services.rate_limit import (
    APPLICATIONS_PER_HOUR,
    ATTEMPTS_PER_HOUR,
    client_key,
)
from ownterms.vocabulary.models import Tag
from tests.cast import Cast
from tests.ownterms.recruitment import data

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_root(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = str(tmp_path)
    return tmp_path


def apply_url(vacancy: Vacancy) -> str:
    return reverse(
        "jobs:apply", kwargs={"org": vacancy.organisation.slug, "vacancy_id": vacancy.public_id}
    )


def send(vacancy: Vacancy, client: Client | None = None, **overrides: object) -> Any:
    return (client or Client()).post(apply_url(vacancy), data.apply_data(vacancy, **overrides))


def test_the_form_shows_the_questions_vocabulary_and_retention(cast: Cast) -> None:
    vacancy = data.a_vacancy(cast)
    data.tag(cast, Tag.Kind.INTEREST, "Baking")
    response = Client().get(apply_url(vacancy))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Would you enjoy swimming twice a week?" in page
    assert "Baking" in page and "Calm" in page and "Driving" in page
    assert "We keep your application for 183 days, then delete it unless you join us" in page
    assert 'name="company_website"' in page


def test_happy_path(cast: Cast) -> None:
    vacancy = data.a_vacancy(cast)
    calm = data.tag(cast, Tag.Kind.TRAIT, "Calm")
    swim = data.tag(cast, Tag.Kind.INTEREST, "Swimming")
    driving = data.skill(cast, "Driving")
    OrganisationSetting.objects.create(
        organisation=cast.organisation,
        key=RETENTION_DAYS,
        value=90,
        effective_from=cast.today.replace(year=cast.today.year - 1),
    )
    question = vacancy.questions.get()
    response = send(
        vacancy,
        traits=[str(calm.pk)],
        interests=[str(swim.pk)],
        skills=[str(driving.pk)],
        gender="woman",
        **{f"comment_{question.public_id.hex}": "I swim already."},
        cv=SimpleUploadedFile("My CV.pdf", data.pdf_bytes(), content_type="image/png"),
    )
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "jobs:applied", kwargs={"org": "brookside", "vacancy_id": vacancy.public_id}
    )
    applicant = Applicant.objects.get(email_key="robin.reed@example.org")
    assert applicant.postcode == "LS6 2AB"
    assert applicant.home_area == "LS6"
    assert applicant.available_minutes_per_week == 20 * 60
    assert applicant.drives and not applicant.new_to_care
    assert applicant.gender == "woman"
    assert set(applicant.tags.all()) == {calm, swim}
    assert list(applicant.skills.all()) == [driving]
    assert applicant.keep_until is not None
    assert (applicant.keep_until - cast.today).days == 90
    assert applicant.consent_given_at is not None
    assert applicant.cv.name.startswith("recruitment/cv/")
    assert applicant.cv.name.endswith(".pdf") and "My CV" not in applicant.cv.name
    application = Application.objects.get(applicant=applicant)
    assert application.stage == Stage.APPLIED
    assert application.answers == {
        str(question.public_id): {"answer": "yes", "comment": "I swim already."}
    }
    assert application.changes.get().to_stage == Stage.APPLIED
    events = AuditEvent.objects.filter(action__startswith="recruitment.")
    assert set(events.values_list("action", flat=True)) == {
        "recruitment.applicant_add",
        "recruitment.apply",
    }
    added = events.get(action="recruitment.applicant_add")
    # No personal data in the audit: only that it was given.
    assert added.changes["email"] == {"changed": True}
    assert "robin" not in str(added.changes).lower()
    thanks = Client().get(response["Location"])
    assert thanks.status_code == 200
    assert "Application sent" in thanks.content.decode()


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"consent": ""}, "consent", "Tick the box to agree"),
        ({"postcode": "LS6 2A"}, "postcode", "Enter a real UK postcode"),
        ({"postcode": "12345"}, "postcode", "Enter a real UK postcode"),
        ({"email": "not-an-email"}, "email", "Enter an email address like"),
        ({"first_name": ""}, "first_name", "Enter your first name"),
        ({"hours_per_week": "lots"}, "hours_per_week", "Enter a whole number of hours"),
        ({"about_me": "x" * 100_000}, "about_me", "Keep this to 5000 characters or fewer"),
        ({"phone": "call me <b>maybe</b>"}, "phone", "Enter a phone number"),
    ],
)
def test_bad_input_is_refused_beside_the_field(
    cast: Cast, overrides: dict[str, str], field: str, message: str
) -> None:
    vacancy = data.a_vacancy(cast)
    response = send(vacancy, **overrides)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert field in response.context["form"].errors
    assert not Applicant.objects.exists()


def test_an_unanswered_question_is_refused(cast: Cast) -> None:
    vacancy = data.a_vacancy(cast)
    key = f"answer_{vacancy.questions.get().public_id.hex}"
    response = send(vacancy, **{key: ""})
    assert response.status_code == 400
    assert "Answer yes, no or not sure." in response.content.decode()
    response = send(vacancy, **{key: "maybe"})
    assert response.status_code == 400


def test_the_honeypot_is_refused(cast: Cast) -> None:
    vacancy = data.a_vacancy(cast)
    response = send(vacancy, company_website="http://spam.example")
    assert response.status_code == 400
    assert "could not be sent" in response.content.decode()
    assert not Applicant.objects.exists()


def test_too_fast_too_old_and_forged_are_refused(cast: Cast) -> None:
    vacancy = data.a_vacancy(cast)
    response = send(vacancy, started=form_token(vacancy.public_id))
    assert response.status_code == 400
    assert "That was very quick" in response.content.decode()
    # The form comes back with a fresh token, so fixing it can be sent.
    assert response.context["form"].data["started"] != ""
    response = send(vacancy, started=form_token(vacancy.public_id, time.time() - 2 * 86400))
    assert response.status_code == 400
    assert "opened more than a day ago" in response.content.decode()
    for forged in ("", "nonsense", form_token("another-vacancy", time.time() - 60)):
        response = send(vacancy, started=forged)
        assert response.status_code == 400
        assert "Open the form again" in response.content.decode()
    assert not Applicant.objects.exists()


def test_rate_limit_per_client_address(cast: Cast) -> None:
    vacancy = data.a_vacancy(cast)
    client = Client()
    for number in range(APPLICATIONS_PER_HOUR):
        response = send(vacancy, client, email=f"person{number}@example.org")
        assert response.status_code == 302
    response = send(vacancy, client, email="one.more@example.org")
    assert response.status_code == 429
    assert "Too many applications" in response.content.decode()
    assert Applicant.objects.count() == APPLICATIONS_PER_HOUR
    # Another address is not limited.
    other = Client(REMOTE_ADDR="192.0.2.7")
    assert send(vacancy, other, email="elsewhere@example.org").status_code == 302


DUMMY_CACHE = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}


def test_rate_limit_holds_across_processes(cast: Cast, settings: Any) -> None:
    """Each web process has its own cache; with none at all (the dummy cache keeps nothing,
    as a fresh process would see) the limit still holds: it is counted in the database."""
    settings.CACHES = DUMMY_CACHE
    vacancy = data.a_vacancy(cast)
    for number in range(APPLICATIONS_PER_HOUR):
        assert send(vacancy, email=f"person{number}@example.org").status_code == 302
    assert send(vacancy, email="one.more@example.org").status_code == 429
    # Sendings that made no application count towards the other limit.
    other = "192.0.2.8"
    for _number in range(ATTEMPTS_PER_HOUR):
        response = send(vacancy, Client(REMOTE_ADDR=other), email="not an email")
        assert response.status_code == 400
    assert send(vacancy, Client(REMOTE_ADDR=other)).status_code == 429
    assert Applicant.objects.count() == APPLICATIONS_PER_HOUR


def test_rate_limit_forgets_after_an_hour_and_keeps_no_address(cast: Cast) -> None:
    vacancy = data.a_vacancy(cast)
    for number in range(APPLICATIONS_PER_HOUR):
        assert send(vacancy, email=f"person{number}@example.org").status_code == 302
    assert send(vacancy, email="one.more@example.org").status_code == 429
    rows = list(FormAttempt.objects.values_list("client", flat=True))
    assert rows and all(row == client_key("127.0.0.1") and "127.0.0.1" not in row for row in rows)
    FormAttempt.objects.update(at=timezone.now() - dt.timedelta(hours=1, seconds=1))
    assert send(vacancy, email="one.more@example.org").status_code == 302
    # The old sendings were deleted; only this one is kept.
    assert FormAttempt.objects.count() == 1


def test_a_3_mb_upload_is_refused(cast: Cast) -> None:
    vacancy = data.a_vacancy(cast)
    big = data.pdf_bytes()[:-6] + b"0" * (3 * 1024 * 1024) + b"%%EOF\n"
    response = send(vacancy, cv=SimpleUploadedFile("cv.pdf", big, content_type="application/pdf"))
    assert response.status_code == 400
    assert "The CV must be smaller than 2 MB." in response.content.decode()
    assert not Applicant.objects.exists()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("cv.pdf", "png", "not really a .pdf file"),
        ("cv.docx", "pdf", "not really a .docx file"),
        ("cv.odt", "docx", "not really a .odt file"),
        ("cv.txt", "png", "not really a .txt file"),
        ("cv.png", "png", "The CV must be a PDF, Word"),
        ("cv.exe", "pdf", "The CV must be a PDF, Word"),
        ("cv", "pdf", "The CV must be a PDF, Word"),
    ],
)
def test_a_file_that_is_not_what_it_says_is_refused(
    cast: Cast, name: str, content: str, message: str
) -> None:
    vacancy = data.a_vacancy(cast)
    raw = {"png": data.png_bytes, "pdf": data.pdf_bytes, "docx": data.docx_bytes}[content]()
    response = send(vacancy, cv=SimpleUploadedFile(name, raw, content_type="application/pdf"))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Applicant.objects.exists()


@pytest.mark.parametrize(
    ("name", "raw"),
    [
        ("cv.DOCX", data.docx_bytes()),
        ("cv.odt", data.odt_bytes()),
        ("cv.txt", "Robin Reed\nSwimming teacher 🏊\n".encode()),
    ],
)
def test_real_documents_are_taken(cast: Cast, name: str, raw: bytes) -> None:
    vacancy = data.a_vacancy(cast)
    response = send(vacancy, cv=SimpleUploadedFile(name, raw, content_type="text/html"))
    assert response.status_code == 302
    stored = Applicant.objects.get().cv.name
    assert stored.endswith("." + name.rsplit(".", 1)[1].lower())


def test_html_and_script_in_every_field_are_shown_escaped(cast: Cast) -> None:
    vacancy = data.a_vacancy(cast)
    script = "<script>alert(1)</script>"
    text_fields = ("first_name", "last_name", "about_me", "availability")
    response = send(
        vacancy,
        postcode=script,
        **dict.fromkeys(text_fields, script),
        **{f"comment_{vacancy.questions.get().public_id.hex}": script},
    )
    assert response.status_code == 400  # the postcode
    page = response.content.decode()
    assert script not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    # Accepted where allowed, and shown escaped to recruiters.
    response = send(vacancy, **dict.fromkeys(text_fields, script))
    assert response.status_code == 302
    applicant = Applicant.objects.get()
    manager = Client()
    manager.force_login(cast.user("manager"))
    for name, kwargs in (
        ("recruitment:applicant", {"applicant_id": applicant.public_id}),
        ("recruitment:applications", {"vacancy_id": vacancy.public_id}),
    ):
        page = manager.get(reverse(name, kwargs={"org": "brookside", **kwargs})).content.decode()
        assert script not in page
        assert "&lt;script&gt;" in page


def test_emoji_are_fine(cast: Cast) -> None:
    vacancy = data.a_vacancy(cast)
    response = send(vacancy, first_name="Zoë 🌟", about_me="I love baking 🧁 and swimming 🏊‍♀️.")
    assert response.status_code == 302
    applicant = Applicant.objects.get()
    assert applicant.first_name == "Zoë 🌟"
    assert "🧁" in applicant.about_me


def test_the_same_person_twice_updates_their_details(cast: Cast) -> None:
    vacancy = data.a_vacancy(cast)
    other = data.another_vacancy(cast)
    assert send(vacancy).status_code == 302
    response = send(
        other, email="  Robin.REED@Example.org ", about_me="Updated.", postcode="LS7 3CD"
    )
    assert response.status_code == 302
    applicant = Applicant.objects.get()
    assert applicant.about_me == "Updated."
    assert applicant.home_area == "LS7"
    assert sorted(a.vacancy_id for a in applicant.applications.all()) == sorted(
        [vacancy.pk, other.pk]
    )
    assert AuditEvent.objects.filter(action="recruitment.applicant_update").count() == 1


def test_the_same_vacancy_twice_says_so_without_a_duplicate(cast: Cast) -> None:
    vacancy = data.a_vacancy(cast)
    assert send(vacancy).status_code == 302
    response = send(vacancy, email="ROBIN.reed@example.org", about_me="Second time")
    assert response.status_code == 200
    assert "You have already applied for this job" in response.content.decode()
    assert Application.objects.count() == 1
    assert Applicant.objects.get().about_me != "Second time"  # nothing changed


@pytest.mark.parametrize(
    "status", [VacancyStatus.CLOSED, VacancyStatus.DRAFT, VacancyStatus.FILLED]
)
def test_a_vacancy_that_is_not_open_is_404(cast: Cast, status: str) -> None:
    vacancy = data.a_vacancy(cast)
    Vacancy.objects.filter(pk=vacancy.pk).update(status=status)
    assert Client().get(apply_url(vacancy)).status_code == 404
    assert send(vacancy).status_code == 404
    assert not Applicant.objects.exists()


def test_another_organisations_slug_is_404(cast: Cast) -> None:
    vacancy = data.a_vacancy(cast)
    path = reverse("jobs:apply", kwargs={"org": "elsewhere", "vacancy_id": vacancy.public_id})
    assert Client().get(path).status_code == 404
