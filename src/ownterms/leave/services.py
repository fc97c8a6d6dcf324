"""Changing availability and leave. Every write is validated here (forms and the API go through
the same functions), runs in one transaction and is audited inside it.

Staff records are not about a person supported, so audit events carry ``person=None``.
Overlap checks lock the staff member's row first, so two requests sent at once cannot both pass.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Mapping, Sequence
from decimal import Decimal
from fractions import Fraction

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from ownterms.accounts.models import User
from ownterms.audit.services import create_audited, field_changes, record_change
from ownterms.core.tenancy import check_same_organisation
from ownterms.leave import entitlement, selectors
from ownterms.leave.models import (
    DASH,
    MINUTES_PER_DAY,
    AvailabilityException,
    AvailabilityPattern,
    AvailabilityRange,
    LeaveRequest,
    LeaveTerms,
    WorkedHours,
    clock,
)
from ownterms.lib.dates import check_end_not_before_start
from ownterms.staff.models import StaffMember

#: Form and API field names of the weekdays, Monday first.
WEEKDAY_FIELDS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MAX_RANGES_PER_DAY = 6

Ranges = Sequence[tuple[int, int]]


def _lock(staff_member: StaffMember) -> StaffMember:
    return StaffMember.objects.select_for_update().get(pk=staff_member.pk)


def check_ranges(field: str, ranges: Ranges) -> list[tuple[int, int]]:
    """One day's time ranges, sorted; raises a ``ValidationError`` on ``field`` when a range
    is outside 00:00-24:00, ends before it starts, or overlaps another."""
    if len(ranges) > MAX_RANGES_PER_DAY:
        raise ValidationError(
            {field: _("Enter at most %(n)s time ranges a day.") % {"n": MAX_RANGES_PER_DAY}}
        )
    checked: list[tuple[int, int]] = []
    for start, end in ranges:
        if not (0 <= start < MINUTES_PER_DAY and 0 < end <= MINUTES_PER_DAY):
            raise ValidationError({field: _("Times must be between 00:00 and 24:00.")})
        if end <= start:
            raise ValidationError(
                {
                    field: _(
                        "%(start)s to %(end)s ends before it starts. A range cannot cross "
                        "midnight: enter it as two ranges, on this day until 24:00 and on "
                        "the next from 00:00."
                    )
                    % {"start": clock(start), "end": clock(end)}
                }
            )
        checked.append((start, end))
    checked.sort()
    for (start_a, end_a), (start_b, end_b) in itertools.pairwise(checked):
        if start_b < end_a:
            raise ValidationError(
                {
                    field: _("%(a)s overlaps %(b)s.")
                    % {
                        "a": f"{clock(start_a)}{DASH}{clock(end_a)}",
                        "b": f"{clock(start_b)}{DASH}{clock(end_b)}",
                    }
                }
            )
    return checked


def _pattern_text(days: Mapping[int, Ranges]) -> dict[str, str]:
    text = {}
    for weekday, name in enumerate(WEEKDAY_FIELDS):
        ranges = days.get(weekday, ())
        text[name] = ", ".join(f"{clock(s)}{DASH}{clock(e)}" for s, e in ranges) or "not available"
    return text


@transaction.atomic
def set_availability_pattern(
    *,
    actor: User,
    staff_member: StaffMember,
    effective_from: dt.date,
    days: Mapping[int, Ranges],
    note: str = "",
) -> AvailabilityPattern:
    """Saves a new weekly pattern, in force from ``effective_from`` (the earlier one stays as
    history). ``days`` maps weekday (0 = Monday) to time ranges in minutes; a day missing or
    empty is "not available"."""
    check_same_organisation(actor, staff_member)
    unknown = set(days) - set(range(7))
    if unknown:
        raise ValidationError({"days": _("Weekdays are 0 (Monday) to 6 (Sunday).")})
    checked = {
        weekday: check_ranges(WEEKDAY_FIELDS[weekday], ranges) for weekday, ranges in days.items()
    }
    member = _lock(staff_member)
    previous = (
        AvailabilityPattern.objects.filter(staff_member=member, effective_from__lte=effective_from)
        .prefetch_related("ranges")
        .first()
    )
    pattern = AvailabilityPattern(
        organisation_id=member.organisation_id,
        staff_member=member,
        effective_from=effective_from,
        note=note,
        created_by=actor,
    )
    pattern.full_clean()
    pattern.save()
    AvailabilityRange.objects.bulk_create(
        [
            AvailabilityRange(pattern=pattern, weekday=weekday, start_minute=s, end_minute=e)
            for weekday, ranges in sorted(checked.items())
            for s, e in ranges
        ]
    )
    old_days: dict[int, list[tuple[int, int]]] = {}
    if previous is not None:
        for item in previous.ranges.all():
            old_days.setdefault(item.weekday, []).append((item.start_minute, item.end_minute))
    changes = field_changes(None, pattern, fields=("effective_from", "note", "staff_member"))
    changes.update(field_changes(_pattern_text(old_days), _pattern_text(checked)))
    record_change(
        actor=actor,
        organisation=member.organisation,
        action="availability.set",
        obj=pattern,
        person=None,
        changes=changes,
    )
    return pattern


@transaction.atomic
def add_availability_exception(
    *,
    actor: User,
    staff_member: StaffMember,
    on: dt.date,
    available: bool,
    start_minute: int | None = None,
    end_minute: int | None = None,
    reason: str = "",
) -> AvailabilityException:
    """Records that on ``on`` the worker is (or is not) available, all day or between two
    times. Past dates are allowed (to record what happened); pages warn about them."""
    check_same_organisation(actor, staff_member)
    if (start_minute is None) != (end_minute is None):
        raise ValidationError(
            {
                "end_minute" if end_minute is None else "start_minute": _(
                    "Enter both a start and an end time, or neither for the whole day."
                )
            }
        )
    window = (0, MINUTES_PER_DAY)
    if start_minute is not None and end_minute is not None:
        window = check_ranges("end_minute", [(start_minute, end_minute)])[0]
    member = _lock(staff_member)
    for other in AvailabilityException.objects.filter(staff_member=member, on=on):
        other_start, other_end = other.minutes()
        if window[0] < other_end and other_start < window[1]:
            raise ValidationError(
                {
                    "on": _("There is already an exception on %(day)s %(times)s.")
                    % {
                        "day": date_format(on, "j F Y"),
                        "times": other.times or _("for the whole day"),
                    }
                }
            )
    exception = AvailabilityException(
        organisation_id=member.organisation_id,
        staff_member=member,
        on=on,
        available=available,
        start_minute=start_minute,
        end_minute=end_minute,
        reason=reason,
        created_by=actor,
    )
    return create_audited(
        actor=actor,
        organisation=member.organisation,
        action="availability.exception_add",
        obj=exception,
        person=None,
        fields=("staff_member", "on", "available", "start_minute", "end_minute", "reason"),
    )


@transaction.atomic
def remove_availability_exception(*, actor: User, exception: AvailabilityException) -> None:
    check_same_organisation(actor, exception)
    record_change(
        actor=actor,
        organisation=exception.organisation,
        action="availability.exception_remove",
        obj=exception,
        person=None,
        changes=field_changes(
            exception,
            None,
            fields=("staff_member", "on", "available", "start_minute", "end_minute", "reason"),
        ),
    )
    exception.delete()


def default_minutes(
    staff_member: StaffMember,
    starts_on: dt.date,
    ends_on: dt.date,
    *,
    half_day_start: bool,
    half_day_end: bool,
    per_week: Fraction | None = None,
) -> int:
    """The working time a leave covers when nobody entered hours: its working days (see
    ``entitlement.leave_days``) times the worker's average day."""
    if per_week is None:
        per_week = selectors.days_per_week(staff_member)
    days = entitlement.leave_days(
        starts_on,
        ends_on,
        days_per_week=per_week,
        half_day_start=half_day_start,
        half_day_end=half_day_end,
    )
    return entitlement.ceil_minutes(
        days * entitlement.day_minutes(staff_member.contract_minutes_per_week, per_week)
    )


