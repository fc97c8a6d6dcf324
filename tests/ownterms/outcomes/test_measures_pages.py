"""The person's outcomes page, its reports, the recording pages and the organisation report, as
the cast sees them: who sees which measures (plans, health), what is recorded and audited, and
bad input that keeps what was typed."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ownterms.audit.models import AuditEvent
from ownterms.outcomes.models import Connection, HealthEvent, MeasureRecord
from ownterms.people.models import Person
from tests.cast import Cast
from tests.ownterms.outcomes import data

pytestmark = pytest.mark.django_db


def _client(cast: Cast, member: str) -> Client:
    client = Client()
    user = cast.user(member)
    assert user is not None
    client.force_login(user)
    return client


def _url(cast: Cast, name: str, **kwargs: object) -> str:
    return reverse(
        f"outcomes:{name}",
        kwargs={"org": cast.organisation.slug, "person_id": cast.person.public_id, **kwargs},
    )


def _recent_history(cast: Cast) -> None:
    """A year of records ending this month (the pages compute for the real today)."""
    today = cast.today
    HealthEvent.objects.create(
        organisation=cast.organisation,
        person=cast.person,
        kind="ae",
        on=today - dt.timedelta(days=200),
    )
    Connection.objects.create(
        organisation=cast.organisation,
        person=cast.person,
        kind="community",
        name="Pottery class",
        started_on=today - dt.timedelta(days=40),
    )
    Connection.objects.create(
        organisation=cast.organisation,
        person=cast.person,
        kind="community",
        name="Allotment",
        started_on=today - dt.timedelta(days=100),
    )


def test_the_manager_sees_every_measure_as_a_chart_beside_a_table(cast: Cast) -> None:
    _recent_history(cast)
    response = _client(cast, "manager").get(_url(cast, "person_outcomes"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Life, community and goals" in page and "Health, medicines and behaviour" in page
    charts = page.count('role="img"')
    assert charts >= 2
    assert page.count("<caption") >= charts
    assert "<title id=" in page and "<desc id=" in page
    assert 'aria-current="page"' in page and ">Outcomes<" in page
    event = AuditEvent.objects.filter(person=cast.person, page="person.outcomes").get()
    assert event.basis == "manager"


def test_no_records_says_not_enough_data_yet(cast: Cast) -> None:
    response = _client(cast, "manager").get(_url(cast, "person_outcomes"))
    assert response.status_code == 200
    assert "Not enough data yet." in response.content.decode()
    assert 'role="img"' not in response.content.decode()


def test_the_partner_sees_only_the_health_measures_they_were_granted(cast: Cast) -> None:
    _recent_history(cast)
    client = _client(cast, "partner_current")
    page = client.get(_url(cast, "person_outcomes")).content.decode()
    assert "Health, medicines and behaviour" in page
    assert "Life, community and goals" not in page and "Community connections" not in page
    assert client.get(_url(cast, "nhs_use")).status_code == 200
    assert client.get(_url(cast, "connections")).status_code == 404
    assert client.get(_url(cast, "nhs_use_add")).status_code == 403
    csv = client.get(_url(cast, "person_outcomes_csv")).content.decode()
    assert "A&E visits" in csv and "Community connections" not in csv


@pytest.mark.parametrize("member", ["circle_with_consent", "outside_worker", "partner_expired"])
def test_no_plans_or_health_is_the_same_404(cast: Cast, member: str) -> None:
    client = _client(cast, member)
    for name in ("person_outcomes", "person_outcomes_easy_read", "person_outcomes_pdf"):
        assert client.get(_url(cast, name)).status_code == 404


def _date(prefix: str, day: dt.date) -> dict[str, object]:
    return {f"{prefix}_day": day.day, f"{prefix}_month": day.month, f"{prefix}_year": day.year}


def test_recording_an_admission_is_audited(cast: Cast) -> None:
    went_in = cast.today - dt.timedelta(days=20)
    response = _client(cast, "manager").post(
        _url(cast, "nhs_use_add"),
        {
            "kind": "admission",
            **_date("on", went_in - dt.timedelta(days=3)),
            **_date("until", went_in),
            "planned": "on",
            "note": "Planned operation",
        },
    )
    assert response.status_code == 302
    event = HealthEvent.objects.get(person=cast.person)
    assert (event.kind, event.planned, event.until) == ("admission", True, went_in)
    assert event.on == went_in - dt.timedelta(days=3)
    audit = AuditEvent.objects.get(action="outcomes.health_event_add")
    assert audit.basis == "manager" and audit.changes["note"] == {"changed": True}


def test_an_admission_ending_before_it_starts_keeps_what_was_typed(cast: Cast) -> None:
    went_in = cast.today - dt.timedelta(days=5)
    response = _client(cast, "manager").post(
        _url(cast, "nhs_use_add"),
        {
            "kind": "admission",
            **_date("on", went_in),
            **_date("until", went_in - dt.timedelta(days=2)),
            "note": "Kept note",
        },
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "can&#x27;t be before the day they went in" in page
    assert "Kept note" in page
    assert not HealthEvent.objects.exists()


def test_only_an_admission_has_a_day_they_came_home(cast: Cast) -> None:
    day = cast.today - dt.timedelta(days=5)
    response = _client(cast, "manager").post(
        _url(cast, "nhs_use_add"), {"kind": "gp", **_date("on", day), **_date("until", day)}
    )
    assert response.status_code == 400
    assert "Only a hospital admission" in response.content.decode()


def test_the_same_measure_twice_for_a_date_is_a_clear_error(cast: Cast) -> None:
    record = data.a_measure_record(cast)
    response = _client(cast, "manager").post(
        _url(cast, "recorded_measure_add"),
        {"measure": " nights_out ", **_date("on", record.on), "value": "7"},
    )
    assert response.status_code == 400
    assert "already has a value for" in response.content.decode()
    assert MeasureRecord.objects.get().value == 4


def test_a_measure_worked_out_from_records_is_not_typed_in(cast: Cast) -> None:
    response = _client(cast, "manager").post(
        _url(cast, "recorded_measure_add"),
        {"measure": "incidents", **_date("on", cast.today), "value": "2"},
    )
    assert response.status_code == 400
    assert "worked out from the records we already keep" in response.content.decode()


def test_hours_a_week_only_for_volunteering_and_work(cast: Cast) -> None:
    client = _client(cast, "manager")
    base = {"name": "Library", **_date("started_on", cast.today), "hours_per_week": "3"}
    response = client.post(_url(cast, "connection_add"), {"kind": "community", **base})
    assert response.status_code == 400
    assert "only for volunteering and paid work" in response.content.decode()
    assert 'value="Library"' in response.content.decode()
    assert client.post(_url(cast, "connection_add"), {"kind": "work", **base}).status_code == 302
    assert Connection.objects.get().minutes_per_week == 180


def test_ending_a_connection(cast: Cast) -> None:
    found = data.a_connection(cast)
    client = _client(cast, "manager")
    url = _url(cast, "connection_end", connection_id=found.public_id)
    too_early = client.post(url, _date("ended_on", found.started_on))
    assert too_early.status_code == 400
    assert client.post(url, _date("ended_on", cast.today)).status_code == 302
    found.refresh_from_db()
    assert found.ended_on == cast.today
    assert AuditEvent.objects.filter(action="outcomes.connection_end").count() == 1
    page = client.get(_url(cast, "connections")).content.decode()
    assert "Ended" in page and "Maidstone swimming club" in page


def test_someone_elses_record_ids_are_a_404(cast: Cast) -> None:
    other = HealthEvent.objects.create(
        organisation=cast.organisation, person=cast.other_person, kind="gp", on=cast.today
    )
    response = _client(cast, "administrator").get(
        _url(cast, "nhs_use_edit", event_id=other.public_id)
    )
    assert response.status_code == 404


def test_the_easy_read_report_speaks_to_the_person(cast: Cast) -> None:
    _recent_history(cast)
    response = _client(cast, "person_user").get(_url(cast, "person_outcomes_easy_read"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "You went to 2 new places this year." in page
    assert "You went to A&amp;E 1 time this year." in page
    assert 'class="ownterms-symbol"' in page


def test_the_commissioners_report_is_a_pdf(cast: Cast) -> None:
    _recent_history(cast)
    response = _client(cast, "manager").get(_url(cast, "person_outcomes_pdf"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_the_persons_csv_has_a_row_per_measure_and_month(cast: Cast) -> None:
    _recent_history(cast)
    response = _client(cast, "manager").get(_url(cast, "person_outcomes_csv"))
    rows = response.content.decode("utf-8-sig").splitlines()
    assert rows[0].startswith("Measure,Unit,Month,Value,Part of the baseline")
    assert any(row.startswith("A&E visits,a month,") for row in rows)


def test_the_organisation_report_names_nobody(cast: Cast) -> None:
    _recent_history(cast)
    client = _client(cast, "manager")
    url = reverse("outcomes:organisation_outcomes", kwargs={"org": cast.organisation.slug})
    page = client.get(url).content.decode()
    assert "A&amp;E visits" in page
    for name in ("Alex", "Fairweather", "Bilal", "Pottery"):
        assert name not in page
    csv = client.get(url + "csv/").content.decode("utf-8-sig")
    assert csv.splitlines()[0].startswith("Measure,Unit,People with figures,Better,Worse")
    assert _client(cast, "team_worker").get(url).status_code == 404


def test_the_organisation_reports_queries_do_not_grow_with_people(cast: Cast) -> None:
    _recent_history(cast)
    client = _client(cast, "manager")
    url = reverse("outcomes:organisation_outcomes", kwargs={"org": cast.organisation.slug})
    client.get(url)

    def count() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    few = count()
    for n in range(8):
        person = Person.objects.create(
            organisation=cast.organisation, first_name=f"Pat{n}", last_name="Q", home="own_tenancy"
        )
        HealthEvent.objects.create(
            organisation=cast.organisation, person=person, kind="gp", on=cast.today
        )
        Connection.objects.create(
            organisation=cast.organisation,
            person=person,
            kind="work",
            name="Job",
            started_on=cast.today - dt.timedelta(days=300),
            minutes_per_week=300,
        )
    assert count() == few
    page = client.get(url).content.decode()
    assert re.search(r"Other NHS contacts", page)
