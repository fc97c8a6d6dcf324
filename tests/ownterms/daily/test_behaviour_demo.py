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
    incidents = Incident.objects.filter(organisation=demo)
    assert 13 <= incidents.count() <= 17
    open_ones = incidents.filter(status=Incident.Status.OPEN)
    assert open_ones.count() == 1
    assert open_ones.get().starts_at.astimezone(zone).date() == today - dt.timedelta(days=1)
    for incident in incidents.filter(status=Incident.Status.CLOSED):
        assert missing_parts(incident) == {}, "closed incidents are complete"
        assert incident.debrief and 1 <= (incident.intensity or 0) <= 4
    assert all(
        i.starts_at.astimezone(zone).date() >= today - dt.timedelta(days=61) for i in incidents
    )
    events = RestrictivePracticeEvent.objects.filter(organisation=demo)
    assert 2 <= events.count() <= 5
    assert sum(e.unauthorised for e in events) == 1
    week_ago = timezone.now() - dt.timedelta(days=7)
    assert not events.filter(kind="prone", starts_at__gte=week_ago).exists()
    for event in events:
        day = event.starts_at.astimezone(zone).date()
        assert event.authorised_practice == authorisation_for(event.person, event.kind, day)
        team = set(team_staff(event.person, day))
        assert set(event.staff.all()) <= team and event.staff.exists()
