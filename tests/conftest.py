"""Fixtures shared by the whole suite."""

from __future__ import annotations

from typing import Any

import pytest


@pytest.fixture(autouse=True)
def _tasks_run_immediately(settings: Any) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
