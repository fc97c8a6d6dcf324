"""Request and response shapes for staff records, training, skills and teams (public ids only)."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Literal

from ninja import Field, Schema

from ownterms.api.schemas import StaffDetailOut, Strict


class StaffRecordOut(StaffDetailOut):
    pay_band: str
    opt_out_signed_on: dt.date | None
    opt_out_withdrawal_notice_on: dt.date | None
    opt_out_notice_days: int
    opt_out_in_force_today: bool
    night_worker: bool
    other_employment_minutes_per_week: int
    gender: str
    languages: str
    home_area: str
    interests: list[str]
    traits: list[str]
    profile_appreciated: str
    profile_important: str
    profile_how_i_work: str
    updated_at: dt.datetime


class StaffUpdate(Strict):
    """Only the fields sent are changed; ``interests`` and ``traits`` replace the lists.
    ``updated_at`` (from a previous read) guards against overwriting someone else's change:
    if the record changed since, the answer is 409."""

    job_title: str | None = Field(None, min_length=1, max_length=100, strict=True)
    employment: Literal["full_time", "part_time", "bank"] | None = None
    contract_minutes_per_week: int | None = Field(None, ge=0, le=10080, strict=True)
    starts_on: dt.date | None = None
    ends_on: dt.date | None = None
    pay_band: str | None = Field(None, max_length=40, strict=True)
    opt_out_signed_on: dt.date | None = None
    opt_out_withdrawal_notice_on: dt.date | None = None
    opt_out_notice_days: int | None = Field(None, ge=0, le=92, strict=True)
    night_worker: bool | None = Field(None, strict=True)
    other_employment_minutes_per_week: int | None = Field(None, ge=0, le=10080, strict=True)
    gender: Literal["", "woman", "man", "non_binary", "other"] | None = None
    languages: str | None = Field(None, max_length=200, strict=True)
    home_area: str | None = Field(None, max_length=8, strict=True)
    interests: list[str] | None = Field(None, max_length=30)
    traits: list[str] | None = Field(None, max_length=30)
    profile_appreciated: str | None = Field(None, max_length=1500, strict=True)
    profile_important: str | None = Field(None, max_length=1500, strict=True)
    profile_how_i_work: str | None = Field(None, max_length=1500, strict=True)
    updated_at: dt.datetime | None = None


class SkillOut(Schema):
    public_id: uuid.UUID
    name: str
    renew_every_months: int | None


class SkillIn(Strict):
    name: str = Field(min_length=1, max_length=100, strict=True)
    renew_every_months: int | None = Field(None, ge=1, le=120, strict=True)


class TrainingOut(Schema):
    public_id: uuid.UUID
    skill: SkillOut
    completed_on: dt.date
    expires_on: dt.date | None
    state: str


class TrainingIn(Strict):
    skill: uuid.UUID
    completed_on: dt.date
    expires_on: dt.date | None = None


class MemberOut(Schema):
    public_id: uuid.UUID
    name: str
    job_title: str


class MembershipOut(Schema):
    public_id: uuid.UUID
    staff_member: MemberOut
    kind: str
    starts_on: dt.date
    ends_on: dt.date | None
    approved_by_person: bool
    approved_on: dt.date | None


class MembershipIn(Strict):
    staff_member: uuid.UUID
    kind: Literal["core", "relief"] = "core"
    starts_on: dt.date
    ends_on: dt.date | None = None
    approved_by_person: bool = Field(False, strict=True)


class MembershipEnd(Strict):
    ends_on: dt.date | None = None


class ApprovalIn(Strict):
    approved: bool = Field(True, strict=True)


class SkillNeedOut(Schema):
    public_id: uuid.UUID
    skill: SkillOut
    coverage: str
    note: str


class SkillNeedIn(Strict):
    skill: uuid.UUID
    coverage: Literal["every_shift", "some_shifts"] = "every_shift"
    note: str = Field("", max_length=300, strict=True)


class SkillCoverOut(Schema):
    skill: SkillOut
    coverage: str
    holders_today: list[MemberOut]
    holders_in_30_days: list[MemberOut]
    level: Literal["none", "single", "soon", "ok"]
