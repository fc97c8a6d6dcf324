"""Recording what has no source record elsewhere: NHS use (``HealthEvent``), connections
(``Connection``) and values of a person's own measures (``MeasureRecord``).

Every write is keyword-only, in one transaction, audited inside it. Nothing is deleted: a
connection is ended (with its last day), an NHS contact or a value is corrected in place and the
audit keeps what it was. A measure worked out from records already kept (incidents, goals…) can't
be typed in here, and a measure has at most one value per person and date: a second one for the
same date is a clear error, never a silent overwrite.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from ownterms.accounts.models import User
from ownterms.audit.services import create_audited, field_changes, record_change, snapshot
from ownterms.core.selectors import today_for
from ownterms.core.tenancy import check_same_organisation
from ownterms.outcomes.measures import DEFINITIONS
from ownterms.outcomes.models import Connection, HealthEvent, MeasureRecord
from ownterms.people.models import Person

HEALTH_EVENT_FIELDS = ("kind", "on", "until", "planned", "note")
CONNECTION_FIELDS = ("kind", "name", "started_on", "ended_on", "minutes_per_week", "note")
MEASURE_RECORD_FIELDS = ("measure", "on", "value", "note")
#: Connections that have hours a week.
WITH_HOURS = frozenset({Connection.Kind.VOLUNTEERING, Connection.Kind.WORK})
MAX_MINUTES_PER_WEEK = 7 * 24 * 60
EARLIEST = dt.date(1900, 1, 1)


def _clean(text: str) -> str:
    return " ".join(text.split())


def _raise(errors: dict[str, list[str]]) -> None:
    if errors:
        raise ValidationError(errors)


def _date_errors(errors: dict[str, list[str]], name: str, day: dt.date | None) -> None:
    if day is not None and day < EARLIEST:
        errors.setdefault(name, []).append(_("The date must be after 1900."))


def _save_changes(
    *, actor: User, obj: Any, person: Person, before: dict[str, Any], fields: tuple[str, ...],
    action: str, basis: str,
) -> None:  # fmt: skip
    obj.full_clean()
    changes = field_changes(before, obj, fields=fields)
    if not changes:
        return
    obj.save()
    record_change(
        actor=actor,
        organisation=person.organisation,
        action=action,
        obj=obj,
        person=person,
        changes=changes,
        basis=basis,
    )


# NHS use ------------------------------------------------------------------------------------


def _check_health_event(event: HealthEvent, today: dt.date) -> None:
    errors: dict[str, list[str]] = {}
    _date_errors(errors, "on", event.on)
    if event.on > today:
        errors.setdefault("on", []).append(
            _("Record NHS use once it has happened: this date is in the future.")
        )
    if event.until is not None:
        if event.kind != HealthEvent.Kind.ADMISSION:
            errors["until"] = [_("Only a hospital admission has a day they came home.")]
        elif event.until < event.on:
            errors["until"] = [_("The day they came home can't be before the day they went in.")]
        elif event.until > today:
            errors["until"] = [_("The day they came home can't be in the future.")]
    _raise(errors)


@transaction.atomic
def add_health_event(
    *,
    actor: User,
    person: Person,
    kind: str,
    on: dt.date,
    until: dt.date | None = None,
    planned: bool = False,
    note: str = "",
    basis: str = "",
) -> HealthEvent:
    check_same_organisation(actor, person)
    event = HealthEvent(
        organisation_id=person.organisation_id,
        person=person,
        kind=kind,
        on=on,
        until=until,
        planned=planned,
        note=note.strip(),
        recorded_by=actor,
    )
    _check_health_event(event, today_for(person.organisation))
    return create_audited(
        actor=actor,
        organisation=person.organisation,
        action="outcomes.health_event_add",
        obj=event,
        person=person,
        fields=HEALTH_EVENT_FIELDS,
        basis=basis,
    )


@transaction.atomic
def update_health_event(
    *, actor: User, event: HealthEvent, basis: str = "", **values: Any
) -> HealthEvent:
    """Corrects an NHS contact, or adds the day someone came home from hospital."""
    unknown = set(values) - set(HEALTH_EVENT_FIELDS)
    if unknown:
        raise ValueError(f"not editable here: {sorted(unknown)}")
    check_same_organisation(actor, event)
    locked = HealthEvent.objects.select_for_update().select_related("person").get(pk=event.pk)
    before = snapshot(locked, HEALTH_EVENT_FIELDS)
    for name, value in values.items():
        setattr(locked, name, value.strip() if name == "note" else value)
    _check_health_event(locked, today_for(locked.person.organisation))
    _save_changes(
        actor=actor,
        obj=locked,
        person=locked.person,
        before=before,
        fields=HEALTH_EVENT_FIELDS,
        action="outcomes.health_event_update",
        basis=basis,
    )
    return locked


# Connections --------------------------------------------------------------------------------


def _check_connection(connection: Connection) -> None:
    errors: dict[str, list[str]] = {}
    if not connection.name:
        errors["name"] = [_("Enter who or what it is, like “Porthaven swimming club”.")]
    _date_errors(errors, "started_on", connection.started_on)
    if connection.ended_on is not None and connection.ended_on <= connection.started_on:
        errors["ended_on"] = [_("The day it ended must be after the day it started.")]
    if connection.minutes_per_week and connection.kind not in WITH_HOURS:
        errors["minutes_per_week"] = [_("Hours a week are only for volunteering and paid work.")]
    elif connection.minutes_per_week > MAX_MINUTES_PER_WEEK:
        errors["minutes_per_week"] = [_("A week has 168 hours: enter fewer.")]
    _raise(errors)


@transaction.atomic
def add_connection(
    *,
    actor: User,
    person: Person,
    kind: str,
    name: str,
    started_on: dt.date,
    ended_on: dt.date | None = None,
    minutes_per_week: int = 0,
    note: str = "",
    basis: str = "",
) -> Connection:
    check_same_organisation(actor, person)
    connection = Connection(
        organisation_id=person.organisation_id,
        person=person,
        kind=kind,
        name=_clean(name),
        started_on=started_on,
        ended_on=ended_on,
        minutes_per_week=minutes_per_week,
        note=note.strip(),
    )
    _check_connection(connection)
    return create_audited(
        actor=actor,
        organisation=person.organisation,
        action="outcomes.connection_add",
        obj=connection,
        person=person,
        fields=CONNECTION_FIELDS,
        basis=basis,
    )


@transaction.atomic
def update_connection(
    *, actor: User, connection: Connection, basis: str = "", **values: Any
) -> Connection:
    unknown = set(values) - set(CONNECTION_FIELDS)
    if unknown:
        raise ValueError(f"not editable here: {sorted(unknown)}")
    check_same_organisation(actor, connection)
    locked = Connection.objects.select_for_update().select_related("person").get(pk=connection.pk)
    before = snapshot(locked, CONNECTION_FIELDS)
    for name, value in values.items():
        if name == "name":
            value = _clean(value)
        elif name == "note":
            value = value.strip()
        setattr(locked, name, value)
    _check_connection(locked)
    _save_changes(
        actor=actor,
        obj=locked,
        person=locked.person,
        before=before,
        fields=CONNECTION_FIELDS,
        action="outcomes.connection_update",
        basis=basis,
    )
    return locked


@transaction.atomic
def end_connection(
    *, actor: User, connection: Connection, ended_on: dt.date, basis: str = ""
) -> Connection:
    """Ends a connection from ``ended_on`` (the first day it no longer counts)."""
    check_same_organisation(actor, connection)
    locked = Connection.objects.select_for_update().select_related("person").get(pk=connection.pk)
    before = snapshot(locked, CONNECTION_FIELDS)
    locked.ended_on = ended_on
    _check_connection(locked)
    _save_changes(
        actor=actor,
        obj=locked,
        person=locked.person,
        before=before,
        fields=CONNECTION_FIELDS,
        action="outcomes.connection_end",
        basis=basis,
    )
    return locked


# Recorded measures --------------------------------------------------------------------------


def computed_measure_named(name: str) -> str | None:
    """The label of the computed measure ``name`` would duplicate, if any."""
    wanted = name.casefold()
    for measure, definition in DEFINITIONS.items():
        if wanted in {measure.value.casefold(), str(definition.label).casefold()}:
            return str(definition.label)
    return None


def _duplicate(record: MeasureRecord) -> ValidationError:
    return ValidationError(
        {
            "on": [
                _(
                    "“%(measure)s” already has a value for %(day)s. Change that value instead "
                    "of adding a second one."
                )
                % {"measure": record.measure, "day": date_format(record.on, "j F Y")}
            ]
        }
    )


def _check_record(record: MeasureRecord, today: dt.date) -> None:
    errors: dict[str, list[str]] = {}
    if not record.measure:
        errors["measure"] = [_("Enter what is measured, like “Nights out with friends”.")]
    else:
        computed = computed_measure_named(record.measure)
        if computed:
            errors["measure"] = [
                _(
                    "“%(name)s” is worked out from the records we already keep, so it is not "
                    "typed in here."
                )
                % {"name": computed}
            ]
    _date_errors(errors, "on", record.on)
    if record.on > today:
        errors.setdefault("on", []).append(_("The date can't be in the future."))
    _raise(errors)
    duplicates = MeasureRecord.objects.filter(
        person_id=record.person_id, measure=record.measure, on=record.on
    ).exclude(pk=record.pk)
    if duplicates.exists():
        raise _duplicate(record)


def _save_record(record: MeasureRecord) -> None:
    """Saves, turning a value written at the same moment by someone else into the same clear
    error as one found before."""
    try:
        with transaction.atomic():
            record.save()
    except IntegrityError as error:
        raise _duplicate(record) from error


@transaction.atomic
def record_measure(
    *,
    actor: User,
    person: Person,
    measure: str,
    on: dt.date,
    value: Decimal,
    note: str = "",
    basis: str = "",
) -> MeasureRecord:
    check_same_organisation(actor, person)
    record = MeasureRecord(
        organisation_id=person.organisation_id,
        person=person,
        measure=_clean(measure),
        on=on,
        value=value,
        note=note.strip(),
        recorded_by=actor,
    )
    _check_record(record, today_for(person.organisation))
    record.full_clean(validate_constraints=False)
    _save_record(record)
    record_change(
        actor=actor,
        organisation=person.organisation,
        action="outcomes.measure_record_add",
        obj=record,
        person=person,
        changes=field_changes(None, record, fields=MEASURE_RECORD_FIELDS),
        basis=basis,
    )
    return record


@transaction.atomic
def update_measure_record(
    *, actor: User, record: MeasureRecord, basis: str = "", **values: Any
) -> MeasureRecord:
    unknown = set(values) - set(MEASURE_RECORD_FIELDS)
    if unknown:
        raise ValueError(f"not editable here: {sorted(unknown)}")
    check_same_organisation(actor, record)
    locked = MeasureRecord.objects.select_for_update().select_related("person").get(pk=record.pk)
    before = snapshot(locked, MEASURE_RECORD_FIELDS)
    for name, value in values.items():
        if name == "measure":
            value = _clean(value)
        elif name == "note":
            value = value.strip()
        setattr(locked, name, value)
    _check_record(locked, today_for(locked.person.organisation))
    locked.full_clean(validate_constraints=False)
    changes = field_changes(before, locked, fields=MEASURE_RECORD_FIELDS)
    if changes:
        _save_record(locked)
        record_change(
            actor=actor,
            organisation=locked.organisation,
            action="outcomes.measure_record_update",
            obj=locked,
            person=locked.person,
            changes=changes,
            basis=basis,
        )
    return locked
