"""The demo's health summaries, homes, format needs and packages: plausible and consistent."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from ownterms.health.models import Allergy, Condition, HealthContact, Medication
from ownterms.health.selectors import health_summary
from ownterms.people.models import CommissionedPackage, CommunicationFormat, Person
from ownterms.people.selectors import package_on, person_packages

pytestmark = [pytest.mark.django_db, pytest.mark.demo_data]


def test_health_summaries_are_plausible(demo: Any) -> None:
    today = timezone.localdate()
    people = list(Person.objects.filter(organisation=demo))
    assert HealthContact.objects.filter(person__in=people, role="gp").count() == len(people)
    epilepsy = Condition.objects.filter(person__in=people, name="Epilepsy")
    assert 8 <= epilepsy.count() <= 14
    for condition in epilepsy:
        rescue = Medication.objects.get(person=condition.person, name="Buccal midazolam")
        assert rescue.kind == "prn" and "999" in rescue.prn_protocol
    psychotropics = Medication.objects.filter(person__in=people, is_psychotropic=True)
    assert psychotropics.count() >= 3
    assert all(m.psychotropic_reason and m.review_on for m in psychotropics)
    assert sum(m.review_overdue(today) for m in psychotropics) == 1
    assert Allergy.objects.filter(person__in=people).exists()
    assert Medication.objects.filter(person__in=people, stops_on__isnull=False).exists()
    overdue = [p for p in people if health_summary(p).overdue_reviews]
    assert len(overdue) == 1


def test_homes_formats_and_packages(demo: Any) -> None:
    today = timezone.localdate()
    people = list(Person.objects.filter(organisation=demo))
    assert all(p.town == "Porthaven" and p.postcode and p.tenancy for p in people)
    assert all(p.tenancy == "family_home" for p in people if p.home == Person.Home.WITH_FAMILY)
    assert any(p.housing_provider_is_support_provider for p in people)
    with_formats = [p for p in people if p.communication_formats]
    assert len(people) // 5 <= len(with_formats) <= len(people) // 2
    for person in with_formats:
        assert person.has_communication_needs
        assert set(person.communication_formats) <= set(CommunicationFormat.values)
    for person in people:
        current = package_on(person, today)
        assert current is not None, person
        periods = person_packages(person)
        assert len(periods) >= 2 and periods[-1].superseded
        assert current.sleep_in_nights <= 7
    packages = CommissionedPackage.objects.filter(person__in=people)
    assert packages.filter(two_to_one_minutes__gt=0).exists()
    assert packages.filter(day_minutes=105 * 60, sleep_in_nights=7).exists()
    assert packages.filter(starts_on__gt=today).exists()
    assert packages.filter(starts_on__lte=today - dt.timedelta(days=365)).exists()
