"""MFA is required for every staff role and for partners; others may use it."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from ownterms.accounts.models import MFA_REQUIRED_ROLES, Role
from tests.ownterms.accounts import helpers

pytestmark = pytest.mark.django_db

ACTIVATE = reverse("mfa_activate_totp")


def test_required_roles_are_every_staff_role_and_partner() -> None:
    assert set(MFA_REQUIRED_ROLES) == {
        Role.ADMINISTRATOR,
        Role.MANAGER,
        Role.COORDINATOR,
        Role.RECRUITER,
        Role.FINANCE,
        Role.SUPPORT_WORKER,
        Role.PARTNER,
    }


@pytest.mark.parametrize("role", list(Role))
def test_unenrolled_user_is_sent_to_enrolment_only_when_role_requires(
    client: Client, role: Role
) -> None:
    who = helpers.user(helpers.organisation(), role)
    client.force_login(who)
    response = client.get(reverse("core:home"))
    if role in MFA_REQUIRED_ROLES:
        assert response.status_code == 302
        assert response["Location"] == ACTIVATE
        # Every other page too, including the account page.
        assert client.get(reverse("accounts:account"))["Location"] == ACTIVATE
    else:
        assert response.status_code == 200


@pytest.mark.parametrize("role", sorted(MFA_REQUIRED_ROLES))
def test_enrolled_user_with_required_role_gets_in(client: Client, role: Role) -> None:
    who = helpers.user(helpers.organisation(), role)
    helpers.enrol_totp(who)
    client.force_login(who)
    assert client.get(reverse("core:home")).status_code == 200


def test_one_required_role_among_several_is_enough_to_require(client: Client) -> None:
    who = helpers.user(helpers.organisation(), Role.CIRCLE, Role.SUPPORT_WORKER)
    client.force_login(who)
    assert client.get(reverse("core:home"))["Location"] == ACTIVATE


def test_enrolment_page_and_sign_out_stay_reachable(client: Client) -> None:
    who = helpers.user(helpers.organisation(), Role.MANAGER)
    client.force_login(who)
    assert client.get(ACTIVATE).status_code == 200
    response = client.post(reverse("account_logout"))
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_unknown_url_does_not_leak_past_the_requirement(client: Client) -> None:
    who = helpers.user(helpers.organisation(), Role.FINANCE)
    client.force_login(who)
    assert client.get("/no-such-page/")["Location"] == ACTIVATE


def test_htmx_request_gets_a_client_redirect(client: Client) -> None:
    who = helpers.user(helpers.organisation(), Role.MANAGER)
    client.force_login(who)
    response = client.get(reverse("core:home"), headers={"HX-Request": "true"})
    assert response.status_code == 204
    assert response["HX-Redirect"] == ACTIVATE


def test_enrolling_lets_the_user_in(client: Client) -> None:
    who = helpers.user(helpers.organisation(), Role.MANAGER)
    client.force_login(who)
    assert client.get(reverse("core:home")).status_code == 302
    helpers.enrol_totp(who)
    assert client.get(reverse("core:home")).status_code == 200


def test_demo_relax_setting_skips_the_requirement(client: Client, settings: Any) -> None:
    settings.OWNTERMS_DEMO_RELAX_MFA = True
    who = helpers.user(helpers.organisation(), Role.ADMINISTRATOR)
    client.force_login(who)
    assert client.get(reverse("core:home")).status_code == 200


def test_required_user_cannot_switch_totp_off(client: Client) -> None:
    from allauth.mfa.adapter import get_adapter
    from allauth.mfa.models import Authenticator

    manager = helpers.user(helpers.organisation(), Role.MANAGER)
    person = helpers.user(helpers.organisation(), Role.PERSON)
    for who in (manager, person):
        helpers.enrol_totp(who)
    adapter = get_adapter()
    assert not adapter.can_delete_authenticator(Authenticator.objects.get(user=manager))
    assert adapter.can_delete_authenticator(Authenticator.objects.get(user=person))


def test_full_sign_in_with_password_and_code(client: Client) -> None:
    who = helpers.user(
        helpers.organisation(), Role.MANAGER, email="sam@example.org", password=helpers.PASSWORD
    )
    helpers.enrol_totp(who)
    response = client.post(
        reverse("account_login"), {"login": "sam@example.org", "password": helpers.PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_authenticate")
    assert "_auth_user_id" not in client.session
    wrong = client.post(reverse("mfa_authenticate"), {"code": "000000"})
    assert wrong.status_code == 200
    assert "_auth_user_id" not in client.session
    response = client.post(reverse("mfa_authenticate"), {"code": helpers.current_code()})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(who.pk)
    assert client.get(reverse("core:home")).status_code == 200


def test_partner_signing_in_without_mfa_lands_on_enrolment(client: Client) -> None:
    helpers.user(
        helpers.organisation(), Role.PARTNER, email="p@example.org", password=helpers.PASSWORD
    )
    response = client.post(
        reverse("account_login"),
        {"login": "p@example.org", "password": helpers.PASSWORD},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == ACTIVATE
    assert response.status_code == 200


def test_argon2_is_the_password_hasher() -> None:
    from django.conf import settings as django_settings
    from django.test.utils import override_settings

    from ownterms import settings as project_settings

    assert project_settings.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")
    with override_settings(PASSWORD_HASHERS=project_settings.PASSWORD_HASHERS):
        from django.contrib.auth.hashers import make_password

        assert make_password("x" * 12).startswith("argon2")
    assert django_settings.AUTH_USER_MODEL == "accounts.User"


def test_guessing_the_code_is_limited(client: Client) -> None:
    who = helpers.user(
        helpers.organisation(), Role.MANAGER, email="g@example.org", password=helpers.PASSWORD
    )
    helpers.enrol_totp(who)
    client.post(reverse("account_login"), {"login": "g@example.org", "password": helpers.PASSWORD})
    right = helpers.current_code()
    wrong = f"{(int(right) + 1) % 1_000_000:06d}"
    for _ in range(20):
        client.post(reverse("mfa_authenticate"), {"code": wrong})
    response = client.post(reverse("mfa_authenticate"), {"code": right})
    assert "_auth_user_id" not in client.session
    assert response.status_code in {200, 302, 429}
