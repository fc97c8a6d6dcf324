"""Demo: a plausible health summary for each person: GP, conditions (epilepsy with rescue
medication for some), allergies, medication with PRN protocols, a few psychotropics under
STOMP review (one overdue), and some medication history."""

from __future__ import annotations

import random
from datetime import date, timedelta

from ownterms.core.models import Organisation
from ownterms.health.models import Allergy, Condition, HealthContact, Medication
from ownterms.people.models import Person

PRACTICES = (
    ("Quayside Surgery", "01632 960100"),
    ("Harbour Medical Centre", "01632 960200"),
    ("Porthaven Health Centre", "01632 960300"),
)
DOCTORS = (
    "Dr Amara Okafor",
    "Dr Tom Penhallow",
    "Dr Helen Trewin",
    "Dr Ravi Menon",
    "Dr Grace Nancarrow",
    "Dr Owen Pascoe",
)
OTHER_CONDITIONS = (
    ("Autism", "Finds noise and crowds hard; needs warning of changes."),
    ("Down's syndrome", "Annual health check due each spring."),
    ("Type 2 diabetes", "Diet controlled with metformin; check feet weekly."),
    ("Asthma", "Inhaler in the kitchen drawer and in the day bag."),
    ("Hypothyroidism", "Blood test every six months."),
    ("Cerebral palsy", "Uses a wheelchair outdoors; hoist for transfers."),
    ("Dysphagia", "Soft and bite-sized food (IDDSI level 6); sit upright to eat."),
    ("Anxiety", "Worse in the evenings; a walk often helps."),
)
ALLERGIES = (
    ("Penicillin", "Rash and swelling of the face", Allergy.Severity.SEVERE),
    (
        "Peanuts",
        "Swelling of the throat; carries an adrenaline pen",
        Allergy.Severity.LIFE_THREATENING,
    ),
    ("Latex", "Itchy rash", Allergy.Severity.MILD),
    ("Sticking plasters", "Red, sore skin", Allergy.Severity.MILD),
    ("Ibuprofen", "Wheezing", Allergy.Severity.MODERATE),
    ("Shellfish", "Vomiting", Allergy.Severity.MODERATE),
)
ANTIEPILEPTICS = (
    ("Sodium valproate", "500 mg", "Twice a day, 8am and 8pm"),
    ("Levetiracetam", "750 mg", "Twice a day, 8am and 8pm"),
    ("Lamotrigine", "100 mg", "Twice a day, 8am and 8pm"),
)
PSYCHOTROPICS = (
    ("Risperidone", "0.5 mg", "Once a day at 8pm", "Anxiety and distress at night"),
    ("Sertraline", "50 mg", "Once a day at 8am", "Low mood since a bereavement"),
    ("Aripiprazole", "5 mg", "Once a day at 8am", "Distress when routines change"),
    ("Promazine", "25 mg", "Once a day at 9pm", "Difficulty getting to sleep"),
)
RESCUE_PROTOCOL = (
    "Give for a tonic-clonic seizure lasting 5 minutes, or 3 seizures in an hour. Call 999 "
    "if the seizure has not stopped 10 minutes after. At most 1 dose in 24 hours."
)


