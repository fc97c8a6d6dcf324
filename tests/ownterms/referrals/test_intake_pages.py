"""The intake's pages: a partner refers someone and follows it; the office lists, reads,
works and corrects referrals; bad input is answered clearly and loses nothing."""

from __future__ import annotations

import html
import re
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from ownterms.accounts.models import User
from ownterms.audit.models import AuditEvent
from ownterms.referrals.models import Decision, Referral, Status
from ownterms.referrals.services.intake import submit
from ownterms.vocabulary.models import Skill
from tests.cast import Cast
from tests.ownterms.referrals import data, intake_data
from tests.queries import warm_up

pytestmark = pytest.mark.django_db

HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)>'
LIST_CEILING = 30


def member(cast: Cast, name: str) -> User:
    user = cast.user(name)
    assert user is not None
    return user


def as_member(cast: Cast, name: str) -> Client:
    client = Client()
    client.force_login(member(cast, name))
    return client


def url(cast: Cast, name: str, **kwargs: Any) -> str:
    return reverse(f"referrals:{name}", kwargs={"org": cast.organisation.slug, **kwargs})


def errors_in(page: str) -> list[str]:
    found = re.findall(r'class="govuk-error-message"[^>]*>(.*?)</p>', page, re.S)
    return [html.unescape(re.sub(r"<[^>]+>|Error:", "", item)).strip() for item in found]


# The partner ---------------------------------------------------------------------------------


def test_a_partner_refers_someone_and_follows_it(cast: Cast) -> None:
    data.grant(cast)
    skill = Skill.objects.create(organisation=cast.organisation, name="Autism", key="autism")
    client = as_member(cast, "partner_current")
    form = client.get(url(cast, "new"))
    assert form.status_code == 200
    page = form.content.decode()
    for heading in ("The person", "Consent to share", "Support commissioned", "Contacts"):
        assert heading in page
    assert "Autism" in page
    response = client.post(
        url(cast, "new"),
        intake_data.form_data(skills=str(skill.public_id), referrer_role="Social worker"),
    )
    referral = Referral.objects.get()
    assert response.status_code == 302
    assert response["Location"] == url(cast, "status", referral_id=referral.public_id)
    assert (referral.day_minutes, referral.day_rate_pence) == (1200, 2450)
    assert (referral.sleep_in_nights, referral.sleep_in_rate_pence) == (3, 9500)
    assert referral.referrer_role == "Social worker"
    assert list(referral.skills.all()) == [skill]
    assert [c.name for c in referral.contacts.all()] == ["Sara Khan"]
    status = client.get(response["Location"]).content.decode()
    assert referral.reference in status
    assert "We have received the referral" in status
    assert "20 hours a week, £24.50 an hour" in status
    mine = client.get(url(cast, "mine")).content.decode()
    assert "Ali Khan" in mine and referral.reference in mine
    # The next form remembers their role.
    assert 'value="Social worker"' in client.get(url(cast, "new")).content.decode()


def test_bad_input_is_explained_and_nothing_is_lost(cast: Cast) -> None:
    data.grant(cast)
    client = as_member(cast, "partner_current")
    response = client.post(
        url(cast, "new"), {"contacts-TOTAL_FORMS": "2", "contacts-INITIAL_FORMS": "0"}
    )
    assert response.status_code == 400
    found = errors_in(response.content.decode())
    assert "Enter the person's first name." in found
    assert "Tell us the person's key needs." in found
    assert any("consent" in error for error in found)
    response = client.post(
        url(cast, "new"),
        intake_data.form_data(
            first_name="Zoë " + "z" * 120,
            day_minutes="twenty",
            day_rate_pence="24.505",
            start_wanted_day="31",
            start_wanted_month="2",
            key_needs=HOSTILE,
            **{"contacts-1-name": "Dr Rao", "contacts-1-email": "not an email"},
        ),
    )
    assert response.status_code == 400
    page = response.content.decode()
    found = errors_in(page)
    assert "Enter hours as a number, for example 105 or 37.5 or 37:30." in found
    assert "Enter an amount in pounds, like 1,234.50" in found
    assert "Enter a real date, for example 27 3 2026." in found
    assert any("at most 100" in error or "keep it to 100" in error for error in found)
    assert "Say who they are to the person." in found
    assert "Choose what kind of contact they are." in found
    assert "Enter an email address like name@example.org." in found
    # A typo in the hours does not also say "a rate but no support".
    assert not any("rate but no" in error for error in found)
    # What was typed is still there, hostile text escaped.
    assert 'value="twenty"' in page and 'value="Dr Rao"' in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page
    assert "<script>alert" not in page
    assert not Referral.objects.exists()


