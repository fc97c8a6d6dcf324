"""Reading the medication administration record: a person's chart for one day (regular doses
with their state, when-needed medicines with their protocols, stock), dose times, and the
doses the missed-dose alert looks at."""

from __future__ import annotations

import datetime as dt
import uuid
import zoneinfo
from collections import Counter
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils import timezone

from ownterms.accounts.models import User
from ownterms.daily.models import DoseOutcome, DoseRecord, DoseSchedule, Incident, StockCount
from ownterms.daily.selectors import notes
from ownterms.daily.selectors.doses_due import MISSED_AFTER, DoseState, DueDose, doses_due
from ownterms.health.models import Medication
from ownterms.people.models import Person
from ownterms.rota.models import Shift
from ownterms.staff.models import StaffMember

#: A PRN dose may be linked to an incident that started this long before it.
INCIDENT_LINK_WINDOW = dt.timedelta(hours=24)
#: States that need nobody to do anything any more.
DONE = frozenset({DoseState.GIVEN, DoseState.REFUSED, DoseState.NOT_GIVEN})


def local_zone() -> zoneinfo.ZoneInfo:
    return zoneinfo.ZoneInfo(settings.TIME_ZONE)


def day_bounds(day: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """The first moment of ``day`` and of the day after, in the local zone."""
    return notes.day_bounds(day, local_zone())


def shift_of(person: Person, staff: StaffMember | None, at: dt.datetime) -> Shift | None:
    """The planned shift with ``person`` that ``staff`` works at ``at``, if any."""
    if staff is None:
        return None
    return (
        Shift.objects.filter(
            person=person,
            status=Shift.Status.PLANNED,
            starts_at__lte=at,
            ends_at__gt=at,
            assignments__staff_member=staff,
        )
        .order_by("starts_at")
        .first()
    )


def workers_at(person: Person, at: dt.datetime) -> list[User]:
    """The users of the workers assigned to the person's planned shift(s) at ``at``."""
    return list(
        User.objects.filter(
            staff_member__assignments__shift__person=person,
            staff_member__assignments__shift__status=Shift.Status.PLANNED,
            staff_member__assignments__shift__starts_at__lte=at,
            staff_member__assignments__shift__ends_at__gt=at,
        ).distinct()
    )


def current_medicines(person: Person, day: dt.date) -> QuerySet[Medication]:
    return (
        Medication.objects.filter(
            Q(stops_on__isnull=True) | Q(stops_on__gt=day), person=person, starts_on__lte=day
        )
        .select_related("training_skill")
        .order_by("name", "pk")
    )


@dataclass(frozen=True)
class DoseRow:
    due: DueDose
    state: DoseState

    @property
    def record(self) -> DoseRecord | None:
        return self.due.record

    @property
    def needs_recording(self) -> bool:
        return self.state not in DONE


@dataclass(frozen=True)
class PrnMedicine:
    medication: Medication
    review_overdue: bool
    #: Doses given on the chart's day, newest first.
    doses: list[DoseRecord]


@dataclass(frozen=True)
class StockRow:
    medication: Medication
    last_count: StockCount | None
    #: Doses recorded as given since the last count.
    given_since: int

    @property
    def expected(self) -> int | None:
        if self.last_count is None:
            return None
        return max(self.last_count.quantity - self.given_since, 0)


@dataclass(frozen=True)
class Chart:
    day: dt.date
    today: dt.date
    now: dt.datetime
    rows: list[DoseRow]
    #: Current regular medicines with no dose times (nothing can be due).
    without_times: list[Medication]
    prn: list[PrnMedicine]
    stock: list[StockRow]
    #: Current psychotropics (STOMP) whose review date has passed.
    overdue_reviews: list[Medication] = field(default_factory=list)

    @property
    def counts(self) -> Counter[str]:
        return Counter(row.state.value for row in self.rows)

    @property
    def previous_day(self) -> dt.date:
        return self.day - dt.timedelta(days=1)

    @property
    def next_day(self) -> dt.date:
        return self.day + dt.timedelta(days=1)


def medication_chart(person: Person, day: dt.date, *, now: dt.datetime | None = None) -> Chart:
    """The chart of ``day``: a fixed number of queries however many doses and medicines."""
    now = now or timezone.now()
    zone = local_zone()
    medicines = list(current_medicines(person, day))
    due = doses_due([person.pk], day, day, zone)
    rows = [DoseRow(d, d.state(now)) for d in due]
    timed = set(
        DoseSchedule.objects.filter(
            Q(ends_on__isnull=True) | Q(ends_on__gt=day),
            Q(starts_on__isnull=True) | Q(starts_on__lte=day),
            medication__in=[m for m in medicines if m.kind == Medication.Kind.REGULAR],
        ).values_list("medication_id", flat=True)
    )
    without_times = [
        m for m in medicines if m.kind == Medication.Kind.REGULAR and m.pk not in timed
    ]
    first, last = day_bounds(day)
    prn_medicines = [m for m in medicines if m.kind == Medication.Kind.PRN]
    prn_doses = list(
        DoseRecord.objects.filter(
            person=person, due_at__isnull=True, at__gte=first, at__lt=last
        ).select_related("recorded_by", "medication", "incident", "seizure")
    )
    by_medicine: dict[int, list[DoseRecord]] = {}
    for record in prn_doses:
        by_medicine.setdefault(record.medication_id, []).append(record)
    known = {m.pk for m in prn_medicines}
    # A PRN medicine stopped since still shows the doses given that day.
    for record in prn_doses:
        if record.medication_id not in known:
            prn_medicines.append(record.medication)
            known.add(record.medication_id)
    today = timezone.localtime(now, zone).date()
    prn = [
        PrnMedicine(m, m.review_overdue(today), by_medicine.get(m.pk, [])) for m in prn_medicines
    ]
    return Chart(
        day=day,
        today=today,
        now=now,
        rows=rows,
        without_times=without_times,
        prn=prn,
        stock=stock_rows(person, medicines, until=last),
        overdue_reviews=[m for m in medicines if m.review_overdue(today)],
    )


def stock_rows(
    person: Person, medicines: list[Medication], *, until: dt.datetime
) -> list[StockRow]:
    """For each medicine counted before ``until``: the last count and doses given since
    (two queries)."""
    counts: dict[int, StockCount] = {}
    for count in StockCount.objects.filter(
        person=person, medication__in=medicines, counted_at__lt=until
    ).order_by("medication_id", "-counted_at", "-pk"):
        counts.setdefault(count.medication_id, count)
    if not counts:
        return []
    since = min(count.counted_at for count in counts.values())
    given: Counter[int] = Counter()
    for medication_id, at in DoseRecord.objects.filter(
        medication_id__in=counts,
        outcome=DoseOutcome.GIVEN,
        at__gte=since,
        at__lt=until,
    ).values_list("medication_id", "at"):
        if at >= counts[medication_id].counted_at:
            given[medication_id] += 1
    return [StockRow(m, counts[m.pk], given[m.pk]) for m in medicines if m.pk in counts]


@dataclass(frozen=True)
class TimedMedicine:
    medication: Medication
    times: list[DoseSchedule]
    #: The times of the entry this one replaced (a change of dose), to start from.
    previous_times: list[DoseSchedule]


def dose_times(person: Person, day: dt.date) -> list[TimedMedicine]:
    """Each current (or starting) regular medicine with the times that apply now."""
    medicines = list(
        Medication.objects.filter(
            Q(stops_on__isnull=True) | Q(stops_on__gt=day),
            person=person,
            kind=Medication.Kind.REGULAR,
        ).order_by("name", "pk")
    )
    ids = [m.pk for m in medicines] + [m.replaces_id for m in medicines if m.replaces_id]
    schedules: dict[int, list[DoseSchedule]] = {}
    for row in DoseSchedule.objects.filter(medication_id__in=ids, ends_on__isnull=True).order_by(
        "time"
    ):
        schedules.setdefault(row.medication_id, []).append(row)
    return [
        TimedMedicine(
            m,
            schedules.get(m.pk, []),
            schedules.get(m.replaces_id, []) if m.replaces_id else [],
        )
        for m in medicines
    ]


def missed_doses(
    person_ids: list[int], now: dt.datetime, *, within: dt.timedelta = dt.timedelta(hours=24)
) -> list[DueDose]:
    """Regular doses of ``person_ids`` that became missed in the ``within`` before ``now``
    (for the missed-dose alert and the today board); a dose recorded late is not missed."""
    zone = local_zone()
    since = now - within
    first = timezone.localtime(since - MISSED_AFTER, zone).date()
    last = timezone.localtime(now, zone).date()
    return [
        d
        for d in doses_due(person_ids, first, last, zone, outstanding_only=True)
        if d.state(now) == DoseState.MISSED and since < d.due_at + MISSED_AFTER <= now
    ]


def dose_row(person: Person, medication: Medication, due: dt.datetime) -> DoseRow | None:
    """One row of the chart (after a dose is recorded from it)."""
    zone = local_zone()
    day = timezone.localtime(due, zone).date()
    now = timezone.now()
    for d in doses_due([person.pk], day, day, zone):
        if d.medication.pk == medication.pk and d.due_at == due:
            return DoseRow(d, d.state(now))
    return None


def regular_medicine_of(person: Person, medication_id: uuid.UUID | str) -> Medication | None:
    return Medication.objects.filter(
        person=person, public_id=medication_id, kind=Medication.Kind.REGULAR
    ).first()


def medicine_of(person: Person, medication_id: uuid.UUID | str) -> Medication | None:
    return (
        Medication.objects.filter(person=person, public_id=medication_id)
        .select_related("training_skill")
        .first()
    )


def recent_incidents(person: Person, at: dt.datetime) -> QuerySet[Incident]:
    """The person's incidents a PRN dose at ``at`` may be linked to."""
    return Incident.objects.filter(
        person=person, starts_at__gte=at - INCIDENT_LINK_WINDOW, starts_at__lte=at
    ).order_by("-starts_at")


def doses_between(person: Person, first: dt.date, last: dt.date) -> QuerySet[DoseRecord]:
    """Every dose recorded for the person from ``first`` to ``last`` (local days)."""
    start, _ = day_bounds(first)
    _, end = day_bounds(last)
    return (
        DoseRecord.objects.filter(person=person, at__gte=start, at__lt=end)
        .select_related("medication", "recorded_by", "incident", "seizure")
        .order_by("-at", "-pk")
    )


def prn_per_month(person_ids: list[int], first: dt.date, last: dt.date) -> dict[str, int]:
    """PRN doses given per month ("2026-10": 12) from ``first`` to ``last`` (for trends)."""
    start, _ = day_bounds(first)
    _, end = day_bounds(last)
    months: Counter[str] = Counter()
    zone = local_zone()
    for at in DoseRecord.objects.filter(
        person_id__in=person_ids,
        due_at__isnull=True,
        outcome=DoseOutcome.GIVEN,
        at__gte=start,
        at__lt=end,
    ).values_list("at", flat=True):
        months[f"{timezone.localtime(at, zone):%Y-%m}"] += 1
    return dict(sorted(months.items()))
