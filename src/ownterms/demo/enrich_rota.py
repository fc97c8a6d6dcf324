"""Demo: a support pattern for every person supported now, built from their commissioned
package, and the shifts it gives for the demo rota's period (``demo_rota_range``), which other
parts of the demo build and publish the rota over.

Each day's support is one window (two blocks when it is long, e.g. 08:00-15:00 and 15:00-22:00)
with any 2:1 hours in it, then the night (a sleep-in or a waking night) until the next day's
window. A weekly routine activity inside a block names the block ("Swimming") and brings its
skill (a driver for an outing) and interest. A window holds at most 16 hours, so a package of
more day hours than fit beside its nights shows as short; two people are deliberately a few
hours short so the mismatch flag shows.
"""

from __future__ import annotations

import datetime as dt
import random
from calendar import monthrange
from collections import defaultdict
from dataclasses import dataclass, field

from ownterms.core.models import Organisation
from ownterms.people.models import CommissionedPackage, Person
from ownterms.people.selectors import package_on
from ownterms.plans.models import RoutineActivity
from ownterms.rota.models import (
    MINUTES_PER_DAY,
    PatternBlock,
    ShiftKind,
    SupportPattern,
)
from ownterms.rota.services.shifts import save_generated, shifts_from_pattern

HOUR = 60
LATEST_END = 23 * HOUR
EARLIEST_START = 7 * HOUR
MAX_WINDOW = LATEST_END - EARLIEST_START
NIGHT_STARTS = 22 * HOUR
NIGHT_ENDS = 8 * HOUR
LONGEST_BLOCK = 8 * HOUR
#: Index (among people with a package) of those whose pattern is deliberately short, and by how
#: many minutes on which weekdays.
SHORT: dict[int, dict[int, int]] = {1: {5: 210, 6: 210}, 4: {0: 240}}
#: Nights for three sleep-ins a week, as a fortnight: four one week, two the next.
FORTNIGHT_NIGHTS = {1: (1, 4, 5, 6), 2: (5, 6)}


def demo_rota_range(today: dt.date) -> tuple[dt.date, dt.date]:
    """The Monday on or before the first of ``today``'s month to the Sunday on or after its
    last day: the weeks the demo rota covers."""
    first = today.replace(day=1)
    last = today.replace(day=monthrange(today.year, today.month)[1])
    return first - dt.timedelta(days=first.weekday()), last + dt.timedelta(days=6 - last.weekday())


@dataclass
class Plan:
    """A person's blocks before saving: (week, weekday, start, end, kind, headcount)."""

    weeks: int = 1
    blocks: list[tuple[int, int, int, int, str, int]] = field(default_factory=list)


def _window(day_minutes: int) -> tuple[int, int]:
    length = min(day_minutes, MAX_WINDOW)
    start = 9 * HOUR if length <= 10 * HOUR else 8 * HOUR
    if start + length > LATEST_END:
        start = LATEST_END - length
    return start, start + length


def _split(start: int, end: int) -> list[tuple[int, int]]:
    """One block, or two halves on the hour when longer than a shift should be."""
    if end - start <= LONGEST_BLOCK:
        return [(start, end)]
    middle = start + (end - start) // 2 // HOUR * HOUR
    return [(start, middle), (middle, end)]


def _two_to_one_days(two_to_one: int, room: int) -> dict[int, int]:
    """2:1 minutes by weekday: blocks of at most 4 hours and ``room`` a day, Saturday,
    Wednesday and Sunday first."""
    days: dict[int, int] = defaultdict(int)
    order = (5, 2, 6, 0, 3, 1, 4)
    index = 0
    while two_to_one > 0 and index < 4 * len(order):
        weekday = order[index % len(order)]
        chunk = min(two_to_one, 4 * HOUR, room - days[weekday])
        if chunk > 0:
            days[weekday] += chunk
            two_to_one -= chunk
        index += 1
    return days


