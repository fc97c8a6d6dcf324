"""The daily records' clock-driven jobs (the morning briefing, missed-dose alerts), registered
with ``ownterms.core.jobs`` when the app is ready; each must be safe to run again."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

#: (name, job): each job takes "now" and returns how many things it did.
JOBS: list[tuple[str, Callable[[dt.datetime], int]]] = []
