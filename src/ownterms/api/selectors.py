"""Reads for API tokens."""

from __future__ import annotations

import uuid

from django.db.models import QuerySet

from ownterms.accounts.models import User
from ownterms.api.models import ApiToken


def tokens_of(user: User) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user=user).order_by("-created_at", "-id")


def token_by_prefix(prefix: str) -> ApiToken | None:
    return ApiToken.objects.select_related("user").filter(prefix=prefix).first()


def own_token(user: User, public_id: uuid.UUID) -> ApiToken | None:
    """The user's token with that public id, or None (someone else's token looks missing)."""
    return ApiToken.objects.filter(user=user, public_id=public_id).first()
