"""Small builders for the accounts tests."""

from __future__ import annotations

import itertools

from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value
from django.utils import timezone

from ownterms.accounts.models import Role, RoleGrant, User
from ownterms.core.models import Organisation

_numbers = itertools.count(1)
SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
PASSWORD = "correct horse battery staple"


def organisation(slug: str | None = None) -> Organisation:
    n = next(_numbers)
    return Organisation.objects.create(name=f"Org {n}", slug=slug or f"org-{n}")


def user(
    org: Organisation,
    *roles: Role,
    email: str | None = None,
    password: str | None = None,
) -> User:
    n = next(_numbers)
    made = User.objects.create_user(
        email or f"user{n}@example.org", password, display_name=f"User {n}", organisation=org
    )
    for role in roles:
        RoleGrant.objects.create(user=made, role=role)
    return made


def enrol_totp(who: User, secret: str = SECRET) -> None:
    TOTP.activate(who, secret)


def current_code(secret: str = SECRET) -> str:
    return format_hotp_value(hotp_value(secret, int(timezone.now().timestamp()) // 30))


def has_totp(who: User) -> bool:
    return Authenticator.objects.filter(user=who, type=Authenticator.Type.TOTP).exists()
