"""Fixtures shared by the whole suite."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

# Timing is not what property tests check: on a busy two-core CI machine running the suite in
# several processes, Hypothesis's per-example deadline and "generation is slow" check fail
# tests that are correct.
hypothesis_settings.register_profile(
    "ownterms", deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
hypothesis_settings.load_profile("ownterms")

if TYPE_CHECKING:
    from tests.cast import Cast


@pytest.fixture(autouse=True)
def _tasks_run_immediately(settings: Any) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture(autouse=True)
def _empty_cache() -> None:
    """Each test starts with an empty cache: test databases reuse primary keys, so values a
    previous test cached (today's settings of organisation 1) would otherwise leak into it."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def cast(db: None) -> Cast:
    """The fixed cast of issue 2 §5 (see tests/cast.py)."""
    from tests.cast import build_cast

    return build_cast()
