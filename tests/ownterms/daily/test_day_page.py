"""The person's daily records page lists the day's incidents, restrictive practices, seizures
and PRN doses beside the shifts' notes, each linking to its own page, and only that day's."""

from __future__ import annotations

import datetime as dt

from django.test import Client
from django.urls import reverse

from ownterms.daily.models import DoseOutcome, DoseRecord, Seizure
from tests.cast import Cast
from tests.ownterms.daily import behaviour_data, medicines_data


def test_the_days_other_records_are_listed_with_links_to_them(cast: Cast) -> None:
    event = behaviour_data.an_event(cast)  # and its incident, yesterday at 14:00
    moment = behaviour_data.starts(cast, hour=16)
    seizure = Seizure.objects.create(
        organisation=cast.organisation,
        person=cast.person,
        starts_at=moment,
        ends_at=moment + dt.timedelta(minutes=3),
        seizure_type="absence",
    )
    prn = DoseRecord.objects.create(
        organisation=cast.organisation,
        person=cast.person,
        medication=medicines_data.rescue(cast),
        at=moment,
        outcome=DoseOutcome.GIVEN,
        reason="Seizure over 5 minutes",
    )
    client = Client()
    client.force_login(cast.team_worker)
    person = {"org": cast.organisation.slug, "person_id": cast.person.public_id}
    page = reverse("daily:person_daily", kwargs=person)

    yesterday = client.get(page, {"day": (cast.today - dt.timedelta(days=1)).isoformat()})
    html = yesterday.content.decode()
    for name, key, record in (
        ("daily:incident_detail", "incident_id", event.incident),
        ("daily:restrictive_practice_detail", "event_id", event),
        ("daily:seizure_detail", "seizure_id", seizure),
        ("daily:dose_detail", "dose_id", prn),
    ):
        assert record is not None
        assert reverse(name, kwargs={**person, key: record.public_id}) in html
    today = client.get(page, {"day": cast.today.isoformat()}).content.decode()
    assert "Incidents, seizures and medicines when needed" not in today
