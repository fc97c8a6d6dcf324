"""The demo's plans are deterministic (that every demo person has a rich, plausible, valid plan
is checked in tests/ownterms/demo/test_seed_demo.py, with its one build of the default demo)."""

from __future__ import annotations

import random

import pytest
from django.utils import timezone

from ownterms.core.models import Organisation
from ownterms.demo.enrich_plans import enrich_plans
from ownterms.people.models import Person
from ownterms.plans.models import (
    Goal,
    PersonPlan,
    PlanningSession,
    Policy,
    PolicyVersion,
    ProfileVersion,
    RoutineActivity,
)

pytestmark = pytest.mark.django_db


def test_enricher_is_deterministic() -> None:
    org = Organisation.objects.create(name="A", slug="a")
    for i in range(3):
        Person.objects.create(organisation=org, first_name=f"P{i}", last_name="X", home="other")
    today = timezone.localdate()
    first = enrich_plans(org, random.Random(7), today)
    titles = list(Goal.objects.order_by("pk").values_list("person__first_name", "title"))
    for model in (PlanningSession, PolicyVersion, Policy, RoutineActivity, Goal, ProfileVersion):
        model.objects.all().delete()  # type: ignore[attr-defined]
    PersonPlan.objects.all().delete()
    second = enrich_plans(org, random.Random(7), today)
    assert first == second
    assert titles == list(Goal.objects.order_by("pk").values_list("person__first_name", "title"))
