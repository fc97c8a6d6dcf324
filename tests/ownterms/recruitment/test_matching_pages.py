"""Matching pages: recruiters only, every factor in words, safe rendering, query ceilings."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ownterms.accounts.models import User
from ownterms.audit.models import AuditEvent
from ownterms.recruitment.models import Applicant
from tests.cast import CAST_MEMBERS, Cast
from tests.ownterms.recruitment import data
from tests.queries import warm_up

pytestmark = pytest.mark.django_db

RECRUITERS = {"administrator", "manager", "other_manager", "on_call_manager"}
#: The most queries a matching page may make (the count does not grow with candidates).
CEILING = 40


def signed_in(user: User | None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def urls(cast: Cast) -> dict[str, str]:
    org = cast.organisation.slug
    return {
        "vacancy_matches": reverse(
            "recruitment:vacancy_matches",
            kwargs={"org": org, "vacancy_id": data.a_vacancy(cast).public_id},
        ),
        "applicant_matches": reverse(
            "recruitment:applicant_matches",
            kwargs={"org": org, "applicant_id": data.an_applicant(cast).public_id},
        ),
        "cross_match": reverse("recruitment:cross_match", kwargs={"org": org}),
    }


@pytest.mark.parametrize("page", ["vacancy_matches", "applicant_matches", "cross_match"])
def test_recruiters_see_the_pages_and_nobody_else(cast: Cast, recruiter: User, page: str) -> None:
    data.a_matching_pool(cast)
    url = urls(cast)[page]
    assert signed_in(recruiter).get(url).status_code == 200
    for member in CAST_MEMBERS:
        response = signed_in(cast.user(member)).get(url)
        if member == "anonymous":
            assert response.status_code == 302
        elif member in RECRUITERS:
            assert response.status_code == 200, member
        else:
            assert response.status_code == 404, member


def test_the_vacancy_page_shows_every_factor_in_words(cast: Cast, recruiter: User) -> None:
    data.a_matching_pool(cast)
    page = signed_in(recruiter).get(urls(cast)["vacancy_matches"]).content.decode()
    assert "Candidates for Alex's team" in page
    for words in (
        "Both love swimming",
        "Calm, as Alex asked",
        "Says they can: driving (to check at interview)",
        "Alex would rather not have someone talkative; Kim describes themself as talkative",
        "Alex said not for me: Too loud for me",
        "Already in Alex&#x27;s team",
        "Lives less than 1 km away",
        "27 h 30 min spare: contracted 37 h 30 min, planned 10 hours a week",
    ):
        assert words in page, words
    # Jo is first, Kim (vetoed) last among applicants.
    assert page.index("1. Jo Applicant") < page.index("Kim Pool")


def test_the_page_is_recorded_in_the_persons_access_log(cast: Cast, recruiter: User) -> None:
    data.a_matching_pool(cast)
    signed_in(recruiter).get(urls(cast)["vacancy_matches"])
    assert AuditEvent.objects.filter(
        actor=recruiter, person_id=cast.person.pk, page="recruitment.vacancy_matches"
    ).exists()
    signed_in(recruiter).get(urls(cast)["applicant_matches"])
    assert AuditEvent.objects.filter(
        actor=recruiter,
        object_id=str(data.an_applicant(cast).public_id),
        page="recruitment.applicant_matches",
    ).exists()


def test_the_applicant_page_ranks_every_open_vacancy(cast: Cast, recruiter: User) -> None:
    data.a_matching_pool(cast)
    page = signed_in(recruiter).get(urls(cast)["applicant_matches"]).content.decode()
    assert page.index("Alex&#x27;s team (core team, 20 hours a week)") < page.index(
        "Bilal&#x27;s team (relief, 10 hours a week)"
    )
    assert "Every candidate for Alex" in page


def test_the_cross_match_explains_pairs_and_unfilled(cast: Cast, recruiter: User) -> None:
    data.a_matching_pool(cast)
    client = signed_in(recruiter)
    page = client.get(urls(cast)["cross_match"]).content.decode()
    assert "Suggested pairs" in page
    assert "Alex&#x27;s team (core team, 20 hours a week): Jo Applicant" in page
    page = client.get(urls(cast)["cross_match"] + "?minimum=100").content.decode()
    assert "No pairs to suggest." in page
    assert "No candidate without a veto scores 100 or more" in page


@pytest.mark.parametrize(
    ("value", "error"),
    [
        ("abc", "Enter the lowest score as a whole number from 0 to 100"),
        ("101", "The lowest score must be 100 or less"),
        ("-1", "The lowest score must be 0 or more"),
    ],
)
def test_a_bad_minimum_is_explained_beside_the_field(
    cast: Cast, recruiter: User, value: str, error: str
) -> None:
    response = signed_in(recruiter).get(urls(cast)["cross_match"], {"minimum": value})
    assert response.status_code == 200
    assert error in response.content.decode()


def test_html_in_what_applicants_write_is_escaped(cast: Cast, recruiter: User) -> None:
    data.a_matching_pool(cast)
    Applicant.objects.filter(pk=data.pool_applicant(cast, 1).pk).update(
        first_name="<script>alert(1)</script>", last_name="😀" * 3
    )
    data.tag(cast, "interest", "<b>Swimming</b>")
    page = signed_in(recruiter).get(urls(cast)["vacancy_matches"]).content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; 😀😀😀" in page


@pytest.mark.parametrize("page", ["vacancy_matches", "applicant_matches", "cross_match"])
def test_pages_have_a_query_ceiling(
    cast: Cast, recruiter: User, page: str, django_assert_max_num_queries: Any
) -> None:
    client = signed_in(recruiter)
    counts = []
    for size in (3, 9):
        data.a_matching_pool(cast, size)
        url = urls(cast)[page]
        warm_up(client, url)
        with (
            django_assert_max_num_queries(CEILING),
            CaptureQueriesContext(connection) as queries,
        ):
            assert client.get(url).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], counts


def test_a_long_list_shows_the_best_first_then_every_candidate(
    cast: Cast, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A large organisation has a hundred staff with spare hours: the vacancy's page shows the
    best in full and links to every candidate."""
    from ownterms.recruitment.views import matching as views

    monkeypatch.setattr(views, "FIRST_SHOWN", 2)
    data.a_matching_pool(cast)
    client = signed_in(cast.user("manager"))
    url = urls(cast)["vacancy_matches"]
    response = client.get(url)
    total = response.context["total"]
    assert total > 2 and len(response.context["cards"]) == 2
    page = response.content.decode()
    assert f"Showing the best 2 of {total}." in page
    assert f"Show the {total - 2} other candidates" in page
    every = client.get(url + "?all=1")
    assert len(every.context["cards"]) == total and every.context["more"] == 0
    assert "Show every candidate" not in every.content.decode()
    # The vacancy, the applicant and the vacancies list link to the matching pages.
    org = cast.organisation.slug
    vacancy = data.a_vacancy(cast)
    detail = client.get(
        reverse("recruitment:vacancy_detail", kwargs={"org": org, "vacancy_id": vacancy.public_id})
    ).content.decode()
    assert url in detail
    applicant = data.an_applicant(cast)
    assert (
        urls(cast)["applicant_matches"]
        in client.get(
            reverse(
                "recruitment:applicant", kwargs={"org": org, "applicant_id": applicant.public_id}
            )
        ).content.decode()
    )
    listing = client.get(reverse("recruitment:vacancies", kwargs={"org": org})).content.decode()
    assert urls(cast)["cross_match"] in listing
