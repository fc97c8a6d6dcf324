"""Who reaches referrals: the office all; a partner their own while their grant lasts."""

from __future__ import annotations

import pytest
from django.http import Http404

from ownterms.audit.models import AuditEvent
from ownterms.referrals.access import access_referral, referrals_visible_to
from tests.cast import CAST_MEMBERS, Cast
from tests.ownterms.referrals import data

OFFICE = {"administrator", "manager", "other_manager", "on_call_manager"}


@pytest.mark.django_db
def test_who_sees_the_referral(cast: Cast) -> None:
    referral = data.a_referral(cast)
    data.a_referral(cast, "partner_expired")
    for member in CAST_MEMBERS:
        user = cast.user(member)
        if user is None:
            continue
        visible = set(referrals_visible_to(user).values_list("reference", flat=True))
        if member in OFFICE:
            assert visible == {"R-TEST-001", "R-TEST-002"}, member
        elif member == "partner_current":
            assert visible == {"R-TEST-001"}
        else:
            assert visible == set(), member
        if member in OFFICE or member == "partner_current":
            access = access_referral(user, referral.public_id, page="test")
            assert access.office is (member in OFFICE)
        else:
            with pytest.raises(Http404):
                access_referral(user, referral.public_id, page="test")


@pytest.mark.django_db
def test_office_only_pages_and_audit(cast: Cast) -> None:
    referral = data.a_referral(cast)
    partner = cast.user("partner_current")
    assert partner is not None
    with pytest.raises(Http404):
        access_referral(partner, referral.public_id, page="assessment", office_only=True)
    access_referral(partner, referral.public_id, page="status")
    event = AuditEvent.objects.get(action="referral.view", actor=partner)
    assert (event.object_id, event.page, event.basis) == (
        str(referral.public_id),
        "status",
        "referrer",
    )
    with pytest.raises(Http404):
        access_referral(partner, "not-a-uuid", page="status")
