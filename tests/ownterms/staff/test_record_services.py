"""Staff record, training, skills, team approval and skill needs: services and their audit."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from ownterms.audit.models import AuditEvent
from ownterms.staff.models import SkillNeed, StaffMember, TeamMembership, TrainingRecord
from ownterms.staff.services import (
    add_months,
    add_skill_need,
    add_team_membership,
    add_training_record,
    record_person_approval,
    remove_skill_need,
    update_staff_member,
)
from ownterms.vocabulary.models import Tag
from ownterms.vocabulary.services import add_skill
from tests.cast import Cast
from tests.ownterms.staff.data import skill, team_worker_membership


def worker(cast: Cast) -> StaffMember:
    return cast.staff["team_worker"]


def test_update_records_every_field_and_tags_in_one_audit_event(cast: Cast) -> None:
    member = update_staff_member(
        actor=cast.manager,  # type: ignore[arg-type]
        staff_member=worker(cast),
        pay_band="Band 3",
        opt_out_signed_on=dt.date(2025, 1, 6),
        other_employment_minutes_per_week=8 * 60,
        gender="man",
        languages="English, Urdu",
        home_area=" ls6 ",
        profile_appreciated="Patient and funny.",
        interests=["Football", "baking"],
        traits=["Calm"],
    )
    assert member.home_area == "LS6"
    assert sorted(t.label for t in member.tags.all()) == ["Calm", "Football", "baking"]
    event = AuditEvent.objects.get(action="staff.update")
    assert event.changes["pay_band"] == {"old": "", "new": "Band 3"}
    assert event.changes["home_area"] == {"old": "", "new": "LS6"}
    assert event.changes["interests"] == {"old": [], "new": ["Football", "baking"]}
    assert event.changes["traits"] == {"old": [], "new": ["Calm"]}
    assert event.object_type == "staff.staffmember" and event.person_id is None
    # Re-using a tag in another case finds the same tag in the shared vocabulary.
    update_staff_member(
        actor=cast.manager,  # type: ignore[arg-type]
        staff_member=worker(cast),
        interests=["football"],
    )
    assert Tag.objects.filter(organisation=cast.organisation, key="football").count() == 1
    assert sorted(t.label for t in worker(cast).tags.all()) == ["Calm", "Football"]


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"home_area": "LS66 7"}, "home_area", "first part of a UK postcode"),
        ({"home_area": "123"}, "home_area", "first part of a UK postcode"),
        ({"interests": ["Swimming", " swimming"]}, "interests", "listed twice"),
        ({"traits": ["x" * 61]}, "traits", "too long"),
        (
            {"opt_out_withdrawal_notice_on": dt.date(2025, 1, 1)},
            "opt_out_withdrawal_notice_on",
            "signed",
        ),
        (
            {
                "opt_out_signed_on": dt.date(2025, 2, 1),
                "opt_out_withdrawal_notice_on": dt.date(2025, 1, 1),
            },
            "opt_out_withdrawal_notice_on",
            "on or after",
        ),
        ({"opt_out_notice_days": 100}, "opt_out_notice_days", "three months"),
        (
            {"other_employment_minutes_per_week": 169 * 60},
            "other_employment_minutes_per_week",
            "168",
        ),
        ({"ends_on": dt.date(2000, 1, 1)}, "ends_on", "on or after"),
        ({"pay_band": "x" * 41}, "pay_band", "at most 40"),
    ],
)
def test_bad_staff_input_is_refused_and_nothing_saved(
    cast: Cast, changes: dict[str, object], field: str, message: str
) -> None:
    before = StaffMember.objects.get(pk=worker(cast).pk)
    with pytest.raises(ValidationError) as caught:
        update_staff_member(actor=cast.manager, staff_member=worker(cast), **changes)  # type: ignore[arg-type]
    assert field in caught.value.message_dict
    assert message in " ".join(caught.value.message_dict[field])
    after = StaffMember.objects.get(pk=worker(cast).pk)
    assert (after.home_area, after.pay_band, after.ends_on) == (
        before.home_area,
        before.pay_band,
        before.ends_on,
    )
    assert not after.tags.exists()
    assert not AuditEvent.objects.filter(action="staff.update").exists()
    assert not Tag.objects.exists()


def test_the_database_refuses_notice_before_signing(cast: Cast) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        StaffMember.objects.filter(pk=worker(cast).pk).update(
            opt_out_signed_on=dt.date(2025, 2, 1), opt_out_withdrawal_notice_on=dt.date(2025, 1, 1)
        )


@pytest.mark.parametrize(
    ("signed", "notice", "days", "day", "in_force"),
    [
        (None, None, 7, dt.date(2025, 3, 1), False),
        (dt.date(2025, 1, 1), None, 7, dt.date(2024, 12, 31), False),
        (dt.date(2025, 1, 1), None, 7, dt.date(2025, 1, 1), True),
        (dt.date(2025, 1, 1), dt.date(2025, 3, 1), 7, dt.date(2025, 3, 7), True),
        (dt.date(2025, 1, 1), dt.date(2025, 3, 1), 7, dt.date(2025, 3, 8), False),
        (dt.date(2025, 1, 1), dt.date(2025, 3, 1), 90, dt.date(2025, 5, 29), True),
        (dt.date(2025, 1, 1), dt.date(2025, 3, 1), 90, dt.date(2025, 5, 30), False),
    ],
)
def test_opt_out_in_force_until_the_notice_runs_out(
    signed: dt.date | None, notice: dt.date | None, days: int, day: dt.date, in_force: bool
) -> None:
    member = StaffMember(
        opt_out_signed_on=signed, opt_out_withdrawal_notice_on=notice, opt_out_notice_days=days
    )
    assert member.opt_out_in_force_on(day) is in_force


def test_training_expiry_defaults_to_the_renewal_period(cast: Cast) -> None:
    yearly = skill(cast, "Medication", 12)
    forever = skill(cast, "Autism awareness", None)
    record = add_training_record(
        actor=cast.manager,  # type: ignore[arg-type]
        staff_member=worker(cast),
        skill=yearly,
        completed_on=dt.date(2024, 2, 29),
    )
    assert record.expires_on == dt.date(2025, 2, 28)
    other = add_training_record(
        actor=cast.manager,  # type: ignore[arg-type]
        staff_member=worker(cast),
        skill=forever,
        completed_on=dt.date(2024, 5, 1),
    )
    assert other.expires_on is None
    explicit = add_training_record(
        actor=cast.manager,  # type: ignore[arg-type]
        staff_member=worker(cast),
        skill=yearly,
        completed_on=dt.date(2025, 1, 10),
        expires_on=dt.date(2025, 7, 10),
    )
    assert explicit.expires_on == dt.date(2025, 7, 10)
    events = AuditEvent.objects.filter(action="training.add")
    assert events.count() == 3
    assert events.filter(changes__expires_on__new="2025-02-28").exists()


def test_training_that_expires_before_it_was_completed_is_refused(cast: Cast) -> None:
    with pytest.raises(ValidationError, match="after the completion date"):
        add_training_record(
            actor=cast.manager,  # type: ignore[arg-type]
            staff_member=worker(cast),
            skill=skill(cast, "Medication"),
            completed_on=dt.date(2025, 3, 1),
            expires_on=dt.date(2025, 2, 1),
        )
    assert not TrainingRecord.objects.exists()
    assert not AuditEvent.objects.filter(action="training.add").exists()


def test_training_in_another_organisations_skill_is_refused(cast: Cast) -> None:
    from ownterms.vocabulary.models import Skill

    theirs = Skill.objects.create(organisation=cast.other_organisation, name="First aid")
    with pytest.raises(ValidationError, match="different organisations"):
        add_training_record(
            actor=cast.manager,  # type: ignore[arg-type]
            staff_member=worker(cast),
            skill=theirs,
            completed_on=dt.date(2025, 3, 1),
        )


def test_add_months_keeps_the_day_or_the_months_end() -> None:
    assert add_months(dt.date(2025, 1, 31), 1) == dt.date(2025, 2, 28)
    assert add_months(dt.date(2025, 11, 15), 3) == dt.date(2026, 2, 15)
    assert add_months(dt.date(2025, 6, 1), 36) == dt.date(2028, 6, 1)


def test_a_skill_name_the_list_has_is_refused(cast: Cast) -> None:
    add_skill(
        actor=cast.manager,
        organisation=cast.manager.organisation,
        name="First aid",
        renew_every_months=36,
    )  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match="already on the list"):
        add_skill(actor=cast.manager, organisation=cast.manager.organisation, name="  first   AID ")  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match="1 to 120"):
        add_skill(
            actor=cast.manager,
            organisation=cast.manager.organisation,
            name="PBS",
            renew_every_months=0,
        )  # type: ignore[arg-type]
    assert AuditEvent.objects.filter(action="vocabulary.skill_add").count() == 1


def test_person_approval_is_recorded_and_audited(cast: Cast) -> None:
    membership = add_team_membership(
        actor=cast.manager,  # type: ignore[arg-type]
        person=cast.person,
        staff_member=cast.staff["outside_worker"],
        kind=TeamMembership.Kind.RELIEF,
        approved_by_person=False,
        starts_on=cast.today,
    )
    assert membership.approved_on is None
    approved = record_person_approval(actor=cast.manager, membership=membership)  # type: ignore[arg-type]
    assert approved.approved_by_person and approved.approved_on == cast.today
    event = AuditEvent.objects.get(action="team.approve")
    assert event.person_id == cast.person.pk
    assert event.changes["approved_by_person"] == {"old": False, "new": True}
    withdrawn = record_person_approval(
        actor=cast.manager,  # type: ignore[arg-type]
        membership=membership,
        approved=False,
    )
    assert not withdrawn.approved_by_person and withdrawn.approved_on is None
    assert AuditEvent.objects.filter(action="team.unapprove").count() == 1
    with pytest.raises(ValidationError, match="future"):
        record_person_approval(
            actor=cast.manager,  # type: ignore[arg-type]
            membership=membership,
            approved_on=cast.today + dt.timedelta(days=1),
        )


def test_a_second_overlapping_membership_is_refused(cast: Cast) -> None:
    with pytest.raises(ValidationError, match="already in this team"):
        add_team_membership(
            actor=cast.manager,  # type: ignore[arg-type]
            person=cast.person,
            staff_member=cast.staff["team_worker"],
            approved_by_person=True,
            starts_on=cast.today,
        )
    # The former member may rejoin after their membership ended.
    again = add_team_membership(
        actor=cast.manager,  # type: ignore[arg-type]
        person=cast.person,
        staff_member=cast.staff["former_worker"],
        approved_by_person=True,
        starts_on=cast.today,
    )
    assert again.approved_on == cast.today
    assert team_worker_membership(cast).ends_on is None


def test_skill_needs_are_added_once_and_removed_with_an_audit(cast: Cast) -> None:
    epilepsy = skill(cast, "Epilepsy rescue medication")
    need = add_skill_need(
        actor=cast.manager,  # type: ignore[arg-type]
        person=cast.person,
        skill=epilepsy,
        coverage=SkillNeed.Coverage.EVERY_SHIFT,
        note="Buccal  midazolam",
    )
    event = AuditEvent.objects.get(action="skill_need.add")
    assert event.person_id == cast.person.pk
    assert event.changes["note"] == {"changed": True}, "health detail stays out of the audit"
    assert need.note == "Buccal midazolam"
    with pytest.raises(ValidationError, match="already listed"):
        add_skill_need(
            actor=cast.manager,  # type: ignore[arg-type]
            person=cast.person,
            skill=epilepsy,
            coverage=SkillNeed.Coverage.SOME_SHIFTS,
        )
    with pytest.raises(ValidationError):
        add_skill_need(
            actor=cast.manager,  # type: ignore[arg-type]
            person=cast.person,
            skill=skill(cast, "PBS"),
            coverage="sometimes",
        )
    remove_skill_need(actor=cast.manager, need=need)  # type: ignore[arg-type]
    assert not SkillNeed.objects.exists()
    assert AuditEvent.objects.filter(action="skill_need.remove", person=cast.person).count() == 1
