"""Seizure records, with any rescue medication checked against the person's protocol and the
worker's training."""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _

from ownterms.daily.models.records import DailyRecord


class SeizureType(models.TextChoices):
    TONIC_CLONIC = "tonic_clonic", _("Tonic-clonic (convulsive)")
    FOCAL_AWARE = "focal_aware", _("Focal, aware")
    FOCAL_IMPAIRED = "focal_impaired", _("Focal, impaired awareness")
    ABSENCE = "absence", _("Absence")
    MYOCLONIC = "myoclonic", _("Myoclonic (jerks)")
    ATONIC = "atonic", _("Atonic (drop)")
    TONIC = "tonic", _("Tonic (stiffening)")
    CLUSTER = "cluster", _("Cluster of seizures")
    UNKNOWN = "unknown", _("Not sure")


class Seizure(DailyRecord):
    starts_at = models.DateTimeField(_("started"))
    ends_at = models.DateTimeField(_("ended"))
    seizure_type = models.CharField(_("type"), max_length=15, choices=SeizureType.choices)
    description = models.TextField(_("what happened"), max_length=20000, blank=True)
    #: The rescue medicine given (a PRN medicine of the person), if any.
    rescue_medication = models.ForeignKey(
        "health.Medication", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    rescue_given_at = models.DateTimeField(_("rescue medication given at"), null=True, blank=True)
    rescue_given_by = models.ForeignKey(
        "staff.StaffMember", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    #: Recorded when it is written: whether the giver held valid training for it that day.
    rescue_by_trained_worker = models.BooleanField(null=True, blank=True)
    recovery = models.TextField(_("recovery"), max_length=20000, blank=True)
    ambulance_called = models.BooleanField(_("ambulance called"), default=False)

    audit_private_fields: ClassVar[tuple[str, ...]] = ("description", "recovery")

    class Meta:
        ordering = ["-starts_at", "-pk"]
        indexes = [models.Index(fields=["person", "starts_at"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gte=models.F("starts_at")),
                name="seizure_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"Seizure {self.public_id}"
