"""The decision page, the letters, the transition page (signed in as in a browser)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from ownterms.audit.models import AuditEvent
from ownterms.people.models import CommissionedPackage, Person
from ownterms.referrals.models import Decision, Referral, Status
from tests.cast import Cast
from tests.ownterms.referrals import data

pytestmark = pytest.mark.django_db


def _client(cast: Cast, member: str) -> Client:
    client = Client()
    user = cast.user(member)
    assert user is not None
    client.force_login(user)
    return client


def _url(cast: Cast, name: str, referral: Referral) -> str:
    return reverse(
        f"referrals:{name}",
        kwargs={"org": cast.organisation.slug, "referral_id": referral.public_id},
    )


def test_the_decision_page_shows_the_recommendation_and_each_component(cast: Cast) -> None:
    referral = data.assessed(cast, {"family": "partly"})
    response = _client(cast, "manager").get(_url(cast, "decision", referral))
    assert response.status_code == 200
    text = response.content.decode()
    assert "Accept with conditions" in text
    assert "Partly met: family vision and partnership" in text
    assert "Evidence for recruitability." in text
    # The form says before anything is typed that a differing decision needs a reason.
    assert "needed if your decision is not “Accept with conditions”" in text
    assert AuditEvent.objects.filter(action="referral.view", page="referrals.decision").exists()
    # Office only: the referrer who sent it gets the same 404 as a stranger.
    for member in ("partner_current", "team_worker", "finance"):
        assert _client(cast, member).get(_url(cast, "decision", referral)).status_code == 404


def test_a_decision_with_errors_keeps_what_was_typed(cast: Cast) -> None:
    referral = data.assessed(cast)
    response = _client(cast, "manager").post(
        _url(cast, "decision", referral),
        {"outcome": "decline", "reasons": "We can't staff <b>waking nights</b> there."},
    )
    assert response.status_code == 400
    text = response.content.decode()
    assert "Choose at least one reason for declining." in text
    assert "say why you decided otherwise" in text
    assert "We can&#x27;t staff &lt;b&gt;waking nights&lt;/b&gt; there." in text
    assert not Decision.objects.exists()


def test_recording_a_decision(cast: Cast) -> None:
    referral = data.assessed(cast, {"family": "partly"})
    response = _client(cast, "administrator").post(
        _url(cast, "decision", referral),
        {
            "outcome": "accept_with_conditions",
            "conditions": "A shared plan with Jo's mum first.\n\nA second trained worker.",
            "reasons": "Every component is met or nearly met.",
        },
    )
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.status == Status.TRANSITION
    page = _client(cast, "administrator").get(_url(cast, "decision", referral)).content.decode()
    assert "Plan the move" in page
    # Deciding again is not offered, and a POST changes nothing.
    again = _client(cast, "manager").post(
        _url(cast, "decision", referral), {"outcome": "decline", "reasons": "x"}
    )
    assert again.status_code == 302
    assert Decision.objects.get().outcome == "accept_with_conditions"


def test_the_letter_of_a_decline_is_respectful_and_the_referrer_may_read_it(cast: Cast) -> None:
    referral = data.decided_copy(cast, "decline")
    for member in ("partner_current", "manager"):
        response = _client(cast, member).get(_url(cast, "letter", referral))
        assert response.status_code == 200, member
        text = response.content.decode()
        assert "we are not the best provider for Dee" in text
        assert "This is not a judgement of Dee" in text
        assert "We do not have the capacity to start well now" in text
        assert "Yours sincerely" in text
        easy = _client(cast, member).get(_url(cast, "easy_read_letter", referral))
        assert easy.status_code == 200
        words = easy.content.decode()
        assert "We said no." in words
        assert "This is not because of you." in words
        assert "We cannot find enough staff near where you will live." in words
    for member in ("partner_expired", "team_worker", "person_user", "circle_with_consent"):
        assert _client(cast, member).get(_url(cast, "letter", referral)).status_code == 404


def test_the_letter_lists_conditions_plainly(cast: Cast) -> None:
    referral = data.decided_copy(cast, "accept_with_conditions")
    text = _client(cast, "partner_current").get(_url(cast, "letter", referral)).content.decode()
    assert "we would like to support Cal, on conditions" in text
    assert "<li>A second worker trained in rescue medication before swimming starts.</li>" in text
    easy = _client(cast, "manager").get(_url(cast, "easy_read_letter", referral)).content.decode()
    assert "We said yes." in easy
    assert "First, some things need to be ready:" in easy


def test_no_letter_before_a_decision(cast: Cast) -> None:
    referral = data.assessed(cast)
    for name in ("letter", "letter_pdf", "easy_read_letter", "easy_read_letter_pdf"):
        assert _client(cast, "manager").get(_url(cast, name, referral)).status_code == 404


def test_the_letters_as_pdf(cast: Cast) -> None:
    referral = data.decided_copy(cast, "accept")
    for name in ("letter_pdf", "easy_read_letter_pdf"):
        response = _client(cast, "partner_current").get(_url(cast, name, referral))
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert response.content.startswith(b"%PDF")
        assert response["Cache-Control"] == "private, no-store"


def test_the_transition_page_creates_the_record_once_and_starts_support(cast: Cast) -> None:
    referral = data.decided_copy(cast, "accept")
    client = _client(cast, "manager")
    page = client.get(_url(cast, "transition", referral))
    assert page.status_code == 200
    text = page.content.decode()
    assert "Create the person's record" in text
    assert "£1,823.50" in text  # 35 h at £24.50 + 4 h at £49 + 7 nights at £110
    assert "Saturday 10:00\u201312:00: Day, 2:1 \u2014 Swimming" in text
    bad = client.post(_url(cast, "transition", referral), {"manager": "nobody"})
    assert bad.status_code == 400
    assert "Choose a current manager." in bad.content.decode()
    today = timezone.localdate()
    form = {
        "starts_on_day": str(today.day),
        "starts_on_month": str(today.month),
        "starts_on_year": str(today.year),
        "manager": str(cast.staff["manager"].public_id),
    }
    assert client.post(_url(cast, "transition", referral), form).status_code == 302
    assert client.post(_url(cast, "transition", referral), form).status_code == 302
    person = Person.objects.get(referral=referral)
    assert person.status == Person.Status.REFERRED
    assert Person.objects.filter(first_name="Bea").count() == 1
    started = client.post(_url(cast, "support_started", referral))
    assert started.status_code == 302
    person.refresh_from_db()
    assert person.status == Person.Status.ACTIVE
    assert "Bea is supported now" in client.get(_url(cast, "transition", referral)).content.decode()


def test_support_can_not_be_marked_started_early(cast: Cast) -> None:
    referral = data.converted_copy(cast)
    CommissionedPackage.objects.filter(person=referral.person).update(
        starts_on=timezone.localdate() + dt.timedelta(days=5)
    )
    response = _client(cast, "manager").post(_url(cast, "support_started", referral))
    assert response.status_code == 400
    assert "mark it started from that day" in response.content.decode()
    referral.refresh_from_db()
    assert referral.status == Status.TRANSITION


def test_the_transition_page_is_for_the_office(cast: Cast) -> None:
    referral = data.decided_copy(cast, "accept")
    for member in ("partner_current", "team_worker"):
        client = _client(cast, member)
        assert client.get(_url(cast, "transition", referral)).status_code == 404
        assert client.post(_url(cast, "support_started", referral)).status_code == 404


def test_declining_through_the_page_then_the_referrer_reads_why(cast: Cast) -> None:
    """Issue 7's "decline one": the manager declines on the decision page as the app
    recommends; the referral closes, the partner's list says so, and both letters say why
    without judging Jo."""
    referral = data.assessed(cast, {"recruitability": "not_met"})
    page = _client(cast, "manager").get(_url(cast, "decision", referral)).content.decode()
    assert "Decline" in page
    response = _client(cast, "manager").post(
        _url(cast, "decision", referral),
        {
            "outcome": "decline",
            "decline_reasons": ["recruitability"],
            "reasons": "None of our staff live near Maidstone and night vacancies there stay "
            "open for months.",
        },
    )
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.status == Status.DECLINED
    decision = Decision.objects.get(referral=referral)
    assert (decision.outcome, decision.decline_reasons) == ("decline", ["recruitability"])
    assert not decision.differs_because
    assert AuditEvent.objects.filter(action="referral.decide").exists()

    partner = _client(cast, "partner_current")
    mine = partner.get(
        reverse("referrals:mine", kwargs={"org": cast.organisation.slug})
    ).content.decode()
    assert "Declined" in mine
    letter = partner.get(_url(cast, "letter", referral)).content.decode()
    assert "we are not the best provider for Jo" in letter
    assert "This is not a judgement of Jo" in letter
    assert "We could not recruit a team for these hours there" in letter
    easy = partner.get(_url(cast, "easy_read_letter", referral)).content.decode()
    assert "We said no." in easy and "This is not because of you." in easy
    assert "We cannot find enough staff near where you will live." in easy
    # Nothing is created for a declined referral: no record, and no way to make one.
    assert referral.person_id is None
    transition = _client(cast, "manager").get(_url(cast, "transition", referral)).content.decode()
    assert "the move is planned once it is accepted" in transition
    assert "Create the person&#x27;s record" not in transition
