"""Trends: counts per local calendar month for 12 months, per person and across the people the
user may read, as SVG charts with tables beside them; four queries however many people."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ownterms.accounts.models import User
from ownterms.daily.models import (
    DoseOutcome,
    DoseRecord,
    Incident,
    PracticeKind,
    RestrictivePracticeEvent,
    Seizure,
    SeizureType,
)
from ownterms.daily.selectors.trends import add_months, trends
from ownterms.health.models import Medication
from ownterms.people.models import Person
from tests.cast import Cast
from tests.ownterms.daily.today_data import LONDON
from tests.queries import warm_up

TODAY = dt.date(2030, 6, 10)


def _prn(cast: Cast, person: Person) -> Medication:
    return Medication.objects.create(
        organisation=cast.organisation,
        person=person,
        name="Lorazepam",
        dose="1 mg",
        route=Medication.Route.ORAL,
        kind=Medication.Kind.PRN,
        frequency="when needed",
        prn_protocol="When very anxious",
        starts_on=dt.date(2028, 1, 1),
    )


def _records(cast: Cast, person: Person, moments: list[dt.datetime]) -> None:
    org = cast.organisation
    medicine = _prn(cast, person)
    for moment in moments:
        Incident.objects.create(organisation=org, person=person, starts_at=moment)
        RestrictivePracticeEvent.objects.create(
            organisation=org,
            person=person,
            kind=PracticeKind.PHYSICAL,
            starts_at=moment,
            ends_at=moment + dt.timedelta(minutes=1),
            technique="t",
            alternatives_tried="a",
            injury_checks="i",
        )
        Seizure.objects.create(
            organisation=org,
            person=person,
            starts_at=moment,
            ends_at=moment + dt.timedelta(minutes=1),
            seizure_type=SeizureType.ABSENCE,
        )
        DoseRecord.objects.create(
            organisation=org,
            person=person,
            medication=medicine,
            at=moment,
            outcome=DoseOutcome.GIVEN,
            reason="Anxious",
        )


def test_months_are_local_calendar_months_over_the_last_twelve(cast: Cast) -> None:
    _records(
        cast,
        cast.person,
        [
            dt.datetime(2030, 5, 31, 23, 30, tzinfo=dt.UTC),  # 00:30 on 1 June in London
            dt.datetime(2030, 6, 10, 9, tzinfo=LONDON),
            dt.datetime(2029, 7, 1, 0, 30, tzinfo=LONDON),  # the first of the 12 months
            dt.datetime(2029, 6, 30, 23, 30, tzinfo=LONDON),  # 13 months ago: left out
            dt.datetime(2030, 7, 1, 9, tzinfo=LONDON),  # next month: left out
        ],
    )
    found = trends([cast.person.pk], TODAY, LONDON)
    assert found.months[0] == dt.date(2029, 7, 1) and found.months[-1] == dt.date(2030, 6, 1)
    assert len(found.months) == 12
    for chart in found.charts:
        values = {bar.month: bar.value for bar in chart.bars}
        assert values[dt.date(2030, 6, 1)] == 2, chart.key
        assert values[dt.date(2029, 7, 1)] == 1, chart.key
        assert values[dt.date(2030, 5, 1)] == 0, chart.key
        assert chart.total == 3


def test_only_prn_doses_given_count(cast: Cast) -> None:
    medicine = _prn(cast, cast.person)
    moment = dt.datetime(2030, 6, 1, 9, tzinfo=LONDON)
    for outcome in (DoseOutcome.REFUSED, DoseOutcome.NOT_GIVEN):
        DoseRecord.objects.create(
            organisation=cast.organisation,
            person=cast.person,
            medication=medicine,
            at=moment,
            outcome=outcome,
        )
    regular = Medication.objects.create(
        organisation=cast.organisation,
        person=cast.person,
        name="Sertraline",
        dose="50 mg",
        route=Medication.Route.ORAL,
        kind=Medication.Kind.REGULAR,
        frequency="daily",
        starts_on=dt.date(2028, 1, 1),
    )
    DoseRecord.objects.create(
        organisation=cast.organisation,
        person=cast.person,
        medication=regular,
        due_at=moment,
        at=moment,
        outcome=DoseOutcome.GIVEN,
    )
    prn = next(c for c in trends([cast.person.pk], TODAY, LONDON).charts if c.key == "prn_doses")
    assert prn.total == 0


def test_months_roll_over_years() -> None:
    assert add_months(dt.date(2030, 1, 1), -1) == dt.date(2029, 12, 1)
    assert add_months(dt.date(2030, 12, 1), 1) == dt.date(2031, 1, 1)


def test_bars_are_scaled_to_the_busiest_month(cast: Cast) -> None:
    _records(
        cast,
        cast.person,
        [dt.datetime(2030, 6, 1, 9, tzinfo=LONDON)] * 4
        + [dt.datetime(2030, 5, 1, 9, tzinfo=LONDON)],
    )
    chart = trends([cast.person.pk], TODAY, LONDON).charts[0]
    june, may, april = chart.bars[-1], chart.bars[-2], chart.bars[-3]
    assert (june.height, may.height * 4, april.height) == (150, 152, 0)
    assert june.y + june.height == chart.BASELINE
    assert june.label == "Jun 2030"


def _client(user: User | None) -> Client:
    assert user is not None
    client = Client()
    client.force_login(user)
    return client


def _person_url(cast: Cast, person: Person | None = None) -> str:
    return reverse(
        "daily:person_trends",
        kwargs={"org": cast.organisation.slug, "person_id": (person or cast.person).public_id},
    )


def test_the_person_page_has_charts_with_tables_and_names(cast: Cast) -> None:
    response = _client(cast.team_worker).get(_person_url(cast))
    assert response.status_code == 200
    page = response.content.decode()
    assert page.count('role="img"') == 4
    assert page.count("<table") == 4
    assert 'aria-labelledby="chart-incidents-title chart-incidents-desc"' in page
    assert "<script" not in page.split("<main", 1)[1]


def test_someone_outside_the_team_gets_404(cast: Cast) -> None:
    assert _client(cast.outside_worker).get(_person_url(cast)).status_code == 404


def test_the_organisation_page_covers_only_people_the_user_may_read(cast: Cast) -> None:
    moment = dt.datetime.now(tz=LONDON) - dt.timedelta(hours=1)
    _records(cast, cast.person, [moment])
    _records(cast, cast.other_person, [moment, moment])
    url = reverse("daily:trends", kwargs={"org": cast.organisation.slug})
    manager = _client(cast.manager).get(url).content.decode()
    admin = _client(cast.administrator).get(url).content.decode()
    assert "1 in 12 months" in manager and "3 in 12 months" in admin
    assert _client(cast.coordinator).get(url).status_code == 404


@pytest.mark.parametrize("member", ["administrator"])
def test_the_organisation_page_has_a_fixed_query_count(cast: Cast, member: str) -> None:
    url = reverse("daily:trends", kwargs={"org": cast.organisation.slug})
    moment = dt.datetime.now(tz=LONDON) - dt.timedelta(hours=1)
    client = _client(cast.user(member))
    _records(cast, cast.person, [moment])
    warm_up(client, url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for n in range(10):
        person = Person.objects.create(
            organisation=cast.organisation, first_name=f"T{n}", last_name="T", home="other"
        )
        _records(cast, person, [moment, moment - dt.timedelta(days=40)])
    warm_up(client, url)
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(few.captured_queries) == len(many.captured_queries)
