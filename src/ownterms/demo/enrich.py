"""The parts of the demo organisation each area of the product adds after the core build.

Each enricher gets the new organisation, a seeded random generator (so the demo is the same
every time) and "today", creates its rows in bulk and returns counts for the summary. Add one
line to ``ENRICHERS`` per area; keep each area in its own ``enrich_<area>.py`` module.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import date

from ownterms.core.models import Organisation
from ownterms.demo.enrich_context import enrich_context
from ownterms.demo.enrich_daily_behaviour import enrich_daily_behaviour
from ownterms.demo.enrich_daily_medicines import enrich_daily_medicines
from ownterms.demo.enrich_daily_notes import enrich_daily_notes
from ownterms.demo.enrich_daily_today import enrich_daily_today
from ownterms.demo.enrich_funding import enrich_funding
from ownterms.demo.enrich_health import enrich_health
from ownterms.demo.enrich_incident_history import enrich_incident_history
from ownterms.demo.enrich_leave import enrich_leave
from ownterms.demo.enrich_oncall import enrich_oncall
from ownterms.demo.enrich_outcomes import enrich_outcomes
from ownterms.demo.enrich_plans import enrich_plans
from ownterms.demo.enrich_recruitment import enrich_recruitment
from ownterms.demo.enrich_referrals import enrich_referrals
from ownterms.demo.enrich_rota import enrich_rota_patterns
from ownterms.demo.enrich_rota_build import enrich_rota_published
from ownterms.demo.enrich_rota_delivered import enrich_rota_delivered
from ownterms.demo.enrich_rota_history import enrich_rota_history
from ownterms.demo.enrich_staff_record import enrich_staff_record

Enricher = Callable[[Organisation, random.Random, date], dict[str, int]]

# Plans first: it adds the interests; the staff record reuses them for workers.
ENRICHERS: tuple[Enricher, ...] = (
    enrich_plans,
    enrich_staff_record,
    enrich_leave,
    enrich_context,
    enrich_health,
    enrich_rota_patterns,
    enrich_oncall,
    enrich_rota_published,
    enrich_rota_history,
    enrich_rota_delivered,
    enrich_funding,
    # Daily records (issue 5): behaviour support plans, incidents, restrictive practices.
    enrich_daily_behaviour,
    # -- Daily records (issue 5) --
    enrich_daily_notes,
    # Daily records: medication and seizures (after the delivered rota: the worker on shift).
    enrich_daily_medicines,
    # -- Daily records: today's morning briefing, after every area's records (branch `today`)
    enrich_daily_today,
    # -- Recruitment (issue 6, branch cohorts): vacancies, applicants, the training route
    enrich_recruitment,
    # -- Outcomes (issue 8, branch reports): a year of outcomes history, reviews, one round
    enrich_outcomes,
    # -- Referrals (issue 7, branch decisions): a partner's grant, two years of decided
    # referrals (the accepted ones are demo people), three open ones
    enrich_referrals,
    # -- A year of incident history before the daily records' two months (branch walk): the
    # behaviour-plan people's falling trend, the accepted referrals' first years
    enrich_incident_history,
)

#: The engine-built, published rota and what was delivered on it: skipped without ``rota``.
ROTA_ENRICHERS = frozenset(
    {enrich_rota_published, enrich_rota_history, enrich_rota_delivered, enrich_daily_notes}
)


def enrich(org: Organisation, seed: int, today: date, *, rota: bool = True) -> dict[str, int]:
    counts: dict[str, int] = {}
    for index, enricher in enumerate(ENRICHERS):
        if rota or enricher not in ROTA_ENRICHERS:
            rng = random.Random(seed * 1000 + index)  # noqa: S311
            counts.update(enricher(org, rng, today))
    return counts
