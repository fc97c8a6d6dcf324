"""Changing the health summary. Every write is audited inside its transaction; nothing is
deleted: items are marked removed, medicines are stopped, and a change to a medicine stops
the old entry and starts a new one (so the list of what was given when is never lost)."""

from __future__ import annotations

import datetime as dt
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ownterms.accounts.models import User
from ownterms.audit.services import create_audited, field_changes, record_change, snapshot
from ownterms.core.tenancy import check_same_organisation
from ownterms.health.models import Allergy, Condition, HealthContact, HealthItem, Medication
from ownterms.people.models import Person

ITEM_FIELDS: dict[type[HealthItem], tuple[str, ...]] = {
    Condition: ("name", "notes", "since"),
    Allergy: ("substance", "reaction", "severity"),
    HealthContact: ("role", "name", "organisation_name", "phone", "email"),
}
ITEM_ACTIONS: dict[type[HealthItem], str] = {
    Condition: "health.condition",
    Allergy: "health.allergy",
    HealthContact: "health.contact",
}

MEDICATION_FIELDS = (
    "name",
    "dose",
    "route",
    "kind",
    "frequency",
    "prn_protocol",
    "starts_on",
    "is_psychotropic",
    "psychotropic_reason",
    "review_on",
    "training_skill",
)
#: What a change to a medicine may alter (the start of the new entry is the change date).
MEDICATION_CHANGE_FIELDS = tuple(name for name in MEDICATION_FIELDS if name != "starts_on")

_I = TypeVar("_I", bound=HealthItem)


def _check_item(item: HealthItem, today: dt.date) -> None:
    if isinstance(item, Condition) and item.since is not None and item.since > today:
        raise ValidationError({"since": _("The date must be today or in the past.")})
    if isinstance(item, Condition) and item.since is not None and item.since.year < 1900:
        raise ValidationError({"since": _("The date must be after 1900.")})


@transaction.atomic
def add_item(*, actor: User, person: Person, model: type[_I], basis: str = "", **fields: Any) -> _I:
    """Adds a condition, an allergy or a key professional to the person's health summary."""
    allowed = ITEM_FIELDS[model]
    unknown = set(fields) - set(allowed)
    if unknown:
        raise ValueError(f"not editable here: {sorted(unknown)}")
    check_same_organisation(actor, person)
    item = model(organisation_id=person.organisation_id, person=person, **fields)
    _check_item(item, timezone.localdate())
    return create_audited(
        actor=actor,
        organisation=person.organisation,
        action=f"{ITEM_ACTIONS[model]}.add",
        obj=item,
        person=person,
        fields=allowed,
        basis=basis,
    )


@transaction.atomic
def update_item(*, actor: User, item: _I, basis: str = "", **changes: Any) -> _I:
    model = type(item)
    allowed = ITEM_FIELDS[model]
    unknown = set(changes) - set(allowed)
    if unknown:
        raise ValueError(f"not editable here: {sorted(unknown)}")
    check_same_organisation(actor, item)
    locked = model._default_manager.select_for_update().select_related("person").get(pk=item.pk)
    if locked.removed_at is not None:
        raise ValidationError(_("This has been removed from the health summary."))
    old = snapshot(locked, allowed)
    for name, value in changes.items():
        setattr(locked, name, value)
    _check_item(locked, timezone.localdate())
    locked.full_clean()
    diff = field_changes(old, locked, fields=allowed)
    if not diff:
        return locked
    locked.save()
    record_change(
        actor=actor,
        organisation=locked.organisation,
        action=f"{ITEM_ACTIONS[model]}.update",
        obj=locked,
        person=locked.person,
        changes=diff,
        basis=basis,
    )
    return locked


@transaction.atomic
def remove_item(*, actor: User, item: _I, basis: str = "") -> _I:
    """Takes an item off the summary; the row stays (with when), and the audit says who."""
    check_same_organisation(actor, item)
    model = type(item)
    locked = model._default_manager.select_for_update().select_related("person").get(pk=item.pk)
    if locked.removed_at is not None:
        return locked
    locked.removed_at = timezone.now()
    locked.save(update_fields=["removed_at"])
    record_change(
        actor=actor,
        organisation=locked.organisation,
        action=f"{ITEM_ACTIONS[model]}.remove",
        obj=locked,
        person=locked.person,
        changes=field_changes({"removed_at": None}, {"removed_at": locked.removed_at}),
        basis=basis,
    )
    return locked