def _describe(leave: LeaveRequest) -> str:
    first = date_format(leave.starts_on, "j F Y")
    if leave.ends_on == leave.starts_on:
        dates = first
    else:
        dates = _("%(first)s to %(last)s") % {
            "first": first,
            "last": date_format(leave.ends_on, "j F Y"),
        }
    return _("%(kind)s, %(dates)s (%(status)s)") % {
        "kind": leave.get_kind_display(),
        "dates": dates,
        "status": leave.get_status_display().lower(),
    }


def _shares_a_day_cleanly(a: LeaveRequest, b: LeaveRequest) -> bool:
    """Two leaves that meet on one day, the earlier taking its morning, the later its
    afternoon."""

    def meets(first: LeaveRequest, second: LeaveRequest) -> bool:
        return first.ends_on == second.starts_on and first.half_day_end and second.half_day_start

    return meets(a, b) or meets(b, a)


def _check_no_overlap(leave: LeaveRequest) -> None:
    others = LeaveRequest.objects.filter(
        staff_member_id=leave.staff_member_id,
        status__in=LeaveRequest.ACTIVE,
        starts_on__lte=leave.ends_on,
        ends_on__gte=leave.starts_on,
    ).exclude(pk=leave.pk)
    for other in others.order_by("starts_on"):
        if _shares_a_day_cleanly(leave, other):
            continue
        raise ValidationError(
            {"starts_on": _("This overlaps other leave: %(other)s.") % {"other": _describe(other)}}
        )


