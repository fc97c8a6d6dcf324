"""Writing the audit trail. Events are only ever added; the retention job may redact them.

Call these inside the same transaction as the change they record, so a rolled-back change
leaves no event and a committed change always has one.
"""

from __future__ import annotations

import datetime as dt
import decimal
import uuid
from collections.abc import Collection, Iterable, Mapping
from typing import Any, TypeVar

from django.db import connection, models, transaction
from django.db.models.fields.files import FieldFile
from django.http import HttpRequest
from django.utils import timezone

from ownterms.accounts.models import User
from ownterms.audit.models import AuditEvent
from ownterms.core.models import Organisation

#: One access event per user, person and page in this window, so live pages don't flood it.
ACCESS_DEDUPLICATION_WINDOW = dt.timedelta(minutes=5)

#: Field names (or parts of names) whose values are secrets: never written to the audit, even
#: as "changed".
SECRET_NAME_PARTS = ("password", "secret", "token", "recovery_code", "totp", "otp")

#: Written instead of the values of special-category free text.
CHANGED_MARK: dict[str, bool] = {"changed": True}

#: Fields the retention job may blank (``redact_events``); the PostgreSQL trigger enforces it.
REDACTABLE_FIELDS = frozenset({"changes", "page", "object_id", "actor_label", "basis"})

#: Marks the retention job's transaction; the PostgreSQL trigger allows redaction only then.
REDACTION_SETTING = "ownterms.audit_redaction"


def is_secret(name: str) -> bool:
    lowered = name.lower()
    return any(part in lowered for part in SECRET_NAME_PARTS)


def _plain(value: Any) -> Any:
    """A JSON-friendly form of a field value."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, FieldFile):
        return value.name or ""
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, list | tuple | set | frozenset):
        return [_plain(item) for item in value]
    if isinstance(value, Mapping):
        return {str(key): _plain(item) for key, item in value.items()}
    return str(value)


def private_fields_of(obj: object) -> frozenset[str]:
    """Special-category free text a model declares in ``audit_private_fields``."""
    return frozenset(getattr(type(obj), "audit_private_fields", ()))


def snapshot(obj: models.Model, fields: Iterable[str] | None = None) -> dict[str, Any]:
    """The current values of ``obj``'s concrete fields (foreign keys as ids)."""
    wanted = set(fields) if fields is not None else None
    values: dict[str, Any] = {}
    for field in obj._meta.concrete_fields:
        if wanted is not None and field.name not in wanted:
            continue
        if field.primary_key:
            continue
        values[field.name] = _plain(field.value_from_object(obj))
    return values


def field_changes(
    old: models.Model | Mapping[str, Any] | None,
    new: models.Model | Mapping[str, Any] | None,
    *,
    fields: Iterable[str] | None = None,
    private: Collection[str] = (),
) -> dict[str, Any]:
    """What changed from ``old`` to ``new``, as ``{field: {"old": ..., "new": ...}}``.

    ``old`` is ``None`` for a creation, ``new`` is ``None`` for a deletion. Fields in
    ``private`` (and a model's ``audit_private_fields``) are special-category free text:
    only ``{"changed": true}`` is recorded. Secret fields are left out entirely.
    """
    hidden = set(private) | private_fields_of(old) | private_fields_of(new)

    def values(side: models.Model | Mapping[str, Any] | None) -> dict[str, Any]:
        if side is None:
            return {}
        if isinstance(side, models.Model):
            return snapshot(side, fields)
        wanted = set(fields) if fields is not None else None
        return {
            key: _plain(value) for key, value in side.items() if wanted is None or key in wanted
        }

    before, after = values(old), values(new)
    changes: dict[str, Any] = {}
    for name in sorted(set(before) | set(after)):
        if is_secret(name):
            continue
        was, now = before.get(name), after.get(name)
        if old is not None and new is not None and was == now:
            continue
        if old is None and new is not None and now in (None, "", [], {}):
            continue
        if name in hidden:
            changes[name] = dict(CHANGED_MARK)
        else:
            changes[name] = {"old": was, "new": now}
    return changes


