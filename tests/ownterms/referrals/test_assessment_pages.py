"""The assessment pages: what they show, rating and the draft pattern through them, errors that
lose nothing, the move to a decision, and a query count that does not grow with the staff."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ownterms.referrals.models import ComponentAssessment, Status
from tests.cast import Cast
from tests.ownterms.referrals import data
from tests.queries import warm_up

pytestmark = pytest.mark.django_db
PAGE_CEILING = 40


def _client(cast: Cast, member: str = "manager") -> Client:
    client = Client()
    user = cast.user(member)
    assert user is not None
    client.force_login(user)
    return client


def _url(cast: Cast, name: str, **extra: Any) -> str:
    referral = data.a_referral(cast)
    return reverse(
        f"referrals:{name}",
        kwargs={"org": cast.organisation.slug, "referral_id": referral.public_id, **extra},
    )


def test_the_page_shows_every_part_with_figures(cast: Cast) -> None:
    data.places()
    data.support_worker(cast, "near", "ME15")
    body = _client(cast).get(_url(cast, "assessment")).content.decode()
    for heading in (
        "Hours and money",
        "Clarity and achievability",
        "Family vision and partnership",
        "Staff for these hours in this place",
        "Our capacity",
    ):
        assert heading in body
    assert "1 of the 5 workers needed could come from current staff" in body
    assert "Not yet: every part must be rated first." in body
    assert "Ready for a decision" not in body


def test_partners_get_404(cast: Cast) -> None:
    for member in ("partner_current", "team_worker"):
        assert _client(cast, member).get(_url(cast, "assessment")).status_code == 404
    assert _client(cast).get(_url(cast, "assessment_rate", component="bogus")).status_code == 404


def test_rating_through_the_page_and_errors_keep_what_was_typed(cast: Cast) -> None:
    client = _client(cast)
    target = _url(cast, "assessment_rate", component="family")
    typed = {"q_shares_vision": "yes", "rating": "partly", "evidence": "   "}
    response = client.post(target, typed)
    assert response.status_code == 400
    body = response.content.decode()
    assert "Write the evidence for this rating" in body
    assert "Answer this question" in body
    assert 'value="yes" id="id_q_shares_vision_0" required class="govuk-radios__input" checked' in (
        body
    )
    assert not ComponentAssessment.objects.exists()
    response = client.post(
        target,
        {
            "q_shares_vision": "yes",
            "q_partnership": "partly",
            "q_significance": "very",
            "rating": "partly",
            "evidence": "Mum wants to stay involved; <script>alert(1)</script>",
        },
    )
    assert response.status_code == 302
    page = client.get(_url(cast, "assessment")).content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<script>alert(1)" not in page
    assert "By Mo Manager on" in page


def test_the_draft_pattern_editor(cast: Cast) -> None:
    client = _client(cast)
    target = _url(cast, "assessment_pattern")
    response = client.post(
        target, {"weekday": "2", "start": "15:00", "end": "09:00", "kind": "day", "headcount": "1"}
    )
    assert response.status_code == 400
    assert "The end must be after the start" in response.content.decode()
    assert 'value="15:00"' in response.content.decode()
    response = client.post(
        target,
        {"weekday": "0", "start": "16:00", "end": "18:00", "kind": "day", "headcount": "1"},
    )
    assert response.status_code == 400
    assert "overlaps another block: Monday 09:00" in response.content.decode()
    response = client.post(
        target,
        {
            "weekday": "2",
            "start": "09:00",
            "end": "15:00",
            "kind": "day",
            "headcount": "1",
            "activity": "Volunteering",
            "developmental": "on",
        },
    )
    assert response.status_code == 302
    body = client.get(target).content.decode()
    assert "Volunteering" in body
    assert "16 h" in body  # 8 + 6 h of day support, plus 2 h at 2:1
    block = data.a_referral(cast).draft_blocks.get(weekday=2)
    remove = _url(cast, "assessment_block_remove", block_id=block.public_id)
    assert client.get(remove).status_code == 405
    assert client.post(remove).status_code == 302
    assert not data.a_referral(cast).draft_blocks.filter(weekday=2).exists()


def test_ready_for_a_decision_through_the_page(cast: Cast) -> None:
    referral = data.assessed(cast)
    type(referral).objects.filter(pk=referral.pk).update(status=Status.ASSESSMENT)
    client = _client(cast)
    page = client.get(_url(cast, "assessment")).content.decode()
    assert "Ready for a decision" in page
    assert "Accept" in page
    response = client.post(_url(cast, "assessment_ready"))
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.status == Status.DECISION
    page = client.get(_url(cast, "assessment")).content.decode()
    assert "Ready for a decision" not in page
    assert "Change the rating" not in page


def test_the_page_has_a_query_ceiling(cast: Cast, django_assert_max_num_queries: Any) -> None:
    data.places()
    client = _client(cast)
    target = _url(cast, "assessment")
    skill = data.epilepsy(cast)
    data.a_referral(cast).skills.set([skill])
    counts = []
    for batch in (1, 2):
        for index in range(6):
            data.support_worker(cast, f"w{batch}x{index}", "ME15", skills=(skill,))
            data.applicant(cast, f"a{batch}x{index}", "ME14 2BB", skills=(skill,))
            data.filled_vacancy(cast, 20 + index, "ME14")
        warm_up(client, target)
        with (
            django_assert_max_num_queries(PAGE_CEILING),
            CaptureQueriesContext(connection) as queries,
        ):
            assert client.get(target).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], "the number of queries grows with the staff"


def test_a_confirmation_shows_once(cast: Cast) -> None:
    # The base template shows the messages; the assessment pages once showed them again.
    client = _client(cast)
    saved = client.post(
        _url(cast, "assessment_pattern"),
        {"weekday": "2", "start": "09:00", "end": "15:00", "kind": "day", "headcount": "1"},
        follow=True,
    )
    assert saved.content.decode().count("The block has been added to the draft pattern.") == 1
    referral = data.assessed(cast)
    type(referral).objects.filter(pk=referral.pk).update(status=Status.ASSESSMENT)
    ready = client.post(_url(cast, "assessment_ready"), follow=True).content.decode()
    assert ready.count("The assessment is complete: it is ready for a decision.") == 1
