"""On-call: the organisation's on-call numbers and the log of calls taken on call.

The duties themselves are ``staff.models.OnCallDuty`` (their holder may read every record);
this app builds, hands over and shows them.
"""

from __future__ import annotations

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _


class OnCallNumbers(models.Model):
    """The numbers staff ring: the on-call phone (handed from one manager to the next) and
    the office. One row per organisation; blank means the organisation has none."""

    organisation = models.OneToOneField(
        "core.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    on_call_phone = models.CharField(_("on-call phone"), max_length=40, blank=True)
    office_phone = models.CharField(_("office phone"), max_length=40, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    def __str__(self) -> str:
        return f"On-call numbers of {self.organisation_id}"


class CallLog(models.Model):
    """One call taken on call, and its follow-up."""

    #: Free text that may hold health or incident details: the audit says only that it changed.
    audit_private_fields = ("what_happened", "action_taken", "follow_up_outcome")

    organisation = models.ForeignKey(
        "core.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    received_at = models.DateTimeField(_("received at"))
    taken_by = models.ForeignKey(
        "staff.StaffMember", on_delete=models.PROTECT, related_name="calls_taken"
    )
    caller = models.CharField(_("caller"), max_length=200)
    person = models.ForeignKey(
        "people.Person",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("person concerned"),
    )
    what_happened = models.TextField(_("what happened"), max_length=5000)
    action_taken = models.TextField(_("action taken"), max_length=5000, blank=True)
    follow_up_needed = models.BooleanField(_("follow-up needed"), default=False)
    follow_up_owner = models.ForeignKey(
        "staff.StaffMember",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="call_follow_ups",
        verbose_name=_("follow-up owner"),
    )
    follow_up_due = models.DateField(_("follow-up due"), null=True, blank=True)
    follow_up_done_at = models.DateTimeField(null=True, blank=True)
    follow_up_done_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    follow_up_outcome = models.TextField(_("outcome"), max_length=5000, blank=True)
    created_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-received_at", "-pk"]
        indexes = [
            models.Index(fields=["organisation", "-received_at"]),
            models.Index(fields=["organisation", "follow_up_needed", "follow_up_done_at"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(follow_up_needed=False)
                | (models.Q(follow_up_owner__isnull=False) & models.Q(follow_up_due__isnull=False)),
                name="call_follow_up_has_owner_and_due_date",
            )
        ]

    def __str__(self) -> str:
        return f"Call at {self.received_at:%Y-%m-%d %H:%M}"

    @property
    def follow_up_open(self) -> bool:
        return self.follow_up_needed and self.follow_up_done_at is None
