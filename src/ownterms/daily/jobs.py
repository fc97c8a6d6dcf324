"""Jobs that run on the clock (the morning briefing, missed-dose alerts), each safe to run
again: ``python manage.py run_daily_jobs`` every few minutes (cron, or ``scripts/demo``'s loop)
does what is due and nothing twice."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

#: Each job takes "now" and returns how many things it did.
JOBS: list[tuple[str, Callable[[dt.datetime], int]]] = []


def run_due(now: dt.datetime) -> dict[str, int]:
    """Runs every job once; returns what each did."""
    return {name: job(now) for name, job in JOBS}


# -- The today board: each manager's morning briefing (branch `today`) ---------------------------
def _morning_briefings(now: dt.datetime) -> int:
    from ownterms.daily.services.briefing import send_due_briefings

    return send_due_briefings(now)


JOBS.append(("morning_briefings", _morning_briefings))
