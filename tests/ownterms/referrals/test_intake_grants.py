"""Partners' access to refer: granting it (time-limited, partners only) and ending it (today
ends it at once, signing them out); the pages for both."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from ownterms.accounts.models import User
from ownterms.audit.models import AuditEvent
from ownterms.referrals.access import current_grant
from ownterms.referrals.models import ReferrerGrant
from ownterms.referrals.services import grants
from tests.cast import Cast
from tests.ownterms.referrals import data

pytestmark = pytest.mark.django_db


def member(cast: Cast, name: str) -> User:
    user = cast.user(name)
    assert user is not None
    return user


def give(
    cast: Cast, who: str = "partner_current", by: str = "manager", **changes: object
) -> ReferrerGrant:
    today = timezone.localdate()
    values: dict[str, object] = {
        "user": member(cast, who),
        "agency": "  Brookside   community team ",
        "source": "nhs_community",
        "starts_on": today,
        "ends_on": today + dt.timedelta(days=90),
    }
    values.update(changes)
    return grants.grant_access(actor=member(cast, by), **values)  # type: ignore[arg-type]


def test_the_office_gives_a_partner_access(cast: Cast) -> None:
    grant = give(cast)
    assert grant.agency == "Brookside community team"
    assert current_grant(member(cast, "partner_current")) == grant
    event = AuditEvent.objects.get(action="referrer_grant.create")
    assert event.changes["source"] == {"old": None, "new": "nhs_community"}
    give(cast, who="partner_expired", by="administrator")


def test_only_partners_of_the_organisation_for_a_time(cast: Cast) -> None:
    today = timezone.localdate()
    with pytest.raises(ValidationError) as caught:
        give(cast, who="team_worker", ends_on=today, agency=" ", source="nobody")
    assert set(caught.value.message_dict) == {"user", "ends_on", "agency", "source"}
    with pytest.raises(ValidationError) as caught:
        give(cast, starts_on=today - dt.timedelta(days=30), ends_on=today)
    assert "already over" in caught.value.message_dict["ends_on"][0]
    with pytest.raises(ValidationError):
        give(cast, who="other_org_admin")
    with pytest.raises(ValidationError):  # an administrator elsewhere: not their partner
        give(cast, by="other_org_admin")
    for name in ("team_worker", "partner_current", "finance", "coordinator"):
        with pytest.raises(PermissionDenied):
            give(cast, by=name)
    assert not ReferrerGrant.objects.exists()


def test_ending_today_ends_access_at_once(cast: Cast) -> None:
    grant = data.grant(cast)
    partner = member(cast, "partner_current")
    epoch = partner.session_epoch
    grants.end_grant(actor=member(cast, "manager"), grant=grant)
    partner.refresh_from_db()
    assert current_grant(partner) is None
    assert partner.session_epoch == epoch + 1
    event = AuditEvent.objects.get(action="referrer_grant.end")
    assert event.changes["ends_on"]["new"] == timezone.localdate().isoformat()


def test_ending_later_and_the_limits(cast: Cast) -> None:
    grant = data.grant(cast)
    partner = member(cast, "partner_current")
    epoch = partner.session_epoch
    later = timezone.localdate() + dt.timedelta(days=10)
    grants.end_grant(actor=member(cast, "manager"), grant=grant, ends_on=later)
    partner.refresh_from_db()
    assert partner.session_epoch == epoch
    assert current_grant(partner) is not None
    grant.refresh_from_db()
    with pytest.raises(ValidationError):
        grants.end_grant(actor=member(cast, "manager"), grant=grant, ends_on=grant.ends_on)
    with pytest.raises(ValidationError):
        grants.end_grant(actor=member(cast, "manager"), grant=grant, ends_on=grant.starts_on)
    with pytest.raises(PermissionDenied):
        grants.end_grant(actor=member(cast, "partner_current"), grant=grant)
    with pytest.raises(PermissionDenied):
        grants.end_grant(actor=member(cast, "other_org_admin"), grant=grant)


def signed_in(cast: Cast, name: str) -> Client:
    client = Client()
    client.force_login(member(cast, name))
    return client


def url(cast: Cast, name: str, **kwargs: object) -> str:
    return reverse(f"referrals:{name}", kwargs={"org": cast.organisation.slug, **kwargs})


def test_the_grant_pages(cast: Cast) -> None:
    grant = data.grant(cast)
    data.grant(cast, "partner_expired")
    client = signed_in(cast, "manager")
    page = client.get(url(cast, "grants")).content.decode()
    assert "Priya Partner" in page and "Pat Expired" in page
    assert url(cast, "grant_end", grant_id=grant.public_id) in page
    assert client.get(url(cast, "grant_new")).status_code == 200
    today = timezone.localdate()
    response = client.post(
        url(cast, "grant_new"),
        {
            "user": str(member(cast, "partner_expired").public_id),
            "agency": "NHS discharge team",
            "source": "nhs_discharge",
            "starts_on_day": str(today.day),
            "starts_on_month": str(today.month),
            "starts_on_year": str(today.year),
            "ends_on_day": "31",
            "ends_on_month": "2",
            "ends_on_year": str(today.year + 1),
        },
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "Enter a real date" in body and "NHS discharge team" in body
    response = client.post(
        url(cast, "grant_new"),
        {
            "user": str(member(cast, "team_worker").public_id),
            "agency": "",
            "starts_on_day": "1",
            "starts_on_month": "1",
            "starts_on_year": "2030",
            "ends_on_day": "1",
            "ends_on_month": "1",
            "ends_on_year": "2029",
        },
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "Choose the partner." in body
    assert "The end date must be after the start date." in body
    assert ReferrerGrant.objects.count() == 2
    # Ending one: the page, a bad date, then today.
    end = url(cast, "grant_end", grant_id=grant.public_id)
    assert client.get(end).status_code == 200
    assert (
        client.post(
            end, {"ends_on_day": "99", "ends_on_month": "1", "ends_on_year": "2020"}
        ).status_code
        == 400
    )
    assert client.post(end, {}).status_code == 302
    assert current_grant(member(cast, "partner_current")) is None
    assert client.get(end).status_code == 302  # already ended
    # The partner was signed out; signed in again, the office's pages are a 404 to them.
    client = Client()
    client.force_login(User.objects.get(pk=member(cast, "partner_current").pk))
    assert client.get(url(cast, "grants")).status_code == 404
