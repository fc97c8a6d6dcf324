"""A filled-in plan for the cast's person, shared by these tests, the permission matrix and
the browser suite (``tests/browser/pages.py`` builds URLs from it)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse
from django.utils import timezone

from ownterms.accounts.models import User
from ownterms.plans import services
from ownterms.plans.models import Goal, PlanningSession, Policy, ProfileVersion, RoutineActivity
from tests.cast import Cast


@dataclass(frozen=True)
class PlanData:
    profile: ProfileVersion
    goal: Goal
    session: PlanningSession
    activity: RoutineActivity
    policy: Policy


def plan_data(cast: Cast) -> PlanData:
    """Creates (once) a two-version profile, plan, goal, PATH session, routine and a policy
    with two versions for ``cast.person``."""
    person = cast.person
    existing = ProfileVersion.objects.filter(person=person).order_by("-number").first()
    if existing is not None:
        return PlanData(
            profile=existing,
            goal=Goal.objects.filter(person=person).earliest("created_at"),
            session=PlanningSession.objects.filter(person=person).earliest("created_at"),
            activity=RoutineActivity.objects.filter(person=person).earliest("created_at"),
            policy=Policy.objects.filter(person=person).earliest("created_at"),
        )
    manager = cast.manager
    assert isinstance(manager, User)
    today = timezone.localdate()
    services.save_profile(
        actor=manager,
        person=person,
        appreciated="Alex is funny and kind. Alex remembers everyone's birthday.",
        important="Seeing Mum on Sundays. My music. Dancing on Mondays.",
        support="Tell me what is happening next. Give me time to answer.",
        review_on=today + dt.timedelta(days=90),
        based_on=0,
    )
    profile = services.save_profile(
        actor=manager,
        person=person,
        appreciated="Alex is funny and kind. Alex remembers everyone's birthday.",
        important="Seeing Mum on Sundays. My music. Dancing on Mondays. My cat, Pepper.",
        support="Tell me what is happening next. Give me time to answer.",
        review_on=today + dt.timedelta(days=90),
        based_on=1,
    )
    services.update_plan(
        actor=manager,
        person=person,
        north_star="A home of my own by the sea, and a job I am proud of.",
        dreams="Work in a café. Go to a festival.",
        strengths="Good with animals. Remembers names.",
        interests=["Dancing", "Music", "Animals"],
    )
    goal = services.add_goal(
        actor=manager,
        person=person,
        title="Get a volunteer job in a café",
        owner="Alex with Tariq",
        next_step="Visit the community café",
        due_on=today + dt.timedelta(days=60),
        status=Goal.Status.IN_PROGRESS,
    )
    session = services.add_planning_session(
        actor=manager,
        person=person,
        method=PlanningSession.Method.PATH,
        held_on=today - dt.timedelta(days=30),
        participants="Alex, Carol (Mum), Tariq, Mo",
        sections={"north_star": "A home by the sea", "first_steps": "Tariq: ring the café"},
    )
    activity = services.add_activity(
        actor=manager,
        person=person,
        name="Dance class",
        place="Community hall",
        day=0,
        starts_at=dt.time(10, 0),
        ends_at=dt.time(12, 0),
        support_needed="Someone who likes dancing",
        interest="Dancing",
    )
    first = services.add_policy(
        actor=manager,
        person=person,
        kind=Policy.Kind.MONEY,
        title="Looking after my money",
        text="Alex keeps £20 cash. Receipts go in the blue folder.",
        owner="Mo Manager",
        review_on=today + dt.timedelta(days=180),
    )
    services.revise_policy(
        actor=manager,
        policy=first.policy,
        title="Looking after my money",
        text="Alex keeps £30 cash. Receipts go in the blue folder.",
        owner="Mo Manager",
        review_on=today + dt.timedelta(days=180),
        based_on=1,
    )
    return PlanData(
        profile=profile, goal=goal, session=session, activity=activity, policy=first.policy
    )


def plans_url(name: str, **extra: object) -> Callable[[Cast], str]:
    """A URL builder for pages.py: ``extra`` values may be callables of ``PlanData``."""

    def build(cast: Cast) -> str:
        data = plan_data(cast)
        values = {key: value(data) if callable(value) else value for key, value in extra.items()}
        return reverse(
            name,
            kwargs={"org": cast.organisation.slug, "person_id": cast.person.public_id, **values},
        )

    return build
