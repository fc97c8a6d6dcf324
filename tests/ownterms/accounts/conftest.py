from __future__ import annotations

from typing import Any

import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _fresh_cache_and_fast_hashing(settings: Any) -> None:
    # Organisation settings and TOTP "code used" marks live in the cache.
    cache.clear()
    # Argon2 is deliberately slow; these tests are about the flow around it
    # (test_argon2_is_the_password_hasher checks the real setting).
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
