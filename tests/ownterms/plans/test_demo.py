"""The demo organisation's plans: every person has a rich, plausible, valid plan."""

from __future__ import annotations

import random
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
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


@pytest.mark.demo_data
def test_every_demo_person_has_a_full_plan() -> None:
    call_command("seed_demo", "--without-rota", stdout=StringIO())
    org = Organisation.objects.get(slug="harbour-lane")
    people = Person.objects.filter(organisation=org)
    today = timezone.localdate()
    assert people.count() == 32
    for person in people:
        assert ProfileVersion.objects.filter(person=person).exists()
        assert PersonPlan.objects.get(person=person).interests.count() >= 2
        assert Goal.objects.filter(person=person).count() >= 2
        assert RoutineActivity.objects.filter(person=person).count() >= 3
        assert Policy.objects.filter(person=person).count() >= 2
    current = [
        ProfileVersion.objects.filter(person=person).order_by("-number").first()
        for person in people
    ]
    overdue = [v for v in current if v is not None and v.review_on <= today]
    assert 3 <= len(overdue) <= 10
    assert ProfileVersion.objects.filter(organisation=org, number__gt=1).exists()
    assert PolicyVersion.objects.filter(organisation=org, number=2).exists()
    assert PlanningSession.objects.filter(organisation=org, method="path").count() == 1
    names = set(RoutineActivity.objects.filter(organisation=org).values_list("name", flat=True))
    assert {"Dance class", "Coffee morning", "Exercise class"} <= names
    for model in (ProfileVersion, Goal, RoutineActivity, PolicyVersion):
        for row in model.objects.filter(organisation=org)[:200]:  # type: ignore[attr-defined]
            row.full_clean()
    # The person who signs in sees their own easy-read page with real content.
    me = people.exclude(user=None).get()
    client = Client()
    client.force_login(me.user)  # type: ignore[arg-type]
    page = client.get(
        reverse("plans:easy_about", kwargs={"org": org.slug, "person_id": me.public_id})
    )
    assert page.status_code == 200 and "I like" in page.content.decode()


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
