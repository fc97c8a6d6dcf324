"""An uploaded file waiting for its uploader to confirm the import, kept server-side so the
confirmation imports exactly the file that was previewed (the client is not trusted again)."""

from __future__ import annotations

import datetime as dt
import uuid

from django.db import models


class PendingImport(models.Model):
    #: A pending import is forgotten after this long (and removed at the next upload).
    LIFETIME = dt.timedelta(hours=1)

    organisation = models.ForeignKey(
        "core.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    uploaded_by = models.ForeignKey("accounts.User", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=20)
    file_name = models.CharField(max_length=200)
    content = models.BinaryField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.kind} import of {self.file_name}"
