"""Behaviour support plans, incidents and restrictive practices: the rules in the services."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from ownterms.audit.models import AuditEvent
from ownterms.daily.models import Amendment, Incident, RestrictivePracticeEvent
from ownterms.daily.selectors.amendments import versions_of
from ownterms.daily.selectors.behaviour import REQUIRED_PARTS, authorisation_for, missing_parts
from ownterms.daily.services.behaviour import (
    DRAFT_REASON,
    add_authorised_practice,
    amend_plan,
    amend_restrictive_practice,
    close_incident,
    create_plan,
    end_authorised_practice,
    record_restrictive_practice,
    start_incident,
    update_incident,
)
from ownterms.notifications.models import Notification
from tests.cast import Cast
from tests.ownterms.daily import behaviour_data as data

pytestmark = pytest.mark.django_db


def user(cast: Cast, name: str) -> Any:
    found = cast.user(name)
    assert found is not None
    return found


# Plans -------------------------------------------------------------------------------------


def test_a_person_has_one_plan_and_changes_keep_every_version(cast: Cast) -> None:
    plan = data.a_plan(cast)
    with pytest.raises(ValidationError, match="already a behaviour support plan"):
        create_plan(
            actor=user(cast, "manager"),
            person=cast.person,
            hypotheses="x",
            green="x",
            amber="x",
            red="x",
            review_on=cast.today,
        )
    amended = amend_plan(
        actor=user(cast, "manager"),
        plan=plan,
        changes={"green": "Walk in the park every morning"},
        reason="Agreed at the review",
        expected_version=1,
    )
    assert amended.version == 2
    versions = versions_of(amended)
    assert [v.reason for v in versions] == ["", "Agreed at the review"]
    assert versions[0].values["green"].startswith("Show the day's plan")
    event = AuditEvent.objects.filter(action="daily.behavioursupportplan.amend").get()
    assert event.changes == {"green": {"changed": True}}, "plan text stays out of the audit"


def test_a_plan_change_made_from_an_old_version_is_refused(cast: Cast) -> None:
    plan = data.a_plan(cast)
    amend_plan(actor=user(cast, "manager"), plan=plan, changes={"red": "New"}, reason="r")
    with pytest.raises(ValidationError, match="Someone else changed"):
        amend_plan(
            actor=user(cast, "manager"),
            plan=plan,
            changes={"red": "Mine"},
            reason="r",
            expected_version=1,
        )


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"kind": "seclusion"}, "kind"),
        ({"review_on_days": -70}, "review_on"),
        ({"ends_on_days": -60}, "ends_on"),
    ],
    ids=["seclusion", "review-before-authorised", "ends-on-authorised-day"],
)
def test_an_authorisation_that_breaks_the_rules_is_refused(
    cast: Cast, changes: dict[str, Any], field: str
) -> None:
    plan = data.a_plan(cast)
    values: dict[str, Any] = {
        "kind": "environmental",
        "description": "Kitchen knives kept in a locked drawer",
        "legal_basis": "best_interests",
        "authorised_on": cast.today - dt.timedelta(days=60),
        "review_on": cast.today + dt.timedelta(days=30),
    }
    if "kind" in changes:
        values["kind"] = changes["kind"]
    if "review_on_days" in changes:
        values["review_on"] = cast.today + dt.timedelta(days=changes["review_on_days"])
    if "ends_on_days" in changes:
        values["ends_on"] = cast.today + dt.timedelta(days=changes["ends_on_days"])
    with pytest.raises(ValidationError) as caught:
        add_authorised_practice(actor=user(cast, "manager"), plan=plan, **values)
    assert field in caught.value.message_dict


def test_an_ended_authorisation_no_longer_covers_the_practice(cast: Cast) -> None:
    practice = data.the_practice(cast)
    assert authorisation_for(cast.person, "physical", cast.today) == practice
    end_authorised_practice(actor=user(cast, "manager"), practice=practice, ends_on=cast.today)
    assert authorisation_for(cast.person, "physical", cast.today) is None
    assert authorisation_for(cast.person, "physical", cast.today - dt.timedelta(days=1)) == (
        practice
    ), "events before the end stay authorised"
    assert authorisation_for(cast.person, "physical", cast.today - dt.timedelta(days=61)) is None
    with pytest.raises(ValidationError, match="already ended"):
        end_authorised_practice(actor=user(cast, "manager"), practice=practice, ends_on=cast.today)


# Incidents ---------------------------------------------------------------------------------


def test_an_incident_is_open_from_its_start_and_drafts_need_no_reason(cast: Cast) -> None:
    incident = data.an_incident(cast)
    assert incident.status == Incident.Status.OPEN
    assert incident.recorded_by_staff == cast.staff["team_worker"]
    changed = update_incident(
        actor=user(cast, "team_worker"), incident=incident, changes={"location": "Garden"}
    )
    assert changed.version == 2
    assert Amendment.objects.get().reason == DRAFT_REASON


def test_an_incident_ending_before_it_starts_is_refused(cast: Cast) -> None:
    start = data.starts(cast)
    with pytest.raises(ValidationError) as caught:
        start_incident(
            actor=user(cast, "team_worker"),
            person=cast.person,
            starts_at=start,
            ends_at=start - dt.timedelta(minutes=1),
        )
    assert "ends_at" in caught.value.message_dict
    assert not Incident.objects.exists()
    incident = data.an_incident(cast)
    with pytest.raises(ValidationError):
        update_incident(
            actor=user(cast, "team_worker"),
            incident=incident,
            changes={"ends_at": start - dt.timedelta(hours=1)},
        )
    assert Incident.objects.get().version == 1


def test_closing_an_empty_incident_lists_every_missing_part(cast: Cast) -> None:
    incident = data.an_incident(cast)
    with pytest.raises(ValidationError) as caught:
        close_incident(actor=user(cast, "team_worker"), incident=incident)
    assert set(caught.value.message_dict) == {name for name, _ in REQUIRED_PARTS}
    assert Incident.objects.get().status == Incident.Status.OPEN


@pytest.mark.parametrize(
    "blank", ["injuries", "intensity", "safeguarding_needed", "regulator_notification_needed"]
)
def test_closing_refuses_one_missing_part(cast: Cast, blank: str) -> None:
    start = data.starts(cast)
    values: dict[str, Any] = {**data.COMPLETE, "ends_at": start + dt.timedelta(minutes=5)}
    values[blank] = "   " if isinstance(values[blank], str) else None
    incident = start_incident(
        actor=user(cast, "team_worker"), person=cast.person, starts_at=start, **values
    )
    with pytest.raises(ValidationError) as caught:
        close_incident(actor=user(cast, "team_worker"), incident=incident)
    assert list(caught.value.message_dict) == [blank]


def test_a_closed_incident_needs_a_reason_and_stays_complete(cast: Cast) -> None:
    incident = data.an_incident(cast, complete=True)
    assert missing_parts(incident) == {}
    closed = close_incident(actor=user(cast, "manager"), incident=incident)
    assert closed.status == Incident.Status.CLOSED
    assert closed.closed_by == cast.user("manager")
    with pytest.raises(ValidationError, match="already closed"):
        close_incident(actor=user(cast, "manager"), incident=closed)
    with pytest.raises(ValidationError) as caught:
        update_incident(actor=user(cast, "manager"), incident=closed, changes={"location": "Hall"})
    assert "reason" in caught.value.message_dict
    with pytest.raises(ValidationError) as caught:
        update_incident(
            actor=user(cast, "manager"),
            incident=closed,
            changes={"debrief": ""},
            reason="Tidying",
        )
    assert "debrief" in caught.value.message_dict, "a closed incident can't be emptied"
    fixed = update_incident(
        actor=user(cast, "manager"), incident=closed, changes={"location": "Hall"}, reason="Typo"
    )
    assert [v.reason for v in versions_of(fixed)] == ["", "Closed", "Typo"]


def test_deciding_safeguarding_is_needed_tells_the_managers_once(cast: Cast) -> None:
    incident = data.an_incident(cast)
    update_incident(
        actor=user(cast, "team_worker"), incident=incident, changes={"safeguarding_needed": True}
    )
    update_incident(
        actor=user(cast, "team_worker"), incident=incident, changes={"location": "Garden"}
    )
    notes = list(Notification.objects.all())
    assert [n.user for n in notes] == [cast.user("manager")]
    assert "safeguarding" in notes[0].subject
    assert str(incident.public_id) in notes[0].link
    text = notes[0].subject + notes[0].body
    assert cast.person.first_name not in text and "Alex" not in text, "no names in the message"


def test_a_regulator_notification_decided_when_written_tells_the_managers(cast: Cast) -> None:
    start_incident(
        actor=user(cast, "team_worker"),
        person=cast.person,
        starts_at=data.starts(cast),
        regulator_notification_needed=True,
        safeguarding_needed=False,
    )
    assert Notification.objects.get().subject == (
        "An incident needs a notification to the regulator"
    )


def test_free_text_over_the_limit_is_refused(cast: Cast) -> None:
    with pytest.raises(ValidationError) as caught:
        start_incident(
            actor=user(cast, "team_worker"),
            person=cast.person,
            starts_at=data.starts(cast),
            behaviour="x" * 100_000,
        )
    assert "behaviour" in caught.value.message_dict
    assert not Incident.objects.exists()


# Restrictive practices ---------------------------------------------------------------------


def record(cast: Cast, kind: str, **extra: Any) -> RestrictivePracticeEvent:
    start = extra.pop("starts_at", data.starts(cast))
    return record_restrictive_practice(
        actor=user(cast, "team_worker"),
        person=cast.person,
        staff=extra.pop("staff", [cast.staff["team_worker"]]),
        kind=kind,
        starts_at=start,
        ends_at=start + dt.timedelta(minutes=2),
        technique="Described",
        alternatives_tried="Space and the garden",
        injury_checks="No marks",
        **extra,
    )


def test_an_authorised_practice_is_linked_and_nobody_is_told(cast: Cast) -> None:
    practice = data.the_practice(cast)
    event = record(cast, "physical")
    assert event.authorised_practice == practice
    assert not event.unauthorised
    assert not Notification.objects.exists()
    assert list(event.staff.all()) == [cast.staff["team_worker"]]


def test_a_practice_the_plan_does_not_authorise_is_flagged_and_managers_told(
    cast: Cast,
) -> None:
    data.a_plan(cast)
    event = record(cast, "mechanical")
    assert event.unauthorised
    note = Notification.objects.get()
    assert note.user == cast.user("manager")
    assert "not authorised" in note.subject
    assert "Alex" not in note.subject + note.body


def test_a_practice_before_the_authorisation_started_is_not_authorised(cast: Cast) -> None:
    data.a_plan(cast)
    event = record(cast, "physical", starts_at=data.starts(cast, days_ago=90))
    assert event.unauthorised


def test_without_a_plan_every_practice_is_unauthorised(cast: Cast) -> None:
    assert record(cast, "physical").unauthorised


@pytest.mark.parametrize("kind", ["prone", "seclusion"])
def test_a_prone_hold_or_seclusion_alerts_on_call_and_managers_once_on_commit(
    cast: Cast, kind: str, django_capture_on_commit_callbacks: Any
) -> None:
    data.a_plan(cast)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        event = record(cast, kind)
    assert event.alerted_at is None, "nothing is sent before the record is saved"
    for _ in range(2):  # a second run sends nothing more
        for callback in callbacks:
            callback()
    event.refresh_from_db()
    assert event.alerted_at is not None
    assert event.unauthorised, "never authorised here (no prone or seclusion in the plan)"
    urgent = Notification.objects.filter(subject__startswith="Urgent")
    assert {n.user for n in urgent} == {cast.user("on_call_manager"), cast.user("manager")}
    assert urgent.count() == 2


def test_seclusion_is_never_authorised_even_by_an_old_authorisation(cast: Cast) -> None:
    """Seclusion can't be authorised through the service; a row made any other way still does
    not cover it."""
    plan = data.a_plan(cast)
    from ownterms.daily.models import AuthorisedPractice

    AuthorisedPractice.objects.create(
        organisation=cast.organisation,
        plan=plan,
        kind="seclusion",
        description="Imported",
        legal_basis="other",
        authorised_on=cast.today - dt.timedelta(days=100),
        review_on=cast.today + dt.timedelta(days=100),
    )
    assert authorisation_for(cast.person, "seclusion", cast.today) is None


@pytest.mark.parametrize(
    "who", ["outside_worker", "former_worker"], ids=["not-in-team", "left-the-team"]
)
def test_staff_must_be_in_the_team_on_the_day(cast: Cast, who: str) -> None:
    data.a_plan(cast)
    with pytest.raises(ValidationError) as caught:
        record(cast, "physical", staff=[cast.staff[who]])
    assert "staff" in caught.value.message_dict
    assert not RestrictivePracticeEvent.objects.exists()


def test_a_former_worker_may_be_named_for_a_day_they_were_in_the_team(cast: Cast) -> None:
    data.a_plan(cast)
    event = record(
        cast, "physical", staff=[cast.staff["former_worker"]], starts_at=data.starts(cast, 40)
    )
    assert list(event.staff.all()) == [cast.staff["former_worker"]]


def test_an_event_ending_before_it_starts_is_refused(cast: Cast) -> None:
    start = data.starts(cast)
    with pytest.raises(ValidationError) as caught:
        record_restrictive_practice(
            actor=user(cast, "team_worker"),
            person=cast.person,
            staff=[cast.staff["team_worker"]],
            kind="physical",
            starts_at=start,
            ends_at=start - dt.timedelta(minutes=1),
            technique="t",
            alternatives_tried="a",
            injury_checks="i",
        )
    assert "ends_at" in caught.value.message_dict


def test_amending_the_kind_matches_the_plan_again_and_alerts(
    cast: Cast, django_capture_on_commit_callbacks: Any
) -> None:
    data.a_plan(cast)
    event = record(cast, "physical")
    assert not event.unauthorised
    with django_capture_on_commit_callbacks(execute=True):
        changed = amend_restrictive_practice(
            actor=user(cast, "manager"),
            event=event,
            changes={"kind": "prone"},
            reason="It was a prone hold",
            expected_version=1,
        )
    changed.refresh_from_db()
    assert changed.unauthorised
    assert changed.alerted_at is not None
    assert changed.version == 2
    subjects = sorted(Notification.objects.values_list("subject", flat=True))
    assert any(s.startswith("Urgent") for s in subjects)
    assert any("not authorised" in s for s in subjects)


def test_an_incident_of_someone_else_is_refused(cast: Cast) -> None:
    other = start_incident(
        actor=user(cast, "manager"), person=cast.other_person, starts_at=data.starts(cast)
    )
    with pytest.raises(ValidationError) as caught:
        record(cast, "physical", incident=other)
    assert "incident" in caught.value.message_dict


def test_a_start_in_the_future_is_refused(cast: Cast) -> None:
    from django.utils import timezone

    with pytest.raises(ValidationError) as caught:
        start_incident(
            actor=user(cast, "team_worker"),
            person=cast.person,
            starts_at=timezone.now() + dt.timedelta(days=1),
        )
    assert "starts_at" in caught.value.message_dict
    data.a_plan(cast)
    with pytest.raises(ValidationError) as caught:
        record(cast, "physical", starts_at=timezone.now() + dt.timedelta(hours=3))
    assert "starts_at" in caught.value.message_dict
