"""Intake test data: a valid referral as the service, the form and the API take it, and one
just received through the service (Ali Khan, from ``partner_current``). Idempotent, like
``data``."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from ownterms.referrals.models import Referral
from ownterms.referrals.services.intake import ContactDetails, ReferralDetails, submit
from tests.cast import Cast
from tests.ownterms.referrals.data import a_referral


def details(**changes: object) -> ReferralDetails:
    """A complete, valid referral's details (Ali Khan, 20 hours of day support and three
    sleep-ins), with ``changes`` applied."""
    values: dict[str, object] = {
        "first_name": "Ali",
        "last_name": "Khan",
        "date_of_birth": dt.date(2001, 5, 17),
        "consent_to_share": True,
        "consent_given_by": "person",
        "home": "own_tenancy",
        "town": "Maidstone",
        "postcode": "me14 2ab",
        "day_minutes": 20 * 60,
        "day_rate_pence": 2450,
        "sleep_in_nights": 3,
        "sleep_in_rate_pence": 9500,
        "funder_name": "Brookside County Council",
        "funder_kind": "council",
        "funding_kind": "isf",
        "start_wanted": timezone.localdate() + dt.timedelta(days=60),
        "what_they_want": "To live near his brother and work in a garden centre.",
        "key_needs": "Autism: a calm home and a predictable week.",
        "contacts": [
            ContactDetails(name="Sara Khan", kind="family", relationship="Sister"),
        ],
    }
    values.update(changes)
    return ReferralDetails(**values)  # type: ignore[arg-type]


def form_data(**changes: str) -> dict[str, str]:
    """The partner's form filled in as a person would type it (pounds, hours), with two
    contact rows (the second empty)."""
    start = timezone.localdate() + dt.timedelta(days=60)
    data = {
        "first_name": "Ali",
        "last_name": "Khan",
        "date_of_birth_day": "17",
        "date_of_birth_month": "5",
        "date_of_birth_year": "2001",
        "consent_to_share": "on",
        "consent_given_by": "person",
        "home": "own_tenancy",
        "town": "Maidstone",
        "postcode": "ME14 2AB",
        "day_minutes": "20",
        "day_rate_pence": "£24.50",
        "sleep_in_nights": "3",
        "sleep_in_rate_pence": "95",
        "funder_name": "Brookside County Council",
        "funder_kind": "council",
        "funding_kind": "isf",
        "start_wanted_day": str(start.day),
        "start_wanted_month": str(start.month),
        "start_wanted_year": str(start.year),
        "what_they_want": "To live near his brother and work in a garden centre.",
        "key_needs": "Autism: a calm home and a predictable week.",
        "contacts-TOTAL_FORMS": "2",
        "contacts-INITIAL_FORMS": "0",
        "contacts-MIN_NUM_FORMS": "0",
        "contacts-MAX_NUM_FORMS": "20",
        "contacts-0-name": "Sara Khan",
        "contacts-0-kind": "family",
        "contacts-0-relationship": "Sister",
    }
    data.update(changes)
    return data


def api_body(**changes: object) -> dict[str, object]:
    """The API's body for the same referral (pence, minutes, ISO dates)."""
    body: dict[str, object] = {
        "first_name": "Ali",
        "last_name": "Khan",
        "date_of_birth": "2001-05-17",
        "consent_to_share": True,
        "consent_given_by": "person",
        "home": "own_tenancy",
        "postcode": "ME14 2AB",
        "day_minutes": 1200,
        "day_rate_pence": 2450,
        "sleep_in_nights": 3,
        "sleep_in_rate_pence": 9500,
        "funder_name": "Brookside County Council",
        "funder_kind": "council",
        "funding_kind": "isf",
        "start_wanted": (timezone.localdate() + dt.timedelta(days=60)).isoformat(),
        "what_they_want": "To live near his brother.",
        "key_needs": "A calm home.",
        "contacts": [{"name": "Sara Khan", "kind": "family", "relationship": "Sister"}],
    }
    body.update(changes)
    return body


def received(cast: Cast) -> Referral:
    """A referral from ``partner_current`` just received (Ali Khan), through the service
    (after Jo Bright's, which ``data.a_referral`` makes, so that one stays the grant's first)."""
    user = cast.user("partner_current")
    assert user is not None
    # Jo's referral first: ``data.a_referral`` returns the grant's first referral.
    a_referral(cast)
    found = Referral.objects.filter(first_name="Ali", last_name="Khan").first()
    if found is not None:
        return found
    return submit(actor=user, details=details())
