"""Request and response shapes. Public UUIDs only: database ids never leave the server."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Generic, Literal, TypeVar

from ninja import Field, Schema
from pydantic import ConfigDict

T = TypeVar("T")


class Strict(Schema):
    """Input schemas reject unknown fields; fields that must not be coerced say strict=True."""

    model_config = ConfigDict(extra="forbid")


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
    name: str = Field(min_length=1, max_length=100, strict=True)


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
    updated_at: dt.datetime


class PersonUpdate(Strict):
    """Only the fields sent are changed. ``updated_at`` (from a previous read) guards against
    overwriting someone else's change: if the record changed since, the answer is 409."""

    first_name: str | None = Field(None, min_length=1, max_length=100, strict=True)
    last_name: str | None = Field(None, min_length=1, max_length=100, strict=True)
    preferred_name: str | None = Field(None, max_length=100, strict=True)
    date_of_birth: dt.date | None = None
    has_communication_needs: bool | None = Field(None, strict=True)
    communication_summary: str | None = Field(None, max_length=500, strict=True)
    home: Literal["own_tenancy", "with_family", "other"] | None = None
    status: Literal["referred", "active", "ended"] | None = None
    updated_at: dt.datetime | None = None


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
