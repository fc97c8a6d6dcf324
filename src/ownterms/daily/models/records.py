"""What every daily record has, and the amendments that keep each version."""

from __future__ import annotations

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _


class DailyRecord(models.Model):
    """One record about one person, written by a worker (usually on a shift)."""

    organisation = models.ForeignKey(
        "core.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="+")
    #: The shift it was written on; empty for records made off shift (a manager, on call).
    shift = models.ForeignKey(
        "rota.Shift", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    #: Who wrote it: the user, and their staff record when they have one.
    recorded_by = models.ForeignKey(
        "accounts.User", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_by_staff = models.ForeignKey(
        "staff.StaffMember", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    #: 1 when written; each amendment adds one.
    version = models.PositiveIntegerField(default=1)

    class Meta:
        abstract = True


class Amendment(models.Model):
    """One change to a daily record: the values it replaced and the ones it set, and why.

    ``before`` of the first amendment of a field holds the original as written."""

    organisation = models.ForeignKey(
        "core.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="+")
    #: ``_meta.label_lower`` of the record's model, e.g. ``daily.incident``.
    record_type = models.CharField(max_length=60)
    record_id = models.UUIDField()
    #: The version this amendment made (2 for the first amendment).
    version = models.PositiveIntegerField()
    reason = models.CharField(_("reason for the change"), max_length=500)
    before = models.JSONField(default=dict)
    after = models.JSONField(default=dict)
    amended_by = models.ForeignKey(
        "accounts.User", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    amended_at = models.DateTimeField()

    class Meta:
        ordering = ["record_type", "record_id", "version"]
        constraints = [
            models.UniqueConstraint(
                fields=["record_type", "record_id", "version"], name="amendment_version_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.record_type} {self.record_id} v{self.version}"
