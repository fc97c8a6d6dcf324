"""The API tokens page: create (secret shown once), list, revoke; only one's own tokens."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from ownterms.accounts.models import User
from ownterms.api import services
from ownterms.api.models import ApiToken
from ownterms.core.models import Organisation
from tests.ownterms.accounts.helpers import enrol_totp
from tests.ownterms.api.conftest import ApiClient, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed_in(admin: User) -> Client:
    enrol_totp(admin)  # staff roles must have MFA before any page but MFA set-up
    client = Client()
    client.force_login(admin)
    return client


def test_staff_without_mfa_must_set_it_up_first(admin: User) -> None:
    client = Client()
    client.force_login(admin)
    response = client.post("/api-tokens/", {"name": "Reports", "lifetime_days": "30"})
    assert response.status_code == 302
    assert not ApiToken.objects.exists()


def test_anonymous_is_sent_to_sign_in(client: Client) -> None:
    response = client.get("/api-tokens/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_create_shows_the_secret_once_and_it_works(signed_in: Client, admin: User) -> None:
    response = signed_in.post("/api-tokens/", {"name": "Reports", "lifetime_days": "30"})
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    page = response.content.decode()
    secret = re.search(r'value="(ot_[0-9a-f]{12}_[^"]+)"', page)
    assert secret is not None
    assert ApiClient(secret.group(1)).get("/api/v1/tokens").status_code == 200
    listing = signed_in.get("/api-tokens/").content.decode()
    assert "Reports" in listing
    assert secret.group(1) not in listing


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"name": ""},
        {"name": "   "},
        {"name": "x" * 101},
        {"name": "ok", "lifetime_days": "9999"},
        {"name": "ok", "lifetime_days": "abc"},
    ],
)
def test_bad_form_input_shows_errors_and_creates_nothing(
    signed_in: Client, data: dict[str, str]
) -> None:
    response = signed_in.post("/api-tokens/", data)
    assert response.status_code == 200
    assert "govuk-error-summary" in response.content.decode()
    assert not ApiToken.objects.exists()


def test_revoke_own_token(signed_in: Client, admin: User) -> None:
    token = services.create_token(user=admin, name="x").token
    response = signed_in.post(f"/api-tokens/{token.public_id}/revoke")
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None


def test_revoke_needs_post(signed_in: Client, admin: User) -> None:
    token = services.create_token(user=admin, name="x").token
    assert signed_in.get(f"/api-tokens/{token.public_id}/revoke").status_code == 405


def test_cannot_see_or_revoke_someone_elses_token(
    signed_in: Client, org: Organisation, other_org: Organisation
) -> None:
    for user in (make_user(org, "c@test.example"), make_user(other_org, "o@other.example")):
        token = services.create_token(user=user, name="Not yours").token
        assert signed_in.post(f"/api-tokens/{token.public_id}/revoke").status_code == 404
        assert "Not yours" not in signed_in.get("/api-tokens/").content.decode()
        token.refresh_from_db()
        assert token.revoked_at is None