def _check_medication(medication: Medication, today: dt.date) -> None:
    errors: dict[str, list[str]] = {}

    def add(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    if medication.kind == Medication.Kind.PRN and not medication.prn_protocol.strip():
        add("prn_protocol", _("Say when to give this when-needed (PRN) medicine."))
    if medication.kind == Medication.Kind.REGULAR and medication.prn_protocol.strip():
        add("prn_protocol", _("Only a when-needed (PRN) medicine has a PRN protocol."))
    if medication.is_psychotropic:
        if not medication.psychotropic_reason.strip():
            add(
                "psychotropic_reason",
                _("Say why this psychotropic medicine is prescribed (STOMP)."),
            )
        if medication.review_on is None:
            add("review_on", _("Enter when this psychotropic medicine will be reviewed (STOMP)."))
    if medication.review_on is not None:
        if medication.review_on < today:
            add("review_on", _("The review date must not be in the past."))
        elif medication.review_on < medication.starts_on:
            add("review_on", _("The review date must be on or after the start date."))
    skill = medication.training_skill
    if skill is not None and skill.organisation_id != medication.organisation_id:
        add("training_skill", _("Choose the training from the list."))
    if medication.starts_on.year < 1900:
        add("starts_on", _("The start date must be after 1900."))
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def add_medication(*, actor: User, person: Person, basis: str = "", **fields: Any) -> Medication:
    unknown = set(fields) - set(MEDICATION_FIELDS)
    if unknown:
        raise ValueError(f"not editable here: {sorted(unknown)}")
    check_same_organisation(actor, person)
    fields.setdefault("prn_protocol", "")
    fields.setdefault("psychotropic_reason", "")
    medication = Medication(
        organisation_id=person.organisation_id, person=person, created_by=actor, **fields
    )
    _check_medication(medication, timezone.localdate())
    return create_audited(
        actor=actor,
        organisation=person.organisation,
        action="health.medication.add",
        obj=medication,
        person=person,
        fields=MEDICATION_FIELDS,
        basis=basis,
    )


def _stop(
    *, actor: User, locked: Medication, stops_on: dt.date, reason: str, basis: str, action: str
) -> None:
    if locked.stops_on is not None and locked.stops_on <= timezone.localdate():
        raise ValidationError(_("This medicine has already stopped."))
    if stops_on < locked.starts_on:
        raise ValidationError(
            {"stops_on": _("The stop date must be on or after the date it started.")}
        )
    old = {"stops_on": locked.stops_on, "stop_reason": locked.stop_reason}
    locked.stops_on = stops_on
    locked.stop_reason = reason
    locked.full_clean()
    locked.save(update_fields=["stops_on", "stop_reason"])
    record_change(
        actor=actor,
        organisation=locked.organisation,
        action=action,
        obj=locked,
        person=locked.person,
        changes=field_changes(old, {"stops_on": stops_on, "stop_reason": reason}),
        basis=basis,
    )


@transaction.atomic
def stop_medication(
    *,
    actor: User,
    medication: Medication,
    stops_on: dt.date | None = None,
    reason: str,
    basis: str = "",
) -> Medication:
    """Stops a medicine from ``stops_on`` (default today); the entry is kept."""
    check_same_organisation(actor, medication)
    if not reason.strip():
        raise ValidationError({"stop_reason": _("Say why the medicine is stopping.")})
    locked = Medication.objects.select_for_update().select_related("person").get(pk=medication.pk)
    _stop(
        actor=actor,
        locked=locked,
        stops_on=stops_on or timezone.localdate(),
        reason=reason,
        basis=basis,
        action="health.medication.stop",
    )
    return locked


@transaction.atomic
def change_medication(
    *,
    actor: User,
    medication: Medication,
    changes_on: dt.date,
    basis: str = "",
    **fields: Any,
) -> Medication:
    """A new dose, timing or review: the old entry stops on ``changes_on`` and a new entry,
    pointing back to it, starts that day with the new details."""
    unknown = set(fields) - set(MEDICATION_CHANGE_FIELDS)
    if unknown:
        raise ValueError(f"not editable here: {sorted(unknown)}")
    check_same_organisation(actor, medication)
    locked = Medication.objects.select_for_update().select_related("person").get(pk=medication.pk)
    if changes_on <= locked.starts_on:
        raise ValidationError(
            {"changes_on": _("The change must start after the date the medicine started.")}
        )
    values = {name: getattr(locked, name) for name in MEDICATION_CHANGE_FIELDS}
    values.update(fields)
    new = Medication(
        organisation_id=locked.organisation_id,
        person=locked.person,
        created_by=actor,
        replaces=locked,
        starts_on=changes_on,
        **values,
    )
    same = all(getattr(new, name) == getattr(locked, name) for name in MEDICATION_CHANGE_FIELDS)
    if same:
        raise ValidationError(_("Nothing has changed: change the dose, timing or review."))
    _check_medication(new, timezone.localdate())
    _stop(
        actor=actor,
        locked=locked,
        stops_on=changes_on,
        reason=_("Changed"),
        basis=basis,
        action="health.medication.stop",
    )
    return create_audited(
        actor=actor,
        organisation=locked.organisation,
        action="health.medication.change",
        obj=new,
        person=locked.person,
        fields=MEDICATION_FIELDS,
        basis=basis,
    )
