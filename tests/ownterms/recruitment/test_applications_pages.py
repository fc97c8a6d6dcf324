"""The pipeline pages: a vacancy's applications (with a query ceiling), an applicant and their
CV (recruiters only, audited), and the person's and family's easy-read second stage."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ownterms.audit.models import AuditEvent
from ownterms.recruitment.models import Application, Meeting, Stage, StageChange, Veto
from tests.cast import Cast
from tests.ownterms.recruitment import data
from tests.queries import warm_up

pytestmark = pytest.mark.django_db

PIPELINE_CEILING = 16


@pytest.fixture(autouse=True)
def media_root(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = str(tmp_path)
    return tmp_path


def as_member(cast: Cast, name: str) -> Client:
    client = Client()
    user = cast.user(name)
    assert user is not None
    client.force_login(user)
    return client


def url(name: str, **kwargs: Any) -> str:
    return reverse(f"recruitment:{name}", kwargs={"org": "brookside", **kwargs})


def _more_applicants(cast: Cast, count: int) -> None:
    vacancy = data.a_vacancy(cast)
    stages = [Stage.APPLIED, Stage.SCREENED, Stage.INTERVIEW, Stage.MEETING, Stage.REJECTED]
    for number in range(count):
        applicant = data.an_applicant(cast, email=f"more{number}@example.org", first_name="More")
        if Application.objects.filter(applicant=applicant, vacancy=vacancy).exists():
            continue
        stage = stages[number % len(stages)]
        application = Application.objects.create(
            organisation=cast.organisation,
            applicant=applicant,
            vacancy=vacancy,
            stage=stage,
            ended_at_stage=Stage.SCREENED if stage == Stage.REJECTED else "",
        )
        StageChange.objects.create(application=application, to_stage=Stage.APPLIED)


def test_the_pipeline_has_a_query_ceiling(cast: Cast, django_assert_max_num_queries: Any) -> None:
    client = as_member(cast, "manager")
    vacancy = data.a_vacancy(cast)
    target = url("applications", vacancy_id=vacancy.public_id)
    counts = []
    for more in (2, 10):
        _more_applicants(cast, more)
        warm_up(client, target)
        with (
            django_assert_max_num_queries(PIPELINE_CEILING),
            CaptureQueriesContext(connection) as queries,
        ):
            response = client.get(target)
            assert response.status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], "the number of queries grows with the data"
    assert "Interview with managers" in response.content.decode()


def test_the_second_stage_list_has_a_query_ceiling(
    cast: Cast, django_assert_max_num_queries: Any
) -> None:
    client = as_member(cast, "person_user")
    vacancy = data.a_vacancy(cast)
    data.an_application(cast)
    target = url("applications", vacancy_id=vacancy.public_id)
    counts = []
    for more in (5, 20):
        _more_applicants(cast, more)
        warm_up(client, target)
        with (
            django_assert_max_num_queries(PIPELINE_CEILING),
            CaptureQueriesContext(connection) as queries,
        ):
            assert client.get(target).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_the_applicant_page_and_cv_are_for_recruiters_and_audited(cast: Cast) -> None:
    applicant = data.an_applicant(cast)
    applicant.cv.save("x.pdf", ContentFile(data.pdf_bytes()), save=True)
    manager = as_member(cast, "manager")
    page = manager.get(url("applicant", applicant_id=applicant.public_id))
    assert page.status_code == 200
    assert "jo.applicant@example.org" in page.content.decode()
    cv = manager.get(url("applicant_cv", applicant_id=applicant.public_id))
    assert cv.status_code == 200
    assert cv["Content-Type"] == "application/pdf"
    assert cv["Content-Disposition"].startswith("attachment")
    assert b"".join(cv.streaming_content).startswith(b"%PDF-")
    pages = set(
        AuditEvent.objects.filter(
            action="applicant.view", object_id=str(applicant.public_id)
        ).values_list("page", flat=True)
    )
    assert pages == {"recruitment.applicant", "recruitment.applicant_cv"}
    for member in ("person_user", "circle_with_consent", "team_worker"):
        client = as_member(cast, member)
        assert client.get(url("applicant", applicant_id=applicant.public_id)).status_code == 404
        assert client.get(url("applicant_cv", applicant_id=applicant.public_id)).status_code == 404


@pytest.mark.parametrize("member", ["person_user", "circle_with_consent"])
def test_the_person_and_family_see_no_contact_details(cast: Cast, member: str) -> None:
    application = data.an_application(cast, stage=Stage.MEETING)
    earlier = data.application_at(cast, Stage.INTERVIEW)
    client = as_member(cast, member)
    for target in (
        url("applications", vacancy_id=application.vacancy.public_id),
        url("application", application_id=application.public_id),
    ):
        page = client.get(target).content.decode()
        assert "Jo" in page
        assert "I swim most weeks and like quiet places." in page
        assert "Swimming" in page and "Calm" in page
        assert "Would you enjoy swimming twice a week?" not in page or "Yes" in page
        for private in ("Jo Applicant", "jo.applicant@example.org", "07700 900123", "LS6 2AB"):
            assert private not in page, private
        assert "/cv/" not in page
        assert "Sam" not in page  # not at the second stage
    assert client.get(url("application", application_id=earlier.public_id)).status_code == 404


@pytest.mark.parametrize(
    ("member", "basis"), [("person_user", "person"), ("circle_with_consent", "family")]
)
def test_the_person_and_family_say_what_they_think(cast: Cast, member: str, basis: str) -> None:
    application = data.an_application(cast, stage=Stage.MEETING)
    client = as_member(cast, member)
    target = url("application_their_view", application_id=application.public_id)
    refused = client.post(target, {"decision": "perhaps", "words": "x"})
    assert refused.status_code == 400
    response = client.post(target, {"decision": "yes", "words": "She likes swimming like me!"})
    assert response.status_code == 302
    meeting = Meeting.objects.get(application=application)
    assert meeting.stage == Stage.MEETING
    assert meeting.decision == "yes"
    assert meeting.decision_words == "She likes swimming like me!"
    assert meeting.recorded_by == cast.user(member)
    assert meeting.person_attended is (basis == "person")
    if basis == "family":
        assert list(meeting.family.all()) == [cast.circle["circle_with_consent"]]
    event = AuditEvent.objects.get(action="recruitment.their_view")
    assert event.basis == basis
    assert event.changes["decision_words"] == {"changed": True}
    page = client.get(url("application", application_id=application.public_id))
    assert "You said:" in page.content.decode()


def test_not_for_me(cast: Cast) -> None:
    application = data.an_application(cast, stage=Stage.MEETING)
    client = as_member(cast, "person_user")
    target = url("application_not_for_me", application_id=application.public_id)
    assert client.get(target).status_code == 200
    assert client.post(target, {"reason": "Too loud for me."}).status_code == 302
    assert client.post(target, {"reason": "Again"}).status_code == 302
    veto = Veto.objects.get()
    assert (veto.vacancy, veto.applicant, veto.reason) == (
        application.vacancy,
        application.applicant,
        "Too loud for me.",
    )
    assert AuditEvent.objects.filter(action="recruitment.veto").count() == 1
    recruiter_page = as_member(cast, "manager").get(
        url("application", application_id=application.public_id)
    )
    assert "Alex said not for me" in recruiter_page.content.decode()


def test_recruiters_cannot_speak_for_the_person(cast: Cast) -> None:
    application = data.an_application(cast, stage=Stage.MEETING)
    client = as_member(cast, "manager")
    for name in ("application_their_view", "application_not_for_me"):
        response = client.post(url(name, application_id=application.public_id), {"decision": "yes"})
        assert response.status_code == 404
