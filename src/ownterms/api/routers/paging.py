"""Limit/offset paging with a ceiling, shared by every list endpoint."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from ninja import Field, Schema
from pydantic import ConfigDict

MAX_LIMIT = 200


class Paging(Schema):
    model_config = ConfigDict(extra="ignore")

    limit: int = Field(50, ge=1, le=MAX_LIMIT)
    offset: int = Field(0, ge=0, le=10_000_000)


def paginate(queryset: QuerySet[Any], paging: Paging) -> dict[str, object]:
    return {
        "items": list(queryset[paging.offset : paging.offset + paging.limit]),
        "count": queryset.count(),
        "limit": paging.limit,
        "offset": paging.offset,
    }
