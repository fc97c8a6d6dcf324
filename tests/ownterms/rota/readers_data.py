"""Live rota rows for the readers' tests, the permission matrix and the browser pages: the cast's
person has shifts today and tomorrow worked by the team worker (tomorrow 2:1 with the outside
worker), and an uncovered shift the day after."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.urls import reverse
from django.utils import timezone

from ownterms.rota.models import CalendarFeed, Shift
from tests.cast import Cast
from tests.ownterms.rota.factories import assign, shift


def live_rota(cast: Cast) -> list[Shift]:
    """Creates (once) the cast person's live shifts around today."""
    existing = list(Shift.objects.filter(person=cast.person).order_by("starts_at"))
    if existing:
        return existing
    today = timezone.localdate()
    worker = cast.staff["team_worker"]
    first = shift(cast.person, today, 9, 6, activity="Swimming")
    second = shift(cast.person, today + dt.timedelta(days=1), 10, 5, headcount=2)
    third = shift(cast.person, today + dt.timedelta(days=2), 9, 6)
    assign(first, worker)
    assign(second, worker, cast.staff["outside_worker"])
    return [first, second, third]


def feed_token(cast: Cast) -> str:
    """The team worker's calendar feed token (created once)."""
    live_rota(cast)
    member = cast.staff["team_worker"]
    feed = CalendarFeed.objects.filter(staff_member=member, revoked_at__isnull=True).first()
    if feed is None:
        feed = CalendarFeed.objects.create(
            organisation_id=member.organisation_id, staff_member=member
        )
    return feed.token


def person_kwargs(cast: Cast) -> dict[str, Any]:
    live_rota(cast)
    return {"org": cast.organisation.slug, "person_id": cast.person.public_id}


def org_kwargs(cast: Cast) -> dict[str, Any]:
    live_rota(cast)
    return {"org": cast.organisation.slug}


def feed_url(cast: Cast) -> str:
    return reverse("rota_feed:feed", kwargs={"token": feed_token(cast)})
