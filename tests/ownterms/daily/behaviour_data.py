"""Behaviour records for the cast's person, for tests, the permission matrix and the browser
suite. Each helper is idempotent (it returns what exists when called again)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.db import connection

from ownterms.daily.models import (
    AuthorisedPractice,
    BehaviourSupportPlan,
    Incident,
    RestrictivePracticeEvent,
)
from ownterms.daily.services.behaviour import (
    add_authorised_practice,
    create_plan,
    record_restrictive_practice,
    start_incident,
)
from tests.cast import Cast


def a_plan(cast: Cast) -> BehaviourSupportPlan:
    found = BehaviourSupportPlan.objects.filter(person=cast.person).first()
    if found is not None:
        return found
    manager = cast.user("manager")
    assert manager is not None
    plan = create_plan(
        actor=manager,
        person=cast.person,
        hypotheses="Alex finds sudden changes and loud places hard; shouting tells us to stop.",
        green="Show the day's plan in pictures each morning\nQuiet time after lunch",
        amber="Pacing and humming louder\nOffer the garden or headphones",
        red="Give space, keep others away\nTwo-person seated hold only to stop a head injury",
        reduction_plan="Review every hold at the monthly team meeting.",
        review_on=cast.today + dt.timedelta(days=90),
    )
    add_authorised_practice(
        actor=manager,
        plan=plan,
        kind="physical",
        description="Two-person seated hold, only to prevent a head injury.",
        legal_basis="best_interests",
        legal_basis_detail="Best-interests meeting, March",
        authorised_on=cast.today - dt.timedelta(days=60),
        review_on=cast.today + dt.timedelta(days=120),
    )
    return plan


def the_practice(cast: Cast) -> AuthorisedPractice:
    return AuthorisedPractice.objects.filter(plan=a_plan(cast)).order_by("pk").first()  # type: ignore[return-value]


def starts(cast: Cast, days_ago: int = 1, hour: int = 14) -> dt.datetime:
    day = cast.today - dt.timedelta(days=days_ago)
    return dt.datetime.combine(day, dt.time(hour, 0)).astimezone(dt.UTC)


COMPLETE = {
    "location": "Kitchen at home",
    "activity": "Getting ready to go to the shops",
    "people_present": "Two support workers",
    "setting_events": "Poor sleep the night before",
    "antecedent": "The bus was cancelled",
    "behaviour": "Threw a cup at the wall and shouted",
    "behaviour_minutes": 10,
    "intensity": 3,
    "consequence": "Staff gave space; Alex went to the garden",
    "strategies_used": "Offered the garden and headphones",
    "injuries": "None",
    "debrief": "Alex was calm after 20 minutes and chose a film.",
    "safeguarding_needed": False,
    "regulator_notification_needed": False,
}


def an_incident(cast: Cast, *, complete: bool = False, author: str = "team_worker") -> Incident:
    found = Incident.objects.filter(person=cast.person).order_by("pk").first()
    if found is not None:
        return found
    user = cast.user(author)
    assert user is not None
    start = starts(cast)
    extra = {**COMPLETE, "ends_at": start + dt.timedelta(minutes=15)} if complete else {}
    return start_incident(actor=user, person=cast.person, starts_at=start, **extra)


def an_event(cast: Cast, kind: str = "physical") -> RestrictivePracticeEvent:
    found = RestrictivePracticeEvent.objects.filter(person=cast.person).order_by("pk").first()
    if found is not None:
        return found
    a_plan(cast)
    user = cast.user("team_worker")
    assert user is not None
    start = starts(cast)
    return record_restrictive_practice(
        actor=user,
        person=cast.person,
        staff=[cast.staff["team_worker"]],
        incident=an_incident(cast),
        kind=kind,
        starts_at=start,
        ends_at=start + dt.timedelta(minutes=3),
        technique="Two-person seated hold on the sofa",
        alternatives_tried="Offered the garden; gave space",
        injury_checks="Checked Alex and staff: no marks",
    )


@contextmanager
def counting() -> Iterator[list[str]]:
    """The SQL run inside the block (a request resets Django's own query log, so
    ``CaptureQueriesContext`` can miss a request's queries)."""
    calls: list[str] = []

    def wrapper(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        calls.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(wrapper):
        yield calls
