"""Which regular doses were due when, and what became of each: the one rule the medication
chart, the missed-dose alert and the today board all use.

A dose is due at its schedule's time of day in the organisation's time zone, on every day the
medicine is current. It is *late* from ``LATE_AFTER`` past that time until it is recorded, and
*missed* once ``MISSED_AFTER`` has passed without a record. A time that a clock change skips
(01:30 on the spring-forward night) is due at the same wall time after the change.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from django.db.models import Q

from ownterms.daily.models import DoseRecord, DoseSchedule
from ownterms.health.models import Medication

LATE_AFTER = dt.timedelta(minutes=30)
MISSED_AFTER = dt.timedelta(hours=2)
#: What the board and the missed-dose alert read of a medicine with an outstanding dose.
OUTSTANDING_FIELDS = ("pk", "public_id", "person_id", "name", "kind", "starts_on", "stops_on")


class DoseState(StrEnum):
    UPCOMING = "upcoming"
    DUE = "due"
    LATE = "late"
    MISSED = "missed"
    GIVEN = "given"
    REFUSED = "refused"
    NOT_GIVEN = "not_given"


@dataclass(frozen=True)
class DueDose:
    medication: Medication
    due_at: dt.datetime
    record: DoseRecord | None

    @property
    def person_id(self) -> int:
        return self.medication.person_id

    def state(self, now: dt.datetime) -> DoseState:
        if self.record is not None:
            return DoseState(self.record.outcome)
        if now < self.due_at:
            return DoseState.UPCOMING
        if now >= self.due_at + MISSED_AFTER:
            return DoseState.MISSED
        if now >= self.due_at + LATE_AFTER:
            return DoseState.LATE
        return DoseState.DUE


def due_at(day: dt.date, time: dt.time, zone: zoneinfo.ZoneInfo) -> dt.datetime:
    """The moment ``time`` on ``day`` in ``zone`` (a skipped wall time is moved past the gap)."""
    moment = dt.datetime.combine(day, time, tzinfo=zone)
    return moment.astimezone(dt.UTC).astimezone(zone)


def doses_due(
    person_ids: Iterable[int],
    first_day: dt.date,
    last_day: dt.date,
    zone: zoneinfo.ZoneInfo,
    *,
    outstanding_only: bool = False,
) -> list[DueDose]:
    """Every regular dose due to ``person_ids`` from ``first_day`` to ``last_day`` (inclusive),
    with its record if there is one, in time order (three queries however many people).
    ``outstanding_only``: just the doses with no record yet (late and missed doses), without
    loading the records themselves.

    A schedule time applies on the days from its ``starts_on`` to before its ``ends_on``, so
    changing the times never changes what was due on a past day. A dose recorded at a time no
    schedule has any more (the times changed later that day) is still listed, with its record.
    """
    ids = list(person_ids)
    current = Medication.objects.filter(
        Q(stops_on__isnull=True) | Q(stops_on__gt=first_day),
        person_id__in=ids,
        kind=Medication.Kind.REGULAR,
        starts_on__lte=last_day,
    )
    if outstanding_only:
        current = current.only(*OUTSTANDING_FIELDS)
    medicines = {m.pk: m for m in current}
    schedules = DoseSchedule.objects.filter(
        Q(ends_on__isnull=True) | Q(ends_on__gt=first_day),
        Q(starts_on__isnull=True) | Q(starts_on__lte=last_day),
        medication_id__in=medicines,
    ).order_by("time")
    due: list[tuple[Medication, dt.datetime]] = []
    for schedule in schedules:
        medication = medicines[schedule.medication_id]
        day = max(first_day, medication.starts_on, schedule.starts_on or first_day)
        while day <= last_day and medication.is_current(day) and schedule.applies_on(day):
            due.append((medication, due_at(day, schedule.time, zone)))
            day += dt.timedelta(days=1)
    if not medicines:
        return []
    earliest = dt.datetime.combine(first_day, dt.time(0), tzinfo=zone)
    latest = dt.datetime.combine(last_day + dt.timedelta(days=1), dt.time(0), tzinfo=zone)
    recorded = DoseRecord.objects.filter(
        medication_id__in=medicines, due_at__gte=earliest, due_at__lt=latest
    )
    if outstanding_only:
        done = set(recorded.values_list("medication_id", "due_at"))
        found = [DueDose(m, moment, None) for m, moment in due if (m.pk, moment) not in done]
        return sorted(found, key=lambda d: (d.due_at, d.medication.name, d.medication.pk))
    records: dict[tuple[int, dt.datetime], DoseRecord] = {
        (r.medication_id, r.due_at): r  # type: ignore[misc]
        for r in recorded.select_related("recorded_by")
    }
    found = [DueDose(m, moment, records.pop((m.pk, moment), None)) for m, moment in due]
    # Recorded at a time that is no longer scheduled: still part of the day's record.
    found += [DueDose(medicines[r.medication_id], moment, r) for (_, moment), r in records.items()]
    return sorted(found, key=lambda d: (d.due_at, d.medication.name, d.medication.pk))
