"""The demo's on-call rota and call log.

Replaces the core build's single long duty with a rota for the past 4 and next 12 weeks that
covers every hour (so the banner always names someone):

- a day duty manager, Monday to Friday 09:00 to 17:00, a different manager each week;
- weekday nights (Monday to Thursday 17:00 to 09:00) and weekends (Friday 17:00 to Monday
  09:00) from the fair round-robin the rota builder uses, leave respected;
- the demo's on-call manager (``on-call@``, see docs/demo.md) holds every slot from the one
  under way a day before seeding until two weeks after, so that sign-in is on call whenever
  the demo is tried in that fortnight.

Plus the on-call and office numbers (Ofcom's drama numbers) and a few calls from the last
fortnight, one with a follow-up still open for the demo manager, due today.
"""

from __future__ import annotations

import datetime as dt
import random
import zoneinfo

from django.utils import timezone

from ownterms.core.models import Organisation
from ownterms.core.selectors import zone_of
from ownterms.lib.dates import monday_of
from ownterms.oncall.models import CallLog, OnCallNumbers
from ownterms.oncall.planning import History, Kind, Slot, local_at, plan, slots
from ownterms.oncall.selectors import candidates, on_call_managers
from ownterms.people.models import Person
from ownterms.staff.models import OnCallDuty, StaffMember

PAST_WEEKS, AHEAD_WEEKS = 4, 12
DAY_START, DAY_END = dt.time(9), dt.time(17)
ON_CALL_EMAIL_PREFIX = "on-call@"
MANAGER_EMAIL_PREFIX = "manager@"

CALLS = [
    ("Sam Okafor, support worker", "Alarm at the flat went off; no fire, a burnt toast.",
     "Talked Sam through resetting it.", False),
    ("Jo Brennan, sister", "Asked who is coming on Saturday morning.",
     "Told her from the rota.", False),
    ("Priya Shah, support worker", "Car would not start before a sleep-in.",
     "Arranged a taxi; claim on expenses.", True),
    ("Night worker, relief", "Could not find the medication keys.",
     "Found them in the office safe; told the worker.", False),
    ("Neighbour", "Music late at night from the flat.",
     "Rang the worker on shift; turned down.", False),
    ("Tom Reid, support worker", "Off sick tomorrow from 07:00.",
     "Asked the coordinator to find cover in the morning.", True),
]  # fmt: skip


def _day_slots(first_monday: dt.date, weeks: int, zone: zoneinfo.ZoneInfo) -> list[Slot]:
    found = []
    for week in range(weeks):
        monday = first_monday + dt.timedelta(weeks=week)
        for offset in range(5):
            day = monday + dt.timedelta(days=offset)
            start = local_at(day, DAY_START, zone)
            found.append(Slot(Kind.WEEKDAY, start, local_at(day, DAY_END, zone), monday))
    return found


def enrich_oncall(org: Organisation, rng: random.Random, today: dt.date) -> dict[str, int]:
    managers = list(on_call_managers(org.pk, today).select_related("user"))
    if not managers:
        return {}
    zone = zone_of(org)
    now = timezone.now()
    on_call = next(
        (m for m in managers if m.user.email.startswith(ON_CALL_EMAIL_PREFIX)), managers[0]
    )
    day_manager = next(
        (m for m in managers if m.user.email.startswith(MANAGER_EMAIL_PREFIX)), managers[0]
    )
    first_monday = monday_of(today) - dt.timedelta(weeks=PAST_WEEKS)
    weeks = PAST_WEEKS + AHEAD_WEEKS + 1
    held_from, held_to = now - dt.timedelta(days=1), now + dt.timedelta(days=13)

    def held(slot: Slot) -> bool:
        return slot.ends_at > held_from and slot.starts_at < held_to

    night_slots = slots(first_monday, weeks, zone, weekends=True, weekdays=True)
    found = candidates(org, managers, first_monday, first_monday + dt.timedelta(weeks=weeks))
    rotation = plan(
        [s for s in night_slots if not held(s)],
        weekend_team=found,
        weekday_team=found,
        history=History(),
    )
    by_key = {m.pk: m for m in managers}
    duties: list[tuple[StaffMember, Slot]] = [
        (by_key[item.candidate.key], item.slot) for item in rotation if item.candidate is not None
    ]
    duties += [(on_call, s) for s in night_slots if held(s)]
    for slot in _day_slots(first_monday, weeks, zone):
        week = (slot.week - first_monday).days // 7
        duties.append((on_call if held(slot) else managers[week % len(managers)], slot))
    OnCallDuty.objects.filter(organisation=org).delete()
    created = OnCallDuty.objects.bulk_create(
        [
            OnCallDuty(organisation=org, manager=member, starts_at=s.starts_at, ends_at=s.ends_at)
            for member, s in sorted(duties, key=lambda pair: pair[1].starts_at)
        ]
    )
    OnCallNumbers.objects.update_or_create(
        organisation=org,
        defaults={"on_call_phone": "07700 900123", "office_phone": "0113 496 0000"},
    )
    people = list(Person.objects.filter(organisation=org).order_by("pk")[:20])
    calls = []
    for index, (caller, happened, action, follow_up) in enumerate(CALLS):
        received = now - dt.timedelta(days=len(CALLS) * 2 - index * 2, hours=rng.randint(1, 6))
        taker = next(
            (m for m, s in duties if s.starts_at <= received < s.ends_at),
            on_call,
        )
        last = index == len(CALLS) - 1
        calls.append(
            CallLog(
                organisation=org,
                received_at=received,
                taken_by=taker,
                caller=caller,
                person=rng.choice(people) if people and index % 2 == 0 else None,
                what_happened=happened,
                action_taken=action,
                follow_up_needed=follow_up,
                follow_up_owner=day_manager if follow_up else None,
                follow_up_due=(today if last else received.date()) if follow_up else None,
                follow_up_done_at=None
                if last or not follow_up
                else received + dt.timedelta(hours=14),
                follow_up_done_by=None if last or not follow_up else day_manager.user,
                follow_up_outcome="" if last or not follow_up else "Sorted the next morning.",
                created_by=taker.user,
            )
        )
    CallLog.objects.bulk_create(calls)
    return {"on_call_duties": len(created), "on_call_calls": len(calls)}
