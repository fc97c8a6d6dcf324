"""Encryption at rest for MFA secrets (TOTP keys, recovery-code seeds).

The key is derived from ``SECRET_KEY``; values written under an earlier key listed in
``SECRET_KEY_FALLBACKS`` still decrypt, so keys can be rotated without locking anyone out.
"""

from __future__ import annotations

import base64

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.utils.crypto import salted_hmac

PREFIX = "fernet1:"
_SALT = "ownterms.accounts.mfa-secrets"


class UndecryptableSecretError(ValueError):
    """A stored secret no current or fallback key can read."""


def _fernet_for(secret_key: str) -> Fernet:
    derived = salted_hmac(_SALT, "fernet-key", secret=secret_key, algorithm="sha256").digest()
    return Fernet(base64.urlsafe_b64encode(derived))


def _keys() -> MultiFernet:
    keys = [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]
    return MultiFernet([_fernet_for(str(key)) for key in keys])


def encrypt(text: str) -> str:
    return PREFIX + _keys().encrypt(text.encode("utf-8")).decode("ascii")


def decrypt(stored: str) -> str:
    if not stored.startswith(PREFIX):
        return stored  # written before encryption was switched on
    try:
        return _keys().decrypt(stored[len(PREFIX) :].encode("ascii")).decode("utf-8")
    except InvalidToken as exc:
        raise UndecryptableSecretError(
            "An MFA secret was stored under a secret key that is no longer configured; "
            "add the old key to OWNTERMS_SECRET_KEY_FALLBACKS."
        ) from exc
