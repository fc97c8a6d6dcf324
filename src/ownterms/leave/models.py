"""Availability (a weekly pattern with dated exceptions) and leave of members of staff.

Times of day are stored as minutes from midnight (0 to 1440), so "until midnight" is 1440 and
a range never crosses midnight: someone free from 22:00 to 07:00 has 22:00-24:00 on one day
and 00:00-07:00 on the next (``selectors.unavailable_intervals`` joins them up again).
"""

from __future__ import annotations

import uuid
from typing import ClassVar

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from ownterms.leave.entitlement import hours_text

MINUTES_PER_DAY = 24 * 60
#: The en dash between two times or dates.
DASH = "\u2013"

WEEKDAYS = (
    (0, _("Monday")),
    (1, _("Tuesday")),
    (2, _("Wednesday")),
    (3, _("Thursday")),
    (4, _("Friday")),
    (5, _("Saturday")),
    (6, _("Sunday")),
)


def clock(minute: int | None) -> str:
    """Minutes from midnight as a time: 450 → "07:30", 1440 → "24:00"."""
    if minute is None:
        return ""
    return f"{minute // 60:02d}:{minute % 60:02d}"


class AvailabilityPattern(models.Model):
    """When a worker can work, week by week, from ``effective_from`` until a later pattern
    starts. Never changed once saved: a change is a new pattern (so history is kept)."""

    organisation = models.ForeignKey(
        "core.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    staff_member = models.ForeignKey(
        "staff.StaffMember", on_delete=models.CASCADE, related_name="availability_patterns"
    )
    effective_from = models.DateField(_("from"))
    note = models.CharField(_("note"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-effective_from", "-created_at", "-pk"]
        indexes = [models.Index(fields=["staff_member", "effective_from"])]

    def __str__(self) -> str:
        return f"{self.staff_member_id} from {self.effective_from}"


class AvailabilityRange(models.Model):
    """One time range on one weekday of a pattern. A weekday with none is "not available"."""

    pattern = models.ForeignKey(
        AvailabilityPattern, on_delete=models.CASCADE, related_name="ranges"
    )
    weekday = models.PositiveSmallIntegerField(choices=WEEKDAYS)
    start_minute = models.PositiveSmallIntegerField(
        validators=[MaxValueValidator(MINUTES_PER_DAY - 1)]
    )
    end_minute = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(MINUTES_PER_DAY)]
    )

    class Meta:
        ordering = ["weekday", "start_minute"]
        constraints = [
            models.CheckConstraint(condition=Q(weekday__lte=6), name="availability_range_weekday"),
            models.CheckConstraint(
                condition=Q(end_minute__gt=F("start_minute"), end_minute__lte=MINUTES_PER_DAY),
                name="availability_range_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.times}"

    @property
    def times(self) -> str:
        return f"{clock(self.start_minute)}{DASH}{clock(self.end_minute)}"


class AvailabilityException(models.Model):
    """A date on which the weekly pattern does not apply as usual: available (extra time) or
    not available, all day or between two times."""

    audit_private_fields: ClassVar[tuple[str, ...]] = ("reason",)

    organisation = models.ForeignKey(
        "core.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    staff_member = models.ForeignKey(
        "staff.StaffMember", on_delete=models.CASCADE, related_name="availability_exceptions"
    )
    on = models.DateField(_("date"))
    available = models.BooleanField(_("available"))
    #: Both empty: the whole day.
    start_minute = models.PositiveSmallIntegerField(null=True, blank=True)
    end_minute = models.PositiveSmallIntegerField(null=True, blank=True)
    reason = models.CharField(_("reason"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["on", "start_minute"]
        indexes = [models.Index(fields=["staff_member", "on"])]
        constraints = [
            models.CheckConstraint(
                condition=(Q(start_minute__isnull=True) & Q(end_minute__isnull=True))
                | Q(
                    start_minute__isnull=False,
                    end_minute__gt=F("start_minute"),
                    end_minute__lte=MINUTES_PER_DAY,
                ),
                name="availability_exception_times",
            )
        ]

    def __str__(self) -> str:
        return f"{self.staff_member_id} on {self.on}"

    @property
    def whole_day(self) -> bool:
        return self.start_minute is None

    def minutes(self) -> tuple[int, int]:
        if self.start_minute is None or self.end_minute is None:
            return 0, MINUTES_PER_DAY
        return self.start_minute, self.end_minute

    @property
    def times(self) -> str:
        return (
            f"{clock(self.start_minute)}{DASH}{clock(self.end_minute)}"
            if self.start_minute is not None
            else ""
        )


class LeaveTerms(models.Model):
    """How many days a week the worker's contract spreads their hours over (to turn hours of
    leave into days and to cap at 28 days). Without a row: 5."""

    organisation = models.ForeignKey(
        "core.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    staff_member = models.OneToOneField(
        "staff.StaffMember", on_delete=models.CASCADE, related_name="leave_terms"
    )
    days_per_week = models.DecimalField(
        _("working days a week"),
        max_digits=2,
        decimal_places=1,
        validators=[MinValueValidator(0.5), MaxValueValidator(7)],
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(days_per_week__gte=0.5, days_per_week__lte=7),
                name="leave_terms_days_per_week",
            )
        ]

    def __str__(self) -> str:
        return f"{self.staff_member_id}: {self.days_per_week} days a week"


class WorkedHours(models.Model):
    """Hours an irregular-hours worker worked in a period, from which holiday accrues.

    Entered by hand for now (``source="manual"``); the rota will add its own rows
    (``source="rota"``) for periods it has records for.
    """

    class Source(models.TextChoices):
        MANUAL = "manual", _("Entered by hand")
        ROTA = "rota", _("From the rota")

    organisation = models.ForeignKey(
        "core.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    staff_member = models.ForeignKey(
        "staff.StaffMember", on_delete=models.CASCADE, related_name="worked_hours"
    )
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("to"))
    minutes = models.PositiveIntegerField(_("minutes worked"))
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.MANUAL)
    created_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")), name="worked_hours_dates_in_order"
            )
        ]

    def __str__(self) -> str:
        return f"{self.staff_member_id} {self.starts_on}{DASH}{self.ends_on}: {self.minutes}"

    @property
    def hours(self) -> str:
        return hours_text(self.minutes)