def _check_leave(leave: LeaveRequest) -> None:
    if leave.ends_on < leave.starts_on:
        raise ValidationError({"ends_on": _("The last day must be on or after the first day.")})
    if leave.ends_on == leave.starts_on and leave.half_day_start and leave.half_day_end:
        raise ValidationError(
            {
                "half_day_end": _(
                    "Leave for one day can be the morning or the afternoon, not both halves."
                )
            }
        )
    if (leave.ends_on - leave.starts_on).days > 366:
        raise ValidationError({"ends_on": _("Leave can be at most a year at a time.")})
    member = leave.staff_member
    if leave.starts_on < member.starts_on or (
        member.ends_on is not None and leave.ends_on >= member.ends_on
    ):
        raise ValidationError(
            {"starts_on": _("The leave must fall within the worker's contract dates.")}
        )


@transaction.atomic
def request_leave(
    *,
    actor: User,
    staff_member: StaffMember,
    kind: str,
    starts_on: dt.date,
    ends_on: dt.date,
    half_day_start: bool = False,
    half_day_end: bool = False,
    minutes: int | None = None,
    note: str = "",
    approve: bool = False,
) -> LeaveRequest:
    """Records a leave request (``approve``: approved at once, as when a manager records
    sickness). Refuses dates in the wrong order and overlaps with the worker's other leave."""
    check_same_organisation(actor, staff_member)
    if kind not in LeaveRequest.Kind.values:
        raise ValidationError({"kind": _("Choose a kind of leave from the list.")})
    member = _lock(staff_member)
    leave = LeaveRequest(
        organisation_id=member.organisation_id,
        staff_member=member,
        kind=kind,
        starts_on=starts_on,
        ends_on=ends_on,
        half_day_start=half_day_start,
        half_day_end=half_day_end,
        note=note,
        requested_by=actor,
        minutes=0,
    )
    _check_leave(leave)
    most = (
        entitlement.leave_days(
            starts_on,
            ends_on,
            days_per_week=Fraction(7),
            half_day_start=half_day_start,
            half_day_end=half_day_end,
        )
        * MINUTES_PER_DAY
    )
    if minutes is None:
        if kind == LeaveRequest.Kind.ANNUAL and member.contract_minutes_per_week == 0:
            raise ValidationError(
                {"minutes": _("This worker has no set hours: enter the hours the leave covers.")}
            )
        leave.minutes = default_minutes(
            member, starts_on, ends_on, half_day_start=half_day_start, half_day_end=half_day_end
        )
    elif minutes < 0 or minutes > most:
        raise ValidationError(
            {"minutes": _("The hours must be between 0 and the length of the leave.")}
        )
    else:
        leave.minutes = minutes
    _check_no_overlap(leave)
    if approve:
        leave.status = LeaveRequest.Status.APPROVED
        leave.decided_by = actor
        leave.decided_at = timezone.now()
    return create_audited(
        actor=actor,
        organisation=member.organisation,
        action="leave.request" if not approve else "leave.record",
        obj=leave,
        person=None,
        fields=(
            "staff_member",
            "kind",
            "starts_on",
            "ends_on",
            "half_day_start",
            "half_day_end",
            "minutes",
            "note",
            "status",
            "decided_by",
        ),
    )