def test_adding_a_contact_row_keeps_what_was_typed(cast: Cast) -> None:
    data.grant(cast)
    client = as_member(cast, "partner_current")
    response = client.post(url(cast, "new"), intake_data.form_data(first_name="", add_contact="1"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" not in page
    assert 'name="contacts-TOTAL_FORMS" value="3"' in page
    assert 'name="contacts-2-name"' in page
    assert 'value="Sara Khan"' in page
    assert not Referral.objects.exists()


def test_the_status_page_messages_and_withdrawal(cast: Cast) -> None:
    referral = intake_data.received(cast)
    client = as_member(cast, "partner_current")
    status = url(cast, "status", referral_id=referral.public_id)
    empty = client.post(url(cast, "status_message", referral_id=referral.public_id), {"text": ""})
    assert empty.status_code == 400
    assert "Write your message." in errors_in(empty.content.decode())
    sent = client.post(
        url(cast, "status_message", referral_id=referral.public_id), {"text": HOSTILE}
    )
    assert sent.status_code == 302
    page = client.get(status).content.decode()
    assert "&lt;script&gt;" in page and "<script>alert" not in page
    bad = client.post(url(cast, "status_withdraw", referral_id=referral.public_id), {"reason": ""})
    assert bad.status_code == 400
    assert "Say why the referral is withdrawn." in errors_in(bad.content.decode())
    stale = client.post(
        url(cast, "status_withdraw", referral_id=referral.public_id),
        {"reason": "Found support nearer home", "seen": "assessment"},
    )
    assert stale.status_code == 302
    referral.refresh_from_db()
    assert referral.status == Status.RECEIVED
    done = client.post(
        url(cast, "status_withdraw", referral_id=referral.public_id),
        {"reason": "Found support nearer home", "seen": "received"},
    )
    assert done.status_code == 302
    referral.refresh_from_db()
    assert referral.status == Status.WITHDRAWN
    page = client.get(status).content.decode()
    assert "The referral was withdrawn." in page
    assert "Found support nearer home" in page
    assert "Send the message" not in page


def test_the_partner_sees_the_decision_in_plain_words(cast: Cast) -> None:
    referral = intake_data.received(cast)
    manager = as_member(cast, "manager")
    manager.post(
        url(cast, "decline", referral_id=referral.public_id),
        {
            "decline_reason": "recruitability",
            "reasons": "We could not find waking night staff near Maidstone.",
            "seen": "received",
        },
    )
    assert Decision.objects.filter(referral=referral).exists()
    page = (
        as_member(cast, "partner_current")
        .get(url(cast, "status", referral_id=referral.public_id))
        .content.decode()
    )
    assert "We are not the best provider for them." in page
    assert "We could not find waking night staff near Maidstone." in page


def test_partners_reach_only_their_own_while_their_grant_lasts(cast: Cast) -> None:
    jo = data.a_referral(cast)
    sam = data.a_referral(cast, "partner_expired")
    current = as_member(cast, "partner_current")
    assert current.get(url(cast, "status", referral_id=sam.public_id)).status_code == 404
    assert current.get(url(cast, "status", referral_id=jo.public_id)).status_code == 200
    assert current.get(url(cast, "detail", referral_id=jo.public_id)).status_code == 404
    assert current.get(url(cast, "list")).status_code == 404
    expired = as_member(cast, "partner_expired")
    for name in ("mine", "new"):
        assert expired.get(url(cast, name)).status_code == 404
    assert expired.get(url(cast, "status", referral_id=sam.public_id)).status_code == 404
    assert (
        expired.post(
            url(cast, "status_message", referral_id=sam.public_id), {"text": "Hello"}
        ).status_code
        == 404
    )
    # The office following a partner's link lands on its own page.
    office = as_member(cast, "manager").get(url(cast, "status", referral_id=jo.public_id))
    assert office.status_code == 302
    assert office["Location"] == url(cast, "detail", referral_id=jo.public_id)


# The office ----------------------------------------------------------------------------------


def test_the_list_counts_and_filters(cast: Cast) -> None:
    data.a_referral(cast)
    data.a_referral(cast, "partner_expired")
    intake_data.received(cast)
    client = as_member(cast, "manager")
    page = client.get(url(cast, "list")).content.decode()
    assert page.index("R-TEST-001") > page.index("Ali Khan")  # newest first
    assert re.search(r"Being assessed</a>: <strong>2</strong>", page)
    assert re.search(r"Received</a>: <strong>1</strong>", page)
    filtered = client.get(url(cast, "list"), {"status": "received"}).content.decode()
    assert "Ali Khan" in filtered and "Jo Bright" not in filtered
    by_source = client.get(url(cast, "list"), {"source": "nhs_discharge"}).content.decode()
    assert "No referrals match." in by_source
    assert client.get(url(cast, "list"), {"status": "nonsense"}).status_code == 400
    home = client.get(reverse("core:organisation_home", kwargs={"org": cast.organisation.slug}))
    assert "Referrals: 3 waiting for us" in home.content.decode()
    partner_home = as_member(cast, "partner_current").get(
        reverse("core:organisation_home", kwargs={"org": cast.organisation.slug})
    )
    assert url(cast, "new") in partner_home.content.decode()


def test_the_list_has_a_query_ceiling(cast: Cast, django_assert_max_num_queries: Any) -> None:
    client = as_member(cast, "manager")
    intake_data.received(cast)
    partner = member(cast, "partner_current")
    target = url(cast, "list")
    counts = []
    for first_name in ("Bea", "Cal", "Dev"):
        submit(actor=partner, details=intake_data.details(first_name=first_name))
        warm_up(client, target)
        with (
            django_assert_max_num_queries(LIST_CEILING),
            CaptureQueriesContext(connection) as queries,
        ):
            assert client.get(target).status_code == 200
        counts.append(len(queries))
    assert len(set(counts)) == 1, "the number of queries grows with the data"


def test_the_office_works_a_referral(cast: Cast) -> None:
    referral = intake_data.received(cast)
    client = as_member(cast, "manager")
    detail = url(cast, "detail", referral_id=referral.public_id)
    page = client.get(detail).content.decode()
    for words in (
        "Ali Khan",
        "Sara Khan",
        "Start the assessment",
        "Decline now",
        "Correct the details",
    ):
        assert words in page
    assert "{#" not in page
    assert AuditEvent.objects.filter(action="referral.view", page="referrals.detail").exists()
    # Holders: a bad choice, then ours.
    bad = client.post(url(cast, "holders", referral_id=referral.public_id), {"contact": "nobody"})
    assert bad.status_code == 400
    ok = client.post(
        url(cast, "holders", referral_id=referral.public_id),
        {
            "contact": str(member(cast, "manager").public_id),
            "proposed_manager": str(cast.staff["manager"].public_id),
        },
    )
    assert ok.status_code == 302
    # More information: empty is refused next to the action; then asked.
    empty = client.post(
        url(cast, "request_information", referral_id=referral.public_id), {"text": " "}
    )
    assert empty.status_code == 400
    assert "Say what information you need." in errors_in(empty.content.decode())
    asked = client.post(
        url(cast, "request_information", referral_id=referral.public_id),
        {"text": "Please send the care plan.", "seen": "received"},
    )
    assert asked.status_code == 302
    referral.refresh_from_db()
    assert referral.status == Status.INFORMATION_REQUESTED
    # The partner sees our contact and our question.
    status = (
        as_member(cast, "partner_current")
        .get(url(cast, "status", referral_id=referral.public_id))
        .content.decode()
    )
    assert "is your contact for this referral" in status
    assert "Please send the care plan." in status
    started = client.post(
        url(cast, "start_assessment", referral_id=referral.public_id),
        {"seen": "information_requested"},
    )
    assert started.status_code == 302
    referral.refresh_from_db()
    assert referral.status == Status.ASSESSMENT
    # Declining early is no longer offered; a stale form says someone changed it.
    page = client.get(detail).content.decode()
    assert "Decline now" not in page
    stale = client.post(
        url(cast, "decline", referral_id=referral.public_id),
        {"decline_reason": "hours", "reasons": "Too few hours.", "seen": "received"},
    )
    assert stale.status_code == 302
    assert "Someone has just changed this referral" in client.get(detail).content.decode()
    message = client.post(
        url(cast, "message", referral_id=referral.public_id), {"text": "x" * 4001}
    )
    assert message.status_code == 400
    withdrawn = client.post(
        url(cast, "withdraw", referral_id=referral.public_id),
        {"reason": "The council found a closer provider.", "seen": "assessment"},
    )
    assert withdrawn.status_code == 302
    referral.refresh_from_db()
    assert referral.status == Status.WITHDRAWN
    # Closed: it can't be corrected.
    assert client.get(url(cast, "edit", referral_id=referral.public_id)).status_code == 302


def test_the_office_corrects_the_details(cast: Cast) -> None:
    referral = intake_data.received(cast)
    client = as_member(cast, "manager")
    edit = url(cast, "edit", referral_id=referral.public_id)
    page = client.get(edit).content.decode()
    assert 'value="Ali"' in page and 'value="24.50"' in page and 'value="20"' in page
    assert "Remove this contact" in page
    sara = referral.contacts.get()
    form = intake_data.form_data(
        day_minutes="22:30",
        referrer_name="Priya Partner",
        referrer_agency="Brookside County Council",
        referrer_email="priya@council.example",
        source="council",
        **{
            "contacts-INITIAL_FORMS": "1",
            "contacts-0-public_id": str(sara.public_id),
            "contacts-0-DELETE": "on",
        },
    )
    saved = client.post(edit, form)
    assert saved.status_code == 302, errors_in(saved.content.decode())
    referral.refresh_from_db()
    assert referral.day_minutes == 22 * 60 + 30
    assert referral.referrer_email == "priya@council.example"
    assert not referral.contacts.exists()
    event = AuditEvent.objects.get(action="referral.update")
    assert event.changes["contacts"] == {"removed": ["Sara Khan"]}
    bad = client.post(edit, {**form, "referrer_email": "nope", "day_minutes": "200"})
    assert bad.status_code == 400
    found = errors_in(bad.content.decode())
    assert "Enter an email address like name@example.org." in found
    assert "A week has 168 hours: enter 168 or fewer." in found
    assert as_member(cast, "partner_current").get(edit).status_code == 404


def test_a_past_start_date_is_refused_on_the_form(cast: Cast) -> None:
    data.grant(cast)
    past = timezone.localdate().replace(year=timezone.localdate().year - 1)
    response = as_member(cast, "partner_current").post(
        url(cast, "new"),
        intake_data.form_data(
            start_wanted_day=str(past.day),
            start_wanted_month=str(past.month),
            start_wanted_year=str(past.year),
            consent_to_share="",
        ),
    )
    assert response.status_code == 400
    found = errors_in(response.content.decode())
    assert "The start date wanted can't be in the past." in found
    assert any("consent" in error for error in found)
