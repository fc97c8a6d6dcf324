"""manage.py demo_sign_ins and demo_code."""

from __future__ import annotations

import io
import re
import time
from typing import Any

import pytest
from allauth.mfa.models import Authenticator
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from ownterms.accounts import demo
from ownterms.accounts.models import MFA_REQUIRED_ROLES, Role, User
from tests.ownterms.accounts import helpers

pytestmark = pytest.mark.django_db


def _run(*args: str) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def _codes_around_now(secret: str) -> set[str]:
    now = time.time()
    return {demo.totp_code(secret, now + delta) for delta in (-30, 0, 30)}


@pytest.fixture
def demo_org() -> dict[Role, User]:
    org = helpers.organisation(slug=demo.DEMO_ORGANISATION_SLUG)
    cast = {
        role: helpers.user(
            org, role, email=f"{role.value}@harbour-lane.example", password=demo.DEMO_PASSWORD
        )
        for role in Role
    }
    # Someone with two roles is not the one printed for either.
    helpers.user(org, Role.MANAGER, Role.ADMINISTRATOR, email="aa-both@harbour-lane.example")
    return cast


def test_no_demo_organisation_says_so_and_succeeds() -> None:
    helpers.organisation(slug="somewhere-else")
    assert "No demo organisation" in _run("demo_sign_ins")
    assert not Authenticator.objects.exists()


def test_refused_in_production(settings: Any, demo_org: dict[Role, User]) -> None:
    settings.PRODUCTION = True
    with pytest.raises(CommandError, match="production"):
        _run("demo_sign_ins")
    with pytest.raises(CommandError, match="production"):
        _run("demo_code", demo_org[Role.MANAGER].email)
    assert not Authenticator.objects.exists()


def test_enrols_mfa_roles_and_prints_one_sign_in_per_role(demo_org: dict[Role, User]) -> None:
    output = _run("demo_sign_ins")
    assert f"Password for every demo account: {demo.DEMO_PASSWORD}" in output
    assert "/accounts/login/" in output
    for role, user in demo_org.items():
        assert f"{role.label}: {user.email}" in output
        if role in MFA_REQUIRED_ROLES:
            secret = demo.demo_totp_secret(user.email)
            assert demo.stored_totp_secret(user) == secret
            match = re.search(
                rf"{re.escape(str(role.label))}: {re.escape(user.email)}\n\s+code now: (\d{{6}})"
                rf"\s+secret: ([A-Z2-7]+)",
                output,
            )
            assert match, role
            assert match.group(1) in _codes_around_now(secret)
            assert match.group(2) == secret
            assert Authenticator.objects.filter(
                user=user, type=Authenticator.Type.RECOVERY_CODES
            ).exists()
        else:
            assert demo.stored_totp_secret(user) is None
    assert "aa-both@" not in output


def test_running_twice_changes_nothing(demo_org: dict[Role, User]) -> None:
    _run("demo_sign_ins")
    count = Authenticator.objects.count()
    second = _run("demo_sign_ins")
    assert Authenticator.objects.count() == count
    assert "just enrolled" not in second


def test_someone_with_their_own_authenticator_keeps_it(demo_org: dict[Role, User]) -> None:
    helpers.enrol_totp(demo_org[Role.FINANCE])
    output = _run("demo_sign_ins")
    assert demo.stored_totp_secret(demo_org[Role.FINANCE]) == helpers.SECRET
    assert "uses their own authenticator app" in output
    with pytest.raises(CommandError, match="no demo authenticator"):
        _run("demo_code", demo_org[Role.FINANCE].email)


def test_demo_code_prints_the_current_code(demo_org: dict[Role, User]) -> None:
    _run("demo_sign_ins")
    manager = demo_org[Role.MANAGER]
    code = _run("demo_code", manager.email.upper()).strip()
    assert code in _codes_around_now(demo.demo_totp_secret(manager.email))


@pytest.mark.parametrize("email", ["nobody@harbour-lane.example", "", "x" * 300])
def test_demo_code_unknown_account(demo_org: dict[Role, User], email: str) -> None:
    with pytest.raises(CommandError):
        _run("demo_code", email)


def test_demo_code_only_for_the_demo_organisation() -> None:
    outsider = helpers.user(helpers.organisation(), Role.MANAGER, email="o@example.org")
    demo.enrol_demo_user(outsider)
    with pytest.raises(CommandError):
        _run("demo_code", "o@example.org")


def test_printed_sign_in_works_end_to_end(client: Client, demo_org: dict[Role, User]) -> None:
    output = _run("demo_sign_ins")
    coordinator = demo_org[Role.COORDINATOR]
    response = client.post(
        reverse("account_login"), {"login": coordinator.email, "password": demo.DEMO_PASSWORD}
    )
    assert response["Location"] == reverse("mfa_authenticate")
    secret = re.search(rf"{re.escape(coordinator.email)}\n.*secret: ([A-Z2-7]+)", output)
    assert secret
    response = client.post(reverse("mfa_authenticate"), {"code": demo.totp_code(secret.group(1))})
    assert response.status_code == 302
    assert client.get(reverse("core:home")).status_code == 200


def test_secrets_differ_per_account_and_are_stable() -> None:
    a = demo.demo_totp_secret("a@harbour-lane.example")
    assert a == demo.demo_totp_secret(" A@Harbour-Lane.example ")
    assert a != demo.demo_totp_secret("b@harbour-lane.example")
    assert re.fullmatch(r"[A-Z2-7]{32}", a)
