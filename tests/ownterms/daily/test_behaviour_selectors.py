"""What the today board and the trends read: incidents and restrictive practices in a window,
and counts per month (explicit dates, never the clock)."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest

from ownterms.daily.models import Incident, RestrictivePracticeEvent
from ownterms.daily.selectors.behaviour import (
    MonthCounts,
    incidents_between,
    monthly_counts,
    practices_between,
)
from tests.cast import Cast

pytestmark = pytest.mark.django_db
LONDON = zoneinfo.ZoneInfo("Europe/London")


def at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=LONDON)


def incident(cast: Cast, starts_at: dt.datetime, person: object = None) -> Incident:
    return Incident.objects.create(
        organisation=cast.organisation, person=person or cast.person, starts_at=starts_at
    )


def practice(cast: Cast, starts_at: dt.datetime) -> RestrictivePracticeEvent:
    return RestrictivePracticeEvent.objects.create(
        organisation=cast.organisation,
        person=cast.person,
        kind="physical",
        starts_at=starts_at,
        ends_at=starts_at + dt.timedelta(minutes=2),
        technique="t",
        alternatives_tried="a",
        injury_checks="i",
    )


def test_the_window_includes_its_start_and_excludes_its_end(cast: Cast) -> None:
    day = dt.date(2026, 3, 10)
    inside = incident(cast, at(day, 0))
    incident(cast, at(day + dt.timedelta(days=1), 0))
    incident(cast, at(day, 9), person=cast.other_person)
    found = list(incidents_between([cast.person.pk], at(day, 0), at(day + dt.timedelta(1), 0)))
    assert found == [inside]
    event = practice(cast, at(day, 23, 59))
    assert list(practices_between([cast.person.pk], at(day, 0), at(day, 23, 59))) == []
    assert list(practices_between([cast.person.pk], at(day, 0), at(day + dt.timedelta(1), 0))) == [
        event
    ]


def test_counts_per_month_list_every_month_in_local_time(cast: Cast) -> None:
    # 00:30 on 1 April in London is 23:30 on 31 March in UTC: it counts for April.
    incident(cast, at(dt.date(2026, 4, 1), 0, 30))
    incident(cast, at(dt.date(2026, 2, 14), 12))
    practice(cast, at(dt.date(2026, 2, 14), 12))
    months = monthly_counts([cast.person.pk], dt.date(2026, 1, 20), dt.date(2026, 4, 5), LONDON)
    assert months == [
        MonthCounts(dt.date(2026, 1, 1), 0, 0, 0),
        MonthCounts(dt.date(2026, 2, 1), 1, 1, 1),
        MonthCounts(dt.date(2026, 3, 1), 0, 0, 0),
        MonthCounts(dt.date(2026, 4, 1), 1, 0, 0),
    ]
