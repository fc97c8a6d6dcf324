"""Vacancy pages through the cast: the list (with a query ceiling), new and edit, questions,
the approval by the person, family or a manager on their behalf, the home section, and the
public job pages and exports."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ownterms.audit.models import AuditEvent
from ownterms.recruitment.models import Applicant, Application, Vacancy, VacancyStatus
from ownterms.rota.models import PatternBlock, Shift
from ownterms.vocabulary.models import Tag
from tests.cast import Cast
from tests.ownterms.recruitment import data
from tests.ownterms.rota.factories import assign, block, pattern, shift
from tests.queries import warm_up

pytestmark = pytest.mark.django_db

LIST_CEILING = 14


def as_member(cast: Cast, member: str) -> Client:
    client = Client()
    user = cast.user(member)
    assert user is not None
    client.force_login(user)
    return client


def url(cast: Cast, name: str, **kwargs: Any) -> str:
    return reverse(f"recruitment:{name}", kwargs={"org": cast.organisation.slug, **kwargs})


def vurl(cast: Cast, name: str, vacancy: Vacancy, **kwargs: Any) -> str:
    return url(cast, name, vacancy_id=vacancy.public_id, **kwargs)


# The list ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("member", "status"),
    [
        ("manager", 200),
        ("other_manager", 200),
        ("person_user", 200),
        ("circle_with_consent", 200),
        ("circle_without_consent", 404),
        ("team_worker", 404),
    ],
)
def test_who_sees_the_list(cast: Cast, member: str, status: int) -> None:
    data.an_application(cast)
    response = as_member(cast, member).get(url(cast, "vacancies"))
    assert response.status_code == status
    if status == 200:
        page = response.content.decode()
        if member.endswith("manager"):
            assert "Alex Fairweather" in page and "Meeting with the person: 1" in page
        else:
            assert "Alex's vacancy" in page and "Meeting with the person" not in page


def _more_vacancies(cast: Cast, count: int) -> None:
    from ownterms.people.models import Person

    for index in range(count):
        person = Person.objects.create(
            organisation=cast.organisation,
            first_name=f"P{index}",
            last_name="Test",
            home=Person.Home.OTHER,
        )
        vacancy = Vacancy.objects.create(
            organisation=cast.organisation,
            person=person,
            kind=Vacancy.Kind.CORE,
            status=[VacancyStatus.OPEN, VacancyStatus.DRAFT][index % 2],
            minutes_per_week=600,
        )
        applicant = Applicant.objects.create(
            organisation=cast.organisation,
            first_name="A",
            last_name=str(index),
            email=f"a{index}-{vacancy.pk}@example.org",
        )
        Application.objects.create(
            organisation=cast.organisation, applicant=applicant, vacancy=vacancy
        )


def test_the_list_has_a_query_ceiling(cast: Cast, django_assert_max_num_queries: Any) -> None:
    client = as_member(cast, "manager")
    target = url(cast, "vacancies")
    counts = []
    for more in (2, 10):
        _more_vacancies(cast, more)
        warm_up(client, target)
        with (
            django_assert_max_num_queries(LIST_CEILING),
            CaptureQueriesContext(connection) as queries,
        ):
            assert client.get(target).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], "the number of queries grows with the data"


# New and edit --------------------------------------------------------------------------------


def test_new_vacancy_chooses_a_person_then_prefills(cast: Cast) -> None:
    client = as_member(cast, "manager")
    chooser = client.get(url(cast, "vacancy_new"))
    assert chooser.status_code == 200 and "Alex Fairweather" in chooser.content.decode()
    assert client.get(url(cast, "vacancy_new") + "?person=nonsense").status_code == 404
    support = pattern(cast.person, anchor=cast.today)
    tuesday = block(support, 1, 540, 900)
    thursday = block(support, 3, 540, 900)
    swimming = data.tag(cast, Tag.Kind.INTEREST, "Swimming")
    from ownterms.plans.models import RoutineActivity

    RoutineActivity.objects.create(
        organisation=cast.organisation,
        person=cast.person,
        name="Swimming",
        day=1,
        starts_at="10:00",
        ends_at="11:00",
    )
    target = url(cast, "vacancy_new") + f"?person={cast.person.public_id}"
    page = client.get(target).content.decode()
    assert "Tuesdays 09:00\u201315:00" in page
    assert f'value="{swimming.pk}" checked' in page or "From the routine" in page
    response = client.post(
        target,
        {
            "kind": "core",
            "blocks": [str(tuesday.public_id), str(thursday.public_id)],
            "wanted_interests": [str(swimming.pk)],
            "new_traits": "Calm, Patient",
            "voice": "third",
            "area": "ls6",
            "deciders": [str(cast.circle["circle_with_consent"].public_id)],
            "in_my_words": "<script>alert(1)</script> I like the sea 🌊",
        },
    )
    assert response.status_code == 302
    vacancy = Vacancy.objects.get(person=cast.person)
    assert (vacancy.status, vacancy.minutes_per_week, vacancy.area) == ("draft", 720, "LS6")
    assert vacancy.questions.count() >= 3
    detail = client.get(response["Location"]).content.decode()
    assert "<script>alert(1)</script>" not in detail
    assert "&lt;script&gt;" in detail and "🌊" in detail
    assert AuditEvent.objects.filter(
        action="recruitment.vacancy_create", person=cast.person
    ).exists()


def test_new_vacancy_ticks_the_blocks_the_team_does_not_cover(cast: Cast) -> None:
    """Tuesday is on the live rota with Alex's team member every week; Thursday nobody in the
    team works: only Thursday starts ticked, and the page says why."""
    support = pattern(cast.person, anchor=cast.today)
    tuesday = block(support, 1, 540, 900)
    thursday = block(support, 3, 540, 900)
    for number in range(28):
        day = cast.today + dt.timedelta(days=number)
        if day.weekday() == 1:
            row = shift(cast.person, day, 9, 6)
            Shift.objects.filter(pk=row.pk).update(block=tuesday)
            assign(row, cast.staff["team_worker"])
    response = as_member(cast, "manager").get(
        url(cast, "vacancy_new") + f"?person={cast.person.public_id}"
    )
    form = response.context["form"]
    assert list(form.initial["blocks"]) == [thursday]
    page = response.content.decode()
    assert "Blocks the current team does not cover (the next 4 weeks of the rota):" in page
    ticked = re.findall(r'<input[^>]*name="blocks"[^>]*>', page)
    assert len(ticked) == 2
    assert [str(thursday.public_id) in tag for tag in ticked if "checked" in tag] == [True]


def test_new_vacancy_errors_beside_the_fields(cast: Cast) -> None:
    client = as_member(cast, "manager")
    target = url(cast, "vacancy_new") + f"?person={cast.person.public_id}"
    response = client.post(
        target, {"kind": "", "voice": "person", "area": "LS6 2AB", "in_my_words": "x" * 100_000}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Choose core team or relief." in page
    assert "Enter only the first part of the postcode" in page or "district" in page
    assert "This is too long" in page
    assert not Vacancy.objects.exists()


def test_edit_warns_about_identifying_words_and_reapproval(cast: Cast) -> None:
    vacancy = data.a_vacancy(cast)
    client = as_member(cast, "manager")
    target = vurl(cast, "vacancy_edit", vacancy)
    assert client.get(target).status_code == 200
    calm = data.tag(cast, Tag.Kind.TRAIT, "Calm")
    response = client.post(
        target,
        {
            "kind": "core",
            "hours": "20",
            "pattern_text": vacancy.pattern_text,
            "area": "LS6",
            "wanted_traits": [str(calm.pk)],
            "voice": "person",
            "in_my_words": "I am Alex Fairweather.",
        },
        follow=True,
    )
    page = response.content.decode()
    assert "needs to approve it again" in page
    assert "surname" in page
    vacancy.refresh_from_db()
    assert vacancy.status == VacancyStatus.AWAITING_APPROVAL
    assert vacancy.in_my_words == "I am Alex Fairweather."


@pytest.mark.parametrize("member", ["person_user", "circle_with_consent", "team_worker"])
def test_only_recruiters_edit(cast: Cast, member: str) -> None:
    vacancy = data.a_vacancy(cast)
    client = as_member(cast, member)
    for name in ("vacancy_edit", "vacancy_questions"):
        assert client.get(vurl(cast, name, vacancy)).status_code == 404
    assert client.post(vurl(cast, "vacancy_status", vacancy), {"action": "close"}).status_code == (
        404
    )
    assert client.get(url(cast, "vacancy_new")).status_code == 404


# Questions and status ------------------------------------------------------------------------


def test_questions_page(cast: Cast) -> None:
    vacancy = data.a_vacancy(cast)
    client = as_member(cast, "manager")
    target = vurl(cast, "vacancy_questions", vacancy)
    assert client.post(target, {"action": "add", "text": ""}).status_code == 400
    client.post(target, {"action": "add", "text": "Do you like dogs?"})
    assert vacancy.questions.count() == 2
    last = vacancy.questions.order_by("-order").first()
    assert last is not None
    client.post(target, {"action": "up", "question": str(last.public_id)})
    assert vacancy.questions.order_by("order").first().text == "Do you like dogs?"  # type: ignore[union-attr]
    edit = vurl(cast, "vacancy_question_edit", vacancy, question_id=last.public_id)
    assert client.post(edit, {"text": "Do you like cats?"}).status_code == 302
    client.post(target, {"action": "delete", "question": str(last.public_id)})
    assert not vacancy.questions.filter(text="Do you like cats?").exists()
    client.post(target, {"action": "regenerate"})
    assert vacancy.questions.filter(text="Would you enjoy swimming with Alex?").exists()
    assert client.post(target, {"action": "up", "question": "nonsense"}).status_code == 404


def test_status_buttons(cast: Cast) -> None:
    vacancy = data.a_vacancy(cast)
    client = as_member(cast, "manager")
    target = vurl(cast, "vacancy_status", vacancy)
    assert client.get(target).status_code == 405
    client.post(target, {"action": "close"})
    vacancy.refresh_from_db()
    assert vacancy.status == VacancyStatus.CLOSED
    response = client.post(target, {"action": "send"}, follow=True)
    assert "Only a draft can be sent for approval" in response.content.decode()
    client.post(target, {"action": "reopen"})
    vacancy.refresh_from_db()
    assert vacancy.status == VacancyStatus.OPEN


# Approval ------------------------------------------------------------------------------------


@pytest.mark.parametrize("member", ["person_user", "circle_with_consent"])
def test_the_person_or_family_approve_in_their_words(cast: Cast, member: str) -> None:
    vacancy = data.awaiting_vacancy(cast)
    client = as_member(cast, member)
    detail = client.get(vurl(cast, "vacancy_detail", vacancy)).content.decode()
    assert "Read and answer" in detail
    target = vurl(cast, "vacancy_approval", vacancy)
    page = client.get(target).content.decode()
    assert "govuk-body-l" in page and "Are you calm and unhurried?" in page
    assert "Fairweather" not in page.split("<main")[1].split("</main>")[0]
    assert client.post(target, {"decision": "changes", "words": ""}).status_code == 400
    response = client.post(target, {"decision": "approve", "words": "Yes, lovely."})
    assert response.status_code == 302
    vacancy.refresh_from_db()
    assert (vacancy.status, vacancy.approval_words) == (VacancyStatus.OPEN, "Yes, lovely.")
    assert AuditEvent.objects.filter(
        action="record.view", person=cast.person, page="recruitment.vacancy_approval"
    ).exists()


def test_the_uncle_is_not_a_decider(cast: Cast) -> None:
    vacancy = data.awaiting_vacancy(cast)
    client = as_member(cast, "circle_without_consent")
    assert client.get(vurl(cast, "vacancy_approval", vacancy)).status_code == 404
    assert (
        client.post(vurl(cast, "vacancy_approval", vacancy), {"decision": "approve"}).status_code
        == 404
    )


def test_a_manager_records_it_on_the_persons_behalf(cast: Cast) -> None:
    vacancy = data.awaiting_vacancy(cast)
    client = as_member(cast, "manager")
    target = vurl(cast, "vacancy_approval", vacancy)
    assert "What they said, in their words" in client.get(target).content.decode()
    assert client.post(target, {"decision": "approve", "words": ""}).status_code == 400
    client.post(target, {"decision": "approve", "words": "Alex said yes at our meeting."})
    vacancy.refresh_from_db()
    assert vacancy.status == VacancyStatus.OPEN
    assert vacancy.approved_by_label == "Alex, recorded by Mo Manager"


def test_approving_a_draft_is_refused(cast: Cast) -> None:
    vacancy = data.awaiting_vacancy(cast)
    Vacancy.objects.filter(pk=vacancy.pk).update(status=VacancyStatus.DRAFT)
    client = as_member(cast, "person_user")
    response = client.post(vurl(cast, "vacancy_approval", vacancy), {"decision": "approve"})
    assert response.status_code == 400
    vacancy.refresh_from_db()
    assert vacancy.status == VacancyStatus.DRAFT


# Home ----------------------------------------------------------------------------------------


def test_home_sections(cast: Cast) -> None:
    data.awaiting_vacancy(cast)
    home = reverse("core:home")
    manager_page = as_member(cast, "manager").get(home, follow=True).content.decode()
    assert "1 open vacancy, 1 awaiting approval" in manager_page
    person_page = as_member(cast, "person_user").get(home, follow=True).content.decode()
    assert "Your vacancy: waiting for you to approve the advert" in person_page
    mum_page = as_member(cast, "circle_with_consent").get(home, follow=True).content.decode()
    assert "Alex&#x27;s vacancy: waiting for you to approve the advert" in mum_page
    uncle_page = as_member(cast, "circle_without_consent").get(home, follow=True).content.decode()
    assert "waiting for you to approve" not in uncle_page


# Public pages --------------------------------------------------------------------------------


def jobs(cast: Cast, name: str, **kwargs: Any) -> str:
    return reverse(f"jobs:{name}", kwargs={"org": cast.organisation.slug, **kwargs})


def test_public_pages_show_open_adverts_only(cast: Cast) -> None:
    vacancy = data.a_vacancy(cast)
    waiting = data.awaiting_vacancy(cast)
    client = Client()
    listing = client.get(jobs(cast, "list")).content.decode()
    assert "Support worker for Alex in LS6" in listing
    assert "Relief support worker" not in listing
    advert = client.get(jobs(cast, "advert", vacancy_id=vacancy.public_id))
    page = advert.content.decode()
    assert advert.status_code == 200
    assert f'href="{jobs(cast, "apply", vacancy_id=vacancy.public_id)}"' in page
    assert "noindex" not in page
    assert "Fairweather" not in page and "Alexandra" not in page
    assert client.get(jobs(cast, "advert", vacancy_id=waiting.public_id)).status_code == 404
    Vacancy.objects.filter(pk=vacancy.pk).update(status=VacancyStatus.CLOSED)
    for name in ("advert", "advert_html", "advert_text"):
        assert client.get(jobs(cast, name, vacancy_id=vacancy.public_id)).status_code == 404
    assert client.get("/jobs/no-such-org/").status_code == 404


def test_exports(cast: Cast) -> None:
    vacancy = data.a_vacancy(cast)
    client = Client()
    html = client.get(jobs(cast, "advert_html", vacancy_id=vacancy.public_id))
    assert html["Content-Type"] == "text/html; charset=utf-8"
    assert "attachment" in html["Content-Disposition"]
    body = html.content.decode()
    assert body.startswith("<!DOCTYPE html>") and "/apply/" in body
    text = client.get(jobs(cast, "advert_text", vacancy_id=vacancy.public_id))
    assert text["Content-Type"] == "text/plain; charset=utf-8"
    assert "Support worker for Alex in LS6" in text.content.decode()
    assert "Fairweather" not in body + text.content.decode()


def test_blocks_of_another_person_are_not_offered(cast: Cast) -> None:
    mine = pattern(cast.person, anchor=cast.today)
    block(mine, 0, 540, 600)
    theirs = pattern(cast.other_person, anchor=cast.today)
    other = block(theirs, 0, 540, 600)
    client = as_member(cast, "manager")
    target = url(cast, "vacancy_new") + f"?person={cast.person.public_id}"
    response = client.post(
        target, {"kind": "core", "voice": "person", "blocks": [str(other.public_id)]}
    )
    assert response.status_code == 400
    assert PatternBlock.objects.count() == 2
