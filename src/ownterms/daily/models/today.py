"""The morning briefing's marker: one row per manager per day once their briefing is sent, so
running the job again (or twice at once) sends nothing more."""

from __future__ import annotations

from django.db import models


class BriefingSent(models.Model):
    organisation = models.ForeignKey(
        "core.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    user = models.ForeignKey("accounts.User", on_delete=models.CASCADE, related_name="+")
    #: The organisation's local day the briefing was for.
    day = models.DateField()
    sent_at = models.DateTimeField()
    #: The in-app notification it made (kept when the notification is later removed).
    notification = models.ForeignKey(
        "notifications.Notification",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["-day", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["user", "day"], name="briefing_once_per_user_and_day")
        ]

    def __str__(self) -> str:
        return f"briefing for {self.user_id} on {self.day}"