def _decide(
    *,
    actor: User,
    leave: LeaveRequest,
    to: str,
    allowed_from: Sequence[str],
    action: str,
    reason: str = "",
) -> LeaveRequest:
    check_same_organisation(actor, leave)
    _lock(leave.staff_member)
    locked = LeaveRequest.objects.select_related("staff_member").get(pk=leave.pk)
    if locked.status not in allowed_from:
        raise ValidationError(
            {
                "status": _("This leave is %(status)s already; it cannot be changed that way.")
                % {"status": locked.get_status_display().lower()}
            }
        )
    old = {"status": locked.status, "decision_reason": locked.decision_reason}
    if to == LeaveRequest.Status.APPROVED:
        _check_no_overlap(locked)
    locked.status = to
    if to != LeaveRequest.Status.CANCELLED:
        locked.decided_by = actor
        locked.decided_at = timezone.now()
        locked.decision_reason = reason
    locked.save()
    record_change(
        actor=actor,
        organisation=locked.organisation,
        action=action,
        obj=locked,
        person=None,
        changes=field_changes(
            old,
            {"status": locked.status, "decision_reason": locked.decision_reason},
            private=("decision_reason",),
        ),
    )
    return locked


@transaction.atomic
def approve_leave(*, actor: User, leave: LeaveRequest) -> LeaveRequest:
    return _decide(
        actor=actor,
        leave=leave,
        to=LeaveRequest.Status.APPROVED,
        allowed_from=(LeaveRequest.Status.REQUESTED,),
        action="leave.approve",
    )


@transaction.atomic
def decline_leave(*, actor: User, leave: LeaveRequest, reason: str) -> LeaveRequest:
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the leave is declined.")})
    if len(reason) > 500:
        raise ValidationError({"reason": _("The reason must be 500 characters or fewer.")})
    return _decide(
        actor=actor,
        leave=leave,
        to=LeaveRequest.Status.DECLINED,
        allowed_from=(LeaveRequest.Status.REQUESTED,),
        action="leave.decline",
        reason=reason,
    )


@transaction.atomic
def cancel_leave(*, actor: User, leave: LeaveRequest) -> LeaveRequest:
    return _decide(
        actor=actor,
        leave=leave,
        to=LeaveRequest.Status.CANCELLED,
        allowed_from=LeaveRequest.ACTIVE,
        action="leave.cancel",
    )


@transaction.atomic
def set_leave_terms(
    *, actor: User, staff_member: StaffMember, days_per_week: Decimal
) -> LeaveTerms:
    check_same_organisation(actor, staff_member)
    if not Decimal("0.5") <= days_per_week <= 7 or days_per_week * 2 % 1:
        raise ValidationError(
            {"days_per_week": _("Enter a number of days from 0.5 to 7, in half days.")}
        )
    member = _lock(staff_member)
    terms = LeaveTerms.objects.filter(staff_member=member).first()
    old = {"days_per_week": terms.days_per_week if terms else None}
    if terms is None:
        terms = LeaveTerms(organisation_id=member.organisation_id, staff_member=member)
    terms.days_per_week = days_per_week
    terms.full_clean()
    terms.save()
    changes = field_changes(old, {"days_per_week": days_per_week})
    if changes:
        record_change(
            actor=actor,
            organisation=member.organisation,
            action="leave.terms",
            obj=terms,
            person=None,
            changes=changes,
        )
    return terms


@transaction.atomic
def record_worked_hours(
    *,
    actor: User | None,
    staff_member: StaffMember,
    starts_on: dt.date,
    ends_on: dt.date,
    minutes: int,
    source: str = WorkedHours.Source.MANUAL,
) -> WorkedHours:
    """Hours an irregular-hours worker worked in a period (the seam the rota will use)."""
    if actor is not None:
        check_same_organisation(actor, staff_member)
    check_end_not_before_start(starts_on, ends_on)
    if not 0 <= minutes <= ((ends_on - starts_on).days + 1) * MINUTES_PER_DAY:
        raise ValidationError(
            {"minutes": _("The hours worked must be between 0 and the length of the period.")}
        )
    member = _lock(staff_member)
    clash = WorkedHours.objects.filter(
        staff_member=member, starts_on__lte=ends_on, ends_on__gte=starts_on
    ).first()
    if clash is not None:
        raise ValidationError(
            {
                "starts_on": _("Hours are already recorded from %(first)s to %(last)s.")
                % {
                    "first": date_format(clash.starts_on, "j F Y"),
                    "last": date_format(clash.ends_on, "j F Y"),
                }
            }
        )
    row = WorkedHours(
        organisation_id=member.organisation_id,
        staff_member=member,
        starts_on=starts_on,
        ends_on=ends_on,
        minutes=minutes,
        source=source,
        created_by=actor,
    )
    return create_audited(
        actor=actor,
        organisation=member.organisation,
        action="leave.worked_hours",
        obj=row,
        person=None,
        fields=("staff_member", "starts_on", "ends_on", "minutes", "source"),
    )
