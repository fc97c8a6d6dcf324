"""A person's record as a FHIR R4 (4.0.1) ``Bundle`` of type ``collection``, as plain dicts.

Which resources, and from what (docs/outcomes-reports.md has the reasons):

- ``Patient`` (profile): names, birth date, town and postcode only; British Sign Language as
  ``Patient.communication`` (it is a language); every Accessible Information Standard format
  need, and "how to communicate with me", as an active ``Flag`` about the patient.
- ``CarePlan`` and ``Goal`` (plans): the plan's north star, the goals and their next steps, the
  weekly routine as activities; each goal's ``lifecycleStatus`` and ``achievementStatus`` from
  ``plans.Goal.status``.
- ``Observation``: the easy-read check-ins (plans: a smiley 1 to 5 per topic, the person's own
  words as a note) and monthly counts of NHS use and PRN doses (health).
- ``MedicationStatement`` (health): each medicine as text, its dosage as text, active or
  completed from its dates.

Ids are the records' public ids, or (for what has none: the care plan, a month's count, a flag)
a UUID derived from them, so the same record always has the same id. Every entry's ``fullUrl``
is ``urn:uuid:<id>`` and references inside the bundle use it. Empty values are left out (FHIR
allows no empty strings or arrays).
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable
from typing import Any

from django.utils.translation import gettext as _

from ownterms.health.models import Medication
from ownterms.outcomes.measures import DEFINITIONS, Measure
from ownterms.outcomes.models import CHECK_IN_TOPICS, CheckIn
from ownterms.outcomes.selectors.fhir_record import FhirRecord, MonthCount
from ownterms.people.models import CommunicationFormat, ConsentCategory, Person
from ownterms.plans.models import Goal, RoutineActivity
from ownterms.staff.services import add_months

Json = dict[str, Any]

#: Derived ids (``uuid5``) live in this namespace, so they never collide with random ones.
ID_NAMESPACE = uuid.UUID("6c0f3d1e-8a47-4f6b-9d3e-2b5a7c9e1f40")

HL7 = "http://terminology.hl7.org/CodeSystem"
BCP47 = "urn:ietf:bcp:47"

#: plans.Goal.status → (Goal.lifecycleStatus, goal-achievement code or None).
GOAL_STATUS: dict[str, tuple[str, str | None]] = {
    Goal.Status.NOT_STARTED: ("planned", None),
    Goal.Status.IN_PROGRESS: ("active", "in-progress"),
    Goal.Status.ACHIEVED: ("completed", "achieved"),
    Goal.Status.STOPPED: ("cancelled", "not-achieved"),
}
ACHIEVEMENT_DISPLAY = {
    "in-progress": "In Progress",
    "achieved": "Achieved",
    "not-achieved": "Not Achieved",
}


class Systems:
    """The organisation's own code systems and identifier system (there is no national code
    for these), under its own address: ``<base>/o/<slug>/fhir/...``."""

    def __init__(self, base_url: str, org_slug: str) -> None:
        root = f"{base_url.rstrip('/')}/o/{org_slug}/fhir"
        self.people = f"{root}/NamingSystem/people"
        self.measures = f"{root}/CodeSystem/outcome-measures"
        self.topics = f"{root}/CodeSystem/check-in-topics"
        self.formats = f"{root}/CodeSystem/communication-formats"
        self.flags = f"{root}/CodeSystem/flag-category"


def derived_id(*parts: object) -> str:
    return str(uuid.uuid5(ID_NAMESPACE, "/".join(str(part) for part in parts)))


def prune(value: Any) -> Any:
    """``value`` without empty strings, lists, dicts or ``None``s, at any depth; strings
    stripped (FHIR strings have no surrounding white space and are never empty)."""
    if isinstance(value, dict):
        pruned = {key: prune(item) for key, item in value.items()}
        return {key: item for key, item in pruned.items() if item not in (None, "", [], {})}
    if isinstance(value, list):
        return [item for item in (prune(item) for item in value) if item not in (None, "", [], {})]
    if isinstance(value, str):
        return value.strip()
    return value


def _date(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def _ref(resource_id: str, display: str = "") -> Json:
    return {"reference": f"urn:uuid:{resource_id}", "display": display}


def _coding(system: str, code: str, display: str) -> Json:
    return {"coding": [{"system": system, "code": code, "display": display}], "text": display}


def patient(person: Person, systems: Systems, organisation_name: str) -> Json:
    names = [
        {
            "use": "official",
            "text": f"{person.first_name} {person.last_name}",
            "family": person.last_name,
            "given": [person.first_name],
        }
    ]
    if person.preferred_name and person.preferred_name != person.first_name:
        names.append(
            {
                "use": "usual",
                "text": person.name,
                "family": person.last_name,
                "given": [person.preferred_name],
            }
        )
    communication = []
    if CommunicationFormat.BSL in person.communication_formats:
        communication.append(
            {
                "language": {
                    "coding": [
                        {"system": BCP47, "code": "bfi", "display": "British Sign Language"}
                    ],
                    "text": "British Sign Language",
                },
                "preferred": True,
            }
        )
    return {
        "resourceType": "Patient",
        "id": str(person.public_id),
        "identifier": [{"system": systems.people, "value": str(person.public_id)}],
        "active": person.status == Person.Status.ACTIVE,
        "name": names,
        "birthDate": _date(person.date_of_birth),
        "address": (
            [{"use": "home", "city": person.town, "postalCode": person.postcode}]
            if person.town.strip() or person.postcode.strip()
            else []
        ),
        "communication": communication,
        "managingOrganization": {"display": organisation_name},
    }


def communication_flags(person: Person, systems: Systems) -> list[Json]:
    """One active ``Flag`` per format need, and one for "how to communicate with me"."""
    labels = dict(CommunicationFormat.choices)
    category = [
        _coding(
            systems.flags,
            "communication-needs",
            _("Communication and information needs (Accessible Information Standard)"),
        )
    ]
    flags = []
    for value in person.communication_formats:
        if value not in labels:
            continue
        flags.append(
            {
                "resourceType": "Flag",
                "id": derived_id(person.public_id, "flag", value),
                "status": "active",
                "category": category,
                "code": _coding(systems.formats, value, str(labels[value])),
                "subject": _ref(str(person.public_id)),
            }
        )
    if person.communication_summary.strip():
        flags.append(
            {
                "resourceType": "Flag",
                "id": derived_id(person.public_id, "flag", "how-to-communicate"),
                "status": "active",
                "category": category,
                "code": {
                    "coding": [
                        {
                            "system": systems.formats,
                            "code": "how-to-communicate",
                            "display": _("How to communicate with me"),
                        }
                    ],
                    "text": person.communication_summary,
                },
                "subject": _ref(str(person.public_id)),
            }
        )
    return flags


def goal(row: Goal, person_id: str) -> Json:
    lifecycle, achievement = GOAL_STATUS.get(row.status, ("proposed", None))
    notes = [{"text": _("Who owns it: %(owner)s") % {"owner": row.owner}}]
    if row.next_step:
        notes.append({"text": _("Next step: %(step)s") % {"step": row.next_step}})
    action = getattr(row, "action", None)
    if action is not None and action.review.held_on:
        notes.append(
            {
                "text": _("Agreed at the person-centred review on %(date)s")
                % {"date": action.review.held_on.isoformat()}
            }
        )
    return {
        "resourceType": "Goal",
        "id": str(row.public_id),
        "lifecycleStatus": lifecycle,
        "achievementStatus": (
            {
                "coding": [
                    {
                        "system": f"{HL7}/goal-achievement",
                        "code": achievement,
                        "display": ACHIEVEMENT_DISPLAY[achievement],
                    }
                ]
            }
            if achievement
            else None
        ),
        "description": {"text": row.title},
        "subject": _ref(person_id),
        "startDate": _date(row.created_at.date()),
        "target": [{"dueDate": _date(row.due_on)}] if row.due_on else [],
        "statusDate": _date(row.achieved_on),
        "note": notes,
    }


def _routine_activity(row: RoutineActivity) -> Json:
    when = _("%(frequency)s on %(day)s, %(start)s to %(end)s") % {
        "frequency": row.get_frequency_display(),
        "day": row.get_day_display(),
        "start": row.starts_at.strftime("%H:%M"),
        "end": row.ends_at.strftime("%H:%M"),
    }
    return {
        "detail": {
            "code": {"text": row.name},
            "status": "in-progress",
            "description": ", ".join(part for part in (row.name, row.place) if part),
            "scheduledString": when,
        }
    }


def care_plan(record: FhirRecord, goals: list[Json]) -> Json | None:
    person = record.person
    if not (record.plan or record.goals or record.routine):
        return None
    person_id = str(person.public_id)
    steps = [
        {
            "detail": {
                "status": "in-progress" if row.status == Goal.Status.IN_PROGRESS else "not-started",
                "description": row.next_step,
                "goal": [_ref(str(row.public_id), row.title)],
            }
        }
        for row in record.goals
        if row.next_step and row.status in (Goal.Status.NOT_STARTED, Goal.Status.IN_PROGRESS)
    ]
    return {
        "resourceType": "CarePlan",
        "id": derived_id(person_id, "care-plan"),
        "status": "active" if person.status == Person.Status.ACTIVE else "completed",
        "intent": "plan",
        "title": _("Person-centred plan"),
        "description": record.plan.north_star if record.plan else "",
        "subject": _ref(person_id),
        "goal": [_ref(item["id"]) for item in goals],
        "activity": steps + [_routine_activity(row) for row in record.routine],
    }


def check_in(row: CheckIn, person_id: str, systems: Systems) -> Json | None:
    labels = dict(CHECK_IN_TOPICS)
    components = [
        {
            "code": _coding(systems.topics, topic, str(labels[topic])),
            "valueInteger": int(row.answers[topic]),
        }
        for topic, _label in CHECK_IN_TOPICS
        if isinstance(row.answers.get(topic), int)
    ]
    if not components and not row.own_words.strip():
        return None
    definition = DEFINITIONS[Measure.LIFE_SAYS]
    notes = [{"text": row.own_words}]
    if row.helped_by:
        notes.append({"text": _("Who helped: %(who)s") % {"who": row.helped_by}})
    return {
        "resourceType": "Observation",
        "id": str(row.public_id),
        "status": "final",
        "category": [_coding(f"{HL7}/observation-category", "survey", "Survey")],
        "code": _coding(systems.measures, Measure.LIFE_SAYS.value, str(definition.label)),
        "subject": _ref(person_id),
        "effectiveDateTime": row.on.isoformat(),
        "performer": [_ref(person_id)],
        "component": components,
        "note": notes,
    }


def month_count(row: MonthCount, person_id: str, systems: Systems, today: dt.date) -> Json:
    definition = DEFINITIONS[row.measure]
    last_day = add_months(row.month, 1) - dt.timedelta(days=1)
    return {
        "resourceType": "Observation",
        "id": derived_id(person_id, row.measure.value, f"{row.month:%Y-%m}"),
        # This month is not over: its count may still grow.
        "status": "preliminary" if last_day >= today else "final",
        "code": _coding(systems.measures, row.measure.value, str(definition.label)),
        "subject": _ref(person_id),
        "effectivePeriod": {"start": row.month.isoformat(), "end": last_day.isoformat()},
        "valueInteger": row.count,
    }


def medication_statement(row: Medication, person_id: str, today: dt.date) -> Json:
    if row.starts_on > today:
        status = "intended"
    elif row.stops_on is not None and row.stops_on <= today:
        status = "completed"
    else:
        status = "active"
    dosage = f"{row.dose}, {row.frequency}"
    if row.kind == Medication.Kind.PRN and row.prn_protocol:
        dosage = _("%(dosage)s. When needed: %(protocol)s") % {
            "dosage": dosage,
            "protocol": row.prn_protocol,
        }
    notes = []
    if row.is_psychotropic:
        notes.append(
            {
                "text": _("Psychotropic, reviewed under STOMP; next review %(date)s")
                % {"date": _date(row.review_on) or _("not set")}
            }
        )
    return {
        "resourceType": "MedicationStatement",
        "id": str(row.public_id),
        "status": status,
        "statusReason": [{"text": row.stop_reason}] if status == "completed" else [],
        "category": _coding(f"{HL7}/medication-statement-category", "community", "Community"),
        "medicationCodeableConcept": {"text": row.name},
        "subject": _ref(person_id),
        "effectivePeriod": {"start": _date(row.starts_on), "end": _date(row.stops_on)},
        "reasonCode": [{"text": row.psychotropic_reason}] if row.is_psychotropic else [],
        "note": notes,
        "dosage": [
            {
                "text": dosage,
                "asNeededBoolean": row.kind == Medication.Kind.PRN,
                "route": {"text": row.get_route_display()},
            }
        ],
    }


def resources(record: FhirRecord, systems: Systems, organisation_name: str) -> list[Json]:
    """Every resource of the bundle, the ``Patient`` first."""
    person_id = str(record.person.public_id)
    found = [
        patient(record.person, systems, organisation_name),
        *communication_flags(record.person, systems),
    ]
    if ConsentCategory.PLANS in record.categories:
        goals = [goal(row, person_id) for row in record.goals]
        plan = care_plan(record, goals)
        found += [plan] if plan else []
        found += goals
        found += _present(check_in(row, person_id, systems) for row in record.check_ins)
    if ConsentCategory.HEALTH in record.categories:
        found += [medication_statement(row, person_id, record.today) for row in record.medications]
        found += [month_count(row, person_id, systems, record.today) for row in record.counts]
    return found


def _present(items: Iterable[Json | None]) -> list[Json]:
    return [item for item in items if item is not None]


def bundle(
    record: FhirRecord,
    *,
    base_url: str,
    org_slug: str,
    organisation_name: str,
    bundle_id: uuid.UUID,
    timestamp: dt.datetime,
) -> Json:
    systems = Systems(base_url, org_slug)
    entries = [
        {"fullUrl": f"urn:uuid:{item['id']}", "resource": prune(item)}
        for item in resources(record, systems, organisation_name)
    ]
    built: Json = prune(
        {
            "resourceType": "Bundle",
            "id": str(bundle_id),
            "identifier": {"system": "urn:ietf:rfc:3986", "value": f"urn:uuid:{bundle_id}"},
            "type": "collection",
            "timestamp": timestamp.isoformat(timespec="seconds"),
            "entry": entries,
        }
    )
    return built
