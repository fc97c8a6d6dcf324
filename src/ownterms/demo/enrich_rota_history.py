"""The demo's rota history: the weeks before the demo month, so delivered hours, payroll and
each person's money have three months behind them.

Runs after the engine has published the demo month. Shifts for the earlier weeks come from
each person's pattern. A pattern repeats every week or fortnight, so each earlier shift is
worked by whoever works the same block in the first published weeks (if they had started by
then). The delivered-support enricher then confirms them like the month's ended shifts.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict

from ownterms.core.models import Organisation
from ownterms.demo.enrich_rota import demo_rota_range
from ownterms.rota.models import Assignment, PatternBlock, SupportPattern
from ownterms.rota.services.shifts import save_generated, shifts_from_pattern
from ownterms.staff.models import StaffMember

#: Weeks of history before the demo month's first Monday.
HISTORY_WEEKS = 8


def enrich_rota_history(org: Organisation, rng: random.Random, today: dt.date) -> dict[str, int]:
    range_start, _ = demo_rota_range(today)
    first_day = range_start - dt.timedelta(weeks=HISTORY_WEEKS)
    last_day = range_start - dt.timedelta(days=1)
    workers: dict[tuple[int, dt.date], list[int]] = defaultdict(list)
    for block_id, on, staff_member_id in (
        Assignment.objects.filter(
            shift__organisation=org,
            shift__block__isnull=False,
            shift__on__gte=range_start,
            shift__on__lt=range_start + dt.timedelta(weeks=2),
        )
        .order_by("pk")
        .values_list("shift__block_id", "shift__on", "staff_member_id")
    ):
        workers[(block_id, on)].append(staff_member_id)
    if not workers:
        return {}

    blocks: dict[int, list[PatternBlock]] = defaultdict(list)
    for block in PatternBlock.objects.filter(pattern__organisation=org).prefetch_related(
        "required_skills", "preferred_staff", "preferred_tags"
    ):
        blocks[block.pattern_id].append(block)
    made = []
    cycle_days: dict[int, int] = {}
    for pattern in SupportPattern.objects.filter(organisation=org).select_related("person"):
        cycle_days[pattern.pk] = 7 * pattern.weeks
        made += shifts_from_pattern(
            pattern.person, pattern, blocks[pattern.pk], first_day, last_day, set()
        )
    save_generated(made)

    started = dict(StaffMember.objects.filter(organisation=org).values_list("pk", "starts_on"))
    assignments = []
    for shift, block in made:
        cycle = cycle_days[block.pattern_id]
        ahead = -(-(range_start - shift.on).days // cycle) * cycle
        same = shift.on + dt.timedelta(days=ahead)
        assignments += [
            Assignment(shift=shift, staff_member_id=member)
            for member in workers.get((block.pk, same), [])[: shift.headcount]
            if started[member] <= shift.on
        ]
    Assignment.objects.bulk_create(assignments, batch_size=1000)
    return {"history shifts": len(made), "history assignments": len(assignments)}
