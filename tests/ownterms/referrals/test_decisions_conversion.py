"""From an accepted referral to a supported person without retyping (services.conversion):
every field the referral holds arrives on the person's record, package, funding, circle,
support pattern and manager, through the other apps' services, once."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from ownterms.audit.models import AuditEvent
from ownterms.funding.models import FundingArrangement, FundingSource, Rate
from ownterms.people.models import CircleMember, CommissionedPackage, Person
from ownterms.referrals.models import Outcome, Referral, Status
from ownterms.referrals.services.conversion import create_record, start_support
from ownterms.referrals.services.decisions import decide
from ownterms.rota.models import PatternBlock, SkillMode, SupportPattern
from ownterms.staff.models import ManagerAssignment, SkillNeed
from ownterms.vocabulary.models import Skill
from tests.cast import Cast
from tests.ownterms.referrals import data

pytestmark = pytest.mark.django_db


def _accepted(cast: Cast) -> Referral:
    referral = data.assessed(cast)
    manager = cast.user("manager")
    assert manager is not None
    skill = Skill.objects.create(organisation=cast.organisation, name="Epilepsy rescue medication")
    referral.skills.add(skill)
    referral.preferred_name = "Jojo"
    referral.waking_night_minutes = 0
    referral.save()
    decide(actor=manager, referral=referral, outcome=Outcome.ACCEPT, reasons="All met.")
    referral.refresh_from_db()
    return referral


def _create(cast: Cast, referral: Referral, starts_on: dt.date | None = None) -> Person:
    manager = cast.user("manager")
    assert manager is not None
    return create_record(
        actor=manager,
        referral=referral,
        starts_on=starts_on or timezone.localdate() + dt.timedelta(days=14),
        manager=cast.staff["manager"],
    ).person


def test_nothing_is_retyped(cast: Cast) -> None:
    referral = _accepted(cast)
    starts_on = timezone.localdate() + dt.timedelta(days=14)
    person = _create(cast, referral, starts_on)

    # The person, as referred, REFERRED while the move is planned.
    for name in (
        "first_name",
        "last_name",
        "preferred_name",
        "date_of_birth",
        "communication_summary",
        "communication_formats",
        "home",
        "town",
        "postcode",
    ):
        assert getattr(person, name) == getattr(referral, name), name
    assert person.status == Person.Status.REFERRED
    assert person.has_communication_needs
    referral.refresh_from_db()
    assert referral.person == person

    # The circle.
    circle = {
        (m.name, m.kind, m.relationship, m.phone)
        for m in CircleMember.objects.filter(person=person)
    }
    assert circle == {(c.name, c.kind, c.relationship, c.phone) for c in referral.contacts.all()}

    # The package.
    package = CommissionedPackage.objects.get(person=person)
    assert package.starts_on == starts_on
    assert package.review_on == starts_on + dt.timedelta(weeks=12)
    assert (package.funder_name, package.funder_kind) == (referral.funder_name, "council")
    assert package.reference == referral.reference
    for name in ("day_minutes", "two_to_one_minutes", "waking_night_minutes", "sleep_in_nights"):
        assert getattr(package, name) == getattr(referral, name), name

    # The funding: the arrangement of the referral's kind, the funder paying the priced week,
    # one rate a priced kind.
    arrangement = FundingArrangement.objects.get(person=person)
    assert arrangement.kind == referral.funding_kind
    assert arrangement.starts_on == starts_on
    source = FundingSource.objects.get(arrangement=arrangement)
    assert (source.funder_name, source.funder_kind) == (referral.funder_name, referral.funder_kind)
    # 35 h at £24.50 + 4 h at £49.00 (2:1) + 7 sleep-ins at £110.00
    assert source.weekly_pence == 35 * 2450 + 4 * 4900 + 7 * 11000
    rates = {(r.kind, r.pence) for r in Rate.objects.filter(arrangement=arrangement)}
    assert rates == {("day", 2450), ("two_to_one", 4900), ("sleep_in", 11000)}

    # The support pattern, week 1 from the Monday of the start, block for block.
    pattern = SupportPattern.objects.get(person=person)
    assert pattern.weeks == 1
    assert pattern.anchor_monday.weekday() == 0
    assert pattern.anchor_monday <= starts_on < pattern.anchor_monday + dt.timedelta(days=7)
    blocks = list(PatternBlock.objects.filter(pattern=pattern).order_by("weekday", "start_minute"))
    drafts = list(referral.draft_blocks.order_by("weekday", "start_minute"))
    assert [
        (b.weekday, b.start_minute, b.end_minute, b.kind, b.headcount, b.activity) for b in blocks
    ] == [
        (d.weekday, d.start_minute, d.end_minute, d.kind, d.headcount, d.activity) for d in drafts
    ]
    skill = referral.skills.get()
    for block in blocks:
        assert list(block.required_skills.all()) == [skill]
        assert block.skill_mode == (
            SkillMode.AT_LEAST_ONE if block.headcount == 2 else SkillMode.EACH
        )
    assert SkillNeed.objects.get(person=person).skill == skill

    # The manager who holds it.
    assignment = ManagerAssignment.objects.get(person=person)
    assert assignment.manager == cast.staff["manager"]

    # Every part audited, through the apps' own services.
    actions = set(AuditEvent.objects.filter(person_id=person.pk).values_list("action", flat=True))
    assert {
        "person.create",
        "circle.add",
        "package.add",
        "funding.arrangement.create",
        "funding.source.create",
        "funding.rate.create",
        "rota.pattern_create",
        "rota.block_add",
        "skill_need.add",
        "manager.assign",
        "referral.person_created",
    } <= actions


def test_a_second_click_changes_nothing(cast: Cast) -> None:
    referral = _accepted(cast)
    first = _create(cast, referral)
    manager = cast.user("manager")
    assert manager is not None
    again = create_record(
        actor=manager,
        referral=Referral.objects.get(pk=referral.pk),
        starts_on=timezone.localdate() + dt.timedelta(days=30),
        manager=cast.staff["other_manager"],
    )
    assert (again.person, again.created) == (first, False)
    assert Person.objects.filter(referral=referral).count() == 1
    assert CommissionedPackage.objects.filter(person=first).count() == 1
    assert ManagerAssignment.objects.get(person=first).manager == cast.staff["manager"]


def test_only_an_accepted_referral_becomes_a_record(cast: Cast) -> None:
    referral = data.assessed(cast)
    with pytest.raises(ValidationError, match="accepted"):
        _create(cast, referral)
    assert not Person.objects.filter(first_name="Jo").exists()


def test_a_declined_referral_never_becomes_a_record(cast: Cast) -> None:
    referral = data.decided_copy(cast, "decline")
    with pytest.raises(ValidationError):
        _create(cast, referral)


def test_bad_plans_are_refused_and_nothing_is_half_made(cast: Cast) -> None:
    referral = _accepted(cast)
    with pytest.raises(ValidationError) as error:
        _create(cast, referral, timezone.localdate() - dt.timedelta(days=3))
    assert "starts_on" in error.value.message_dict
    with pytest.raises(ValidationError):
        _create(cast, referral, timezone.localdate() + dt.timedelta(days=800))
    # A draft block that overlaps another fails in the rota's own check: all of it rolls back.
    block = referral.draft_blocks.first()
    assert block is not None
    referral.draft_blocks.create(
        weekday=block.weekday,
        start_minute=block.start_minute,
        end_minute=block.end_minute,
        kind="day",
        developmental=False,
    )
    with pytest.raises(ValidationError, match="overlaps"):
        _create(cast, referral)
    assert not Person.objects.filter(first_name="Jo").exists()
    assert not FundingArrangement.objects.filter(person__first_name="Jo").exists()
    referral.refresh_from_db()
    assert referral.person is None


def test_support_starts_on_the_planned_day(cast: Cast) -> None:
    referral = _accepted(cast)
    person = _create(cast, referral, timezone.localdate() + dt.timedelta(days=3))
    manager = cast.user("manager")
    assert manager is not None
    with pytest.raises(ValidationError, match="planned to start"):
        start_support(actor=manager, referral=referral)
    CommissionedPackage.objects.filter(person=person).update(starts_on=timezone.localdate())
    start_support(actor=manager, referral=referral)
    referral.refresh_from_db()
    person.refresh_from_db()
    assert referral.status == Status.ACTIVE
    assert person.status == Person.Status.ACTIVE
    # Again: nothing changes.
    start_support(actor=manager, referral=referral)
    assert referral.changes.filter(to_status=Status.ACTIVE).count() == 1


def test_support_can_not_start_before_the_record(cast: Cast) -> None:
    referral = _accepted(cast)
    manager = cast.user("manager")
    assert manager is not None
    with pytest.raises(ValidationError, match="record first"):
        start_support(actor=manager, referral=referral)
