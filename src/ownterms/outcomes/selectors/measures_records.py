"""Reading what was recorded here: a person's NHS use, connections and recorded measures. One
row is fetched only within the person whose record the caller already accessed, so an id from
someone else's record is the same 404 as a missing one."""

from __future__ import annotations

import uuid

from django.db.models import QuerySet
from django.http import Http404

from ownterms.outcomes.models import Connection, HealthEvent, MeasureRecord
from ownterms.people.models import Person


def health_events_of(person: Person) -> QuerySet[HealthEvent]:
    return HealthEvent.objects.filter(person=person).order_by("-on", "-pk")


def connections_of(person: Person) -> QuerySet[Connection]:
    """Current connections first (by kind and name), then those that ended, latest first."""
    return Connection.objects.filter(person=person).order_by("ended_on", "kind", "name", "pk")


def measure_records_of(person: Person) -> QuerySet[MeasureRecord]:
    return MeasureRecord.objects.filter(person=person).order_by("measure", "-on", "pk")


def measure_names_of(person: Person) -> list[str]:
    """The names already used for the person (offered when recording another value)."""
    return list(
        MeasureRecord.objects.filter(person=person)
        .order_by("measure")
        .values_list("measure", flat=True)
        .distinct()
    )


def health_event_of(person: Person, public_id: uuid.UUID) -> HealthEvent:
    found = HealthEvent.objects.filter(person=person, public_id=public_id).first()
    if found is None:
        raise Http404
    return found


def connection_of(person: Person, public_id: uuid.UUID) -> Connection:
    found = Connection.objects.filter(person=person, public_id=public_id).first()
    if found is None:
        raise Http404
    return found


def measure_record_of(person: Person, public_id: uuid.UUID) -> MeasureRecord:
    found = MeasureRecord.objects.filter(person=person, public_id=public_id).first()
    if found is None:
        raise Http404
    return found