def _clean(changes: Mapping[str, Any]) -> dict[str, Any]:
    """Drops secrets, whoever built the mapping."""
    return {
        str(key): (_clean(value) if isinstance(value, Mapping) else _plain(value))
        for key, value in changes.items()
        if not is_secret(str(key))
    }


def _label(actor: User | None) -> str:
    if actor is None:
        return "System"
    return f"{actor.display_name} <{actor.email}>" if actor.display_name else actor.email


def record_change(
    *,
    actor: User | None,
    organisation: Organisation,
    action: str,
    obj: models.Model | None,
    person: models.Model | None,
    changes: Mapping[str, Any],
    basis: str = "",
) -> AuditEvent:
    """Records one change to personal data (call inside the change's transaction)."""
    return AuditEvent.objects.create(
        organisation=organisation,
        occurred_at=timezone.now(),
        kind=AuditEvent.Kind.CHANGE,
        action=action,
        actor=actor,
        actor_label=_label(actor),
        basis=basis,
        person_id=person.pk if person is not None else None,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(getattr(obj, "public_id", None) or (obj.pk if obj is not None else "")),
        changes=_clean(changes),
    )


_M = TypeVar("_M", bound=models.Model)


def create_audited(
    *,
    actor: User | None,
    organisation: Organisation,
    action: str,
    obj: _M,
    person: models.Model | None,
    fields: Iterable[str] | None = None,
    basis: str = "",
) -> _M:
    """Validates and saves a new row and records its creation (inside the caller's transaction)."""
    obj.full_clean()
    obj.save()
    record_change(
        actor=actor,
        organisation=organisation,
        action=action,
        obj=obj,
        person=person,
        changes=field_changes(None, obj, fields=fields),
        basis=basis,
    )
    return obj


def record_access(*, actor: User, person: models.Model, page: str, basis: str) -> AuditEvent | None:
    """Records that ``actor`` viewed ``page`` of ``person``'s record.

    At most one event per user, person and page in ``ACCESS_DEDUPLICATION_WINDOW``; returns
    ``None`` when a recent one already covers this view.
    """
    return _record_view(
        actor=actor, action="record.view", obj=person, person=person, page=page, basis=basis
    )


def record_staff_access(
    *, actor: User, staff_member: models.Model, page: str, basis: str
) -> AuditEvent | None:
    """Records that ``actor`` viewed ``page`` of another member of staff's record (there is
    no person: ``object_type`` is ``staff.staffmember``). Deduplicated like ``record_access``."""
    return _record_view(
        actor=actor, action="staff_record.view", obj=staff_member, person=None, page=page,
        basis=basis,
    )  # fmt: skip


def _record_view(
    *,
    actor: User,
    action: str,
    obj: models.Model,
    person: models.Model | None,
    page: str,
    basis: str,
) -> AuditEvent | None:
    now = timezone.now()
    object_type = obj._meta.label_lower
    object_id = str(getattr(obj, "public_id", obj.pk))
    recent = AuditEvent.objects.filter(
        organisation_id=actor.organisation_id,
        kind=AuditEvent.Kind.ACCESS,
        actor=actor,
        object_type=object_type,
        object_id=object_id,
        page=page[:120],
        occurred_at__gt=now - ACCESS_DEDUPLICATION_WINDOW,
    )
    if recent.exists():
        return None
    return AuditEvent.objects.create(
        organisation_id=actor.organisation_id,
        occurred_at=now,
        kind=AuditEvent.Kind.ACCESS,
        action=action,
        actor=actor,
        actor_label=_label(actor),
        basis=basis,
        person_id=person.pk if person is not None else None,
        object_type=object_type,
        object_id=object_id,
        page=page[:120],
    )


class SecurityAction:
    SIGNED_IN = "security.signed_in"
    SIGNED_OUT = "security.signed_out"
    SIGN_IN_FAILED = "security.sign_in_failed"
    LOCKED_OUT = "security.locked_out"
    MFA_ADDED = "security.mfa_added"
    MFA_REMOVED = "security.mfa_removed"
    MFA_RESET = "security.mfa_reset"
    MFA_FAILED = "security.mfa_failed"
    SESSIONS_ENDED = "security.sessions_ended"


