"""MFA secrets are encrypted at rest and survive a secret-key rotation."""

from __future__ import annotations

from typing import Any

import pytest
from allauth.mfa.models import Authenticator

from ownterms.accounts import crypto, demo
from ownterms.accounts.models import Role
from tests.ownterms.accounts import helpers

pytestmark = pytest.mark.django_db


def test_totp_secret_is_not_stored_in_the_clear() -> None:
    who = helpers.user(helpers.organisation(), Role.MANAGER)
    helpers.enrol_totp(who)
    stored = Authenticator.objects.get(user=who).data["secret"]
    assert helpers.SECRET not in stored
    assert stored.startswith(crypto.PREFIX)
    assert demo.stored_totp_secret(who) == helpers.SECRET


def test_rotation_with_fallback_keeps_secrets_readable(settings: Any) -> None:
    stored = crypto.encrypt("JBSWY3DP")
    old = settings.SECRET_KEY
    settings.SECRET_KEY = "a-completely-new-secret-key-" + "x" * 40
    with pytest.raises(crypto.UndecryptableSecretError):
        crypto.decrypt(stored)
    settings.SECRET_KEY_FALLBACKS = [old]
    assert crypto.decrypt(stored) == "JBSWY3DP"


def test_values_from_before_encryption_still_read() -> None:
    assert crypto.decrypt("JBSWY3DP") == "JBSWY3DP"


def test_tampered_value_is_refused() -> None:
    stored = crypto.encrypt("JBSWY3DP")
    with pytest.raises(crypto.UndecryptableSecretError):
        crypto.decrypt(stored[:-4] + "AAAA")
