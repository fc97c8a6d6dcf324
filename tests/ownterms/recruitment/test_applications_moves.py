"""Moving applications along the stages: one step at a time, rejecting and withdrawing, the
second stage's "yes", the checks, the offer, the start as a member of staff, and considering
an applicant for another person."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from ownterms.accounts.models import Role, User
from ownterms.audit.models import AuditEvent
from ownterms.recruitment.models import (
    STAGE_ORDER,
    Application,
    Check,
    Meeting,
    Stage,
    StageChange,
    Vacancy,
    VacancyStatus,
    Veto,
)
from ownterms.recruitment.services import applications as services
from ownterms.staff.models import StaffMember, TeamMembership
from ownterms.staff.services import assign_manager
from ownterms.vocabulary.models import Tag
from tests.cast import Cast
from tests.ownterms.recruitment import data

pytestmark = pytest.mark.django_db


def manager(cast: Cast) -> User:
    user = cast.user("manager")
    assert user is not None
    return user


def at(cast: Cast, stage: str) -> Application:
    return data.an_application(cast, stage=stage)


def say_yes(cast: Cast, application: Application) -> Meeting:
    return services.record_meeting(
        actor=manager(cast),
        application=application,
        held_on=cast.today,
        decision=Meeting.Decision.YES,
        decision_words="She made me laugh. Yes.",
        person_attended=True,
    )


def clear_checks(cast: Cast, application: Application, kinds: set[str] = Check.REQUIRED) -> None:
    for kind in kinds:
        services.update_check(
            actor=manager(cast),
            application=application,
            kind=kind,
            requested_on=cast.today - dt.timedelta(days=10),
            cleared_on=cast.today - dt.timedelta(days=1),
        )


def test_one_step_at_a_time_to_the_second_stage(cast: Cast) -> None:
    application = at(cast, Stage.APPLIED)
    for stage in (Stage.SCREENED, Stage.INTERVIEW, Stage.MEETING):
        application = services.advance(
            actor=manager(cast), application=application, to_stage=stage, note="Good."
        )
        assert application.stage == stage
    changes = list(application.changes.order_by("at", "pk").values_list("from_stage", "to_stage"))
    assert changes == [
        ("", "applied"),
        ("applied", "screened"),
        ("screened", "interview"),
        ("interview", "meeting"),
    ]
    assert AuditEvent.objects.filter(action="recruitment.move").count() == 3


@pytest.mark.parametrize(
    ("start", "to", "next_label"),
    [
        (Stage.APPLIED, Stage.INTERVIEW, "Screened"),
        (Stage.APPLIED, Stage.MEETING, "Screened"),
        (Stage.SCREENED, Stage.MEETING, "Interview with managers"),
        (Stage.INTERVIEW, Stage.CHECKS, "Meeting with the person"),
        (Stage.MEETING, Stage.OFFER, "Pre-employment checks"),
        (Stage.MEETING, Stage.SCREENED, "Pre-employment checks"),
        (Stage.CHECKS, Stage.STARTED, "Offer made"),
    ],
)
def test_a_skipped_stage_is_refused_naming_the_next(
    cast: Cast, start: str, to: str, next_label: str
) -> None:
    application = at(cast, start)
    with pytest.raises(ValidationError) as refused:
        services.advance(actor=manager(cast), application=application, to_stage=to)
    assert f"the next stage is “{next_label}”" in refused.value.messages[0]
    application.refresh_from_db()
    assert application.stage == start
    assert application.changes.count() == 1


def test_a_skip_from_the_page_is_refused_with_the_error(cast: Cast) -> None:
    application = at(cast, Stage.APPLIED)
    client = Client()
    client.force_login(manager(cast))
    path = reverse(
        "recruitment:application_move",
        kwargs={"org": "brookside", "application_id": application.public_id},
    )
    response = client.post(path, {"to_stage": "checks"})
    assert response.status_code == 400
    assert "the next stage is “Screened”" in response.content.decode()
    response = client.post(path, {"to_stage": "screened"})
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.stage == Stage.SCREENED


@pytest.mark.parametrize("stage", STAGE_ORDER[:-1])
def test_reject_at_each_stage_with_a_reason(cast: Cast, stage: str) -> None:
    application = at(cast, stage)
    with pytest.raises(ValidationError):
        services.reject(actor=manager(cast), application=application, reason="  ")
    application = services.reject(
        actor=manager(cast), application=application, reason="Needs more hours than we have."
    )
    assert application.stage == Stage.REJECTED
    assert application.ended_at_stage == stage
    assert application.rejection_reason == "Needs more hours than we have."
    event = AuditEvent.objects.get(action="recruitment.reject")
    assert event.changes["rejection_reason"] == {"changed": True}
    with pytest.raises(ValidationError, match="has ended"):
        services.advance(actor=manager(cast), application=application, to_stage=Stage.SCREENED)


def test_withdraw(cast: Cast) -> None:
    application = services.withdraw(
        actor=manager(cast), application=at(cast, Stage.INTERVIEW), note="Took another job."
    )
    assert application.stage == Stage.WITHDRAWN
    assert application.ended_at_stage == Stage.INTERVIEW
    assert StageChange.objects.filter(application=application, to_stage="withdrawn").exists()


def test_the_interview_suggests_the_managers_who_know_the_person(cast: Cast) -> None:
    application = at(cast, Stage.INTERVIEW)
    them = cast.staff["manager"]
    if not application.vacancy.person.managers.filter(manager=them).exists():
        assign_manager(
            actor=manager(cast),
            person=cast.person,
            manager=them,
            starts_on=cast.today - dt.timedelta(days=30),
        )
    client = Client()
    client.force_login(manager(cast))
    path = reverse(
        "recruitment:application_meeting",
        kwargs={"org": "brookside", "application_id": application.public_id},
    )
    page = client.get(path)
    assert page.status_code == 200
    assert them.public_id in page.context["form"].initial["interviewers"]
    assert f"Managers who know the person: {them.name}" in page.content.decode()
    response = client.post(
        path,
        {
            "held_on_day": str(cast.today.day),
            "held_on_month": str(cast.today.month),
            "held_on_year": str(cast.today.year),
            "interviewers": [str(them.public_id)],
            "decision": "yes",
            "notes": "Warm and calm.",
        },
    )
    assert response.status_code == 302
    meeting = application.meetings.get()
    assert meeting.stage == Stage.INTERVIEW
    assert list(meeting.interviewers.all()) == [them]
    event = AuditEvent.objects.get(action="recruitment.meeting_add")
    assert event.changes["notes"] == {"changed": True}


def test_the_second_stage_needs_their_yes_in_their_words(cast: Cast) -> None:
    application = at(cast, Stage.MEETING)
    with pytest.raises(ValidationError, match="their yes, in their words"):
        services.advance(actor=manager(cast), application=application, to_stage=Stage.CHECKS)
    with pytest.raises(ValidationError) as refused:
        services.record_meeting(
            actor=manager(cast),
            application=application,
            held_on=cast.today,
            decision=Meeting.Decision.YES,
        )
    assert set(refused.value.message_dict) == {"person_attended", "decision_words"}
    services.record_meeting(
        actor=manager(cast),
        application=application,
        held_on=cast.today,
        decision=Meeting.Decision.UNSURE,
        decision_words="Not sure yet.",
        family=[cast.circle["circle_with_consent"]],
    )
    with pytest.raises(ValidationError, match="their yes"):
        services.advance(actor=manager(cast), application=application, to_stage=Stage.CHECKS)
    say_yes(cast, application)
    moved = services.advance(actor=manager(cast), application=application, to_stage=Stage.CHECKS)
    assert moved.stage == Stage.CHECKS
    assert set(moved.checks.values_list("kind", flat=True)) == set(Check.Kind.values)


def test_a_veto_stops_the_checks(cast: Cast) -> None:
    application = at(cast, Stage.MEETING)
    say_yes(cast, application)
    Veto.objects.create(vacancy=application.vacancy, applicant=application.applicant)
    with pytest.raises(ValidationError, match="not for them"):
        services.advance(actor=manager(cast), application=application, to_stage=Stage.CHECKS)


def test_a_meeting_in_the_future_or_at_the_wrong_stage_is_refused(cast: Cast) -> None:
    application = at(cast, Stage.MEETING)
    with pytest.raises(ValidationError, match="future"):
        services.record_meeting(
            actor=manager(cast),
            application=application,
            held_on=cast.today + dt.timedelta(days=1),
            decision="yes",
            decision_words="Yes",
            person_attended=True,
        )
    with pytest.raises(ValidationError, match="interview or the second stage"):
        say_yes(cast, data.application_at(cast, Stage.APPLIED))


def test_the_offer_needs_every_required_check_cleared(cast: Cast) -> None:
    application = at(cast, Stage.MEETING)
    say_yes(cast, application)
    application = services.advance(
        actor=manager(cast), application=application, to_stage=Stage.CHECKS
    )
    clear_checks(cast, application, Check.REQUIRED - {"dbs"})
    offer = {"offered_minutes_per_week": 20 * 60, "starts_on": cast.today + dt.timedelta(days=7)}
    with pytest.raises(ValidationError) as refused:
        services.advance(
            actor=manager(cast), application=application, to_stage=Stage.OFFER, **offer
        )
    assert "DBS check" in refused.value.messages[0]
    assert "reference" not in refused.value.messages[0]
    with pytest.raises(ValidationError, match="cleared on or after"):
        services.update_check(
            actor=manager(cast),
            application=application,
            kind="dbs",
            requested_on=cast.today,
            cleared_on=cast.today - dt.timedelta(days=3),
        )
    services.update_check(
        actor=manager(cast),
        application=application,
        kind="dbs",
        requested_on=cast.today - dt.timedelta(days=3),
        cleared_on=None,
        failed=True,
    )
    with pytest.raises(ValidationError, match="DBS check"):
        services.advance(
            actor=manager(cast), application=application, to_stage=Stage.OFFER, **offer
        )
    clear_checks(cast, application, {"dbs"})
    with pytest.raises(ValidationError) as missing:
        services.advance(actor=manager(cast), application=application, to_stage=Stage.OFFER)
    assert set(missing.value.message_dict) == {"offered_minutes_per_week", "starts_on"}
    application = services.advance(
        actor=manager(cast), application=application, to_stage=Stage.OFFER, **offer
    )
    assert application.stage == Stage.OFFER
    assert application.offered_minutes_per_week == 20 * 60


def test_start_makes_the_staff_member_and_team_membership(cast: Cast) -> None:
    application = at(cast, Stage.MEETING)
    applicant = application.applicant
    applicant.gender = "woman"
    applicant.save()
    say_yes(cast, application)
    services.advance(actor=manager(cast), application=application, to_stage=Stage.CHECKS)
    clear_checks(cast, application)
    starts_on = cast.today + dt.timedelta(days=14)
    services.advance(
        actor=manager(cast),
        application=application,
        to_stage=Stage.OFFER,
        offered_minutes_per_week=22 * 60 + 30,
        starts_on=starts_on,
    )
    client = Client()
    client.force_login(manager(cast))
    path = reverse(
        "recruitment:application_start",
        kwargs={"org": "brookside", "application_id": application.public_id},
    )
    assert client.get(path).status_code == 200
    response = client.post(path, {})
    assert response.status_code == 302
    member = StaffMember.objects.get(user__email="jo.applicant@example.org")
    assert (member.first_name, member.last_name) == ("Jo", "Applicant")
    assert member.contract_minutes_per_week == 22 * 60 + 30
    assert member.employment == StaffMember.Employment.PART_TIME
    assert member.starts_on == starts_on
    assert member.home_area == "LS6"
    assert member.gender == "woman"
    assert {(t.kind, t.label) for t in member.tags.all()} == {
        (Tag.Kind.TRAIT, "Calm"),
        (Tag.Kind.INTEREST, "Swimming"),
    }
    assert not member.user.has_usable_password()
    assert member.user.role_grants.filter(role=Role.SUPPORT_WORKER).exists()
    membership = TeamMembership.objects.get(staff_member=member)
    assert membership.person == cast.person
    assert membership.kind == TeamMembership.Kind.CORE
    assert membership.approved_by_person
    assert membership.starts_on == starts_on
    application.refresh_from_db()
    assert application.stage == Stage.STARTED
    assert application.staff_member == member
    applicant.refresh_from_db()
    assert applicant.staff_member == member
    assert applicant.keep_until is None
    vacancy = Vacancy.objects.get(pk=application.vacancy_id)
    assert vacancy.status == VacancyStatus.FILLED
    assert vacancy.filled_at is not None
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {
        "user.create",
        "staff.create",
        "team.add",
        "recruitment.start",
        "recruitment.vacancy_filled",
    } <= actions
    # The invitation: a link to set their password.
    assert [message.to for message in mail.outbox] == [["jo.applicant@example.org"]]


def test_start_refused_unless_at_the_offer_or_when_the_email_has_an_account(cast: Cast) -> None:
    application = data.application_at(cast, Stage.CHECKS)
    with pytest.raises(ValidationError, match="Only an offer can start"):
        services.start(actor=manager(cast), application=application)
    offer = data.application_at(cast, Stage.OFFER)
    User.objects.create_user(
        email="OFFER.applicant@example.org", display_name="Taken", organisation=cast.organisation
    )
    with pytest.raises(ValidationError, match="already an account"):
        services.start(actor=manager(cast), application=offer)
    offer.refresh_from_db()
    assert offer.stage == Stage.OFFER
    assert not StaffMember.objects.filter(first_name="Sam").exists()


def test_consider_for_another_person(cast: Cast) -> None:
    application = services.reject(
        actor=manager(cast), application=at(cast, Stage.INTERVIEW), reason="Too lively for Alex."
    )
    other = data.another_vacancy(cast)
    client = Client()
    client.force_login(manager(cast))
    path = reverse(
        "recruitment:application_consider",
        kwargs={"org": "brookside", "application_id": application.public_id},
    )
    page = client.get(path)
    assert "Bilal" in page.content.decode()
    response = client.post(path, {"vacancy": str(other.public_id)})
    assert response.status_code == 302
    created = Application.objects.get(vacancy=other)
    assert created.applicant_id == application.applicant_id
    assert created.stage == Stage.SCREENED
    assert created.considered_from == application
    assert created.answers == {}
    assert AuditEvent.objects.filter(action="recruitment.consider").exists()
    with pytest.raises(ValidationError, match="already an applicant"):
        services.consider_for(actor=manager(cast), application=application, vacancy=other)
    assert client.post(path, {"vacancy": str(other.public_id)}).status_code == 400


def test_consider_refuses_a_closed_vacancy_or_a_veto(cast: Cast) -> None:
    application = at(cast, Stage.INTERVIEW)
    other = data.another_vacancy(cast)
    Veto.objects.create(vacancy=other, applicant=application.applicant)
    with pytest.raises(ValidationError, match="not for them"):
        services.consider_for(actor=manager(cast), application=application, vacancy=other)
    Vacancy.objects.filter(pk=other.pk).update(status=VacancyStatus.CLOSED)
    other.refresh_from_db()
    with pytest.raises(ValidationError, match="open vacancy"):
        services.consider_for(actor=manager(cast), application=application, vacancy=other)
