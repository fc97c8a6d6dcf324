"""Tenancy guard for services: every row a write touches belongs to one organisation."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


def check_same_organisation(*objects: Any) -> None:
    """Raises ValidationError unless every given object (None skipped) has one organisation_id."""
    organisations = {getattr(obj, "organisation_id", None) for obj in objects if obj is not None}
    if len(organisations) != 1:
        raise ValidationError(_("These records belong to different organisations."))
