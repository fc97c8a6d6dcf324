"""Messages to users: a record in the app, and an email sent when the change is committed.

Emails say what changed and link to the page; never health, incident or money details (the
page behind the link checks access as usual).
"""

from __future__ import annotations

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _


class Notification(models.Model):
    organisation = models.ForeignKey(
        "core.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.ForeignKey(
        "accounts.User", on_delete=models.CASCADE, related_name="notifications"
    )
    #: What kind of message, for filtering and tests: "rota.published", "rota.changed", ...
    topic = models.CharField(max_length=40)
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("message"), max_length=4000)
    #: A path inside the app (``/o/<org>/...``); the email makes it absolute.
    link = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    emailed = models.BooleanField(default=False)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["user", "read_at"])]

    def __str__(self) -> str:
        return f"{self.topic} to {self.user_id}"
