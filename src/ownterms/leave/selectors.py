"""Reading availability and leave, and the one function the rota engine adapter will call:
``unavailable_intervals``."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from fractions import Fraction

from django.db.models import Prefetch, QuerySet, Sum

from ownterms.core.models import Organisation
from ownterms.core.selectors import setting
from ownterms.leave import entitlement
from ownterms.leave.models import (
    MINUTES_PER_DAY,
    AvailabilityException,
    AvailabilityPattern,
    AvailabilityRange,
    LeaveRequest,
    LeaveTerms,
    WorkedHours,
)
from ownterms.staff.models import StaffMember

LONDON = zoneinfo.ZoneInfo("Europe/London")

Interval = tuple[dt.datetime, dt.datetime]
MinuteRange = tuple[int, int]


def leave_year_start_month(organisation: Organisation) -> int:
    """The month the organisation's leave year starts in (an organisation setting; April)."""
    return setting(organisation, "working_time.leave_year_start_month")


# Availability -----------------------------------------------------------------------------


def patterns_of(staff_member: StaffMember) -> QuerySet[AvailabilityPattern]:
    """Every pattern, newest start first, with its ranges and who saved it."""
    return (
        AvailabilityPattern.objects.filter(staff_member=staff_member)
        .select_related("created_by")
        .prefetch_related(
            Prefetch(
                "ranges", queryset=AvailabilityRange.objects.order_by("weekday", "start_minute")
            )
        )
    )


def pattern_in_force(
    patterns: Iterable[AvailabilityPattern], day: dt.date
) -> AvailabilityPattern | None:
    """The pattern applying on ``day``: the latest start on or before it (newest saved wins)."""
    best: AvailabilityPattern | None = None
    for pattern in patterns:
        if pattern.effective_from > day:
            continue
        if best is None or (pattern.effective_from, pattern.created_at, pattern.pk) > (
            best.effective_from,
            best.created_at,
            best.pk,
        ):
            best = pattern
    return best


def week_of(pattern: AvailabilityPattern | None) -> list[list[AvailabilityRange]]:
    """The pattern's ranges by weekday (Monday first)."""
    days: list[list[AvailabilityRange]] = [[] for _ in range(7)]
    if pattern is not None:
        for item in pattern.ranges.all():
            days[item.weekday].append(item)
    return days


def exceptions_of(
    staff_member: StaffMember, *, since: dt.date | None = None
) -> QuerySet[AvailabilityException]:
    rows = AvailabilityException.objects.filter(staff_member=staff_member)
    if since is not None:
        rows = rows.filter(on__gte=since)
    return rows.order_by("on", "start_minute")


def _subtract(ranges: list[MinuteRange], cut: MinuteRange) -> list[MinuteRange]:
    out: list[MinuteRange] = []
    for start, end in ranges:
        if cut[1] <= start or end <= cut[0]:
            out.append((start, end))
            continue
        if start < cut[0]:
            out.append((start, cut[0]))
        if cut[1] < end:
            out.append((cut[1], end))
    return out


def _union(ranges: list[MinuteRange]) -> list[MinuteRange]:
    merged: list[MinuteRange] = []
    for start, end in sorted(ranges):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def _leave_minutes(leave: LeaveRequest, day: dt.date) -> MinuteRange:
    """The part of ``day`` an approved leave takes: all of it, or the morning (until 12:00)
    or the afternoon (from 12:00) at a half-day end."""
    start, end = 0, MINUTES_PER_DAY
    if day == leave.starts_on and leave.half_day_start:
        start = MINUTES_PER_DAY // 2
    if day == leave.ends_on and leave.half_day_end:
        end = MINUTES_PER_DAY // 2
    return start, end


def _exists(wall: dt.datetime) -> bool:
    return wall.astimezone(dt.UTC).astimezone(LONDON).replace(tzinfo=None) == wall.replace(
        tzinfo=None
    )


