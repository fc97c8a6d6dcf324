"""Request and response shapes. Public UUIDs only: database ids never leave the server."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Generic, TypeVar

from ninja import Field, Schema
from pydantic import ConfigDict

T = TypeVar("T")


class Strict(Schema):
    """Input schemas reject unknown fields and do not coerce types."""

    model_config = ConfigDict(extra="forbid", strict=True)


class Page(Schema, Generic[T]):
    items: list[T]
    count: int
    limit: int
    offset: int


class ErrorBody(Schema):
    code: str
    message: str
    fields: dict[str, list[str]]


class ErrorOut(Schema):
    error: ErrorBody


class TokenOut(Schema):
    public_id: uuid.UUID
    name: str
    prefix: str
    created_at: dt.datetime
    expires_at: dt.datetime
    last_used_at: dt.datetime | None
    revoked_at: dt.datetime | None


class TokenRename(Strict):
    name: str = Field(min_length=1, max_length=100)


class PersonOut(Schema):
    public_id: uuid.UUID
    name: str
    first_name: str
    last_name: str
    preferred_name: str
    status: str
    home: str
    has_communication_needs: bool


class PersonDetailOut(PersonOut):
    date_of_birth: dt.date | None
    communication_summary: str


class StaffOut(Schema):
    public_id: uuid.UUID
    name: str
    first_name: str
    last_name: str
    job_title: str
    employment: str
    starts_on: dt.date
    ends_on: dt.date | None


class StaffDetailOut(StaffOut):
    contract_minutes_per_week: int
