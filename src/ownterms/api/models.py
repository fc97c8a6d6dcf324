"""API tokens: a user's own credentials for the JSON API, stored only as a hash."""

from __future__ import annotations

import uuid
from datetime import datetime

from django.db import models
from django.utils.translation import gettext_lazy as _


class ApiToken(models.Model):
    """One token. The secret is shown once at creation; only its SHA-256 digest is kept."""

    organisation = models.ForeignKey(
        "core.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.ForeignKey("accounts.User", on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(max_length=16, unique=True, help_text="Public part, for lookup.")
    secret_hash = models.CharField(max_length=64, help_text="SHA-256 of the whole token, hex.")
    created_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_reason = models.CharField(max_length=40, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "revoked_at"])]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix})"

    def is_usable_at(self, moment: datetime) -> bool:
        return self.revoked_at is None and moment < self.expires_at