def _local(day: dt.date, minute: int) -> dt.datetime:
    """Wall-clock time ``minute`` minutes after midnight on ``day`` in London, as UTC; 24:00 is
    the next midnight. A time that doesn't exist (01:00-02:00 on the day the clocks go forward)
    is read as the first real time after it; a time that happens twice (when they go back) is
    its first occurrence."""
    day = day + dt.timedelta(days=minute // MINUTES_PER_DAY)
    minute %= MINUTES_PER_DAY
    wall = dt.datetime.combine(day, dt.time(minute // 60, minute % 60), tzinfo=LONDON)
    steps = 0
    while not _exists(wall) and steps < 24 * 60:
        wall += dt.timedelta(minutes=1)  # aware + timedelta keeps the wall clock
        steps += 1
    return wall.astimezone(dt.UTC)


def available_minutes(
    day: dt.date,
    *,
    pattern: AvailabilityPattern | None,
    exceptions: Iterable[AvailabilityException],
    leave: Iterable[LeaveRequest],
    employed: bool,
) -> list[MinuteRange]:
    """When the worker is available on ``day``, in minutes from midnight."""
    if not employed:
        return []
    if pattern is None:
        ranges: list[MinuteRange] = []
    else:
        ranges = [
            (item.start_minute, item.end_minute)
            for item in pattern.ranges.all()
            if item.weekday == day.weekday()
        ]
    extra: list[MinuteRange] = []
    for exception in exceptions:
        if exception.available:
            extra.append(exception.minutes())
        else:
            ranges = _subtract(ranges, exception.minutes())
    ranges = _union(ranges + extra)
    for item in leave:
        ranges = _subtract(ranges, _leave_minutes(item, day))
    return ranges


def unavailable_intervals(
    staff_member: StaffMember, start: dt.datetime, end: dt.datetime
) -> list[Interval]:
    """The times between ``start`` and ``end`` when the worker can't be rostered, as
    (start, end) pairs of aware datetimes in Europe/London, in order and never touching.

    Unavailable means: outside their weekly pattern (as changed by exceptions), on approved
    leave, or outside their contract. Days are wall-clock days in London, so across a clock
    change an unavailable day lasts 23 or 25 real hours. No pattern means never available.
    (Python subtracts two datetimes of one zone by their wall clocks: convert to UTC before
    measuring a duration.)
    """
    return unavailable_intervals_of([staff_member], start, end)[staff_member.pk]


def unavailable_intervals_of(
    staff: Iterable[StaffMember], start: dt.datetime, end: dt.datetime
) -> dict[int, list[Interval]]:
    """``unavailable_intervals`` for each of ``staff`` (by ``pk``) in four queries, however
    many workers."""
    if start.tzinfo is None or end.tzinfo is None:
        raise ValueError("start and end must be timezone-aware")
    members = list(staff)
    if end <= start or not members:
        return {member.pk: [] for member in members}
    first = start.astimezone(LONDON).date()
    last = end.astimezone(LONDON).date()
    patterns: dict[int, list[AvailabilityPattern]] = defaultdict(list)
    for pattern in (
        AvailabilityPattern.objects.filter(staff_member__in=members)
        .select_related("created_by")
        .prefetch_related(
            Prefetch(
                "ranges", queryset=AvailabilityRange.objects.order_by("weekday", "start_minute")
            )
        )
    ):
        patterns[pattern.staff_member_id].append(pattern)
    exceptions: dict[int, dict[dt.date, list[AvailabilityException]]] = defaultdict(
        lambda: defaultdict(list)
    )
    for exception in AvailabilityException.objects.filter(
        staff_member__in=members, on__gte=first, on__lte=last
    ):
        exceptions[exception.staff_member_id][exception.on].append(exception)
    leaves: dict[int, list[LeaveRequest]] = defaultdict(list)
    for leave in LeaveRequest.objects.filter(
        staff_member__in=members,
        status=LeaveRequest.Status.APPROVED,
        starts_on__lte=last,
        ends_on__gte=first,
    ):
        leaves[leave.staff_member_id].append(leave)
    return {
        member.pk: _unavailable(
            member,
            start,
            end,
            patterns=patterns.get(member.pk, []),
            exceptions=exceptions.get(member.pk, {}),
            leaves=leaves.get(member.pk, []),
        )
        for member in members
    }


def _unavailable(
    staff_member: StaffMember,
    start: dt.datetime,
    end: dt.datetime,
    *,
    patterns: list[AvailabilityPattern],
    exceptions: dict[dt.date, list[AvailabilityException]],
    leaves: list[LeaveRequest],
) -> list[Interval]:
    first = start.astimezone(LONDON).date()
    last = end.astimezone(LONDON).date()
    busy: list[tuple[dt.datetime, dt.datetime]] = []
    day = first
    while day <= last:
        employed = staff_member.starts_on <= day and (
            staff_member.ends_on is None or day < staff_member.ends_on
        )
        free = available_minutes(
            day,
            pattern=pattern_in_force(patterns, day),
            exceptions=exceptions.get(day, ()),
            leave=[item for item in leaves if item.starts_on <= day <= item.ends_on],
            employed=employed,
        )
        for gap in _gaps(free):
            begins, ends = _local(day, gap[0]), _local(day, gap[1])
            if begins < ends:
                busy.append((begins, ends))
        day += dt.timedelta(days=1)
    merged: list[tuple[dt.datetime, dt.datetime]] = []
    for begins, ends in busy:
        if merged and begins <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], ends))
        else:
            merged.append((begins, ends))
    clipped = [
        (max(begins, start), min(ends, end))
        for begins, ends in merged
        if ends > start and begins < end
    ]
    return [(b.astimezone(LONDON), e.astimezone(LONDON)) for b, e in clipped if b < e]