def _client_address(request: HttpRequest | None) -> str:
    if request is None:
        return ""
    return str(getattr(request, "axes_ip_address", "") or request.META.get("REMOTE_ADDR", ""))


def record_security(
    *,
    action: str,
    user: User | None,
    organisation: Organisation | None = None,
    request: HttpRequest | None = None,
    details: Mapping[str, Any] | None = None,
) -> AuditEvent | None:
    """Records a sign-in, sign-out, failure, lock-out or MFA event.

    Events about no known account (e.g. a failed sign-in with an unknown address) have no
    organisation to belong to and are not recorded here; django-axes keeps those attempts.
    """
    organisation_id = organisation.pk if organisation is not None else None
    if organisation_id is None and user is not None:
        organisation_id = user.organisation_id
    if organisation_id is None:
        return None
    extra = dict(details or {})
    address = _client_address(request)
    if address:
        extra["ip_address"] = address
    return AuditEvent.objects.create(
        organisation_id=organisation_id,
        occurred_at=timezone.now(),
        kind=AuditEvent.Kind.SECURITY,
        action=action,
        actor=user,
        actor_label=_label(user),
        object_type="accounts.user" if user is not None else "",
        object_id=str(user.public_id) if user is not None else "",
        changes=_clean(extra),
    )


def redact_events(
    *,
    event_ids: Iterable[int],
    fields: Collection[str] = ("changes",),
    actor: User | None = None,
) -> int:
    """Blanks ``fields`` of the given events and stamps ``redacted_at`` (retention job only).

    On PostgreSQL the append-only trigger allows this update only inside a transaction that
    sets ``ownterms.audit_redaction``, which this function does, and only blanking.
    """
    unknown = set(fields) - REDACTABLE_FIELDS
    if unknown:
        raise ValueError(f"these audit fields cannot be redacted: {sorted(unknown)}")
    ids = sorted(set(event_ids))
    if not ids:
        return 0
    blank: dict[str, Any] = {name: ({} if name == "changes" else "") for name in fields}
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT set_config(%s, 'on', true)", [REDACTION_SETTING])
        events = AuditEvent.objects.filter(pk__in=ids, redacted_at__isnull=True)
        organisations = set(events.values_list("organisation_id", flat=True))
        count = events.update(redacted_at=timezone.now(), **blank)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT set_config(%s, 'off', true)", [REDACTION_SETTING])
        for organisation_id in sorted(organisations):
            AuditEvent.objects.create(
                organisation_id=organisation_id,
                occurred_at=timezone.now(),
                kind=AuditEvent.Kind.CHANGE,
                action="audit.redact",
                actor=actor,
                actor_label=_label(actor),
                changes={"fields": sorted(fields), "events": len(ids)},
            )
    return count


def record_applicant_access(
    *, actor: User, applicant: models.Model, page: str, basis: str
) -> AuditEvent | None:
    """Records that ``actor`` viewed ``page`` about a job applicant (recruitment): there is no
    person; ``object_type`` is ``recruitment.applicant``. Deduplicated like ``record_access``."""
    return _record_view(
        actor=actor, action="applicant.view", obj=applicant, person=None, page=page, basis=basis
    )


def record_overview_access(
    *, actor: User, action: str, obj: models.Model, page: str, basis: str
) -> AuditEvent | None:
    """Records that ``actor`` viewed a page naming many people at once (e.g. recruitment's
    cross-match), as one event on ``obj``. Deduplicated like ``record_access``."""
    return _record_view(actor=actor, action=action, obj=obj, person=None, page=page, basis=basis)


def record_referral_access(
    *, actor: User, referral: models.Model, page: str, basis: str
) -> AuditEvent | None:
    """Records that ``actor`` viewed ``page`` of a referral (``object_type`` is
    ``referrals.referral``; once accepted, the event also names the person). Deduplicated
    like ``record_access``."""
    return _record_view(
        actor=actor,
        action="referral.view",
        obj=referral,
        person=getattr(referral, "person", None),
        page=page,
        basis=basis,
    )
