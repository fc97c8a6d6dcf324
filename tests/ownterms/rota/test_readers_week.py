"""The organisation's week for the rota office: gaps, over-hours, training that affects
shifts, filters by manager and area (the person's town), bad filters, and a fixed number of
queries whatever the number of people."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from ownterms.people.models import Person
from ownterms.staff.models import StaffMember
from ownterms.vocabulary.models import Skill
from tests.cast import Cast
from tests.ownterms.rota.factories import assign, monday_of, shift, trained
from tests.ownterms.rota.readers_data import busy_week

MONDAY = dt.date(2026, 11, 23)


def as_member(cast: Cast, member: str) -> Client:
    client = Client()
    client.force_login(cast.user(member))  # type: ignore[arg-type]
    return client


def url(cast: Cast, **query: str) -> str:
    path = reverse("rota:week", kwargs={"org": cast.organisation.slug})
    return path + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def test_gaps_are_counted_and_highlighted(cast: Cast) -> None:
    covered = shift(cast.person, MONDAY, 9, 6)
    pair = shift(cast.person, MONDAY + dt.timedelta(days=1), 9, 6, headcount=2)
    shift(cast.other_person, MONDAY + dt.timedelta(days=2), 9, 6)
    assign(covered, cast.staff["team_worker"])
    assign(pair, cast.staff["team_worker"])
    html = as_member(cast, "coordinator").get(url(cast, week="2026-11-25")).content.decode()
    assert "The week: 23 November to 29 November 2026" in html
    assert "2 places not covered" in html
    assert html.count("ownterms-shift--gap") == 2
    assert "1 worker needed" in html
    assert 'class="ownterms-scroll"' in html and "ownterms-rota-grid" in html
    assert "Alex Fairweather" in html and "Bilal Hussain" in html
    assert "?week=2026-11-16" in html and "?week=2026-11-30" in html


def test_people_the_actor_may_not_read_are_left_out(cast: Cast) -> None:
    shift(cast.other_person, MONDAY, 9, 6)
    html = as_member(cast, "manager").get(url(cast, week="2026-11-23")).content.decode()
    assert "Alex Fairweather" in html and "Bilal" not in html


def test_over_hours_warnings(cast: Cast) -> None:
    worker = cast.staff["team_worker"]  # contracted 37.5 hours
    for day in range(5):  # 5 shifts of 10 h = 50 h: over 48 h without an opt-out
        assign(shift(cast.person, MONDAY + dt.timedelta(days=day), 8, 10), worker)
    other = cast.staff["outside_worker"]
    for day in range(4):  # 4 days of 11 h + 1 h = 48 h: not over 48, but over 37.5 + 8
        assign(shift(cast.other_person, MONDAY + dt.timedelta(days=day), 8, 11), other)
        assign(shift(cast.other_person, MONDAY + dt.timedelta(days=day), 20, 1), other)
    html = as_member(cast, "administrator").get(url(cast, week="2026-11-23")).content.decode()
    assert "Tariq Teamworker: 50 hours this week, over 48 hours without an opt-out." in html
    assert "Una Outsider: 48 hours this week; contracted for 37:30." in html
    StaffMember.objects.filter(pk=worker.pk).update(opt_out_signed_on=MONDAY - dt.timedelta(days=9))
    html = as_member(cast, "administrator").get(url(cast, week="2026-11-23")).content.decode()
    assert "Tariq Teamworker: 50 hours this week; contracted for 37:30." in html


def test_training_that_affects_shifts(cast: Cast) -> None:
    driving = Skill.objects.create(organisation=cast.organisation, name="Driving", key="driving")
    meds = Skill.objects.create(organisation=cast.organisation, name="Medication", key="medication")
    epilepsy = Skill.objects.create(organisation=cast.organisation, name="Epilepsy", key="epilepsy")
    worker = cast.staff["team_worker"]
    trained(worker, driving, on=dt.date(2024, 1, 1), expires=MONDAY + dt.timedelta(days=1))
    trained(worker, meds, on=dt.date(2024, 1, 1), expires=MONDAY + dt.timedelta(days=20))
    trained(worker, epilepsy, on=dt.date(2024, 1, 1))
    # Wednesday: driving expired on Tuesday; medication expires within 30 days; epilepsy fine.
    assign(
        shift(cast.person, MONDAY + dt.timedelta(days=2), 9, 6, skills=(driving, meds, epilepsy)),
        worker,
    )
    assign(shift(cast.person, MONDAY, 9, 6, skills=(epilepsy,)), worker)
    html = as_member(cast, "manager").get(url(cast, week="2026-11-23")).content.decode()
    assert "Tariq Teamworker: Driving expired on 24 November 2026." in html
    assert "Tariq Teamworker: Medication expires on 13 December 2026." in html
    assert "Epilepsy" not in html.split("Training that affects shifts")[1].split("</ul>")[0]
    assert "Tariq: Driving not valid" in html and "Tariq: Medication expiring" in html


def test_never_trained_is_a_warning(cast: Cast) -> None:
    hoist = Skill.objects.create(organisation=cast.organisation, name="Hoist", key="hoist")
    assign(shift(cast.person, MONDAY, 9, 6, skills=(hoist,)), cast.staff["team_worker"])
    html = as_member(cast, "manager").get(url(cast, week="2026-11-23")).content.decode()
    assert "Tariq Teamworker: no Hoist training." in html


def test_filters_by_manager_and_area(cast: Cast) -> None:
    Person.objects.filter(pk=cast.person.pk).update(town="Leeds")
    Person.objects.filter(pk=cast.other_person.pk).update(town="York")
    client = as_member(cast, "coordinator")
    html = client.get(url(cast, week="2026-11-23")).content.decode()
    assert "Alex Fairweather" in html and "Bilal Hussain" in html
    assert '<option value="Leeds"' in html and '<option value="York"' in html
    html = client.get(url(cast, week="2026-11-23", area="York")).content.decode()
    assert "Alex Fairweather" not in html and "Bilal Hussain" in html
    mo = cast.staff["manager"].public_id
    html = client.get(url(cast, week="2026-11-23", manager=str(mo))).content.decode()
    assert "Alex Fairweather" in html and "Bilal Hussain" not in html
    assert f"manager={mo}" in html  # kept on the previous/next links
    html = client.get(url(cast, week="2026-11-23", manager=str(mo), area="York")).content.decode()
    assert "No one matches these filters." in html


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"week": "23/11/2026"}, "Enter the week as a date, like 2026-11-23."),
        ({"week": "x" * 5000}, "Enter the week as a date, like 2026-11-23."),
        ({"manager": "not-a-manager"}, "Choose a manager from the list."),
        ({"area": "<script>alert(1)</script>"}, "Choose an area from the list."),
    ],
)
def test_bad_filters_say_what_is_wrong(cast: Cast, query: dict[str, str], message: str) -> None:
    response = as_member(cast, "coordinator").get(
        reverse("rota:week", kwargs={"org": cast.organisation.slug}), query
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert message in html and "There is a problem" in html
    assert "<script>alert(1)</script>" not in html
    # It falls back to this week.
    assert monday_of(timezone.localdate()).strftime("%Y-%m-%d") in html


@pytest.mark.parametrize("member", ["team_worker", "finance", "person_user", "circle_with_consent"])
def test_only_the_rota_office(cast: Cast, member: str) -> None:
    assert as_member(cast, member).get(url(cast)).status_code == 404


@pytest.mark.parametrize("people", [2, 20])
def test_a_fixed_number_of_queries(
    cast: Cast, people: int, django_assert_max_num_queries: Any
) -> None:
    busy_week(cast, people, MONDAY)
    client = as_member(cast, "administrator")
    client.get(url(cast, week="2026-11-23"))  # warm the session and caches
    with django_assert_max_num_queries(17):
        response = client.get(url(cast, week="2026-11-23"))
    html = response.content.decode()
    assert response.status_code == 200
    assert f"{people * 7} places not covered" in html
    assert html.count("ownterms-shift--gap") == people * 7
    assert "Driving expiring" in html and "Driving not valid" in html
    assert "W0 Z: 56 hours this week, over 48 hours without an opt-out." in html


def test_many_people_come_in_pages(cast: Cast) -> None:
    busy_week(cast, 55, MONDAY)  # 57 people with the cast's two
    client = as_member(cast, "coordinator")
    html = client.get(url(cast, week="2026-11-23")).content.decode()
    assert "People 1 to 50 of 57." in html and "More people" in html
    assert "385 places not covered" in html  # the summary covers every page
    html = client.get(url(cast, week="2026-11-23", page="2")).content.decode()
    assert "People 51 to 57 of 57." in html and "Previous people" in html
    html = client.get(url(cast, week="2026-11-23", page="99")).content.decode()
    assert "People 51 to 57 of 57." in html
    html = client.get(url(cast, week="2026-11-23", page="-1")).content.decode()
    assert "Enter a page number." in html and "People 1 to 50 of 57." in html
