"""Staff members and the relationships that give them access: teams, management, on-call."""

from __future__ import annotations

import datetime as dt
import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _


class StaffMember(models.Model):
    """An employee of the organisation (support worker or manager)."""

    class Employment(models.TextChoices):
        FULL_TIME = "full_time", _("Full time")
        PART_TIME = "part_time", _("Part time")
        BANK = "bank", _("Bank (no set hours)")

    organisation = models.ForeignKey(
        "core.Organisation", on_delete=models.PROTECT, related_name="staff"
    )
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.OneToOneField(
        "accounts.User", on_delete=models.PROTECT, related_name="staff_member"
    )
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    photo = models.ImageField(_("photo"), upload_to="staff/photos/", blank=True)
    job_title = models.CharField(_("job title"), max_length=100)
    employment = models.CharField(_("employment"), max_length=10, choices=Employment.choices)
    contract_minutes_per_week = models.PositiveIntegerField(_("contracted minutes a week"))
    starts_on = models.DateField(_("start date"))
    ends_on = models.DateField(_("end date"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["first_name", "last_name"]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return f"{self.first_name} {self.last_name}"


class TeamMembership(models.Model):
    """A staff member in one person's own team, for a period, approved by the person."""

    class Kind(models.TextChoices):
        CORE = "core", _("Core")
        RELIEF = "relief", _("Relief")

    organisation = models.ForeignKey(
        "core.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="team")
    staff_member = models.ForeignKey(
        StaffMember, on_delete=models.CASCADE, related_name="team_memberships"
    )
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.CORE)
    approved_by_person = models.BooleanField(_("approved by the person"), default=False)
    starts_on = models.DateField()
    ends_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["starts_on"]
        indexes = [models.Index(fields=["staff_member", "person"])]

    def __str__(self) -> str:
        return f"{self.staff_member} in {self.person}'s team"


class ManagerAssignment(models.Model):
    """A manager responsible for a person, for a period."""

    organisation = models.ForeignKey(
        "core.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="managers")
    manager = models.ForeignKey(
        StaffMember, on_delete=models.CASCADE, related_name="manager_assignments"
    )
    starts_on = models.DateField()
    ends_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["starts_on"]

    def __str__(self) -> str:
        return f"{self.manager} manages {self.person}"


class OnCallDuty(models.Model):
    """A manager's on-call duty; while it lasts they may read every person's record."""

    organisation = models.ForeignKey(
        "core.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    manager = models.ForeignKey(
        StaffMember, on_delete=models.CASCADE, related_name="on_call_duties"
    )
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="on_call_ends_after_it_starts",
            )
        ]

    def __str__(self) -> str:
        return f"{self.manager} on call from {self.starts_at:%Y-%m-%d %H:%M}"


class TrainingRecord(models.Model):
    """A staff member holds a skill from ``completed_on``, until ``expires_on`` if it lapses."""

    class State(models.TextChoices):
        VALID = "valid", _("Valid")
        EXPIRING = "expiring", _("Expiring in 30 days")
        EXPIRED = "expired", _("Expired")
        NOT_YET = "not_yet", _("Not started yet")

    EXPIRING_WITHIN = dt.timedelta(days=30)

    organisation = models.ForeignKey(
        "core.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    staff_member = models.ForeignKey(StaffMember, on_delete=models.CASCADE, related_name="training")
    skill = models.ForeignKey("vocabulary.Skill", on_delete=models.PROTECT, related_name="+")
    completed_on = models.DateField(_("completed on"))
    expires_on = models.DateField(_("expires on"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["skill__name", "-completed_on"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(expires_on__isnull=True)
                | models.Q(expires_on__gt=models.F("completed_on")),
                name="training_expires_after_completion",
            )
        ]

    def __str__(self) -> str:
        return f"{self.staff_member}: {self.skill}"

    def state_on(self, day: dt.date) -> TrainingRecord.State:
        """Valid on ``day`` means completed on or before it and expiring after it."""
        if self.completed_on > day:
            return self.State.NOT_YET
        if self.expires_on is None:
            return self.State.VALID
        if self.expires_on <= day:
            return self.State.EXPIRED
        if self.expires_on - day <= self.EXPIRING_WITHIN:
            return self.State.EXPIRING
        return self.State.VALID
