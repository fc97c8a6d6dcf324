"""Shared helpers for the on-call tests (and the permission matrix / browser suite rows)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from ownterms.accounts.models import User
from ownterms.oncall import services
from ownterms.oncall.models import CallLog
from ownterms.staff.models import OnCallDuty, StaffMember
from tests.cast import Cast


def client_for(user: User | None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def user(cast: Cast, name: str) -> User:
    found = cast.user(name)
    assert found is not None
    return found


def url(cast: Cast, name: str, **extra: Any) -> str:
    return reverse(f"oncall:{name}", kwargs={"org": cast.organisation.slug, **extra})


def date_fields(name: str, day: dt.date) -> dict[str, str]:
    return {
        f"{name}_day": str(day.day),
        f"{name}_month": str(day.month),
        f"{name}_year": str(day.year),
    }


def on_call_duty(cast: Cast) -> OnCallDuty:
    """The cast's duty (the on-call manager, on call now)."""
    return OnCallDuty.objects.get(
        organisation=cast.organisation, manager=cast.staff["on_call_manager"]
    )


def a_call(
    cast: Cast, *, about_person: bool = True, follow_up: bool = True, by: str = "on_call_manager"
) -> CallLog:
    """A call logged by the on-call manager an hour ago, about the cast's person, with a
    follow-up for the manager due today."""
    owner: StaffMember = cast.staff["manager"]
    return services.log_call(
        actor=user(cast, by),
        received_at=timezone.now() - dt.timedelta(hours=1),
        caller="Tariq Teamworker, support worker",
        person=cast.person if about_person else None,
        what_happened="Alex had a seizure lasting two minutes.",
        action_taken="Rang 111; stayed until settled.",
        follow_up_needed=follow_up,
        follow_up_owner=owner if follow_up else None,
        follow_up_due=timezone.localdate() if follow_up else None,
    )


def call_kwargs(cast: Cast) -> dict[str, Any]:
    return {"org": cast.organisation.slug, "call_id": a_call(cast).public_id}


def duty_kwargs(cast: Cast) -> dict[str, Any]:
    return {"org": cast.organisation.slug, "duty_id": on_call_duty(cast).public_id}
