"""Jobs that run on the clock (the morning briefing, missed-dose alerts), each safe to run
again: ``python manage.py run_daily_jobs`` every few minutes (cron, or ``scripts/demo``'s loop)
does what is due and nothing twice."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

#: Each job takes "now" and returns how many things it did.
JOBS: list[tuple[str, Callable[[dt.datetime], int]]] = []

# -- medicines (branch medicines) --
from ownterms.daily.services.medicines import alert_missed_doses  # noqa: E402

JOBS.append(("missed_doses", alert_missed_doses))
# -- end medicines --


def run_due(now: dt.datetime) -> dict[str, int]:
    """Runs every job once; returns what each did."""
    return {name: job(now) for name, job in JOBS}