class LeaveRequest(models.Model):
    """Leave of one worker for whole days (or a half day at either end), from request to
    decision. Annual leave takes ``minutes`` from the worker's entitlement."""

    audit_private_fields: ClassVar[tuple[str, ...]] = ("note", "decision_reason")

    class Kind(models.TextChoices):
        ANNUAL = "annual", _("Annual leave")
        SICKNESS = "sickness", _("Sickness")
        TRAINING = "training", _("Training")
        COMPASSIONATE = "compassionate", _("Compassionate leave")
        UNPAID = "unpaid", _("Unpaid leave")
        OTHER = "other", _("Other")

    class Status(models.TextChoices):
        REQUESTED = "requested", _("Waiting for approval")
        APPROVED = "approved", _("Approved")
        DECLINED = "declined", _("Declined")
        CANCELLED = "cancelled", _("Cancelled")

    #: Statuses that hold the dates (a new request may not overlap them).
    ACTIVE: ClassVar[tuple[str, ...]] = (Status.REQUESTED, Status.APPROVED)

    organisation = models.ForeignKey(
        "core.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    staff_member = models.ForeignKey(
        "staff.StaffMember", on_delete=models.CASCADE, related_name="leave_requests"
    )
    kind = models.CharField(_("kind of leave"), max_length=15, choices=Kind.choices)
    starts_on = models.DateField(_("first day"))
    ends_on = models.DateField(_("last day"))
    half_day_start = models.BooleanField(_("only the afternoon of the first day"), default=False)
    half_day_end = models.BooleanField(_("only the morning of the last day"), default=False)
    #: Working time the leave covers (annual leave takes this from the entitlement).
    minutes = models.PositiveIntegerField(_("minutes"))
    note = models.CharField(_("note"), max_length=500, blank=True)
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.REQUESTED, db_index=True
    )
    requested_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    requested_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_reason = models.CharField(_("reason"), max_length=500, blank=True)

    class Meta:
        ordering = ["-starts_on", "-pk"]
        indexes = [models.Index(fields=["staff_member", "starts_on"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")), name="leave_dates_in_order"
            ),
            models.CheckConstraint(
                condition=~Q(ends_on=F("starts_on"), half_day_start=True, half_day_end=True),
                name="leave_one_day_one_half",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.starts_on}{DASH}{self.ends_on}"

    @property
    def is_active(self) -> bool:
        return self.status in self.ACTIVE

    @property
    def hours(self) -> str:
        """The working time as hours and minutes, like "37:30"."""
        return hours_text(self.minutes)
