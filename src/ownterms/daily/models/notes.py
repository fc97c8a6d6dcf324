"""Daily notes and handovers, written on shifts."""

from __future__ import annotations

import uuid
from typing import ClassVar

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ownterms.daily.models.records import DailyRecord


class DailyNote(DailyRecord):
    """What the person did, how they were and what mattered, for one shift."""

    class Mood(models.TextChoices):
        GREAT = "great", _("Really good")
        GOOD = "good", _("Good")
        OKAY = "okay", _("Okay")
        LOW = "low", _("Low")
        UPSET = "upset", _("Upset or anxious")

    activities = models.TextField(_("what they did"), max_length=20000, blank=True)
    mood = models.CharField(_("how they were"), max_length=10, choices=Mood.choices)
    how_they_were = models.TextField(_("how they were, in words"), max_length=20000, blank=True)
    what_mattered = models.TextField(_("what mattered to them"), max_length=20000, blank=True)
    #: Goals this shift worked towards (from the person's plan).
    goals = models.ManyToManyField("plans.Goal", related_name="+", blank=True)

    audit_private_fields: ClassVar[tuple[str, ...]] = (
        "activities",
        "how_they_were",
        "what_mattered",
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["person", "created_at"])]
        constraints = [
            # One note per worker per shift: a double submit can't make a second.
            models.UniqueConstraint(
                fields=["shift", "recorded_by"],
                condition=Q(shift__isnull=False, recorded_by__isnull=False),
                name="daily_note_once_per_worker_and_shift",
            )
        ]

    def __str__(self) -> str:
        return f"Daily note {self.public_id}"


class Handover(DailyRecord):
    """What the outgoing worker tells the next one; shown at the start of the next shift."""

    text = models.TextField(_("handover"), max_length=20000)

    audit_private_fields: ClassVar[tuple[str, ...]] = ("text",)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["person", "created_at"])]
        constraints = [
            # One handover per outgoing worker per shift (later changes are amendments).
            models.UniqueConstraint(
                fields=["shift", "recorded_by"],
                condition=Q(shift__isnull=False, recorded_by__isnull=False),
                name="handover_once_per_worker_and_shift",
            )
        ]

    def __str__(self) -> str:
        return f"Handover {self.public_id}"


class HandoverAcknowledgement(models.Model):
    """An incoming worker has read a handover (each worker of a 2:1 shift acknowledges)."""

    organisation = models.ForeignKey(
        "core.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    handover = models.ForeignKey(
        Handover, on_delete=models.CASCADE, related_name="acknowledgements"
    )
    #: The incoming shift it was read at the start of.
    shift = models.ForeignKey(
        "rota.Shift", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    staff_member = models.ForeignKey(
        "staff.StaffMember", on_delete=models.PROTECT, related_name="+"
    )
    acknowledged_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["handover", "staff_member"], name="handover_acknowledged_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.staff_member_id} read {self.handover_id}"
