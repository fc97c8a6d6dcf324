"""The background-task wiring: settings use the database backend, and db_worker runs its tasks."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.management import call_command
from django_tasks import TaskResultStatus as ResultStatus
from django_tasks import task

import ownterms.settings as project_settings
from ownterms.core.models import Organisation


@task()
def create_organisation(slug: str) -> int:
    """Takes plain values, as every task should, and writes to the database."""
    return Organisation.objects.create(name=f"From a task: {slug}", slug=slug).pk


def test_project_settings_use_the_database_backend() -> None:
    assert project_settings.TASKS["default"]["BACKEND"] == "django_tasks_db.DatabaseBackend"


def test_tests_run_tasks_immediately(db: Any) -> None:
    result = create_organisation.enqueue("immediate")
    assert result.status == ResultStatus.SUCCESSFUL
    assert Organisation.objects.filter(slug="immediate").exists()


@pytest.mark.django_db(transaction=True)
def test_db_worker_runs_a_task_enqueued_under_the_database_backend(settings: Any) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    result = create_organisation.enqueue("queued")
    assert result.status == ResultStatus.READY
    assert not Organisation.objects.filter(slug="queued").exists()
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    result.refresh()
    assert result.status == ResultStatus.SUCCESSFUL
    assert result.return_value == Organisation.objects.get(slug="queued").pk
