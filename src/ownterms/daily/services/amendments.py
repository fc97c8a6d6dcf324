"""Amending a daily record: the change, the version, what it replaced and why, the audit."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ownterms.accounts.models import User
from ownterms.audit.services import field_changes, record_change, snapshot
from ownterms.daily.models import Amendment, DailyRecord

_R = TypeVar("_R", bound=DailyRecord)

#: Fields an amendment never touches.
FIXED_FIELDS = frozenset(
    {
        "id",
        "organisation",
        "public_id",
        "person",
        "recorded_by",
        "recorded_by_staff",
        "created_at",
        "updated_at",
        "version",
    }
)


def amend(
    *,
    actor: User,
    record: _R,
    changes: Mapping[str, Any],
    reason: str,
    validate: Any = None,
) -> _R:
    """Sets ``changes`` (concrete field name → new value) on ``record`` with ``reason``; keeps
    the old values in an ``Amendment``, bumps ``version`` and audits it, in one transaction.

    ``validate`` (optional) is called with the changed record before saving and may raise
    ``ValidationError``. Raises ``ValidationError`` for a blank reason, a change to a fixed
    field, or no change at all. The record is locked, so two amendments never interleave."""
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Say why you are changing this record.")})
    fixed = set(changes) & FIXED_FIELDS
    if fixed:
        raise ValueError(f"These fields can't be amended: {sorted(fixed)}")
    model = type(record)
    with transaction.atomic():
        locked: _R = model._default_manager.select_for_update().get(pk=record.pk)
        before = snapshot(locked, changes)
        unknown = set(changes) - set(before)
        if unknown:
            raise ValueError(f"Not fields of {model.__name__}: {sorted(unknown)}")
        for name, value in changes.items():
            setattr(locked, name, value)
        after = snapshot(locked, changes)
        changed = [name for name in changes if before[name] != after[name]]
        if not changed:
            raise ValidationError(_("Nothing was changed."))
        if validate is not None:
            validate(locked)
        locked.version += 1
        locked.save()
        Amendment.objects.create(
            organisation_id=locked.organisation_id,
            person_id=locked.person_id,
            record_type=model._meta.label_lower,
            record_id=locked.public_id,
            version=locked.version,
            reason=reason[:500],
            before={name: before[name] for name in changed},
            after={name: after[name] for name in changed},
            amended_by=actor,
            amended_at=timezone.now(),
        )
        record_change(
            actor=actor,
            organisation=locked.organisation,
            action=f"{model._meta.label_lower}.amend",
            obj=locked,
            person=locked.person,
            changes=field_changes(before, after, fields=changed, private=_private(model)),
        )
    return locked


def _private(model: type[DailyRecord]) -> tuple[str, ...]:
    return tuple(getattr(model, "audit_private_fields", ()))
