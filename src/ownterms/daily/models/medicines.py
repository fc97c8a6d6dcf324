"""The medication administration record (MAR): when each regular medicine is due, each dose
given, refused or not given (regular and PRN), and optional stock counts."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _

from ownterms.daily.models.records import DailyRecord


class DoseSchedule(models.Model):
    """A time of day a regular medicine is due (one row per time: 08:00, 20:00), from
    ``starts_on`` (empty: since the medicine started) until ``ends_on`` (the first day it no
    longer applies). Changing the times ends rows and starts new ones, so the chart of a past
    day still shows the times that applied then."""

    organisation = models.ForeignKey(
        "core.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    medication = models.ForeignKey(
        "health.Medication", on_delete=models.CASCADE, related_name="dose_times"
    )
    time = models.TimeField(_("time due"))
    starts_on = models.DateField(_("from"), null=True, blank=True)
    ends_on = models.DateField(_("until"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["time"]
        constraints = [
            models.UniqueConstraint(
                fields=["medication", "time"],
                condition=models.Q(ends_on__isnull=True),
                name="dose_time_once",
            ),
            models.CheckConstraint(
                condition=models.Q(ends_on__isnull=True)
                | models.Q(starts_on__isnull=True)
                | models.Q(ends_on__gte=models.F("starts_on")),
                name="dose_time_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.medication_id} at {self.time:%H:%M}"

    def applies_on(self, day: dt.date) -> bool:
        return (self.starts_on is None or self.starts_on <= day) and (
            self.ends_on is None or day < self.ends_on
        )


class DoseOutcome(models.TextChoices):
    GIVEN = "given", _("Given")
    REFUSED = "refused", _("Refused")
    NOT_GIVEN = "not_given", _("Not given")


class DoseRecord(DailyRecord):
    """One dose: a regular one due at ``due_at``, or a PRN dose (no ``due_at``)."""

    medication = models.ForeignKey("health.Medication", on_delete=models.PROTECT, related_name="+")
    #: When a regular dose was due; empty for PRN.
    due_at = models.DateTimeField(null=True, blank=True)
    #: When it was given, refused or found not given.
    at = models.DateTimeField(_("when"))
    outcome = models.CharField(_("outcome"), max_length=10, choices=DoseOutcome.choices)
    dose = models.CharField(_("dose given"), max_length=100, blank=True)
    #: Why it was refused or not given, or (PRN) why it was needed.
    reason = models.TextField(_("reason"), max_length=5000, blank=True)
    #: A PRN dose given in an incident.
    incident = models.ForeignKey(
        "daily.Incident", null=True, blank=True, on_delete=models.PROTECT, related_name="prn_doses"
    )
    #: A rescue dose given in a seizure (written with the seizure record).
    seizure = models.ForeignKey(
        "daily.Seizure",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="rescue_doses",
    )

    audit_private_fields: ClassVar[tuple[str, ...]] = ("reason",)

    class Meta:
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["person", "at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["medication", "due_at"],
                condition=models.Q(due_at__isnull=False),
                name="scheduled_dose_recorded_once",
            )
        ]

    def __str__(self) -> str:
        return f"Dose {self.public_id}"

    @property
    def is_prn(self) -> bool:
        return self.due_at is None


class StockCount(DailyRecord):
    """How many doses of a medicine were in the house when counted."""

    medication = models.ForeignKey("health.Medication", on_delete=models.PROTECT, related_name="+")
    counted_at = models.DateTimeField(_("counted at"))
    quantity = models.PositiveIntegerField(_("how many"))
    note = models.CharField(_("note"), max_length=500, blank=True)

    class Meta:
        ordering = ["-counted_at", "-pk"]

    def __str__(self) -> str:
        return f"Stock count {self.public_id}"


class MissedDoseAlert(models.Model):
    """A regular dose the team and managers were told was missed (at most once per dose)."""

    organisation = models.ForeignKey(
        "core.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    medication = models.ForeignKey("health.Medication", on_delete=models.CASCADE, related_name="+")
    due_at = models.DateTimeField()
    alerted_at = models.DateTimeField()
    #: How many people were told.
    recipients = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["medication", "due_at"], name="missed_dose_alerted_once"
            )
        ]

    def __str__(self) -> str:
        return f"Missed {self.medication_id} at {self.due_at:%Y-%m-%d %H:%M}"
