"""The rota: each person's support pattern, the shifts it generates, who works them (live and
in a draft), auto-fill runs, delivered support, open shifts, swaps and calendar feeds.

Times: a pattern block is a weekday and minutes from that day's midnight; ``end_minute`` may
pass 1440 (up to 2880) for a block that ends the next morning (a night). A shift holds aware
instants, so its length is real elapsed time (a night across a clock change is 9 or 11 hours).
"""

from __future__ import annotations

import secrets
import uuid
from typing import ClassVar

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

MINUTES_PER_DAY = 24 * 60

WEEKDAYS = (
    (0, _("Monday")),
    (1, _("Tuesday")),
    (2, _("Wednesday")),
    (3, _("Thursday")),
    (4, _("Friday")),
    (5, _("Saturday")),
    (6, _("Sunday")),
)


class ShiftKind(models.TextChoices):
    """What kind of support; the engine's kinds (2:1 is a day shift with headcount 2)."""

    DAY = "day", _("Day")
    WAKING_NIGHT = "waking_night", _("Waking night")
    SLEEP_IN = "sleep_in", _("Sleep-in")


class SkillMode(models.TextChoices):
    EACH = "each", _("Every worker needs the skills")
    AT_LEAST_ONE = "at_least_one", _("At least one of the pair needs the skills")


class SupportPattern(models.Model):
    """A person's repeating week (or fortnight) of support. One per person; changing a block
    changes the shifts generated afterwards, never shifts already generated."""

    organisation = models.ForeignKey(
        "core.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    person = models.OneToOneField(
        "people.Person", on_delete=models.CASCADE, related_name="support_pattern"
    )
    weeks = models.PositiveSmallIntegerField(
        _("repeats every"), choices=((1, _("1 week")), (2, _("2 weeks"))), default=1
    )
    #: A Monday: the first day of the pattern's week 1 (a fortnight alternates from it).
    anchor_monday = models.DateField(_("week 1 starts on"))
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"pattern of {self.person_id}"


