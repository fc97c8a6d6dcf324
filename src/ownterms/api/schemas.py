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
    communication_formats: list[str]
    address_line_1: str
    address_line_2: str
    town: str
    postcode: str
    tenancy: str
    housing_provider: str
    housing_provider_is_support_provider: bool
    updated_at: dt.datetime


CommunicationFormatName = Literal[
    "easy_read",
    "large_print",
    "pictures",
    "makaton",
    "bsl",
    "braille",
    "audio",
    "plain_english",
    "other",
]


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
    communication_formats: list[CommunicationFormatName] | None = None
    address_line_1: str | None = Field(None, max_length=150, strict=True)
    address_line_2: str | None = Field(None, max_length=150, strict=True)
    town: str | None = Field(None, max_length=100, strict=True)
    postcode: str | None = Field(None, max_length=10, strict=True)
    tenancy: (
        Literal["", "assured", "shared_ownership", "owner", "licence", "family_home", "other"]
        | None
    ) = None
    housing_provider: str | None = Field(None, max_length=150, strict=True)
    housing_provider_is_support_provider: bool | None = Field(None, strict=True)
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
