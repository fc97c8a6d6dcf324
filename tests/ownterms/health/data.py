"""Health, package and circle data for the cast's person, for tests, the permission matrix
and the browser suite (``tests/browser/pages.py``). Each helper is idempotent."""

from __future__ import annotations

import datetime as dt

from ownterms.health.models import Allergy, Condition, HealthContact, Medication
from ownterms.people.models import CommissionedPackage, Consent
from tests.cast import Cast


def give_health(cast: Cast) -> dict[str, object]:
    """A condition, an allergy, a GP and medication (rescue PRN, a psychotropic overdue for
    review, one stopped) for ``cast.person``; returns them by name."""
    person, org, today = cast.person, cast.organisation, cast.today
    scope = {"organisation": org, "person": person}
    existing = Condition.objects.filter(person=person).first()
    if existing is None:
        existing = Condition.objects.create(
            **scope,
            name="Epilepsy",
            notes="Tonic-clonic seizures, mostly at night.",
            since=dt.date(2010, 6, 1),
        )
        Allergy.objects.create(
            **scope, substance="Penicillin", reaction="Rash and swelling", severity="severe"
        )
        HealthContact.objects.create(
            **scope,
            role="gp",
            name="Dr Amara Okafor",
            organisation_name="Quayside Surgery",
            phone="01632 960123",
        )
        Medication.objects.create(
            **scope,
            name="Buccal midazolam",
            dose="10 mg",
            route="buccal",
            kind="prn",
            frequency="At most 1 dose in 24 hours",
            prn_protocol="A tonic-clonic seizure lasting 5 minutes; call 999 after 10 minutes.",
            starts_on=today - dt.timedelta(days=300),
        )
        Medication.objects.create(
            **scope,
            name="Risperidone",
            dose="0.5 mg",
            route="oral",
            kind="regular",
            frequency="Once a day at 8pm",
            starts_on=today - dt.timedelta(days=400),
            is_psychotropic=True,
            psychotropic_reason="Anxiety at night (prescribed by the psychiatrist)",
            review_on=today - dt.timedelta(days=10),
        )
        Medication.objects.create(
            **scope,
            name="Sodium valproate",
            dose="200 mg",
            route="oral",
            kind="regular",
            frequency="Twice a day, 8am and 8pm",
            starts_on=today - dt.timedelta(days=700),
            stops_on=today - dt.timedelta(days=100),
            stop_reason="Changed to 300 mg",
        )
    return {
        "condition": existing,
        "allergy": Allergy.objects.filter(person=person).first(),
        "contact": HealthContact.objects.filter(person=person).first(),
        # The first made here: other builders (the medication record's) add their own.
        "rescue": Medication.objects.filter(person=person, name="Buccal midazolam")
        .order_by("pk")
        .first(),
        "psychotropic": Medication.objects.filter(person=person, name="Risperidone")
        .order_by("pk")
        .first(),
    }


def condition_id(cast: Cast) -> object:
    return give_health(cast)["condition"].public_id  # type: ignore[attr-defined]


def medication_id(cast: Cast) -> object:
    return give_health(cast)["rescue"].public_id  # type: ignore[attr-defined]


def give_package(cast: Cast) -> CommissionedPackage:
    package = CommissionedPackage.objects.filter(person=cast.person).first()
    if package is None:
        package = CommissionedPackage.objects.create(
            organisation=cast.organisation,
            person=cast.person,
            starts_on=cast.today - dt.timedelta(days=200),
            review_on=cast.today + dt.timedelta(days=160),
            funder_name="Harbourside Council",
            funder_kind="council",
            reference="ASC-1042",
            day_minutes=105 * 60,
            two_to_one_minutes=6 * 60,
            sleep_in_nights=7,
        )
    return package


def member_id(cast: Cast) -> object:
    return cast.circle["circle_with_consent"].public_id


def consent_id(cast: Cast) -> object:
    consent = Consent.objects.filter(circle_member=cast.circle["circle_with_consent"]).first()
    assert consent is not None
    return consent.public_id


def partner_health_consent_id(cast: Cast) -> object:
    """The current partner's health consent (withdrawing it leaves their profile consent)."""
    consent = Consent.objects.get(circle_member=cast.circle["partner_current"], category="health")
    return consent.public_id
