"""Writes to organisations and their settings."""

from __future__ import annotations

import datetime as dt
from typing import Protocol

from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ownterms.core import selectors, setting_keys
from ownterms.core.models import Organisation, OrganisationSetting
from ownterms.core.signals import setting_changed

#: How far ahead a change may be scheduled.
LONGEST_NOTICE = dt.timedelta(days=5 * 366)
NOTE_MAX_LENGTH = 300


class Actor(Protocol):
    """A signed-in user (core sits below accounts, so it names only what it needs)."""

    @property
    def pk(self) -> int: ...

    @property
    def organisation_id(self) -> int: ...


def validate_setting_value(
    organisation: Organisation, key: str, value: object, effective_from: dt.date
) -> int:
    """The value as stored, or a ValidationError saying what is wrong."""
    try:
        known = setting_keys.get(key)
    except setting_keys.UnknownSettingError:
        raise ValidationError(
            _("There is no setting called %(key)s."), code="unknown", params={"key": key}
        ) from None
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValidationError(_("Enter a whole number."), code="not_whole")
    if value < known.minimum or value > known.maximum:
        raise ValidationError(
            _("Enter a value from %(minimum)s to %(maximum)s."),
            code="out_of_range",
            params={"minimum": known.minimum, "maximum": known.maximum},
        )
    for lower, upper in setting_keys.ORDERED_PAIRS:
        if key == lower:
            other = selectors.setting(organisation, upper, on=effective_from)
            if value > other:
                raise ValidationError(
                    _("This cannot be more than “%(other)s” (%(value)s on that date)."),
                    code="order",
                    params={"other": setting_keys.get(upper).label, "value": other},
                )
        elif key == upper:
            other = selectors.setting(organisation, lower, on=effective_from)
            if value < other:
                raise ValidationError(
                    _("This cannot be less than “%(other)s” (%(value)s on that date)."),
                    code="order",
                    params={"other": setting_keys.get(lower).label, "value": other},
                )
    return value


def validate_effective_from(
    organisation: Organisation, effective_from: dt.date, *, allow_past: bool = False
) -> None:
    today = selectors.today_for(organisation)
    if not allow_past and effective_from < today:
        raise ValidationError(
            _("The date a change applies from must be today or in the future."), code="past"
        )
    if effective_from > today + LONGEST_NOTICE:
        raise ValidationError(
            _("The date a change applies from must be within five years."), code="too_far"
        )


def change_setting(
    *,
    actor: Actor | None,
    organisation: Organisation,
    key: str,
    value: int,
    effective_from: dt.date,
    note: str = "",
    allow_past: bool = False,
) -> OrganisationSetting:
    """Schedule ``key`` to be ``value`` from ``effective_from``: a new row, never an edit.

    ``actor`` None is the system (commands, the demo). Only the system may back-date a
    change (``allow_past``), because a past date rewrites what applied then.
    The caller checks the actor may change settings; this checks they are in the
    organisation. Sends ``core.signals.setting_changed`` in the same transaction.
    """
    if actor is not None and actor.organisation_id != organisation.pk:
        raise PermissionDenied
    if allow_past and actor is not None:
        raise PermissionDenied
    note = (note or "").strip()
    if len(note) > NOTE_MAX_LENGTH:
        raise ValidationError(
            {"note": _("Keep the note to %(n)s characters or fewer.") % {"n": NOTE_MAX_LENGTH}}
        )
    validate_effective_from(organisation, effective_from, allow_past=allow_past)
    with transaction.atomic():
        # Lock the organisation so two changes to one setting are ordered, not interleaved.
        Organisation.objects.select_for_update().filter(pk=organisation.pk).first()
        stored = validate_setting_value(organisation, key, value, effective_from)
        old_value = selectors.setting(organisation, key, on=effective_from)
        row = OrganisationSetting.objects.create(
            organisation=organisation,
            key=key,
            value=stored,
            effective_from=effective_from,
            note=note,
            created_by_id=actor.pk if actor is not None else None,
        )
        setting_changed.send(
            sender=OrganisationSetting,
            actor=actor,
            organisation=organisation,
            row=row,
            key=key,
            old_value=old_value,
            new_value=stored,
            effective_from=effective_from,
            note=note,
        )
        organisation_id = organisation.pk
        transaction.on_commit(lambda: cache.delete(selectors.cache_key(organisation_id)))
    return row
