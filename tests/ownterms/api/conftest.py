"""A small cast for API tests: two organisations, users with tokens."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from ownterms.accounts.models import Role, RoleGrant, User
from ownterms.api import services
from ownterms.core.models import Organisation


def make_user(org: Organisation, email: str, *roles: str) -> User:
    user = User.objects.create_user(
        email, "a long test password", display_name=email, organisation=org
    )
    for role in roles:
        RoleGrant.objects.create(user=user, role=role)
    return user


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings: Any) -> None:
    # Argon2 is deliberately slow; these tests are about tokens, not passwords.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def org(db: Any) -> Organisation:
    return Organisation.objects.create(name="Test Provider", slug="test-provider")


@pytest.fixture
def other_org(db: Any) -> Organisation:
    return Organisation.objects.create(name="Other Provider", slug="other-provider")


@pytest.fixture
def admin(org: Organisation) -> User:
    return make_user(org, "admin@test.example", Role.ADMINISTRATOR)


@pytest.fixture
def admin_token(admin: User) -> str:
    return services.create_token(user=admin, name="test").secret


class ApiClient:
    """Django's test client speaking JSON with an optional bearer token."""

    def __init__(self, token: str | None = None) -> None:
        self.client = Client()
        self.token = token

    def request(self, method: str, path: str, body: Any = None, **extra: Any) -> Any:
        headers = dict(extra.pop("headers", {}))
        if self.token:
            headers.setdefault("Authorization", f"Bearer {self.token}")
        if body is None:
            return getattr(self.client, method.lower())(path, headers=headers, **extra)
        if not isinstance(body, str | bytes):
            body = json.dumps(body)
        content_type = extra.pop("content_type", "application/json")
        return self.client.generic(
            method, path, body, content_type=content_type, headers=headers, **extra
        )

    def get(self, path: str, **extra: Any) -> Any:
        return self.request("GET", path, **extra)


@pytest.fixture
def api(admin_token: str) -> ApiClient:
    return ApiClient(admin_token)


@pytest.fixture
def anon_api(db: Any) -> ApiClient:
    return ApiClient()


def assert_envelope(response: Any, status: int, code: str | None = None) -> dict[str, Any]:
    assert response.status_code == status, (response.status_code, response.content[:500])
    assert response["Content-Type"].startswith("application/json"), response["Content-Type"]
    data = json.loads(response.content)
    assert set(data) == {"error"}
    error = data["error"]
    assert set(error) == {"code", "message", "fields"}
    assert isinstance(error["message"], str) and error["message"]
    assert isinstance(error["fields"], dict)
    assert "Traceback" not in response.content.decode()
    if code is not None:
        assert error["code"] == code
    return dict(error)
