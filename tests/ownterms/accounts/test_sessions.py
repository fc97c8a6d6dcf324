"""Idle and absolute session timeouts, sign out everywhere and end_sessions_for."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from allauth.usersessions.models import UserSession
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from ownterms.accounts import services
from ownterms.accounts.middleware import LAST_SEEN_AT, SIGNED_IN_AT
from ownterms.accounts.models import Role, User
from ownterms.accounts.signals import access_ended
from ownterms.core.services import change_setting
from tests.ownterms.accounts import helpers

pytestmark = pytest.mark.django_db

HOME = reverse("core:home")


@pytest.fixture
def worker() -> User:
    who = helpers.user(helpers.organisation(), Role.SUPPORT_WORKER, password=helpers.PASSWORD)
    helpers.enrol_totp(who)
    return who


def _signed_in(client: Client, who: User) -> Client:
    client.force_login(who)
    assert client.get(HOME).status_code == 200
    return client


def _age(client: Client, key: str, seconds: int) -> None:
    session = client.session
    session[key] = session[key] - seconds
    session.save()


def _is_signed_out(client: Client) -> bool:
    response = client.get(HOME)
    return response.status_code == 302 and response["Location"].startswith(reverse("account_login"))


def test_idle_for_less_than_the_limit_stays_signed_in(client: Client, worker: User) -> None:
    _signed_in(client, worker)
    _age(client, LAST_SEEN_AT, 29 * 60)
    _age(client, SIGNED_IN_AT, 29 * 60)
    assert client.get(HOME).status_code == 200


def test_idle_for_longer_than_the_limit_signs_out(client: Client, worker: User) -> None:
    _signed_in(client, worker)
    _age(client, LAST_SEEN_AT, 30 * 60 + 1)
    _age(client, SIGNED_IN_AT, 30 * 60 + 1)
    response = client.get(HOME)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('account_login')}?next=/"
    assert "_auth_user_id" not in client.session


def test_activity_moves_the_idle_clock(client: Client, worker: User) -> None:
    _signed_in(client, worker)
    _age(client, LAST_SEEN_AT, 20 * 60)
    _age(client, SIGNED_IN_AT, 20 * 60)
    assert client.get(HOME).status_code == 200  # refreshes "last seen"
    _age(client, LAST_SEEN_AT, 20 * 60)
    _age(client, SIGNED_IN_AT, 20 * 60)
    assert client.get(HOME).status_code == 200


def test_absolute_limit_signs_out_even_when_active(client: Client, worker: User) -> None:
    _signed_in(client, worker)
    _age(client, SIGNED_IN_AT, 12 * 3600 + 1)
    assert _is_signed_out(client)


def test_absolute_limit_not_yet_reached(client: Client, worker: User) -> None:
    _signed_in(client, worker)
    _age(client, SIGNED_IN_AT, 12 * 3600 - 60)
    assert client.get(HOME).status_code == 200


def test_idle_limit_comes_from_the_environment_setting(
    client: Client, worker: User, settings: Any
) -> None:
    settings.OWNTERMS_SESSION_IDLE_MINUTES = 5
    _signed_in(client, worker)
    _age(client, LAST_SEEN_AT, 5 * 60 + 1)
    assert _is_signed_out(client)


def test_organisation_can_shorten_the_idle_limit(client: Client, worker: User) -> None:
    change_setting(
        actor=None,
        organisation=worker.organisation,
        key="session.idle_minutes",
        value=10,
        effective_from=timezone.localdate(),
    )
    _signed_in(client, worker)
    _age(client, LAST_SEEN_AT, 10 * 60 + 1)
    assert _is_signed_out(client)


def test_htmx_request_after_timeout_gets_a_client_redirect(client: Client, worker: User) -> None:
    _signed_in(client, worker)
    _age(client, LAST_SEEN_AT, 31 * 60)
    response = client.get(HOME, headers={"HX-Request": "true"})
    assert response.status_code == 204
    assert response["HX-Redirect"] == reverse("account_login")


def test_tampered_timestamps_restart_the_clock_safely(client: Client, worker: User) -> None:
    _signed_in(client, worker)
    session = client.session
    session[LAST_SEEN_AT] = "yesterday"
    session.save()
    assert client.get(HOME).status_code == 200
    assert isinstance(client.session[LAST_SEEN_AT], int)


def test_end_sessions_for_ends_every_session_of_that_user_only(worker: User) -> None:
    other = helpers.user(worker.organisation, Role.SUPPORT_WORKER)
    helpers.enrol_totp(other)
    phone, laptop, colleague = Client(), Client(), Client()
    _signed_in(phone, worker)
    _signed_in(laptop, worker)
    _signed_in(colleague, other)
    received: list[dict[str, Any]] = []

    def receiver(sender: Any, **kwargs: Any) -> None:
        received.append(kwargs)

    access_ended.connect(receiver)
    try:
        services.end_sessions_for(worker)
    finally:
        access_ended.disconnect(receiver)
    assert _is_signed_out(phone)
    assert _is_signed_out(laptop)
    assert colleague.get(HOME).status_code == 200
    assert [(r["user"], r["reason"]) for r in received] == [(worker, "access_ended")]


def test_end_sessions_for_deletes_tracked_sessions(client: Client) -> None:
    who = helpers.user(
        helpers.organisation(), Role.PERSON, email="t@example.org", password=helpers.PASSWORD
    )
    client.post(reverse("account_login"), {"login": "t@example.org", "password": helpers.PASSWORD})
    tracked = UserSession.objects.get(user=who)
    assert Session.objects.filter(session_key=tracked.session_key).exists()
    services.end_sessions_for(who)
    assert not UserSession.objects.filter(user=who).exists()
    assert not Session.objects.filter(session_key=tracked.session_key).exists()


def test_sign_out_everywhere_is_post_only(client: Client, worker: User) -> None:
    _signed_in(client, worker)
    url = reverse("accounts:sign_out_everywhere")
    assert client.get(url).status_code == 405
    assert client.get(HOME).status_code == 200


def test_sign_out_everywhere_ends_all_devices(worker: User) -> None:
    phone, laptop = Client(), Client()
    _signed_in(phone, worker)
    _signed_in(laptop, worker)
    response = laptop.post(reverse("accounts:sign_out_everywhere"))
    assert response.status_code == 302
    assert response["Location"] == reverse("account_login")
    assert _is_signed_out(phone)
    assert _is_signed_out(laptop)
    # Signing in again works.
    phone.force_login(User.objects.get(pk=worker.pk))
    assert phone.get(HOME).status_code == 200


def test_sign_out_everywhere_needs_csrf(worker: User) -> None:
    client = Client(enforce_csrf_checks=True)
    _signed_in(client, worker)
    assert client.post(reverse("accounts:sign_out_everywhere")).status_code == 403
    assert client.get(HOME).status_code == 200


def test_sign_out_everywhere_anonymous_goes_to_sign_in(client: Client) -> None:
    response = client.post(reverse("accounts:sign_out_everywhere"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_account_page_shows_mfa_sessions_and_button(client: Client) -> None:
    who = helpers.user(
        helpers.organisation(), Role.MANAGER, email="m@example.org", password=helpers.PASSWORD
    )
    helpers.enrol_totp(who)
    client.post(reverse("account_login"), {"login": "m@example.org", "password": helpers.PASSWORD})
    client.post(reverse("mfa_authenticate"), {"code": helpers.current_code()})
    response = client.get(reverse("accounts:account"))
    assert response.status_code == 200
    text = response.content.decode()
    assert "Your account" in text
    assert "cannot be switched off" in text
    assert "This device" in text
    assert reverse("accounts:sign_out_everywhere") in text
    assert reverse("mfa_index") in text


def test_account_page_for_person_without_mfa_offers_set_up(client: Client) -> None:
    who = helpers.user(helpers.organisation(), Role.PERSON)
    client.force_login(who)
    text = client.get(reverse("accounts:account")).content.decode()
    assert reverse("mfa_activate_totp") in text


def test_session_timestamps_are_set_at_sign_in(client: Client, worker: User) -> None:
    client.force_login(worker)
    now = int(timezone.now().timestamp())
    assert abs(client.session[SIGNED_IN_AT] - now) < 5
    assert abs(client.session[LAST_SEEN_AT] - now) < 5
    assert dt.timedelta(seconds=client.session.get_expiry_age()) <= dt.timedelta(hours=12)
