"""Delivered hours per person per week: delivered against planned against commissioned, by kind,
with differences in words, unconfirmed shifts listed and a query count that does not grow."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from ownterms.people.models import CommissionedPackage, Person
from ownterms.rota.models import Delivery, Disturbance, Shift, ShiftKind
from ownterms.rota.selectors.delivery import (
    DAY,
    SLEEP_IN,
    TWO_TO_ONE,
    WAKING_NIGHT,
    delivered_days,
    delivered_week,
)
from rota_engine.model import elapsed_minutes
from tests.cast import Cast
from tests.ownterms.rota.delivered_data import user
from tests.ownterms.rota.factories import assign, at, monday_of, shift, team_member

pytestmark = pytest.mark.django_db


def _worked(row: Shift, member: Any, start: dt.datetime, end: dt.datetime) -> Delivery:
    return Delivery.objects.create(
        organisation_id=row.organisation_id,
        shift=row,
        staff_member=member,
        started_at=start,
        ended_at=end,
    )


def _package(person: Person, since: dt.date) -> CommissionedPackage:
    return CommissionedPackage.objects.create(
        organisation_id=person.organisation_id,
        person=person,
        starts_on=since,
        review_on=since + dt.timedelta(days=300),
        funder_name="Council",
        funder_kind="council",
        day_minutes=10 * 60,
        two_to_one_minutes=6 * 60,
        waking_night_minutes=10 * 60,
        sleep_in_nights=2,
    )


def _week(cast: Cast) -> dt.date:
    """A whole week that has ended, with a package in force and every kind of shift."""
    monday = monday_of(cast.today) - dt.timedelta(days=14)
    _package(cast.person, monday - dt.timedelta(days=30))
    tariq, fern = cast.staff["team_worker"], cast.staff["former_worker"]
    day = shift(cast.person, monday, 9, 6)
    assign(day, tariq)
    _worked(day, tariq, at(monday, 9), at(monday, 14))
    pair = shift(cast.person, monday + dt.timedelta(days=1), 10, 4, headcount=2)
    assign(pair, tariq, fern)
    _worked(pair, tariq, pair.starts_at, pair.ends_at)
    night = shift(cast.person, monday + dt.timedelta(days=2), 22, 10, kind=ShiftKind.WAKING_NIGHT)
    assign(night, tariq)
    _worked(night, tariq, night.starts_at, night.ends_at)
    sleep = shift(cast.person, monday + dt.timedelta(days=3), 22, 9, kind=ShiftKind.SLEEP_IN)
    assign(sleep, tariq)
    delivery = _worked(sleep, tariq, sleep.starts_at, sleep.ends_at)
    Disturbance.objects.create(
        delivery=delivery,
        started_at=sleep.starts_at + dt.timedelta(hours=2),
        ended_at=sleep.starts_at + dt.timedelta(hours=2, minutes=30),
        reason="Woke up",
    )
    waiting = shift(cast.person, monday + dt.timedelta(days=4), 22, 9, kind=ShiftKind.SLEEP_IN)
    assign(waiting, tariq)
    cancelled = shift(cast.person, monday + dt.timedelta(days=5), 9, 8)
    assign(cancelled, tariq)
    Shift.objects.filter(pk=cancelled.pk).update(status=Shift.Status.CANCELLED)
    shift(cast.person, monday + dt.timedelta(days=6), 9, 3)  # nobody on it: not planned
    return monday


def test_kinds_delivered_planned_commissioned(cast: Cast) -> None:
    monday = _week(cast)
    week = delivered_week([cast.person.pk], monday)[cast.person.pk]
    kinds = week.kinds
    assert (kinds[DAY].delivered, kinds[DAY].planned, kinds[DAY].commissioned) == (300, 360, 600)
    # 2:1: each worker's time is half of the shift's support; one of two confirmed.
    assert (kinds[TWO_TO_ONE].delivered, kinds[TWO_TO_ONE].planned) == (120, 240)
    assert kinds[TWO_TO_ONE].commissioned == 360
    assert (kinds[WAKING_NIGHT].delivered, kinds[WAKING_NIGHT].planned) == (600, 600)
    assert (kinds[SLEEP_IN].delivered, kinds[SLEEP_IN].planned) == (1, 2)
    assert kinds[SLEEP_IN].commissioned == 2
    assert week.disturbance_minutes == 30
    waiting = {(u.shift.on, u.staff_member.pk) for u in week.unconfirmed}
    assert waiting == {
        (monday + dt.timedelta(days=1), cast.staff["former_worker"].pk),
        (monday + dt.timedelta(days=4), cast.staff["team_worker"].pk),
    }


def test_days_count_by_the_same_rule_as_the_week(cast: Cast) -> None:
    monday = _week(cast)
    sunday = monday + dt.timedelta(days=6)
    days = delivered_days([cast.person.pk], monday, sunday)
    week = delivered_week([cast.person.pk], monday)[cast.person.pk]
    for kind in (DAY, TWO_TO_ONE, WAKING_NIGHT, SLEEP_IN):
        mine = [d for d in days.values() if d.kind == kind]
        assert round(sum(d.delivered for d in mine)) == week.kinds[kind].delivered
        assert round(sum(d.planned for d in mine)) == week.kinds[kind].planned
    pair = days[(cast.person.pk, monday + dt.timedelta(days=1), TWO_TO_ONE)]
    assert (pair.planned, pair.delivered) == (240, 120)
    assert (cast.person.pk, monday + dt.timedelta(days=5), DAY) not in days  # cancelled


def test_no_package_gives_none(cast: Cast) -> None:
    monday = monday_of(cast.today)
    week = delivered_week([cast.other_person.pk], monday)[cast.other_person.pk]
    assert not week.has_package
    assert all(t.commissioned is None for t in week.kinds.values())


def test_waking_night_across_the_october_change_is_eleven_hours(cast: Cast) -> None:
    saturday = dt.date(2026, 10, 24)  # the clocks go back early on Sunday 25 October 2026
    night = shift(cast.person, saturday, 22, 11, kind=ShiftKind.WAKING_NIGHT)
    assert night.ends_at == at(saturday + dt.timedelta(days=1), 8)
    assign(night, cast.staff["team_worker"])
    _worked(night, cast.staff["team_worker"], night.starts_at, night.ends_at)
    week = delivered_week([cast.person.pk], monday_of(saturday))[cast.person.pk]
    assert week.kinds[WAKING_NIGHT].delivered == 11 * 60
    assert week.kinds[WAKING_NIGHT].delivered == elapsed_minutes(night.starts_at, night.ends_at)


def _client(cast: Cast, name: str) -> Client:
    client = Client()
    client.force_login(user(cast, name))
    return client


def _url(cast: Cast, week: str = "") -> str:
    base = reverse("rota:delivered", kwargs={"org": cast.organisation.slug})
    return f"{base}?week={week}" if week else base


def test_page_flags_differences_in_words(cast: Cast) -> None:
    monday = _week(cast)
    page = _client(cast, "manager").get(_url(cast, (monday + dt.timedelta(days=2)).isoformat()))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Planned is 4 h under the commissioned amount." in html
    assert "Delivered is 1 h less than planned." in html
    assert "Delivered is 1 night less than planned." in html
    assert "Worked shifts not yet confirmed" in html
    assert "Woke up" not in html


@pytest.mark.parametrize("week", ["not-a-date", "2026-13-40", "99999-01-01", "1066-10-14"])
def test_bad_week_says_so(cast: Cast, week: str) -> None:
    page = _client(cast, "coordinator").get(_url(cast, week))
    assert page.status_code == 400
    assert "Showing this week" in page.content.decode()


def test_workers_and_finance_get_404(cast: Cast) -> None:
    for name in ("team_worker", "finance", "person_user"):
        assert _client(cast, name).get(_url(cast)).status_code == 404


def _people(cast: Cast, count: int, monday: dt.date) -> None:
    for index in range(count):
        person = Person.objects.create(
            organisation=cast.organisation, first_name=f"P{index}", last_name="Test"
        )
        _package(person, monday - dt.timedelta(days=10))
        team_member(person, cast.staff["team_worker"], since=monday - dt.timedelta(days=10))
        for offset in range(3):
            row = shift(person, monday + dt.timedelta(days=offset), 9, 4)
            assign(row, cast.staff["team_worker"])
            _worked(row, cast.staff["team_worker"], row.starts_at, row.ends_at)
        night = shift(person, monday + dt.timedelta(days=4), 22, 9, kind=ShiftKind.SLEEP_IN)
        assign(night, cast.staff["team_worker"])


def test_query_count_does_not_grow(cast: Cast, django_assert_max_num_queries: Any) -> None:
    monday = monday_of(cast.today) - dt.timedelta(days=7)
    client = _client(cast, "administrator")
    _people(cast, 1, monday)
    client.get(_url(cast, monday.isoformat()))  # warm the session and caches
    with django_assert_max_num_queries(20) as small:
        assert client.get(_url(cast, monday.isoformat())).status_code == 200
    _people(cast, 8, monday)
    with django_assert_max_num_queries(len(small.captured_queries)):
        page = client.get(_url(cast, monday.isoformat()))
    assert page.content.decode().count('<h2 class="govuk-heading-m">') >= 9
