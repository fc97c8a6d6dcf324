"""The referral reports: by source, time to decision, outcomes and reasons, how accepted
packages fared (still supported at 12 months; incidents in each of the first 12 months)."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from ownterms.daily.models import Incident
from ownterms.people.models import CommissionedPackage, Person
from ownterms.referrals.models import Decision, Referral, Status
from ownterms.referrals.selectors.reports import Table, add_months, months_between, reports
from tests.cast import Cast
from tests.ownterms.referrals import data

pytestmark = pytest.mark.django_db


def _reports_url(cast: Cast, name: str = "reports") -> str:
    return reverse(f"referrals:{name}", kwargs={"org": cast.organisation.slug})


def _client(cast: Cast, member: str) -> Client:
    client = Client()
    user = cast.user(member)
    assert user is not None
    client.force_login(user)
    return client


def test_months_arithmetic() -> None:
    assert add_months(dt.date(2026, 1, 31), 1) == dt.date(2026, 2, 28)
    assert add_months(dt.date(2026, 3, 15), -3) == dt.date(2025, 12, 15)
    assert months_between(dt.date(2025, 1, 31), dt.date(2025, 2, 27)) == 0
    assert months_between(dt.date(2025, 1, 31), dt.date(2025, 2, 28)) == 1
    assert months_between(dt.date(2024, 5, 10), dt.date(2026, 5, 9)) == 23


def test_an_empty_organisation_says_not_enough_data_never_an_error(cast: Cast) -> None:
    response = _client(cast, "manager").get(_reports_url(cast))
    assert response.status_code == 200
    assert response.content.decode().count("Not enough data yet.") == 4
    for table in Table:
        got = _client(cast, "manager").get(
            _reports_url(cast, "reports_csv") + f"?table={table.value}&months=12"
        )
        assert got.status_code == 200
        assert len(list(csv.reader(io.StringIO(got.content.decode("utf-8-sig"))))) == 1


def _noon_days_ago(days: int) -> dt.datetime:
    """Local noon, so the count of days holds whatever the hour and across a clock change."""
    day = timezone.localdate() - dt.timedelta(days=days)
    return dt.datetime.combine(day, dt.time(12), tzinfo=timezone.get_current_timezone())


def _backdate(referral: Referral, received_days_ago: int, decided_days_ago: int) -> None:
    Referral.objects.filter(pk=referral.pk).update(received_at=_noon_days_ago(received_days_ago))
    Decision.objects.filter(referral=referral).update(decided_at=_noon_days_ago(decided_days_ago))


def test_the_figures(cast: Cast) -> None:
    declined = data.decided_copy(cast, "decline")
    conditions = data.decided_copy(cast, "accept_with_conditions")
    converted = data.converted_copy(cast)
    data.a_referral(cast)  # Jo: still being assessed
    _backdate(declined, 30, 20)  # 10 days
    _backdate(conditions, 50, 20)  # 30 days
    _backdate(converted, 500, 480)  # 20 days; support started 16 months ago
    today = timezone.localdate()
    person = converted.person
    assert person is not None
    started = add_months(today, -16)
    CommissionedPackage.objects.filter(person=person).update(starts_on=started)
    Person.objects.filter(pk=person.pk).update(status=Person.Status.ACTIVE)
    Referral.objects.filter(pk=converted.pk).update(status=Status.ACTIVE)
    zone = timezone.get_current_timezone()
    # Two incidents in month 1, one in month 12, one after the first year (not counted).
    for day in (
        started + dt.timedelta(days=2),
        started + dt.timedelta(days=20),
        add_months(started, 11) + dt.timedelta(days=1),
        add_months(started, 13),
    ):
        Incident.objects.create(
            organisation=cast.organisation,
            person=person,
            starts_at=dt.datetime.combine(day, dt.time(12), tzinfo=zone),
        )

    found = reports(cast.organisation, 24, today=today)
    council = found.sources[0]
    assert (council.label, council.received, council.declined, council.open) == (
        "Council social worker",
        4,
        1,
        1,
    )
    assert council.accepted == 2
    every = found.days[0]
    assert (every.decisions, every.median, every.shortest, every.longest) == (3, 20.0, 10, 30)
    assert {row.key: row.count for row in found.outcomes} == {
        "accept": 1,
        "accept_with_conditions": 1,
        "decline": 1,
    }
    assert {row.key: row.count for row in found.reasons} == {"capacity": 1, "recruitability": 1}
    assert len(found.fared) == 1
    row = found.fared[0]
    assert (row.started_on, row.months_supported, row.supported_at_12) == (started, 16, True)
    months = {m.month: (m.people, m.incidents) for m in found.incidents}
    assert months[1] == (1, 2)
    assert months[12] == (1, 1)
    assert sum(incidents for _, incidents in months.values()) == 3
    assert "Fewer incidents" in found.trend

    # A shorter period leaves the older decision out.
    assert reports(cast.organisation, 12, today=today).days[0].decisions == 2

    page = _client(cast, "administrator").get(_reports_url(cast) + "?months=24")
    text = page.content.decode()
    assert page.status_code == 200
    assert "Still supported 12 months after starting" in text
    assert "We do not have the capacity to start well now" in text
    fared = _client(cast, "administrator").get(
        _reports_url(cast, "reports_csv") + "?table=fared&months=24"
    )
    rows = list(csv.reader(io.StringIO(fared.content.decode("utf-8-sig"))))
    assert rows[1][:4] == [converted.reference, person.name, started.isoformat(), "16"]


def test_an_ended_package_and_too_soon(cast: Cast) -> None:
    converted = data.converted_copy(cast)
    person = converted.person
    assert person is not None
    today = timezone.localdate()
    started = add_months(today, -14)
    CommissionedPackage.objects.filter(person=person).update(
        starts_on=started, ends_on=add_months(started, 7)
    )
    Person.objects.filter(pk=person.pk).update(status=Person.Status.ENDED)
    Referral.objects.filter(pk=converted.pk).update(status=Status.ACTIVE)
    row = reports(cast.organisation, 24, today=today).fared[0]
    assert (row.supported_at_12, row.months_supported) == (False, 7)
    CommissionedPackage.objects.filter(person=person).update(
        starts_on=add_months(today, -2), ends_on=None
    )
    Person.objects.filter(pk=person.pk).update(status=Person.Status.ACTIVE)
    row = reports(cast.organisation, 24, today=today).fared[0]
    assert row.supported_at_12 is None
    assert row.outcome == "Too soon to tell"


def test_reports_are_for_the_office(cast: Cast) -> None:
    for member in ("partner_current", "team_worker", "finance", "person_user"):
        assert _client(cast, member).get(_reports_url(cast)).status_code == 404
    client = _client(cast, "manager")
    assert client.get(_reports_url(cast, "reports_csv") + "?table=nope").status_code == 404
    assert (
        client.get(_reports_url(cast, "reports_csv") + "?table=fared&months=7").status_code == 404
    )
    # An unknown period on the page falls back to the default rather than failing.
    assert client.get(_reports_url(cast) + "?months=abc").status_code == 200