def enrich_health(org: Organisation, rng: random.Random, today: date) -> dict[str, int]:
    people = list(Person.objects.filter(organisation=org).order_by("pk"))
    conditions: list[Condition] = []
    allergies: list[Allergy] = []
    contacts: list[HealthContact] = []
    medications: list[Medication] = []
    psychotropic_count = 0
    for index, person in enumerate(people):
        scope = {"organisation_id": org.pk, "person": person}
        practice, phone = rng.choice(PRACTICES)
        contacts.append(
            HealthContact(
                **scope,
                role=HealthContact.Role.GP,
                name=rng.choice(DOCTORS),
                organisation_name=practice,
                phone=phone,
            )
        )
        epilepsy = index % 3 == 0
        if epilepsy:
            since = today - timedelta(days=rng.randint(5, 30) * 365)
            conditions.append(
                Condition(
                    **scope,
                    name="Epilepsy",
                    notes=rng.choice(
                        (
                            "Tonic-clonic seizures, mostly at night; sleeps with a monitor.",
                            "Focal seizures with staring; usually over in 2 minutes.",
                            "Seizures more likely when tired or unwell.",
                        )
                    ),
                    since=since,
                )
            )
            contacts.append(
                HealthContact(
                    **scope,
                    role=HealthContact.Role.NEUROLOGIST,
                    name="Epilepsy nurse team",
                    organisation_name="Harbourside General Hospital",
                    phone="01632 960400",
                )
            )
            medications.append(
                Medication(
                    **scope,
                    name="Buccal midazolam",
                    dose="10 mg",
                    route=Medication.Route.BUCCAL,
                    kind=Medication.Kind.PRN,
                    frequency="At most 1 dose in 24 hours",
                    prn_protocol=RESCUE_PROTOCOL,
                    starts_on=since + timedelta(days=60),
                )
            )
            name, dose, frequency = rng.choice(ANTIEPILEPTICS)
            started = today - timedelta(days=rng.randint(400, 1500))
            if rng.random() < 0.5:
                # An earlier, lower dose: stopped when the dose changed (the history).
                changed = today - timedelta(days=rng.randint(60, 350))
                earlier = Medication(
                    **scope,
                    name=name,
                    dose="250 mg" if name == "Sodium valproate" else "50 mg",
                    route=Medication.Route.ORAL,
                    kind=Medication.Kind.REGULAR,
                    frequency=frequency,
                    starts_on=started,
                    stops_on=changed,
                    stop_reason="Changed",
                )
                medications.append(earlier)
                started = changed
            medications.append(
                Medication(
                    **scope,
                    name=name,
                    dose=dose,
                    route=Medication.Route.ORAL,
                    kind=Medication.Kind.REGULAR,
                    frequency=frequency,
                    starts_on=started,
                )
            )
        for condition_name, notes in rng.sample(OTHER_CONDITIONS, rng.randint(0, 2)):
            conditions.append(Condition(**scope, name=condition_name, notes=notes))
        if rng.random() < 0.3:
            substance, reaction, severity = rng.choice(ALLERGIES)
            allergies.append(
                Allergy(**scope, substance=substance, reaction=reaction, severity=severity)
            )
        if index % 6 == 1:
            name, dose, frequency, reason = PSYCHOTROPICS[psychotropic_count % len(PSYCHOTROPICS)]
            # The first is overdue for its STOMP review; the others are due in the months ahead.
            review = (
                today - timedelta(days=21)
                if psychotropic_count == 0
                else today + timedelta(days=rng.randint(20, 170))
            )
            medications.append(
                Medication(
                    **scope,
                    name=name,
                    dose=dose,
                    route=Medication.Route.ORAL,
                    kind=Medication.Kind.REGULAR,
                    frequency=frequency,
                    starts_on=today - timedelta(days=rng.randint(200, 900)),
                    is_psychotropic=True,
                    psychotropic_reason=reason,
                    review_on=review,
                )
            )
            contacts.append(
                HealthContact(
                    **scope,
                    role=HealthContact.Role.PSYCHIATRIST,
                    name="Dr Sian Rowe",
                    organisation_name="Community learning disability team",
                    phone="01632 960500",
                )
            )
            psychotropic_count += 1
        if rng.random() < 0.4:
            medications.append(
                Medication(
                    **scope,
                    name="Paracetamol",
                    dose="1 g (two 500 mg tablets)",
                    route=Medication.Route.ORAL,
                    kind=Medication.Kind.PRN,
                    frequency="At most 4 doses in 24 hours, 4 hours apart",
                    prn_protocol="For pain or a temperature; ask first, or look for signs of pain.",
                    starts_on=today - timedelta(days=rng.randint(30, 700)),
                )
            )
    Condition.objects.bulk_create(conditions, batch_size=500)
    Allergy.objects.bulk_create(allergies, batch_size=500)
    HealthContact.objects.bulk_create(contacts, batch_size=500)
    Medication.objects.bulk_create(medications, batch_size=500)
    return {
        "health_conditions": len(conditions),
        "allergies": len(allergies),
        "health_contacts": len(contacts),
        "medications": len(medications),
    }
