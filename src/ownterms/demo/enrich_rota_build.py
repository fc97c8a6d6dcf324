"""The demo's published rota: every shift generated for the demo month (by the patterns
enricher, which runs first) is filled by the engine through the app's own build service and
published, so ``scripts/demo`` opens on a live rota. Deterministic: one process, one worker,
seed 0 and a deterministic-time budget, so every seed gives the same rota."""

from __future__ import annotations

import random
from datetime import date

from ownterms.accounts.models import Role, User
from ownterms.core.models import Organisation
from ownterms.people.models import Person
from ownterms.rota.models import RotaRun, Shift
from ownterms.rota.services import build as services

#: CP-SAT deterministic time for the whole demo organisation: about 8 s of wall time for
#: 32 people and 1,800 shifts on the shared machine (bench/rota_app_build.py --deterministic).
DEMO_DETERMINISTIC_TIME = 0.5
DEMO_TIME_LIMIT = 120


def enrich_rota_published(org: Organisation, rng: random.Random, today: date) -> dict[str, int]:
    shifts = Shift.objects.filter(organisation=org, status=Shift.Status.PLANNED)
    first = shifts.order_by("on").values_list("on", flat=True).first()
    last = shifts.order_by("-on").values_list("on", flat=True).first()
    actor = (
        User.objects.filter(organisation=org, role_grants__role=Role.ADMINISTRATOR)
        .order_by("pk")
        .first()
    )
    if first is None or last is None or actor is None:
        return {"rota_runs": 0}
    people = list(Person.objects.filter(pk__in=shifts.values("person_id")).order_by("pk"))
    run = services.start_run(
        actor=actor,
        first_day=first,
        last_day=min(last, first.fromordinal(first.toordinal() + services.MAX_DAYS - 1)),
        people=people,
        time_limit_seconds=DEMO_TIME_LIMIT,
        queue=False,
    )
    services.execute_run(run.pk, deterministic_time=DEMO_DETERMINISTIC_TIME)
    run.refresh_from_db()
    if run.status != RotaRun.Status.DONE:
        return {"rota_runs": 1, "rota_published": 0}
    services.publish_run(actor=actor, run=run)
    return {
        "rota_runs": 1,
        "rota_published": 1,
        "rota_places_filled": int(run.result.get("filled", 0)),
        "rota_places_wanted": int(run.result.get("wanted", 0)),
    }
