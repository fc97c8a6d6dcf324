"""Background tasks of the rota. Tasks take ids and are enqueued on commit."""

from __future__ import annotations

from django_tasks import task

from ownterms.rota.services.build import execute_run


@task()
def build_rota(run_id: int) -> None:
    """Builds the draft of one auto-fill run with the engine (see ``execute_run``)."""
    execute_run(run_id)
