"""Reading a person's plan. Each function takes the ``Person`` an ``access_person`` check gave,
and runs a fixed number of queries whatever the number of rows."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field

from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.utils import timezone

from ownterms.people.models import Person
from ownterms.plans.models import (
    Goal,
    PersonPlan,
    PlanningSession,
    Policy,
    PolicyVersion,
    ProfileVersion,
    RoutineActivity,
    Weekday,
)


def is_due(review_on: dt.date | None, today: dt.date | None = None) -> bool:
    """Due for review: the review date is today or has passed."""
    return review_on is not None and review_on <= (today or timezone.localdate())


def current_profile(person: Person) -> ProfileVersion | None:
    return ProfileVersion.objects.filter(person=person).order_by("-number").first()


def profile_versions(person: Person) -> QuerySet[ProfileVersion]:
    """Every saved version, newest first (without their text)."""
    return (
        ProfileVersion.objects.filter(person=person)
        .order_by("-number")
        .only("number", "review_on", "created_at", "created_by_label", "person_id")
    )


def profile_version(person: Person, number: int) -> ProfileVersion:
    version = ProfileVersion.objects.filter(person=person, number=number).first()
    if version is None:
        raise Http404
    return version


def plan_of(person: Person) -> PersonPlan | None:
    return PersonPlan.objects.filter(person=person).prefetch_related("interests").first()


def interests_of(plan: PersonPlan | None) -> list[str]:
    if plan is None:
        return []
    return sorted((tag.label for tag in plan.interests.all()), key=str.casefold)


def goals_of(person: Person) -> QuerySet[Goal]:
    return Goal.objects.filter(person=person).order_by("status", "due_on", "title", "pk")


def goal_of(person: Person, public_id: uuid.UUID | str) -> Goal:
    goal = Goal.objects.filter(person=person, public_id=public_id).first()
    if goal is None:
        raise Http404
    return goal


def sessions_of(person: Person) -> QuerySet[PlanningSession]:
    return PlanningSession.objects.filter(person=person).order_by("-held_on", "-pk")


def session_of(person: Person, public_id: uuid.UUID | str) -> PlanningSession:
    session = PlanningSession.objects.filter(person=person, public_id=public_id).first()
    if session is None:
        raise Http404
    return session


def routine_of(person: Person) -> QuerySet[RoutineActivity]:
    return (
        RoutineActivity.objects.filter(person=person)
        .select_related("skill", "interest")
        .order_by("day", "starts_at", "name", "pk")
    )


def activity_of(person: Person, public_id: uuid.UUID | str) -> RoutineActivity:
    activity = (
        RoutineActivity.objects.filter(person=person, public_id=public_id)
        .select_related("skill", "interest")
        .first()
    )
    if activity is None:
        raise Http404
    return activity


@dataclass
class Day:
    number: int
    name: str
    activities: list[RoutineActivity] = field(default_factory=list)


def week_of(activities: list[RoutineActivity]) -> list[Day]:
    """Monday to Sunday, each with its activities in time order."""
    days = [Day(number=int(value), name=str(label)) for value, label in Weekday.choices]
    for activity in activities:
        days[activity.day].activities.append(activity)
    return days


def policies_of(person: Person) -> list[Policy]:
    """The person's policies, each with ``current`` (its newest version) set: two queries."""
    policies: list[Policy] = list(
        Policy.objects.filter(person=person)
        .prefetch_related(
            Prefetch(
                "versions",
                queryset=PolicyVersion.objects.order_by("-number").defer("text"),
                to_attr="all_versions",
            )
        )
        .order_by("kind", "created_at", "pk")
    )
    for policy in policies:
        versions: list[PolicyVersion] = policy.all_versions  # type: ignore[attr-defined,unused-ignore]
        policy.current = versions[0] if versions else None  # type: ignore[attr-defined]
    return policies


def policy_of(person: Person, public_id: uuid.UUID | str) -> Policy:
    policy = Policy.objects.filter(person=person, public_id=public_id).first()
    if policy is None:
        raise Http404
    return policy


def policy_versions(policy: Policy) -> QuerySet[PolicyVersion]:
    return PolicyVersion.objects.filter(policy=policy).order_by("-number")


def policy_version(policy: Policy, number: int) -> PolicyVersion:
    version = PolicyVersion.objects.filter(policy=policy, number=number).first()
    if version is None:
        raise Http404
    return version
