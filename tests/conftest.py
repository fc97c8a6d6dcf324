"""Fixtures shared by the whole suite."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import pytest
from django.db import connection, transaction
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
    from ownterms.core.models import Organisation
    from tests.cast import Cast

IMMEDIATE_TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture(autouse=True)
def _tasks_run_immediately(settings: Any) -> None:
    settings.TASKS = IMMEDIATE_TASKS


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


# -- Which tests run on which database (scripts/test) ------------------------------------------
# Every test runs on SQLite. PostgreSQL, the production database, runs again the tests whose
# subject is the database's own behaviour: access filters, services with their locks and
# constraints, selectors and reports (SQL aggregates and dates), the API, the audit trigger,
# races, plus the permission matrix, which requests every page as the whole cast. Pages,
# documents and pure functions differ by nothing but the database, and the matrix runs them all.
ON_BOTH_DATABASES = re.compile(
    r"access|service|selector|api|race|report|ledger|reconcile|movement|moves|publish|confirm"
    r"|payroll|entitlement|imports|jobs|task|audit|board|trends|lockout|sessions|tokens"
    r"|permission_matrix"
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    on_postgresql = connection.vendor == "postgresql"
    for item in items:
        if ON_BOTH_DATABASES.search(item.path.name):
            item.add_marker(pytest.mark.both_databases)
        if item.get_closest_marker("postgres") and not on_postgresql:
            item.add_marker(pytest.mark.skip(reason="needs PostgreSQL (scripts/test runs it)"))


@pytest.fixture(scope="module")
def small_demo(django_db_setup: None, django_db_blocker: Any) -> Iterator[Organisation]:
    """A 32-person demo organisation without its rota, built once for a module's read-only
    checks (each test still rolls back its own changes), then rolled back."""
    from django.test import override_settings
    from django.utils import timezone

    from ownterms.demo import builders

    scale = builders.Scale(people=32, staff=40, seed=11, rota=False)
    with (
        django_db_blocker.unblock(),
        override_settings(TASKS=IMMEDIATE_TASKS),
        transaction.atomic(),
    ):
        builders.build_demo(scale=scale, now=timezone.now())
        yield builders.demo_organisation()
        transaction.set_rollback(True)


@pytest.fixture
def demo(small_demo: Organisation, db: None) -> Organisation:
    """The module's shared demo organisation (``small_demo``) in a test of its own."""
    return small_demo