def _gaps(free: list[MinuteRange]) -> list[MinuteRange]:
    return _subtract_all([(0, MINUTES_PER_DAY)], free)


def _subtract_all(ranges: list[MinuteRange], cuts: Iterable[MinuteRange]) -> list[MinuteRange]:
    for cut in cuts:
        ranges = _subtract(ranges, cut)
    return ranges


# Leave ------------------------------------------------------------------------------------


def leave_of(staff_member: StaffMember) -> QuerySet[LeaveRequest]:
    return (
        LeaveRequest.objects.filter(staff_member=staff_member)
        .select_related("decided_by", "requested_by")
        .order_by("-starts_on", "-pk")
    )


def days_per_week(staff_member: StaffMember) -> Fraction:
    terms = LeaveTerms.objects.filter(staff_member=staff_member).first()
    return Fraction(terms.days_per_week) if terms is not None else Fraction(5)


def is_irregular(staff_member: StaffMember) -> bool:
    """Bank workers (and anyone without set weekly hours) accrue 12.07% of hours worked."""
    return (
        staff_member.employment == StaffMember.Employment.BANK
        or staff_member.contract_minutes_per_week == 0
    )


@dataclass(frozen=True)
class EntitlementView:
    year: entitlement.LeaveYear
    irregular: bool
    days_per_week: Fraction
    balance: entitlement.Balance
    worked_minutes: int
    days_employed: int


def balance_of(
    staff_member: StaffMember, *, today: dt.date, start_month: int | None = None
) -> EntitlementView:
    """The worker's entitlement for the leave year containing ``today``; taken is approved
    annual leave that has ended, booked is approved annual leave still to come, waiting is
    annual leave not yet decided. Leave counts in the leave year it starts in."""
    month = start_month or leave_year_start_month(staff_member.organisation)
    year = entitlement.leave_year_containing(today, month)
    per_week = days_per_week(staff_member)
    irregular = is_irregular(staff_member)
    days_employed = entitlement.employed_days(year, staff_member.starts_on, staff_member.ends_on)
    worked = 0
    if irregular:
        worked = (
            WorkedHours.objects.filter(
                staff_member=staff_member,
                starts_on__gte=year.starts_on,
                starts_on__lt=year.ends_on,
            ).aggregate(total=Sum("minutes"))["total"]
            or 0
        )
        allowed = entitlement.irregular_hours_minutes(worked)
        day = Fraction(0)
    else:
        allowed = entitlement.fixed_hours_minutes(
            weekly_minutes=staff_member.contract_minutes_per_week,
            days_per_week=per_week,
            days_employed=days_employed,
            days_in_year=year.days,
        )
        day = entitlement.day_minutes(staff_member.contract_minutes_per_week, per_week)
    taken = booked = waiting = 0
    for leave in LeaveRequest.objects.filter(
        staff_member=staff_member,
        kind=LeaveRequest.Kind.ANNUAL,
        status__in=LeaveRequest.ACTIVE,
        starts_on__gte=year.starts_on,
        starts_on__lt=year.ends_on,
    ).only("status", "ends_on", "minutes"):
        if leave.status == LeaveRequest.Status.REQUESTED:
            waiting += leave.minutes
        elif leave.ends_on < today:
            taken += leave.minutes
        else:
            booked += leave.minutes
    return EntitlementView(
        year=year,
        irregular=irregular,
        days_per_week=per_week,
        balance=entitlement.Balance(
            entitlement=allowed, taken=taken, booked=booked, waiting=waiting, day_minutes=day
        ),
        worked_minutes=worked,
        days_employed=days_employed,
    )


def worked_hours_of(staff_member: StaffMember) -> QuerySet[WorkedHours]:
    return WorkedHours.objects.filter(staff_member=staff_member).order_by("-starts_on")


def waiting_for_approval(organisation_id: int) -> QuerySet[LeaveRequest]:
    return (
        LeaveRequest.objects.filter(
            organisation_id=organisation_id, status=LeaveRequest.Status.REQUESTED
        )
        .select_related("staff_member")
        .order_by("starts_on", "pk")
    )


def off_between(organisation_id: int, first: dt.date, last: dt.date) -> QuerySet[LeaveRequest]:
    """Approved leave of anyone in the organisation on any day from ``first`` to ``last``."""
    return (
        LeaveRequest.objects.filter(
            organisation_id=organisation_id,
            status=LeaveRequest.Status.APPROVED,
            starts_on__lte=last,
            ends_on__gte=first,
        )
        .select_related("staff_member")
        .order_by("starts_on", "staff_member__first_name", "pk")
    )
