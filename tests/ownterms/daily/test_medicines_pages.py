"""The medication chart and its forms, as a worker and a manager would use them."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ownterms.daily.models import DoseOutcome, DoseRecord, DoseSchedule
from ownterms.daily.selectors.doses_due import due_at
from ownterms.daily.selectors.medicines import local_zone
from ownterms.health.models import Medication
from tests.cast import Cast
from tests.ownterms.daily.medicines_data import regular, rescue
from tests.queries import warm_up

CEILING = 40


def client_for(cast: Cast, member: str) -> Client:
    client = Client()
    client.force_login(cast.user(member))
    return client


def url(cast: Cast, name: str, **kwargs: Any) -> str:
    return reverse(
        f"daily:{name}",
        kwargs={"org": cast.organisation.slug, "person_id": cast.person.public_id, **kwargs},
    )


def yesterday_eight(cast: Cast) -> dt.datetime:
    return due_at(cast.today - dt.timedelta(days=1), dt.time(8), local_zone())


def test_one_tap_records_a_dose_and_a_second_tap_is_refused_clearly(cast: Cast) -> None:
    medication = regular(cast)
    client = client_for(cast, "team_worker")
    record = url(cast, "dose_record", medication_id=medication.public_id)
    data = {"due": yesterday_eight(cast).isoformat(), "outcome": "given", "quick": "1"}
    first = client.post(record, data, follow=True)
    assert first.status_code == 200
    assert DoseRecord.objects.get().recorded_by == cast.user("team_worker")
    second = client.post(record, data, follow=True)
    assert "already been recorded" in second.content.decode()
    assert DoseRecord.objects.count() == 1


def test_refused_without_a_reason_keeps_what_was_typed(cast: Cast) -> None:
    medication = regular(cast)
    client = client_for(cast, "team_worker")
    record = url(cast, "dose_record", medication_id=medication.public_id)
    response = client.post(
        record,
        {"due": yesterday_eight(cast).isoformat(), "outcome": "refused", "reason": "", "dose": "½"},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Say why the dose was refused or not given." in page
    assert "½" in page
    assert not DoseRecord.objects.exists()


def test_a_hundred_kilobytes_of_reason_is_refused_with_a_message(cast: Cast) -> None:
    medication = regular(cast)
    response = client_for(cast, "team_worker").post(
        url(cast, "dose_record", medication_id=medication.public_id),
        {"due": yesterday_eight(cast).isoformat(), "outcome": "refused", "reason": "x" * 100_000},
    )
    assert response.status_code == 400
    assert "too long" in response.content.decode()


def test_the_chart_shows_who_recorded_and_escapes_text(cast: Cast) -> None:
    medication = regular(cast)
    moment = due_at(cast.today, dt.time(8), local_zone())
    DoseRecord.objects.create(
        organisation=cast.organisation,
        person=cast.person,
        recorded_by=cast.user("team_worker"),
        medication=medication,
        due_at=moment,
        at=moment,
        outcome=DoseOutcome.REFUSED,
        reason="<script>alert('x')</script> 🙅",
    )
    page = client_for(cast, "manager").get(url(cast, "mar")).content.decode()
    assert "Tariq Teamworker" in page
    assert "&lt;script&gt;" in page and "<script>alert" not in page
    assert "🙅" in page


def test_the_chart_has_a_query_ceiling(cast: Cast, django_assert_max_num_queries: Any) -> None:
    client = client_for(cast, "team_worker")
    counts = []
    for batch in (1, 6):
        for index in range(batch):
            medication = regular(
                cast, dt.time(8), dt.time(13), dt.time(20), name=f"M{batch}{index}"
            )
            moment = due_at(cast.today, dt.time(8), local_zone())
            DoseRecord.objects.create(
                organisation=cast.organisation,
                person=cast.person,
                recorded_by=cast.user("team_worker"),
                medication=medication,
                due_at=moment,
                at=moment,
                outcome=DoseOutcome.GIVEN,
            )
        rescue(cast)
        warm_up(client, url(cast, "mar"))
        with django_assert_max_num_queries(CEILING), CaptureQueriesContext(connection) as queries:
            assert client.get(url(cast, "mar")).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], "the number of queries grows with the data"


def test_a_prn_dose_shows_the_protocol_and_refuses_a_regular_medicine(cast: Cast) -> None:
    medication = rescue(cast)
    other = regular(cast)
    client = client_for(cast, "team_worker")
    page = client.get(url(cast, "prn_new")).content.decode()
    assert medication.prn_protocol in page
    now = dt.datetime.now(local_zone()) - dt.timedelta(minutes=10)
    data = {
        "medication": str(other.public_id),
        "on_day": now.day,
        "on_month": now.month,
        "on_year": now.year,
        "at_time": f"{now:%H:%M}",
        "reason": "Seizure over 5 minutes",
    }
    refused = client.post(url(cast, "prn_new"), data)
    assert refused.status_code == 400
    assert "PRN protocol" in refused.content.decode()
    assert "Seizure over 5 minutes" in refused.content.decode()
    data["medication"] = str(medication.public_id)
    assert client.post(url(cast, "prn_new"), data).status_code == 302
    assert DoseRecord.objects.get().medication == medication


def test_a_manager_sets_dose_times_and_a_worker_can_not(cast: Cast) -> None:
    medication = Medication.objects.create(
        organisation=cast.organisation,
        person=cast.person,
        name="Sertraline",
        dose="50 mg",
        route=Medication.Route.ORAL,
        kind=Medication.Kind.REGULAR,
        frequency="Once a day in the morning",
        starts_on=cast.today - dt.timedelta(days=10),
    )
    edit = url(cast, "dose_times_edit", medication_id=medication.public_id)
    assert client_for(cast, "team_worker").get(edit).status_code == 403
    client = client_for(cast, "manager")
    assert "No times set" in client.get(url(cast, "dose_times")).content.decode()
    bad = client.post(
        edit,
        {
            "times": "8am, 25:00",
            "from_day_day": cast.today.day,
            "from_day_month": cast.today.month,
            "from_day_year": cast.today.year,
        },
    )
    assert bad.status_code == 400 and "25:00" in bad.content.decode()
    good = client.post(
        edit,
        {
            "times": "8am; 20.30",
            "from_day_day": cast.today.day,
            "from_day_month": cast.today.month,
            "from_day_year": cast.today.year,
        },
    )
    assert good.status_code == 302
    assert [f"{s.time:%H:%M}" for s in DoseSchedule.objects.filter(medication=medication)] == [
        "08:00",
        "20:30",
    ]


def test_a_dose_is_amended_with_a_reason_and_versions_show(cast: Cast) -> None:
    medication = regular(cast)
    moment = yesterday_eight(cast)
    record = DoseRecord.objects.create(
        organisation=cast.organisation,
        person=cast.person,
        recorded_by=cast.user("team_worker"),
        medication=medication,
        due_at=moment,
        at=moment,
        outcome=DoseOutcome.GIVEN,
    )
    local = moment.astimezone(local_zone())
    client = client_for(cast, "manager")
    response = client.post(
        url(cast, "dose_amend", dose_id=record.public_id),
        {
            "outcome": "refused",
            "on_day": local.day,
            "on_month": local.month,
            "on_year": local.year,
            "at_time": f"{local:%H:%M}",
            "reason": "Spat it out",
            "amend_reason": "Pressed the wrong button",
        },
    )
    assert response.status_code == 302
    page = client.get(url(cast, "dose_detail", dose_id=record.public_id)).content.decode()
    assert "Pressed the wrong button" in page
    assert DoseRecord.objects.get().version == 2


@pytest.mark.parametrize("member", ["outside_worker", "circle_with_consent"])
def test_people_outside_see_nothing(cast: Cast, member: str) -> None:
    regular(cast)
    assert client_for(cast, member).get(url(cast, "mar")).status_code == 404


def test_one_tap_with_htmx_answers_the_row_in_its_new_state(cast: Cast) -> None:
    medication = regular(cast)
    client = client_for(cast, "team_worker")
    record = url(cast, "dose_record", medication_id=medication.public_id)
    data = {"due": yesterday_eight(cast).isoformat(), "outcome": "given", "quick": "1"}
    first = client.post(record, data, headers={"HX-Request": "true"})
    row = first.content.decode()
    assert first.status_code == 200 and row.lstrip().startswith("<li")
    assert "Recorded by Tariq Teamworker" in row and "recorded." in row
    again = client.post(record, data, headers={"HX-Request": "true"}).content.decode()
    assert "already been recorded" in again
    assert DoseRecord.objects.count() == 1
