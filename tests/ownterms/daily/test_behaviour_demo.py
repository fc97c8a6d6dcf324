"""The demo's behaviour records: plausible, consistent with the rules, quick to seed."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from typing import Any

import pytest
from django.utils import timezone

from ownterms.daily.models import (
    BehaviourSupportPlan,
    Incident,
    RestrictivePracticeEvent,
)
from ownterms.daily.selectors.behaviour import (
    authorisation_for,
    missing_parts,
    team_staff,
)

pytestmark = [pytest.mark.django_db, pytest.mark.demo_data]


def test_demo_behaviour_records_follow_the_rules(demo: Any) -> None:
    today = timezone.localdate()
    zone = zoneinfo.ZoneInfo(demo.time_zone or "Europe/London")
    plans = BehaviourSupportPlan.objects.filter(organisation=demo)
    assert 3 <= plans.count() <= 4
    assert all(plan.authorised_practices.exists() for plan in plans)
    assert sum(plan.review_on < today for plan in plans) == 1, "one review overdue, to be seen"
    # The daily records' own two months: about 15 incidents, one open from yesterday.
    window_start = dt.datetime.combine(today - dt.timedelta(days=61), dt.time(0), tzinfo=zone)
    every = Incident.objects.filter(organisation=demo)
    incidents = every.filter(starts_at__gte=window_start)
    assert 13 <= incidents.count() <= 17
    open_ones = every.filter(status=Incident.Status.OPEN)
    assert open_ones.count() == 1
    assert open_ones.get().starts_at.astimezone(zone).date() == today - dt.timedelta(days=1)
    for incident in every.filter(status=Incident.Status.CLOSED):
        assert missing_parts(incident) == {}, "closed incidents are complete"
        assert incident.debrief and 1 <= (incident.intensity or 0) <= 4
    all_events = RestrictivePracticeEvent.objects.filter(organisation=demo)
    events = all_events.filter(starts_at__gte=window_start)
    assert 2 <= events.count() <= 5
    assert sum(e.unauthorised for e in all_events) == 1, "one unauthorised, in the two months"
    week_ago = timezone.now() - dt.timedelta(days=7)
    assert not all_events.filter(kind="prone", starts_at__gte=week_ago).exists()
    for event in all_events:
        day = event.starts_at.astimezone(zone).date()
        assert event.authorised_practice == authorisation_for(event.person, event.kind, day)
        team = set(team_staff(event.person, day))
        assert set(event.staff.all()) <= team and event.staff.exists()

    # A year of history before that window (enrich_incident_history): the plan people's
    # incidents and restrictive practices fall over the year.
    history = every.filter(starts_at__lt=window_start)
    assert history.filter(starts_at__lt=window_start - dt.timedelta(days=270)).exists()
    assert not every.filter(starts_at__lt=timezone.now() - dt.timedelta(days=730)).exists()
    planned = list(plans.values_list("person_id", flat=True))
    year_ago = timezone.now() - dt.timedelta(days=365)
    half_year = timezone.now() - dt.timedelta(days=183)

    def between(rows: Any, start: dt.datetime, end: dt.datetime) -> int:
        return int(
            rows.filter(person_id__in=planned, starts_at__gte=start, starts_at__lt=end).count()
        )

    assert between(history, year_ago, half_year) > between(every, half_year, timezone.now())
    assert between(all_events, year_ago, half_year) > between(all_events, half_year, timezone.now())
