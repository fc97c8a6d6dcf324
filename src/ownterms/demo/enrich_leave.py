"""The demo's availability and leave: a weekly pattern for every member of staff (most can work
any time, part-timers on some days, a few never at night), some exceptions, hours worked by
bank staff, approved leave this month and next, requests waiting and one sickness this week."""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from fractions import Fraction

from django.utils import timezone

from ownterms.core.models import Organisation
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

ALL_DAY = [(0, MINUTES_PER_DAY)]
NO_NIGHTS = [(7 * 60, 22 * 60)]
REASONS = ["Dentist", "Family wedding", "College course", "Child's school play", "Moving house"]
LEAVE_NOTES = ["Family holiday", "Visiting my parents", "Long weekend", "", "", "Festival"]


def _days(member: StaffMember, rng: random.Random) -> tuple[dict[int, list[tuple[int, int]]], str]:
    """A plausible weekly pattern for this member of staff, and its note."""
    roll = rng.random()
    if member.employment == StaffMember.Employment.PART_TIME:
        count = max(2, min(5, round(member.contract_minutes_per_week / (8 * 60))))
        chosen = sorted(rng.sample(range(7), count))
        start = rng.choice([7, 8, 9, 14])
        return {day: [(start * 60, min(24, start + 8) * 60)] for day in chosen}, "Part time"
    if member.employment == StaffMember.Employment.BANK:
        chosen = sorted(rng.sample(range(7), rng.randint(2, 5)))
        return {day: ALL_DAY if rng.random() < 0.5 else NO_NIGHTS for day in chosen}, "Bank"
    if roll < 0.12:
        return dict.fromkeys(range(7), NO_NIGHTS), "No nights"
    if roll < 0.18:
        return {key: [(7 * 60, 19 * 60)] for key in range(5)}, "Weekdays only (childcare)"
    return dict.fromkeys(range(7), ALL_DAY), ""


def enrich_leave(org: Organisation, rng: random.Random, today: date) -> dict[str, int]:
    staff = list(StaffMember.objects.filter(organisation=org).select_related("user").order_by("pk"))
    if not staff:
        return {}
    shapes = [_days(member, rng) for member in staff]
    patterns = AvailabilityPattern.objects.bulk_create(
        [
            AvailabilityPattern(
                organisation=org, staff_member=member, effective_from=member.starts_on, note=note
            )
            for member, (_days_of, note) in zip(staff, shapes, strict=True)
        ]
    )
    ranges = [
        AvailabilityRange(pattern=pattern, weekday=day, start_minute=start, end_minute=end)
        for pattern, (days, _note) in zip(patterns, shapes, strict=True)
        for day, day_ranges in days.items()
        for start, end in day_ranges
    ]
    AvailabilityRange.objects.bulk_create(ranges)

    per_week: dict[int, Fraction] = {}
    terms = []
    for member, (days, _note) in zip(staff, shapes, strict=True):
        if member.employment == StaffMember.Employment.PART_TIME:
            per_week[member.pk] = Fraction(len(days))
            terms.append(
                LeaveTerms(organisation=org, staff_member=member, days_per_week=Decimal(len(days)))
            )
        else:
            per_week[member.pk] = Fraction(5)
    LeaveTerms.objects.bulk_create(terms)

    exceptions = []
    for member in rng.sample(staff, min(len(staff), 25)):
        on = today + timedelta(days=rng.randint(-10, 30))
        exceptions.append(
            AvailabilityException(
                organisation=org,
                staff_member=member,
                on=on,
                available=False,
                start_minute=None if rng.random() < 0.6 else 9 * 60,
                reason=rng.choice(REASONS),
            )
        )
        last = exceptions[-1]
        if last.start_minute is not None:
            last.end_minute = 13 * 60
    AvailabilityException.objects.bulk_create(exceptions)

    year = entitlement.leave_year_containing(today)
    worked = []
    for member in staff:
        if member.employment != StaffMember.Employment.BANK:
            continue
        month_start = max(year.starts_on, member.starts_on.replace(day=1))
        while month_start.replace(day=28) + timedelta(days=4) <= today:
            next_month = (month_start.replace(day=28) + timedelta(days=4)).replace(day=1)
            worked.append(
                WorkedHours(
                    organisation=org,
                    staff_member=member,
                    starts_on=month_start,
                    ends_on=next_month - timedelta(days=1),
                    minutes=rng.randint(30, 130) * 60,
                )
            )
            month_start = next_month
    WorkedHours.objects.bulk_create(worked)

    managers = [m for m in staff if m.job_title == "Service manager"] or staff[:1]
    approver = managers[0].user
    now = timezone.make_aware(datetime.combine(today, time(9)))
    fixed = [m for m in staff if m.employment != StaffMember.Employment.BANK]
    chosen = rng.sample(fixed, min(len(fixed), 36))
    leave = []

    def add(member: StaffMember, kind: str, first: date, length: int, status: str) -> None:
        last = first + timedelta(days=length - 1)
        days = entitlement.leave_days(first, last, days_per_week=per_week[member.pk])
        day = entitlement.day_minutes(member.contract_minutes_per_week, per_week[member.pk])
        decided = status != LeaveRequest.Status.REQUESTED
        leave.append(
            LeaveRequest(
                organisation=org,
                staff_member=member,
                kind=kind,
                starts_on=first,
                ends_on=last,
                minutes=entitlement.ceil_minutes(days * day),
                note=rng.choice(LEAVE_NOTES) if kind == LeaveRequest.Kind.ANNUAL else "",
                status=status,
                requested_by=member.user if kind != LeaveRequest.Kind.SICKNESS else approver,
                decided_by=approver if decided else None,
                decided_at=now if decided else None,
            )
        )

    month_start = today.replace(day=1)
    for index, member in enumerate(chosen):
        if index == 0:
            add(
                member,
                LeaveRequest.Kind.SICKNESS,
                today - timedelta(days=today.weekday()),
                3,
                LeaveRequest.Status.APPROVED,
            )
        elif index < 7:
            first = today + timedelta(days=rng.randint(14, 70))
            add(
                member,
                LeaveRequest.Kind.ANNUAL,
                first,
                rng.choice([1, 3, 5, 7]),
                LeaveRequest.Status.REQUESTED,
            )
        elif index < 10:
            first = today + timedelta(days=rng.randint(3, 40))
            add(member, LeaveRequest.Kind.TRAINING, first, 1, LeaveRequest.Status.APPROVED)
        else:
            first = month_start + timedelta(days=rng.randint(0, 58))
            add(
                member,
                LeaveRequest.Kind.ANNUAL,
                first,
                rng.choice([2, 5, 7, 7, 14]),
                LeaveRequest.Status.APPROVED,
            )
    LeaveRequest.objects.bulk_create(leave)
    return {
        "availability patterns": len(patterns),
        "availability exceptions": len(exceptions),
        "leave requests": len(leave),
        "worked hours periods": len(worked),
    }
