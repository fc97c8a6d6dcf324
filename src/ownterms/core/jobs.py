"""Jobs that run on the clock, registered by the apps that own them (in ``AppConfig.ready``).

``python manage.py run_jobs`` runs every registered job once; run it every few minutes (cron,
a systemd timer, or ``scripts/demo``'s loop). Each job decides for itself what is due "now" and
must be safe to run again: nothing is done twice.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.db import IntegrityError, transaction

from ownterms.core.models import JobRun, Organisation

#: name → job; a job takes "now" and returns how many things it did.
JOBS: dict[str, Callable[[dt.datetime], int]] = {}


def register_job(name: str, job: Callable[[dt.datetime], int]) -> None:
    JOBS[name] = job


def run_due(now: dt.datetime) -> dict[str, int]:
    """Runs every registered job once, in name order; returns what each did."""
    return {name: JOBS[name](now) for name in sorted(JOBS)}


def once_a_day(organisation: Organisation, job: str, day: dt.date) -> bool:
    """Claims ``job`` for ``organisation`` on ``day``: True the first time (the caller does
    the work, in the same transaction), False once claimed — by this run or another at once."""
    try:
        with transaction.atomic():
            JobRun.objects.create(organisation=organisation, job=job, day=day)
    except IntegrityError:
        return False
    return True