def plan_for(package: CommissionedPackage, short: dict[int, int]) -> Plan:
    nights = package.sleep_in_nights
    waking = round(package.waking_night_minutes / (10 * HOUR))
    plan = Plan(weeks=2 if nights == 3 else 1)
    per_day = package.day_minutes // 7
    room = (MAX_WINDOW if nights or not waking else 14 * HOUR) - min(per_day, MAX_WINDOW)
    pairs = _two_to_one_days(package.two_to_one_minutes, max(room, 0))
    windows = {}
    for weekday in range(7):
        pair = pairs.get(weekday, 0)
        windows[weekday] = (_window(per_day - short.get(weekday, 0) + pair), pair)
    for week in range(1, plan.weeks + 1):
        if nights == 3:
            night_days: tuple[int, ...] = FORTNIGHT_NIGHTS[week]
        else:
            night_days = tuple(range(min(nights, 7))) or tuple(range(min(waking, 7)))
        night_kind = ShiftKind.SLEEP_IN if nights else ShiftKind.WAKING_NIGHT
        for weekday, ((start, end), pair) in windows.items():
            cursor = start
            if pair:
                pair_start = start + HOUR if end - start - pair >= HOUR else start
                for piece in _split(start, pair_start) if pair_start > start else []:
                    plan.blocks.append((week, weekday, *piece, ShiftKind.DAY, 1))
                plan.blocks.append((week, weekday, pair_start, pair_start + pair, ShiftKind.DAY, 2))
                cursor = pair_start + pair
            for piece in _split(cursor, end) if end > cursor else []:
                plan.blocks.append((week, weekday, *piece, ShiftKind.DAY, 1))
            if weekday in night_days and (nights or waking):
                next_start = windows[(weekday + 1) % 7][0][0] if per_day else NIGHT_ENDS
                night_start = max(end if per_day else 0, NIGHT_STARTS)
                night_end = MINUTES_PER_DAY + min(NIGHT_ENDS, next_start)
                plan.blocks.append((week, weekday, night_start, night_end, night_kind, 1))
    return plan


def enrich_rota_patterns(org: Organisation, rng: random.Random, today: dt.date) -> dict[str, int]:
    people = list(
        Person.objects.filter(organisation=org, status=Person.Status.ACTIVE).order_by("pk")
    )
    first_day, last_day = demo_rota_range(today)
    routines: dict[int, list[RoutineActivity]] = defaultdict(list)
    for activity in RoutineActivity.objects.filter(
        person__in=people, frequency=RoutineActivity.Frequency.WEEKLY
    ).order_by("starts_at", "pk"):
        routines[activity.person_id].append(activity)

    patterns: list[SupportPattern] = []
    plans: list[Plan] = []
    for person in people:
        package = package_on(person, today)
        if package is None:
            continue
        plan = plan_for(package, SHORT.get(len(patterns), {}))
        patterns.append(
            SupportPattern(
                organisation=org,
                person=person,
                weeks=plan.weeks,
                anchor_monday=first_day,
                note="Fortnightly: sleep-ins alternate" if plan.weeks == 2 else "",
            )
        )
        plans.append(plan)
    SupportPattern.objects.bulk_create(patterns)

    blocks: list[PatternBlock] = []
    skill_links, tag_links = [], []
    for support, plan in zip(patterns, plans, strict=True):
        for week, weekday, start, end, kind, headcount in plan.blocks:
            block = PatternBlock(
                pattern=support,
                week=week,
                weekday=weekday,
                start_minute=start,
                end_minute=end,
                kind=kind,
                headcount=headcount,
            )
            for activity in routines.get(support.person_id, ()):
                a_start = activity.starts_at.hour * HOUR + activity.starts_at.minute
                a_end = activity.ends_at.hour * HOUR + activity.ends_at.minute
                if (
                    kind == ShiftKind.DAY
                    and activity.day == weekday
                    and start <= a_start < a_end <= end
                    and not block.activity
                ):
                    block.activity = activity.name[:120]
                    if activity.skill_id:
                        skill_links.append((block, activity.skill_id))
                    if activity.interest_id:
                        tag_links.append((block, activity.interest_id))
            blocks.append(block)
    PatternBlock.objects.bulk_create(blocks, batch_size=500)
    PatternBlock.required_skills.through.objects.bulk_create(
        [
            PatternBlock.required_skills.through(patternblock_id=b.pk, skill_id=skill)
            for b, skill in skill_links
        ],
        batch_size=500,
    )
    PatternBlock.preferred_tags.through.objects.bulk_create(
        [
            PatternBlock.preferred_tags.through(patternblock_id=b.pk, tag_id=tag)
            for b, tag in tag_links
        ],
        batch_size=500,
    )

    by_pattern: dict[int, list[PatternBlock]] = defaultdict(list)
    for block in PatternBlock.objects.filter(pattern__in=patterns).prefetch_related(
        "required_skills", "preferred_staff", "preferred_tags"
    ):
        by_pattern[block.pattern_id].append(block)
    made = []
    for support in patterns:
        made += shifts_from_pattern(
            support.person, support, by_pattern[support.pk], first_day, last_day, set()
        )
    save_generated(made)
    return {"support patterns": len(patterns), "pattern blocks": len(blocks), "shifts": len(made)}
