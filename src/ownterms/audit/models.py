"""The append-only audit trail: every change to personal data and every view of a record."""

from __future__ import annotations

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEvent(models.Model):
    """One change or one view. Rows are never updated or deleted by the application."""

    class Kind(models.TextChoices):
        CHANGE = "change", _("Change")
        ACCESS = "access", _("Viewed")
        SECURITY = "security", _("Security")

    organisation = models.ForeignKey(
        "core.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    occurred_at = models.DateTimeField(db_index=True)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    action = models.CharField(max_length=80, help_text="e.g. person.update, person.view")
    actor = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    actor_label = models.CharField(max_length=200, help_text="Who, as shown at the time.")
    basis = models.CharField(
        max_length=30, blank=True, help_text="The relationship that allowed it, e.g. team, on_call."
    )
    person = models.ForeignKey(
        "people.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    object_type = models.CharField(max_length=80, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    page = models.CharField(max_length=120, blank=True)
    changes = models.JSONField(default=dict, blank=True)
    redacted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-occurred_at", "-id"]
        indexes = [
            models.Index(fields=["organisation", "person", "-occurred_at"]),
            models.Index(fields=["organisation", "actor", "-occurred_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.occurred_at:%Y-%m-%d %H:%M} {self.actor_label} {self.action}"
