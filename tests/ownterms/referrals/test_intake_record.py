"""The office records a referral that came by phone, email or post: the referrer needs no grant,
what they said is kept as theirs, and the same checks apply as for a partner's form."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse

from ownterms.audit.models import AuditEvent
from ownterms.referrals.models import Referral, Status
from ownterms.referrals.services.intake import record_for_referrer
from tests.cast import Cast
from tests.ownterms.referrals import intake_data

pytestmark = pytest.mark.django_db

REFERRER = {
    "referrer_name": "Dee Social",
    "referrer_agency": "Brookside County Council",
    "referrer_email": "dee@council.example",
    "source": "council",
}


def _client(cast: Cast, name: str) -> Client:
    user = cast.user(name)
    assert user is not None
    client = Client()
    client.force_login(user)
    return client


def test_the_office_records_a_phoned_in_referral(cast: Cast) -> None:
    page = reverse("referrals:record", kwargs={"org": cast.organisation.slug})
    client = _client(cast, "manager")
    assert "Record a referral" in client.get(page).content.decode()
    sent = client.post(page, intake_data.form_data(referrer_role="Social worker", **REFERRER))
    assert sent.status_code == 302
    referral = Referral.objects.get(first_name="Ali")
    assert sent["Location"].endswith(f"/referrals/{referral.public_id}/")
    assert (referral.grant, referral.submitted_by, referral.status) == (
        None,
        cast.user("manager"),
        Status.RECEIVED,
    )
    assert (referral.referrer_name, referral.referrer_email, referral.referrer_role) == (
        "Dee Social",
        "dee@council.example",
        "Social worker",
    )
    assert referral.day_minutes == 20 * 60 and referral.contacts.count() == 1
    event = AuditEvent.objects.get(action="referral.submit")
    assert event.basis == "office"


def test_the_same_checks_and_nothing_lost(cast: Cast) -> None:
    page = reverse("referrals:record", kwargs={"org": cast.organisation.slug})
    client = _client(cast, "administrator")
    bad = client.post(
        page,
        intake_data.form_data(**{**REFERRER, "referrer_email": "nope", "consent_to_share": ""}),
    )
    assert bad.status_code == 400
    body = bad.content.decode()
    assert "Enter an email address like name@example.org." in body
    assert 'value="Ali"' in body and 'value="Dee Social"' in body
    assert not Referral.objects.exists()


def test_only_the_office(cast: Cast) -> None:
    page = reverse("referrals:record", kwargs={"org": cast.organisation.slug})
    for name in ("partner_current", "team_worker", "finance", "person_user"):
        assert _client(cast, name).get(page).status_code == 404, name
    partner = cast.user("partner_current")
    assert partner is not None
    with pytest.raises(PermissionDenied):
        record_for_referrer(actor=partner, details=intake_data.details(), referrer=REFERRER)
