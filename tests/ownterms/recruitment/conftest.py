"""Recruitment fixtures: a recruiter (the recruiter role only, with an authenticator app as the
role requires; the cast's administrator and managers recruit too)."""

from __future__ import annotations

import pytest
from allauth.mfa.totp.internal.auth import TOTP

from ownterms.accounts.models import Role, RoleGrant, User
from tests.cast import CAST_TOTP_SECRET, Cast


@pytest.fixture
def recruiter(cast: Cast) -> User:
    user = User.objects.create(
        email="recruiter@brookside.example",
        display_name="Rae Recruiter",
        organisation=cast.organisation,
    )
    RoleGrant.objects.create(user=user, role=Role.RECRUITER)
    TOTP.activate(user, CAST_TOTP_SECRET)
    return user
