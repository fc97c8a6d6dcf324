"""Fixtures shared by the whole suite."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from tests.cast import Cast


@pytest.fixture(autouse=True)
def _tasks_run_immediately(settings: Any) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def cast(db: None) -> Cast:
    """The fixed cast of issue 2 §5 (see tests/cast.py)."""
    from tests.cast import build_cast

    return build_cast()