class PatternBlock(models.Model):
    """One block of support in the pattern: e.g. Monday 10:00-13:00, day, 1 worker, driver
    needed, someone who likes dancing, "Dance class"."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    pattern = models.ForeignKey(SupportPattern, on_delete=models.CASCADE, related_name="blocks")
    week = models.PositiveSmallIntegerField(default=1, validators=[MinValueValidator(1)])
    weekday = models.PositiveSmallIntegerField(choices=WEEKDAYS)
    start_minute = models.PositiveSmallIntegerField(
        validators=[MaxValueValidator(MINUTES_PER_DAY - 1)]
    )
    #: Up to 2880: past 1440 ends the next day.
    end_minute = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(2 * MINUTES_PER_DAY)]
    )
    kind = models.CharField(_("kind"), max_length=12, choices=ShiftKind.choices)
    headcount = models.PositiveSmallIntegerField(
        _("workers"), choices=((1, _("1:1")), (2, _("2:1"))), default=1
    )
    required_skills = models.ManyToManyField("vocabulary.Skill", related_name="+", blank=True)
    skill_mode = models.CharField(max_length=12, choices=SkillMode.choices, default=SkillMode.EACH)
    preferred_staff = models.ManyToManyField("staff.StaffMember", related_name="+", blank=True)
    preferred_tags = models.ManyToManyField("vocabulary.Tag", related_name="+", blank=True)
    activity = models.CharField(_("what we're doing"), max_length=120, blank=True)
    notes = models.CharField(_("notes"), max_length=300, blank=True)

    class Meta:
        ordering = ["week", "weekday", "start_minute"]
        constraints = [
            models.CheckConstraint(condition=Q(weekday__lte=6), name="pattern_block_weekday"),
            models.CheckConstraint(
                condition=Q(end_minute__gt=F("start_minute"), end_minute__lte=2880),
                name="pattern_block_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"week {self.week} day {self.weekday} {self.start_minute}-{self.end_minute}"


class Shift(models.Model):
    """Support to give one person at a time: generated from a pattern block (``block`` set) or
    a one-off (an outing, a hospital appointment). Edited per day without changing the pattern;
    a cancelled shift stays (so the change is visible) but needs nobody."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        CANCELLED = "cancelled", _("Cancelled")

    organisation = models.ForeignKey(
        "core.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="shifts")
    block = models.ForeignKey(
        PatternBlock, on_delete=models.SET_NULL, null=True, blank=True, related_name="shifts"
    )
    #: The local date the pattern generated it for (also for one-offs: the day it belongs to).
    on = models.DateField()
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    kind = models.CharField(_("kind"), max_length=12, choices=ShiftKind.choices)
    headcount = models.PositiveSmallIntegerField(_("workers"), default=1)
    required_skills = models.ManyToManyField("vocabulary.Skill", related_name="+", blank=True)
    skill_mode = models.CharField(max_length=12, choices=SkillMode.choices, default=SkillMode.EACH)
    preferred_staff = models.ManyToManyField("staff.StaffMember", related_name="+", blank=True)
    preferred_tags = models.ManyToManyField("vocabulary.Tag", related_name="+", blank=True)
    activity = models.CharField(_("what we're doing"), max_length=120, blank=True)
    notes = models.CharField(_("notes"), max_length=300, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PLANNED)
    #: Why it was cancelled (shown on the person's shifts; never sent in notifications).
    cancel_reason = models.CharField(_("why it was cancelled"), max_length=200, blank=True)
    #: True once edited on the day (times, kind, cancelled): differs from its block.
    changed_from_pattern = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    #: The optimistic-lock version (``lib.versions.changed_since``).
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["starts_at", "pk"]
        indexes = [
            models.Index(fields=["organisation", "starts_at"]),
            models.Index(fields=["person", "starts_at"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="shift_ends_after_it_starts"
            ),
            models.CheckConstraint(
                condition=Q(headcount__gte=1, headcount__lte=2), name="shift_headcount"
            ),
            models.UniqueConstraint(
                fields=["block", "on"],
                condition=Q(block__isnull=False),
                name="shift_once_per_block_and_day",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person_id} {self.starts_at:%Y-%m-%d %H:%M}"


class Assignment(models.Model):
    """The live (published) rota: ``staff_member`` works ``shift``."""

    shift = models.ForeignKey(Shift, on_delete=models.CASCADE, related_name="assignments")
    staff_member = models.ForeignKey(
        "staff.StaffMember", on_delete=models.CASCADE, related_name="assignments"
    )
    created_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["shift", "staff_member"], name="assignment_once_per_shift"
            )
        ]
        indexes = [models.Index(fields=["staff_member", "shift"])]

    def __str__(self) -> str:
        return f"{self.staff_member_id} on {self.shift_id}"


class RotaRun(models.Model):
    """One auto-fill of a period for a set of people: the background task's state, its live
    progress and, when done, the draft it produced (``DraftAssignment`` rows)."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting to start")
        RUNNING = "running", _("Building")
        DONE = "done", _("Draft ready")
        FAILED = "failed", _("Failed")
        CANCELLED = "cancelled", _("Cancelled")
        PUBLISHED = "published", _("Published")
        DISCARDED = "discarded", _("Discarded")

    FINISHED: ClassVar[tuple[str, ...]] = (
        Status.DONE,
        Status.FAILED,
        Status.CANCELLED,
        Status.PUBLISHED,
        Status.DISCARDED,
    )

    organisation = models.ForeignKey(
        "core.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    first_day = models.DateField(_("from"))
    last_day = models.DateField(_("to"))
    people = models.ManyToManyField("people.Person", related_name="+")
    time_limit_seconds = models.PositiveSmallIntegerField(default=10)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    cancel_requested = models.BooleanField(default=False)
    #: Live progress, written by the task about twice a second.
    elapsed_seconds = models.FloatField(default=0)
    solutions_found = models.PositiveIntegerField(default=0)
    objective = models.BigIntegerField(null=True, blank=True)
    bound = models.FloatField(null=True, blank=True)
    #: The engine's answer, as plain JSON: status, penalties by name, uncovered shifts with
    #: reasons (shift public ids), rule warnings, input errors.
    result = models.JSONField(default=dict, blank=True)
    error = models.TextField(blank=True)
    created_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(last_day__gte=F("first_day")), name="rota_run_last_day_not_before_first"
            )
        ]

    def __str__(self) -> str:
        return f"run {self.first_day}..{self.last_day} ({self.status})"


class DraftAssignment(models.Model):
    """In the draft of ``run``: ``staff_member`` would work ``shift`` (edited by hand before
    publishing; publishing replaces the live assignments of the run's shifts with these)."""

    run = models.ForeignKey(RotaRun, on_delete=models.CASCADE, related_name="draft")
    shift = models.ForeignKey(Shift, on_delete=models.CASCADE, related_name="+")
    staff_member = models.ForeignKey(
        "staff.StaffMember", on_delete=models.CASCADE, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["run", "shift", "staff_member"], name="draft_assignment_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.staff_member_id} on {self.shift_id} (draft {self.run_id})"


class Delivery(models.Model):
    """A shift confirmed as worked by one worker, with the actual times. A sleep-in's
    disturbances (``Disturbance``) become paid awake time; a waking night counts in full."""

    audit_private_fields: ClassVar[tuple[str, ...]] = ("note",)

    organisation = models.ForeignKey(
        "core.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    shift = models.ForeignKey(Shift, on_delete=models.CASCADE, related_name="deliveries")
    staff_member = models.ForeignKey(
        "staff.StaffMember", on_delete=models.CASCADE, related_name="deliveries"
    )
    started_at = models.DateTimeField(_("actual start"))
    ended_at = models.DateTimeField(_("actual end"))
    note = models.CharField(_("note"), max_length=300, blank=True)
    confirmed_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    confirmed_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["started_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["shift", "staff_member"], name="delivery_once"),
            models.CheckConstraint(
                condition=Q(ended_at__gt=F("started_at")), name="delivery_ends_after_it_starts"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.staff_member_id} worked {self.shift_id}"


class Disturbance(models.Model):
    """Time a sleeping-in worker was woken to work (paid awake time)."""

    audit_private_fields: ClassVar[tuple[str, ...]] = ("reason",)

    delivery = models.ForeignKey(Delivery, on_delete=models.CASCADE, related_name="disturbances")
    started_at = models.DateTimeField(_("woken at"))
    ended_at = models.DateTimeField(_("back to sleep at"))
    reason = models.CharField(_("reason"), max_length=200)

    class Meta:
        ordering = ["started_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_at__gt=F("started_at")),
                name="disturbance_ends_after_it_starts",
            )
        ]

    def __str__(self) -> str:
        return f"disturbance {self.started_at:%H:%M}"


class OpenShift(models.Model):
    """A shift (one place on it) offered to eligible workers; the first valid acceptance
    fills it (a conditional update, so two acceptances at once can't both win)."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        FILLED = "filled", _("Filled")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    organisation = models.ForeignKey(
        "core.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    shift = models.ForeignKey(Shift, on_delete=models.CASCADE, related_name="offers")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    filled_by = models.ForeignKey(
        "staff.StaffMember", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    filled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"offer of {self.shift_id} ({self.status})"


class Swap(models.Model):
    """A worker asks to give a shift to a colleague; a manager approves it (checked against the
    rules) or declines it with a reason."""

    class Status(models.TextChoices):
        REQUESTED = "requested", _("Waiting for approval")
        APPROVED = "approved", _("Approved")
        DECLINED = "declined", _("Declined")
        CANCELLED = "cancelled", _("Cancelled")

    organisation = models.ForeignKey(
        "core.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    shift = models.ForeignKey(Shift, on_delete=models.CASCADE, related_name="swaps")
    from_staff = models.ForeignKey("staff.StaffMember", on_delete=models.CASCADE, related_name="+")
    to_staff = models.ForeignKey("staff.StaffMember", on_delete=models.CASCADE, related_name="+")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.REQUESTED)
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    requested_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"swap of {self.shift_id} ({self.status})"


def new_feed_token() -> str:
    return secrets.token_urlsafe(32)


class CalendarFeed(models.Model):
    """A worker's private iCalendar feed; the token is the only credential, so revoking it (a
    new row, the old one revoked) ends every subscription at once."""

    audit_private_fields: ClassVar[tuple[str, ...]] = ("token",)

    organisation = models.ForeignKey(
        "core.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    staff_member = models.ForeignKey(
        "staff.StaffMember", on_delete=models.CASCADE, related_name="calendar_feeds"
    )
    token = models.CharField(max_length=64, unique=True, default=new_feed_token, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"feed of {self.staff_member_id}"
