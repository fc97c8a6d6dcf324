"""django-axes counts failed sign-ins on allauth's form and lifts the lock-out after its expiry."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from axes.models import AccessAttempt
from axes.utils import reset
from django.conf import settings
from django.test import Client
from django.urls import reverse

from ownterms.accounts.models import Role
from tests.ownterms.accounts import helpers

pytestmark = pytest.mark.django_db

LOGIN = reverse("account_login")
EMAIL = "lock@example.org"


@pytest.fixture
def person(settings: Any) -> Any:
    # A role without MFA keeps these tests about the password step.
    return helpers.user(helpers.organisation(), Role.PERSON, email=EMAIL, password=helpers.PASSWORD)


def _fail(client: Client, times: int, login: str = EMAIL) -> list[int]:
    return [
        client.post(LOGIN, {"login": login, "password": "wrong password"}).status_code
        for _ in range(times)
    ]


def _sign_in(client: Client) -> int:
    return client.post(LOGIN, {"login": EMAIL, "password": helpers.PASSWORD}).status_code


def test_failures_are_counted_against_the_email_typed(client: Client, person: Any) -> None:
    _fail(client, 2)
    attempt = AccessAttempt.objects.get()
    assert attempt.username == EMAIL
    assert attempt.failures_since_start == 2


def test_case_and_spaces_do_not_split_the_count(client: Client, person: Any) -> None:
    _fail(client, 1, "LOCK@example.org")
    _fail(client, 1, "  lock@EXAMPLE.org ")
    assert AccessAttempt.objects.get().failures_since_start == 2


def test_lock_out_after_the_limit_even_with_the_right_password(client: Client, person: Any) -> None:
    limit = settings.AXES_FAILURE_LIMIT
    statuses = _fail(client, limit)
    assert statuses[: limit - 1] == [200] * (limit - 1)  # the form with an error
    assert statuses[-1] == 429
    response = client.post(LOGIN, {"login": EMAIL, "password": helpers.PASSWORD})
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    assert b"Too many attempts to sign in" in response.content
    assert b"Try again in 15 minutes" in response.content


def test_lock_out_expires_after_the_cool_off(client: Client, person: Any) -> None:
    _fail(client, settings.AXES_FAILURE_LIMIT)
    assert _sign_in(client) == 429
    cool_off = dt.timedelta(hours=settings.AXES_COOLOFF_TIME)
    AccessAttempt.objects.update(
        attempt_time=dt.datetime.now(tz=dt.UTC) - cool_off - dt.timedelta(seconds=1)
    )
    assert _sign_in(client) == 302
    assert client.session["_auth_user_id"] == str(person.pk)


def test_lock_out_holds_just_before_the_cool_off_ends(client: Client, person: Any) -> None:
    _fail(client, settings.AXES_FAILURE_LIMIT)
    cool_off = dt.timedelta(hours=settings.AXES_COOLOFF_TIME)
    AccessAttempt.objects.update(
        attempt_time=dt.datetime.now(tz=dt.UTC) - cool_off + dt.timedelta(seconds=30)
    )
    assert _sign_in(client) == 429


def test_administrator_reset_lifts_the_lock_out(client: Client, person: Any) -> None:
    _fail(client, settings.AXES_FAILURE_LIMIT)
    reset(username=EMAIL)
    assert _sign_in(client) == 302


def test_lock_out_is_per_account_not_for_everyone(client: Client, person: Any) -> None:
    other = helpers.user(
        person.organisation, Role.PERSON, email="other@example.org", password=helpers.PASSWORD
    )
    _fail(client, settings.AXES_FAILURE_LIMIT)
    response = client.post(LOGIN, {"login": "other@example.org", "password": helpers.PASSWORD})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(other.pk)


def test_success_before_the_limit_resets_the_count(client: Client, person: Any) -> None:
    _fail(client, settings.AXES_FAILURE_LIMIT - 1)
    assert _sign_in(client) == 302
    client.post(reverse("account_logout"))
    _fail(client, settings.AXES_FAILURE_LIMIT - 1)
    assert _sign_in(client) == 302


@pytest.mark.parametrize(
    "login",
    ["", "x" * 5000, "'; DROP TABLE users; --", "\x00", "<script>alert(1)</script>@x.org"],
)
def test_hostile_logins_fail_cleanly(client: Client, person: Any, login: str) -> None:
    response = client.post(LOGIN, {"login": login, "password": "whatever"})
    assert response.status_code in {200, 429}
    assert "_auth_user_id" not in client.session
