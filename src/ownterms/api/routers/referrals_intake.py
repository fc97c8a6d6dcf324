"""/api/v1/referrals: referrals coming in, their messages, and the office's moves.

The office (administrators and managers) lists and reads every referral of the organisation;
a partner with a current referrer grant lists and reads their own, creates referrals (through
the same service and checks as the form: amounts in pence, hours in minutes, field errors as
422 with ``body.<field>`` paths, a contact's as ``body.contacts.<i>.<field>``), and writes
messages. The office moves a referral (``POST .../status``): a move the pipeline does not allow
is a 422; a referral that changed since you read it (``seen``) is a 409. Views and changes are
audited like the pages'."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any, Literal, cast

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import HttpRequest, HttpResponse
from ninja import Field, Query, Router, Schema, Status

from ownterms.api.auth import actor
from ownterms.api.errors import DjangoFieldErrors, envelope
from ownterms.api.routers.paging import Paging, paginate
from ownterms.api.routers.record_errors import field_errors
from ownterms.api.schemas import ErrorOut, Page, Strict
from ownterms.referrals.access import access_referral, referrals_visible_to, require_referrer
from ownterms.referrals.models import Referral
from ownterms.referrals.models import Status as RStatus
from ownterms.referrals.selectors import intake as selectors
from ownterms.referrals.services import handling, intake
from ownterms.referrals.services import messages as conversation
from ownterms.vocabulary.selectors import skills_of

router = Router(tags=["referrals: intake"])
ERRORS: dict[int, type[ErrorOut]] = {401: ErrorOut, 404: ErrorOut, 422: ErrorOut}
PAGE = "api.referrals.referral"
Text = Field("", max_length=10_000, strict=True)

StatusValue = Literal[
    "received",
    "information_requested",
    "assessment",
    "decision",
    "transition",
    "active",
    "declined",
    "withdrawn",
]


class ContactIn(Strict):
    name: str = Field(max_length=1000, strict=True)
    kind: str = Field(max_length=50, strict=True)
    relationship: str = Field(max_length=1000, strict=True)
    email: str = Field("", max_length=1000, strict=True)
    phone: str = Field("", max_length=1000, strict=True)


class ReferralIn(Strict):
    first_name: str = Field(max_length=10_000, strict=True)
    last_name: str = Field(max_length=10_000, strict=True)
    preferred_name: str = Text
    date_of_birth: dt.date | None = None
    communication_summary: str = Text
    communication_formats: list[str] = Field(default_factory=list, max_length=20)
    consent_to_share: bool = Field(strict=True)
    consent_given_by: str = Field(max_length=50, strict=True)
    consent_note: str = Text
    home: str = Field(max_length=50, strict=True)
    town: str = Text
    postcode: str = Text
    housing_note: str = Text
    #: Minutes a week.
    day_minutes: int = Field(0, ge=0, le=100_000, strict=True)
    two_to_one_minutes: int = Field(0, ge=0, le=100_000, strict=True)
    two_to_one_when: str = Text
    waking_night_minutes: int = Field(0, ge=0, le=100_000, strict=True)
    sleep_in_nights: int = Field(0, ge=0, le=7, strict=True)
    #: Pence an hour (a night for sleep-ins).
    day_rate_pence: int = Field(0, ge=0, le=10_000_000, strict=True)
    two_to_one_rate_pence: int = Field(0, ge=0, le=10_000_000, strict=True)
    waking_night_rate_pence: int = Field(0, ge=0, le=10_000_000, strict=True)
    sleep_in_rate_pence: int = Field(0, ge=0, le=10_000_000, strict=True)
    funder_name: str = Field(max_length=10_000, strict=True)
    funder_kind: str = Field(max_length=50, strict=True)
    funding_kind: str = Field(max_length=50, strict=True)
    start_wanted: dt.date | None = None
    what_they_want: str = Field(max_length=10_000, strict=True)
    key_needs: str = Field(max_length=10_000, strict=True)
    risks: str = Text
    family_and_circle: str = Text
    referrer_role: str = Text
    referrer_phone: str = Text
    contacts: list[ContactIn] = Field(default_factory=list, max_length=intake.MAX_CONTACTS)
    skills: list[uuid.UUID] = Field(default_factory=list, max_length=intake.MAX_SKILLS)


class ContactOut(Schema):
    public_id: uuid.UUID
    name: str
    kind: str
    relationship: str
    email: str
    phone: str


class SkillOut(Schema):
    public_id: uuid.UUID
    name: str


class ChangeOut(Schema):
    from_status: str
    to_status: str
    at: dt.datetime
    note: str


class PersonRef(Schema):
    name: str
    email: str


class DecisionOut(Schema):
    outcome: str
    reasons: str
    conditions: str
    decided_at: dt.datetime


class ReferralOut(Schema):
    public_id: uuid.UUID
    reference: str
    status: str
    #: The status in plain words, as the partner's page says it.
    status_words: str
    source: str
    referrer_name: str
    referrer_role: str
    referrer_agency: str
    referrer_email: str
    referrer_phone: str
    contact: PersonRef | None
    first_name: str
    last_name: str
    preferred_name: str
    date_of_birth: dt.date | None
    communication_summary: str
    communication_formats: list[str]
    consent_to_share: bool
    consent_given_by: str
    consent_note: str
    home: str
    town: str
    postcode: str
    housing_note: str
    day_minutes: int
    two_to_one_minutes: int
    two_to_one_when: str
    waking_night_minutes: int
    sleep_in_nights: int
    day_rate_pence: int
    two_to_one_rate_pence: int
    waking_night_rate_pence: int
    sleep_in_rate_pence: int
    funder_name: str
    funder_kind: str
    funding_kind: str
    start_wanted: dt.date | None
    what_they_want: str
    key_needs: str
    risks: str
    family_and_circle: str
    contacts: list[ContactOut]
    skills: list[SkillOut]
    closed_note: str
    received_at: dt.datetime
    status_changed_at: dt.datetime
    changes: list[ChangeOut]
    decision: DecisionOut | None


class MessageIn(Strict):
    text: str = Field(max_length=10_000, strict=True)


class MessageOut(Schema):
    public_id: uuid.UUID
    author: str
    from_referrer: bool
    text: str
    at: dt.datetime


class MoveIn(Strict):
    status: StatusValue
    #: The message (more information), the reason (withdrawn) or the reasons (declined).
    note: str = Field("", max_length=10_000, strict=True)
    decline_reason: Literal["hours", "clarity", "family", "recruitability", "capacity", "other"] = (
        "other"
    )
    #: The status you read: if it has changed since, the answer is 409.
    seen: StatusValue | None = None


class ReferralFilters(Schema):
    status: StatusValue | None = None
    #: A kind of referrer (``council``, ``nhs_discharge``...); an unknown one matches none.
    source: str | None = Field(None, max_length=20)


def _out(referral: Referral) -> dict[str, Any]:
    full = selectors.with_everything(referral)
    decision = selectors.decision_of(full)
    values = {name: getattr(full, name) for name in intake.DETAIL_FIELDS}
    return {
        **values,
        "public_id": full.public_id,
        "reference": full.reference,
        "status": full.status,
        "status_words": str(selectors.PLAIN_STATUS[full.status]),
        "source": full.source,
        "referrer_name": full.referrer_name,
        "referrer_agency": full.referrer_agency,
        "referrer_email": full.referrer_email,
        "contact": {"name": full.contact.display_name, "email": full.contact.email}
        if full.contact
        else None,
        "communication_formats": list(full.communication_formats or []),
        "contacts": [
            {
                "public_id": c.public_id,
                "name": c.name,
                "kind": c.kind,
                "relationship": c.relationship,
                "email": c.email,
                "phone": c.phone,
            }
            for c in full.contacts.all()
        ],
        "skills": [{"public_id": s.public_id, "name": s.name} for s in full.skills.all()],
        "closed_note": full.closed_note,
        "received_at": full.received_at,
        "status_changed_at": full.status_changed_at,
        "changes": [
            {"from_status": c.from_status, "to_status": c.to_status, "at": c.at, "note": c.note}
            for c in full.changes.all()
        ],
        "decision": {
            "outcome": decision.outcome,
            "reasons": decision.reasons,
            "conditions": decision.conditions,
            "decided_at": decision.decided_at,
        }
        if decision
        else None,
    }


@router.get("", response={200: Page[ReferralOut], **ERRORS}, summary="Referrals")
def list_referrals(
    request: HttpRequest, query: Query[Paging], filters: Query[ReferralFilters]
) -> dict[str, object]:
    user = actor(request)
    found = referrals_visible_to(user)
    if filters.status:
        found = found.filter(status=filters.status)
    if filters.source:
        found = found.filter(source=filters.source)
    page = paginate(found.order_by("-received_at", "-pk"), query)
    rows = cast(list[Referral], page["items"])
    return {**page, "items": [_out(row) for row in rows]}


@router.get("/{uuid:referral_id}", response={200: ReferralOut, **ERRORS}, summary="One referral")
def get_referral(request: HttpRequest, referral_id: uuid.UUID) -> dict[str, Any]:
    access = access_referral(actor(request), referral_id, page=PAGE)
    return _out(access.referral)


@router.post(
    "",
    response={201: ReferralOut, 403: ErrorOut, **ERRORS},
    summary="Refer someone (a partner with a current grant)",
)
def create_referral(request: HttpRequest, payload: ReferralIn) -> Status[dict[str, Any]]:
    user = actor(request)
    require_referrer(user)
    wanted = set(payload.skills)
    skills = list(skills_of(user.organisation_id).filter(public_id__in=wanted))
    if len(skills) != len(wanted):
        raise DjangoFieldErrors({"skills": ["Choose skills from this organisation's list."]})
    values = payload.dict(exclude={"contacts", "skills"})
    details = intake.ReferralDetails(
        **values,
        contacts=[intake.ContactDetails(**contact.dict()) for contact in payload.contacts],
        skills=skills,
    )
    try:
        referral = intake.submit(actor=user, details=details)
    except PermissionDenied:
        raise
    except DjangoValidationError as exc:
        raise field_errors(exc) from exc
    return Status(201, _out(referral))


@router.get(
    "/{uuid:referral_id}/messages",
    response={200: list[MessageOut], **ERRORS},
    summary="A referral's messages",
)
def list_referral_messages(request: HttpRequest, referral_id: uuid.UUID) -> list[dict[str, Any]]:
    access = access_referral(actor(request), referral_id, page=PAGE + "_messages")
    return [
        {
            "public_id": m.public_id,
            "author": m.author_label,
            "from_referrer": m.from_referrer,
            "text": m.text,
            "at": m.at,
        }
        for m in access.referral.messages.all()
    ]


@router.post(
    "/{uuid:referral_id}/messages",
    response={201: MessageOut, 403: ErrorOut, **ERRORS},
    summary="Write a message on a referral",
)
def post_referral_message(
    request: HttpRequest, referral_id: uuid.UUID, payload: MessageIn
) -> Status[dict[str, Any]]:
    user = actor(request)
    access = access_referral(user, referral_id, page=PAGE + "_messages")
    try:
        message = conversation.post_message(actor=user, referral=access.referral, text=payload.text)
    except PermissionDenied:
        raise
    except DjangoValidationError as exc:
        raise field_errors(exc) from exc
    return Status(
        201,
        {
            "public_id": message.public_id,
            "author": message.author_label,
            "from_referrer": message.from_referrer,
            "text": message.text,
            "at": message.at,
        },
    )


_NOTE_FIELDS = {"body.text": "body.note", "body.reason": "body.note", "body.reasons": "body.note"}


@router.post(
    "/{uuid:referral_id}/status",
    response={200: ReferralOut, 403: ErrorOut, 409: ErrorOut, **ERRORS},
    summary="Move a referral (the office)",
)
def move_referral(
    request: HttpRequest, referral_id: uuid.UUID, payload: MoveIn
) -> dict[str, Any] | HttpResponse:
    user = actor(request)
    access = access_referral(user, referral_id, page=PAGE + "_status")
    try:
        referral = handling.move_as_office(
            actor=user,
            referral=access.referral,
            to_status=RStatus(payload.status),
            note=payload.note,
            decline_reason=payload.decline_reason,
            seen=payload.seen,
        )
    except handling.Conflict as conflict:
        return envelope(409, message=conflict.message)
    except PermissionDenied:
        raise
    except DjangoValidationError as exc:
        errors = field_errors(exc)
        errors.fields = {_NOTE_FIELDS.get(key, key): value for key, value in errors.fields.items()}
        raise errors from exc
    return _out(referral)
