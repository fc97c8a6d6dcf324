"""The behaviour pages: forms keep what was typed, errors are clear, text is escaped, the plan
is for managers to write, lists have a query ceiling."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client

from ownterms.daily.models import (
    BehaviourSupportPlan,
    Incident,
    RestrictivePracticeEvent,
)
from tests.cast import Cast
from tests.ownterms.daily import behaviour_data as data
from tests.queries import warm_up

pytestmark = pytest.mark.django_db


def url(cast: Cast, suffix: str = "") -> str:
    return f"/o/{cast.organisation.slug}/people/{cast.person.public_id}/daily/{suffix}"


def signed_in(client: Client, cast: Cast, member: str) -> Client:
    client.force_login(cast.user(member))  # type: ignore[arg-type]
    return client


def when(prefix: str, day: dt.date) -> dict[str, str]:
    return {
        f"{prefix}_day": str(day.day),
        f"{prefix}_month": str(day.month),
        f"{prefix}_year": str(day.year),
    }


PLAN_POST = {
    "hypotheses": "Noise & crowds <b>overwhelm</b> him",
    "green": "Morning picture plan\nQuiet lunch 🍲",
    "amber": "Humming louder\nOffer headphones",
    "red": "Give space\nCall the on-call manager",
    "reduction_plan": "",
}


def test_a_manager_writes_the_plan_once_then_amends_it_with_a_reason(
    cast: Cast, client: Client
) -> None:
    signed_in(client, cast, "manager")
    review = cast.today + dt.timedelta(days=30)
    response = client.post(
        url(cast, "behaviour-plan/edit/"), {**PLAN_POST, **when("review_on", review)}
    )
    assert response.status_code == 302
    plan = BehaviourSupportPlan.objects.get(person=cast.person)
    page = client.get(url(cast, "behaviour-plan/")).content.decode()
    assert "&lt;b&gt;overwhelm&lt;/b&gt;" in page, "HTML is escaped"
    assert "Quiet lunch 🍲" in page
    for words in ("Green", "Amber", "Red", "Proactive", "Crisis"):
        assert words in page, "colour is never the only cue"
    # Amending needs a reason; the form keeps what was typed.
    changed = {
        **PLAN_POST,
        "green": "Walk first thing",
        **when("review_on", review),
        "version": "1",
    }
    response = client.post(url(cast, "behaviour-plan/edit/"), {**changed, "reason": ""})
    assert response.status_code == 400
    assert "Say why you are changing this record." in response.content.decode()
    assert "Walk first thing" in response.content.decode()
    response = client.post(url(cast, "behaviour-plan/edit/"), {**changed, "reason": "Review"})
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.version == 2
    page = client.get(url(cast, "behaviour-plan/")).content.decode()
    assert "Version 2" in page and "Review" in page


def test_an_overdue_review_is_warned(cast: Cast, client: Client) -> None:
    plan = data.a_plan(cast)
    BehaviourSupportPlan.objects.filter(pk=plan.pk).update(
        review_on=cast.today - dt.timedelta(days=1)
    )
    page = signed_in(client, cast, "team_worker").get(url(cast, "behaviour-plan/"))
    assert "The review of this plan is overdue" in page.content.decode()
    assert "Change the plan" not in page.content.decode(), "the team reads the plan"


@pytest.mark.parametrize("member", ["team_worker", "on_call_manager", "person_user"])
def test_only_managers_and_administrators_write_the_plan(
    cast: Cast, client: Client, member: str
) -> None:
    signed_in(client, cast, member)
    assert client.get(url(cast, "behaviour-plan/edit/")).status_code == 403
    review = cast.today + dt.timedelta(days=30)
    response = client.post(
        url(cast, "behaviour-plan/edit/"), {**PLAN_POST, **when("review_on", review)}
    )
    assert response.status_code == 403
    assert not BehaviourSupportPlan.objects.exists()


def test_the_outside_worker_sees_none_of_it(cast: Cast, client: Client) -> None:
    event = data.an_event(cast)
    signed_in(client, cast, "outside_worker")
    for suffix in (
        "behaviour-plan/",
        "incidents/",
        f"incidents/{event.incident.public_id}/",  # type: ignore[union-attr]
        "restrictive-practices/",
        f"restrictive-practices/{event.public_id}/",
    ):
        assert client.get(url(cast, suffix)).status_code == 404, suffix


def incident_post(cast: Cast, **extra: str) -> dict[str, str]:
    return {**when("starts_on", cast.today - dt.timedelta(days=1)), "start_time": "14:00", **extra}


def test_an_incident_is_saved_open_and_closing_lists_what_is_missing(
    cast: Cast, client: Client
) -> None:
    signed_in(client, cast, "team_worker")
    response = client.post(
        url(cast, "incidents/new/"),
        incident_post(cast, behaviour="Threw a cup <script>alert(1)</script>"),
    )
    assert response.status_code == 302
    incident = Incident.objects.get()
    assert incident.status == Incident.Status.OPEN
    detail = client.get(response["Location"]).content.decode()
    assert "&lt;script&gt;" in detail and "<script>alert" not in detail
    assert "Still to fill in" in detail
    close = url(cast, f"incidents/{incident.public_id}/close/")
    response = client.post(close)
    assert response.status_code == 400
    page = response.content.decode()
    for message in ("Say where it happened.", "Write the debrief.", "Choose the intensity"):
        assert message in page
    assert "Describe what the person did (B)." not in page, "behaviour was written"
    # Fill in the rest (a draft needs no reason), then close.
    edit = url(cast, f"incidents/{incident.public_id}/edit/")
    complete = incident_post(
        cast,
        end_time="14:20",
        location="Kitchen",
        activity="Lunch",
        people_present="Two staff",
        setting_events="Poor sleep",
        antecedent="Bus cancelled",
        behaviour="Threw a cup",
        behaviour_minutes="10",
        intensity="3",
        consequence="Went to the garden",
        strategies_used="Offered headphones",
        injuries="None",
        debrief="Calm after 20 minutes",
        safeguarding_needed="no",
        regulator_notification_needed="no",
        version="2",
    )
    # version 2 is stale (the incident is at version 1): refused, nothing lost.
    response = client.post(edit, complete)
    assert response.status_code == 400
    assert "Someone else changed this record" in response.content.decode()
    assert "Calm after 20 minutes" in response.content.decode()
    response = client.post(edit, {**complete, "version": "1"})
    assert response.status_code == 302
    assert client.post(close).status_code == 302
    incident.refresh_from_db()
    assert incident.status == Incident.Status.CLOSED
    # Closed: a change needs a reason.
    response = client.post(edit, {**complete, "location": "Hall", "version": "3"})
    assert response.status_code == 400
    assert "Say why you are changing this record." in response.content.decode()


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ({"end_time": "13:59"}, "The end must be the same as or after the start."),
        ({"start_time": "25:00"}, "Enter a time on the 24-hour clock"),
        ({"antecedent": "x" * 100_000}, "This is too long: keep it under 20,000 characters."),
        ({"intensity": "6"}, "Choose an intensity from 1 to 5."),
        ({"behaviour_minutes": "lots"}, "Enter the number of minutes"),
    ],
    ids=["ends-before-start", "bad-time", "100kB", "intensity-6", "minutes-not-a-number"],
)
def test_bad_incident_input_is_refused_and_nothing_is_lost(
    cast: Cast, client: Client, extra: dict[str, str], message: str
) -> None:
    signed_in(client, cast, "team_worker")
    response = client.post(
        url(cast, "incidents/new/"), incident_post(cast, location="Café ☕", **extra)
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert message in page
    assert "Café ☕" in page, "what was typed is kept"
    assert not Incident.objects.exists()


def test_a_worker_who_did_not_write_it_cannot_change_it(cast: Cast, client: Client) -> None:
    incident = data.an_incident(cast, author="manager")
    signed_in(client, cast, "team_worker")
    assert client.get(url(cast, f"incidents/{incident.public_id}/")).status_code == 200
    assert client.get(url(cast, f"incidents/{incident.public_id}/edit/")).status_code == 403
    assert client.post(url(cast, f"incidents/{incident.public_id}/close/")).status_code == 403


def practice_post(cast: Cast, **extra: Any) -> dict[str, Any]:
    return {
        "kind": "physical",
        **when("starts_on", cast.today - dt.timedelta(days=1)),
        "start_time": "14:05",
        "end_time": "14:08",
        "staff": [str(cast.staff["team_worker"].pk)],
        "technique": "Two-person seated hold",
        "alternatives_tried": "Space; the garden",
        "injury_checks": "No marks",
        **extra,
    }


def test_recording_an_unauthorised_practice_in_an_incident_flags_it_everywhere(
    cast: Cast, client: Client
) -> None:
    data.a_plan(cast)
    incident = data.an_incident(cast)
    signed_in(client, cast, "team_worker")
    form = client.get(url(cast, f"restrictive-practices/new/?incident={incident.public_id}"))
    assert "Tariq Teamworker" in form.content.decode()
    assert "Una Outsider" not in form.content.decode(), "only the person's team"
    response = client.post(
        url(cast, f"restrictive-practices/new/?incident={incident.public_id}"),
        practice_post(cast, kind="mechanical"),
    )
    assert response.status_code == 302
    event = RestrictivePracticeEvent.objects.get()
    assert event.incident == incident
    flag = "Not authorised in the behaviour support plan"
    for page in (
        response["Location"],
        url(cast, "restrictive-practices/"),
        url(cast, f"incidents/{incident.public_id}/"),
    ):
        assert flag in client.get(page).content.decode(), page
    assert flag in client.get(url(cast, "incidents/")).content.decode()


def test_a_practice_naming_someone_outside_the_team_is_refused(cast: Cast, client: Client) -> None:
    signed_in(client, cast, "team_worker")
    response = client.post(
        url(cast, "restrictive-practices/new/"),
        practice_post(cast, staff=[str(cast.staff["outside_worker"].pk)]),
    )
    assert response.status_code == 400
    assert "Choose staff from the person" in response.content.decode()
    assert not RestrictivePracticeEvent.objects.exists()


def test_an_incident_of_another_person_is_404(cast: Cast, client: Client) -> None:
    other = Incident.objects.create(
        organisation=cast.organisation,
        person=cast.other_person,
        starts_at=data.starts(cast),
    )
    signed_in(client, cast, "manager")
    response = client.get(url(cast, f"restrictive-practices/new/?incident={other.public_id}"))
    assert response.status_code == 404
    assert client.get(url(cast, "restrictive-practices/new/?incident=nope")).status_code == 404


def _many(cast: Cast, count: int) -> None:
    data.a_plan(cast)
    for index in range(count):
        start = data.starts(cast, days_ago=1 + index % 40, hour=8 + index % 10)
        incident = Incident.objects.create(
            organisation=cast.organisation,
            person=cast.person,
            recorded_by=cast.user("team_worker"),
            starts_at=start,
        )
        event = RestrictivePracticeEvent.objects.create(
            organisation=cast.organisation,
            person=cast.person,
            incident=incident,
            kind="physical" if index % 2 else "mechanical",
            starts_at=start,
            ends_at=start + dt.timedelta(minutes=2),
            technique="t",
            alternatives_tried="a",
            injury_checks="i",
            authorised_practice=data.the_practice(cast) if index % 2 else None,
        )
        event.staff.add(cast.staff["team_worker"])


@pytest.mark.parametrize("page", ["incidents/", "restrictive-practices/", "behaviour-plan/"])
def test_behaviour_pages_have_a_query_ceiling(cast: Cast, client: Client, page: str) -> None:
    signed_in(client, cast, "manager")
    _many(cast, 2)
    warm_up(client, url(cast, page))
    with data.counting() as small:
        assert client.get(url(cast, page)).status_code == 200
    assert len(small) <= 30
    _many(cast, 30)
    warm_up(client, url(cast, page))
    with data.counting() as large:
        assert client.get(url(cast, page)).status_code == 200
    assert len(large) == len(small), "the same queries however many records"


def test_the_incident_shows_its_prn_doses(cast: Cast, client: Client) -> None:
    from ownterms.daily.models import DoseRecord
    from ownterms.health.models import Medication

    incident = data.an_incident(cast)
    medicine = Medication.objects.create(
        organisation=cast.organisation,
        person=cast.person,
        name="Lorazepam",
        dose="0.5 mg",
        route="oral",
        kind="prn",
        frequency="At most twice in 24 hours",
        prn_protocol="When the amber strategies have not helped after 20 minutes",
        starts_on=cast.today - dt.timedelta(days=100),
    )
    DoseRecord.objects.create(
        organisation=cast.organisation,
        person=cast.person,
        medication=medicine,
        at=incident.starts_at + dt.timedelta(minutes=30),
        outcome="given",
        dose="0.5 mg",
        reason="Still very distressed",
        incident=incident,
    )
    page = signed_in(client, cast, "team_worker").get(url(cast, f"incidents/{incident.public_id}/"))
    assert "Lorazepam 0.5 mg" in page.content.decode()


def test_the_plan_summary_for_a_shift_lists_the_strategies(cast: Cast) -> None:
    from django.template.loader import render_to_string

    from ownterms.daily.selectors.behaviour import plan_of, strategy_prompts

    plan = plan_of(data.a_plan(cast).person)
    html = render_to_string(
        "daily/behaviour/_plan_summary.html",
        {
            "plan": plan,
            "prompts": strategy_prompts(plan),
            "org": cast.organisation.slug,
            "person": cast.person,
        },
    )
    assert "Offer the garden or headphones" in html and "Read the whole plan" in html
