from __future__ import annotations

import time
from typing import Any

from allauth.account import app_settings as account_settings
from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.authentication import get_authentication_records
from allauth.core import context
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.models import Authenticator
from django.http import HttpRequest

from ownterms.accounts import crypto, selectors
from ownterms.accounts.models import User


class AccountAdapter(DefaultAccountAdapter):  # type: ignore[misc]
    """Accounts are created by administrators, never by public sign-up."""

    def is_open_for_signup(self, request: HttpRequest) -> bool:
        return False

    def is_reauthentication_required(self, *, app: str, **kwargs: Any) -> bool:
        required = bool(super().is_reauthentication_required(app=app, **kwargs))
        if required and app == "allauth.mfa" and _just_signed_in_without_mfa():
            # Someone sent straight from signing in to set up MFA has just typed their
            # password; asking for it again at once only confuses.
            return False
        return required


def _just_signed_in_without_mfa() -> bool:
    request = context.request
    user = getattr(request, "user", None)
    if not isinstance(user, User) or selectors.has_mfa(user):
        return False
    records = get_authentication_records(request, user)
    if not records:
        return False
    at = records[-1].get("at")
    return isinstance(at, int | float) and (
        time.time() - at < account_settings.REAUTHENTICATION_TIMEOUT
    )


class MFAAdapter(DefaultMFAAdapter):  # type: ignore[misc]
    """MFA secrets are encrypted at rest; someone whose role requires a second factor cannot
    switch theirs off."""

    def encrypt(self, text: str) -> str:
        return crypto.encrypt(text)

    def decrypt(self, encrypted_text: str) -> str:
        return crypto.decrypt(encrypted_text)

    def can_delete_authenticator(self, authenticator: Authenticator) -> bool:
        user = authenticator.user
        if (
            isinstance(user, User)
            and authenticator.type == Authenticator.Type.TOTP
            and selectors.mfa_required_for(user)
        ):
            return False
        return bool(super().can_delete_authenticator(authenticator))
