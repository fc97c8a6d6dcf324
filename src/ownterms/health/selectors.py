"""Reading the health summary (a fixed number of queries, however long the lists)."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Any

from django.db.models import Q
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ownterms.audit.models import AuditEvent
from ownterms.health.models import Allergy, Condition, HealthContact, HealthItem, Medication
from ownterms.people.models import Person

ITEM_KINDS: dict[str, type[HealthItem]] = {
    "condition": Condition,
    "allergy": Allergy,
    "contact": HealthContact,
}


@dataclass(frozen=True)
class HealthSummary:
    conditions: list[Condition]
    allergies: list[Allergy]
    contacts: list[HealthContact]
    #: Taken now (or from a date still to come), by name.
    medications: list[Medication]
    #: Stopped or replaced, most recent first.
    past_medications: list[Medication]
    today: dt.date

    @property
    def overdue_reviews(self) -> list[Medication]:
        return [m for m in self.medications if m.review_overdue(self.today)]


def health_summary(person: Person, *, today: dt.date | None = None) -> HealthSummary:
    today = today or timezone.localdate()
    scope = {"organisation_id": person.organisation_id, "person": person}
    medications = list(
        Medication.objects.filter(**scope)
        .select_related("replaces", "training_skill")
        .order_by("name", "-starts_on")
    )
    current = [m for m in medications if m.stops_on is None or m.stops_on > today]
    past = sorted(
        (m for m in medications if m.stops_on is not None and m.stops_on <= today),
        key=lambda m: (m.stops_on or today, m.name),
        reverse=True,
    )
    return HealthSummary(
        conditions=list(Condition.objects.filter(**scope, removed_at__isnull=True)),
        allergies=list(Allergy.objects.filter(**scope, removed_at__isnull=True)),
        contacts=list(HealthContact.objects.filter(**scope, removed_at__isnull=True)),
        medications=current,
        past_medications=past,
        today=today,
    )


def item_of(person: Person, kind: str, item_id: uuid.UUID | str) -> HealthItem:
    """One condition, allergy or contact of the person, not removed; ``Http404`` otherwise."""
    model = ITEM_KINDS.get(kind)
    if model is None:
        raise Http404
    item = (
        model._default_manager.filter(person=person, public_id=item_id, removed_at__isnull=True)
        .select_related("person", "organisation")
        .first()
    )
    if item is None:
        raise Http404
    return item


def medication_of(person: Person, medication_id: uuid.UUID | str) -> Medication:
    medication = (
        Medication.objects.filter(person=person, public_id=medication_id)
        .select_related("person", "organisation")
        .first()
    )
    if medication is None:
        raise Http404
    return medication


def current_medication_filter(today: dt.date) -> Q:
    return Q(starts_on__lte=today) & (Q(stops_on__isnull=True) | Q(stops_on__gt=today))


#: Plain words for the audit actions of the health summary.
CHANGE_WORDS: dict[str, Any] = {
    "health.condition.add": _("Condition added"),
    "health.condition.update": _("Condition changed"),
    "health.condition.remove": _("Condition taken off"),
    "health.allergy.add": _("Allergy added"),
    "health.allergy.update": _("Allergy changed"),
    "health.allergy.remove": _("Allergy taken off"),
    "health.contact.add": _("Key professional added"),
    "health.contact.update": _("Key professional changed"),
    "health.contact.remove": _("Key professional taken off"),
    "health.medication.add": _("Medicine added"),
    "health.medication.change": _("Medicine changed (new entry)"),
    "health.medication.stop": _("Medicine stopped"),
}


def health_changes(person: Person, *, limit: int = 20) -> list[AuditEvent]:
    """The latest changes to the person's health summary, newest first (one query)."""
    return list(
        AuditEvent.objects.filter(
            organisation_id=person.organisation_id,
            person_id=person.pk,
            kind=AuditEvent.Kind.CHANGE,
            action__startswith="health.",
        ).order_by("-occurred_at", "-pk")[:limit]
    )
