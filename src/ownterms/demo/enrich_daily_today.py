"""The demo's morning briefing: today's briefing for each demo manager who manages someone and
the administrator, sent by the real service (``daily.services.briefing``) so the in-app
notification shows the same counts the board shows.

Runs last, after every other area has added its records. The briefing is "as of now" when
the demo is seeded today (whatever the hour), else 07:30 on ``today``. Past briefings are not
made up: their counts would have to be worked out for each past morning, and the job
(``manage.py run_jobs``) sends each new day's at the organisation's briefing time.
"""

from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone

from ownterms.core.models import Organisation
from ownterms.core.selectors import zone_of
from ownterms.daily.services.briefing import recipients, send_briefing


def enrich_daily_today(org: Organisation, rng: random.Random, today: dt.date) -> dict[str, int]:
    zone = zone_of(org)
    now = timezone.now()
    if now.astimezone(zone).date() != today:
        now = dt.datetime.combine(today, dt.time(7, 30), tzinfo=zone)
    sent = sum(
        send_briefing(user=user, organisation=org, now=now) for user in recipients(org, today)
    )
    return {"morning_briefings": sent}
