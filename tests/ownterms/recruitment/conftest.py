"""Recruitment fixtures: a recruiter (the recruiter role only; the cast's administrator and
managers recruit too)."""

from __future__ import annotations

import pytest

from ownterms.accounts.models import Role, RoleGrant, User
from tests.cast import Cast


@pytest.fixture
def recruiter(cast: Cast) -> User:
    user = User.objects.create(
        email="recruiter@brookside.example",
        display_name="Rae Recruiter",
        organisation=cast.organisation,
    )
    RoleGrant.objects.create(user=user, role=Role.RECRUITER)
    return user
