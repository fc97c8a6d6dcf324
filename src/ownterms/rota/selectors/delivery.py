"""Reading delivered support: hours per person per week (delivered, planned, commissioned), the
payroll figures per worker for a pay period, and the shifts still waiting to be confirmed.

Durations are real elapsed minutes (UTC arithmetic), so a waking night across the October clock
change is 11 hours and across the March change 9. A shift belongs to the day it was planned for
(``Shift.on``): a night that starts on Sunday counts in Sunday's week and pay period.

How the kinds count (``delivered_week``, for the person, in *support* hours):

- day 1:1, 2:1 and waking night: the actual time worked; each worker's time counts as
  ``1 / headcount`` of the shift's support, so a fully staffed 4-hour 2:1 shift is 4 hours of
  2:1 support, and a 2:1 shift worked by one worker shows as half of it;
- sleep-ins: nights (a night counts when someone worked it); disturbances are shown in minutes.

For pay (``payroll_rows``, per worker) every worker is paid for their own time: day hours are all
confirmed day-shift time (1:1 and 2:1), waking-night hours count in full, a sleep-in is paid as
the allowance plus its disturbance time. Paid hours = day + waking night + disturbances, and the
same figure is the "hours worked" from which irregular-hours staff accrue holiday (12.07%):
disturbance time is working time for pay, the rest of a sleep-in is not.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from fractions import Fraction

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from ownterms.leave.entitlement import irregular_hours_minutes
from ownterms.leave.selectors import is_irregular
from ownterms.people.models import CommissionedPackage, Person
from ownterms.rota.models import Assignment, Delivery, Disturbance, Shift, ShiftKind
from ownterms.staff.models import StaffMember

#: The kinds of support the delivered-hours page compares, in order.
DAY = "day"
TWO_TO_ONE = "two_to_one"
WAKING_NIGHT = "waking_night"
SLEEP_IN = "sleep_in"
KINDS: tuple[str, ...] = (DAY, TWO_TO_ONE, WAKING_NIGHT, SLEEP_IN)

#: The longest pay period the payroll page accepts.
MAX_PAY_PERIOD_DAYS = 62


def elapsed_minutes(start: dt.datetime, end: dt.datetime) -> int:
    """Real elapsed whole minutes (UTC arithmetic: right across a clock change)."""
    return int((end.astimezone(dt.UTC) - start.astimezone(dt.UTC)).total_seconds() // 60)


def kind_of(shift: Shift) -> str:
    """Which of ``KINDS`` a shift counts under (2:1 is a day shift for two workers)."""
    if shift.kind == ShiftKind.DAY:
        return TWO_TO_ONE if shift.headcount == 2 else DAY
    return str(shift.kind)


def delivery_minutes(delivery: Delivery) -> int:
    return elapsed_minutes(delivery.started_at, delivery.ended_at)


def disturbance_minutes(disturbances: Iterable[Disturbance]) -> int:
    return sum(elapsed_minutes(d.started_at, d.ended_at) for d in disturbances)


# Delivered hours per person per week ------------------------------------------------------


@dataclass(frozen=True)
class KindTotals:
    """One kind of support in one week. Minutes for day, 2:1 and waking night; nights for
    sleep-ins. ``commissioned`` is ``None`` when the person has no package that week."""

    kind: str
    delivered: int
    planned: int
    commissioned: int | None

    @property
    def is_nights(self) -> bool:
        return self.kind == SLEEP_IN


@dataclass(frozen=True)
class UnconfirmedShift:
    """A live assignment on a shift that has ended with no confirmation from that worker."""

    shift: Shift
    staff_member: StaffMember


@dataclass(frozen=True)
class PersonWeek:
    """What ``delivered_week`` returns for each person: ``kinds`` maps each of ``KINDS`` to
    its totals; ``disturbance_minutes`` is the sleep-in time woken to work that week."""

    person: Person
    monday: dt.date
    kinds: dict[str, KindTotals]
    disturbance_minutes: int
    unconfirmed: list[UnconfirmedShift] = field(default_factory=list)

    @property
    def has_package(self) -> bool:
        return any(totals.commissioned is not None for totals in self.kinds.values())


def _packages_on(person_ids: Sequence[int], day: dt.date) -> dict[int, CommissionedPackage]:
    """The package in force on ``day`` for each person, in one query (the same rule as
    ``people.selectors.package_on``: the latest started, unless it had ended by then)."""
    latest: dict[int, CommissionedPackage] = {}
    for package in CommissionedPackage.objects.filter(
        person_id__in=person_ids, starts_on__lte=day
    ).order_by("person_id", "-starts_on"):
        latest.setdefault(package.person_id, package)
    return {
        person_id: package
        for person_id, package in latest.items()
        if package.ends_on is None or package.ends_on > day
    }


def _commissioned(package: CommissionedPackage | None) -> dict[str, int | None]:
    if package is None:
        return dict.fromkeys(KINDS)
    return {
        DAY: package.day_minutes,
        TWO_TO_ONE: package.two_to_one_minutes,
        WAKING_NIGHT: package.waking_night_minutes,
        SLEEP_IN: package.sleep_in_nights,
    }


@dataclass(frozen=True)
class ShiftSupport:
    """One shift's support for the person, by the rules in the module docstring: exact
    minutes of support (a 2:1 worker's time is half), or nights for a sleep-in."""

    kind: str
    planned: Fraction
    delivered: Fraction


def shift_support(
    shift: Shift, assignments: Sequence[Assignment], deliveries: Sequence[Delivery]
) -> ShiftSupport:
    """The one counting rule shared by ``delivered_week`` and ``delivered_days``."""
    kind = kind_of(shift)
    if kind == SLEEP_IN:
        return ShiftSupport(
            kind, Fraction(1 if assignments else 0), Fraction(1 if deliveries else 0)
        )
    length = elapsed_minutes(shift.starts_at, shift.ends_at)
    share = Fraction(min(len(assignments), shift.headcount), shift.headcount)
    done = sum((Fraction(delivery_minutes(d), shift.headcount) for d in deliveries), Fraction())
    return ShiftSupport(kind, length * share, done)


def _week_shifts(person_ids: Sequence[int], first: dt.date, last: dt.date) -> QuerySet[Shift]:
    return (
        Shift.objects.filter(
            person_id__in=person_ids,
            on__gte=first,
            on__lte=last,
            status=Shift.Status.PLANNED,
        )
        .prefetch_related(
            Prefetch("assignments", queryset=Assignment.objects.select_related("staff_member")),
            Prefetch("deliveries", queryset=Delivery.objects.prefetch_related("disturbances")),
        )
        .order_by("starts_at", "pk")
    )


def delivered_week(
    person_ids: Sequence[int], monday: dt.date, *, now: dt.datetime | None = None
) -> dict[int, PersonWeek]:
    """For each person (by database id) the week from ``monday``: per kind, delivered
    (confirmed) against planned (live assignments on planned shifts) against commissioned
    (their package in force on the Monday), with the ended shifts still unconfirmed.

    The funding issue reads this: ``PersonWeek.kinds[kind]`` is a ``KindTotals`` whose
    numbers are minutes of support (nights for ``SLEEP_IN``); see the module docstring for
    how 2:1 time counts. Four queries whatever the number of people."""
    now = now or timezone.now()
    sunday = monday + dt.timedelta(days=6)
    people = {p.pk: p for p in Person.objects.filter(pk__in=person_ids).order_by("pk")}
    packages = _packages_on(list(people), monday)
    planned: dict[int, dict[str, Fraction]] = defaultdict(lambda: defaultdict(Fraction))
    delivered: dict[int, dict[str, Fraction]] = defaultdict(lambda: defaultdict(Fraction))
    disturbed: dict[int, int] = defaultdict(int)
    unconfirmed: dict[int, list[UnconfirmedShift]] = defaultdict(list)
    for shift in _week_shifts(list(people), monday, sunday):
        kind = kind_of(shift)
        assignments = list(shift.assignments.all())
        deliveries = list(shift.deliveries.all())
        counted = shift_support(shift, assignments, deliveries)
        planned[shift.person_id][kind] += counted.planned
        delivered[shift.person_id][kind] += counted.delivered
        for delivery in deliveries:
            disturbed[shift.person_id] += disturbance_minutes(delivery.disturbances.all())
        if shift.ends_at <= now:
            confirmed = {d.staff_member_id for d in deliveries}
            unconfirmed[shift.person_id] += [
                UnconfirmedShift(shift=shift, staff_member=a.staff_member)
                for a in assignments
                if a.staff_member_id not in confirmed
            ]
    weeks: dict[int, PersonWeek] = {}
    for person_id, person in people.items():
        commissioned = _commissioned(packages.get(person_id))
        weeks[person_id] = PersonWeek(
            person=person,
            monday=monday,
            kinds={
                kind: KindTotals(
                    kind=kind,
                    delivered=round(delivered[person_id][kind]),
                    planned=round(planned[person_id][kind]),
                    commissioned=commissioned[kind],
                )
                for kind in KINDS
            },
            disturbance_minutes=disturbed[person_id],
            unconfirmed=unconfirmed[person_id],
        )
    return weeks


@dataclass(frozen=True)
class DaySupport:
    """One person's support of one kind on one day (``Shift.on``): exact minutes of support
    (nights for ``SLEEP_IN``), planned (live assignments) and delivered (confirmed)."""

    person_id: int
    on: dt.date
    kind: str
    planned: Fraction
    delivered: Fraction


def delivered_days(
    person_ids: Sequence[int], first: dt.date, last: dt.date
) -> dict[tuple[int, dt.date, str], DaySupport]:
    """Support per (person id, day, kind) for days ``first`` to ``last`` with any planned or
    delivered support, counted like ``delivered_week`` but left exact (``Fraction``) so the
    caller rounds once where its own rule says (pricing rounds per day and kind, the week
    page per week). Three queries whatever the number of people and days."""
    planned: dict[tuple[int, dt.date, str], Fraction] = defaultdict(Fraction)
    delivered: dict[tuple[int, dt.date, str], Fraction] = defaultdict(Fraction)
    shifts = Shift.objects.filter(
        person_id__in=person_ids, on__gte=first, on__lte=last, status=Shift.Status.PLANNED
    ).prefetch_related("assignments", "deliveries")
    for shift in shifts:
        counted = shift_support(shift, list(shift.assignments.all()), list(shift.deliveries.all()))
        key = (shift.person_id, shift.on, counted.kind)
        planned[key] += counted.planned
        delivered[key] += counted.delivered
    return {
        key: DaySupport(key[0], key[1], key[2], planned[key], delivered[key])
        for key in sorted(planned, key=lambda k: (k[0], k[1], KINDS.index(k[2])))
    }


# Payroll -------------------------------------------------------------------------------


@dataclass(frozen=True)
class PayrollRow:
    """One worker's figures for a pay period (minutes; sleep-ins as a count)."""

    staff_member: StaffMember
    day_minutes: int
    waking_night_minutes: int
    sleep_ins: int
    disturbance_minutes: int
    unconfirmed_shifts: int
    irregular: bool

    @property
    def paid_minutes(self) -> int:
        return self.day_minutes + self.waking_night_minutes + self.disturbance_minutes

    @property
    def holiday_accrual_minutes(self) -> int | None:
        """12.07% of the hours worked, for irregular-hours staff only."""
        return irregular_hours_minutes(self.paid_minutes) if self.irregular else None


def payroll_rows(
    organisation_id: int, first: dt.date, last: dt.date, *, now: dt.datetime | None = None
) -> list[PayrollRow]:
    """One row per worker with confirmed or unconfirmed shifts on days ``first`` to ``last``,
    by name. Four queries whatever the size of the organisation."""
    now = now or timezone.now()
    in_period = Q(shift__organisation_id=organisation_id, shift__on__gte=first, shift__on__lte=last)
    figures: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    members: dict[int, StaffMember] = {}
    for delivery in (
        Delivery.objects.filter(in_period)
        .select_related("shift", "staff_member")
        .prefetch_related("disturbances")
    ):
        members[delivery.staff_member_id] = delivery.staff_member
        row = figures[delivery.staff_member_id]
        kind = delivery.shift.kind
        if kind == ShiftKind.SLEEP_IN:
            row["sleep_ins"] += 1
            row["disturbance"] += disturbance_minutes(delivery.disturbances.all())
        elif kind == ShiftKind.WAKING_NIGHT:
            row["waking_night"] += delivery_minutes(delivery)
        else:
            row["day"] += delivery_minutes(delivery)
    waiting = (
        Assignment.objects.filter(
            in_period, shift__status=Shift.Status.PLANNED, shift__ends_at__lte=now
        )
        .exclude(
            Exists(
                Delivery.objects.filter(
                    shift_id=OuterRef("shift_id"), staff_member_id=OuterRef("staff_member_id")
                )
            )
        )
        .values("staff_member_id")
        .annotate(count=Count("pk"))
    )
    unconfirmed = {item["staff_member_id"]: item["count"] for item in waiting}
    missing = set(unconfirmed) - set(members)
    for member in StaffMember.objects.filter(pk__in=missing):
        members[member.pk] = member
    rows = [
        PayrollRow(
            staff_member=member,
            day_minutes=figures[pk]["day"],
            waking_night_minutes=figures[pk]["waking_night"],
            sleep_ins=figures[pk]["sleep_ins"],
            disturbance_minutes=figures[pk]["disturbance"],
            unconfirmed_shifts=unconfirmed.get(pk, 0),
            irregular=is_irregular(member),
        )
        for pk, member in members.items()
    ]
    rows.sort(
        key=lambda r: (r.staff_member.last_name, r.staff_member.first_name, r.staff_member.pk)
    )
    return rows


# A worker's own shifts to confirm -------------------------------------------------------


def unconfirmed_for(
    staff_member: StaffMember, *, now: dt.datetime | None = None, since_days: int = 31
) -> QuerySet[Shift]:
    """The worker's live shifts that have ended in the last ``since_days`` days and that they
    have not confirmed, oldest first."""
    now = now or timezone.now()
    return (
        Shift.objects.filter(
            assignments__staff_member=staff_member,
            status=Shift.Status.PLANNED,
            ends_at__lte=now,
            ends_at__gte=now - dt.timedelta(days=since_days),
        )
        .exclude(deliveries__staff_member=staff_member)
        .select_related("person")
        .order_by("starts_at", "pk")
    )


def delivery_of(shift: Shift, staff_member: StaffMember) -> Delivery | None:
    return (
        Delivery.objects.filter(shift=shift, staff_member=staff_member)
        .prefetch_related("disturbances")
        .first()
    )


def assigned_members(shift: Shift) -> list[StaffMember]:
    return [
        a.staff_member
        for a in Assignment.objects.filter(shift=shift)
        .select_related("staff_member")
        .order_by("staff_member__first_name", "staff_member__last_name", "pk")
    ]
