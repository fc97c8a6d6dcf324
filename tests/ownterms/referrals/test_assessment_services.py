"""Rating, re-rating, the draft pattern's rules and the move to a decision."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from ownterms.audit.models import AuditEvent
from ownterms.referrals.models import ComponentAssessment, Referral, Status, StatusChange
from ownterms.referrals.services.assessment import (
    DraftBlockInput,
    add_draft_block,
    change_draft_block,
    rate_component,
    ready_for_decision,
    remove_draft_block,
)
from tests.cast import Cast
from tests.ownterms.referrals import data

pytestmark = pytest.mark.django_db

FAMILY_ANSWERS = {"shares_vision": "yes", "partnership": "partly", "significance": "very"}


def _manager(cast: Cast):  # type: ignore[no-untyped-def]
    user = cast.user("manager")
    assert user is not None
    return user


def test_rating_keeps_figures_and_audits_privately(cast: Cast) -> None:
    referral = data.a_referral(cast)
    found = rate_component(
        actor=_manager(cast),
        referral=referral,
        component="capacity",
        rating="partly",
        evidence="  Mo has room for one more; growth is at the warning level.  ",
    )
    assert found.evidence == "Mo has room for one more; growth is at the warning level."
    assert found.assessed_by_label == "Mo Manager"
    assert found.figures["new_people_with_this"] == 1
    assert found.figures["sentences"]
    event = AuditEvent.objects.get(action="referral.assessment.rate")
    assert event.changes["evidence"] == {"changed": True}
    assert event.changes["rating"] == {"old": None, "new": "partly"}
    assert "Mo has room" not in str(event.changes)


def test_rerating_replaces_and_records_what_changed(cast: Cast) -> None:
    referral = data.a_referral(cast)
    manager = _manager(cast)
    rate_component(
        actor=manager,
        referral=referral,
        component="family",
        rating="partly",
        evidence="Mum wants to stay involved; we have met once.",
        answers=FAMILY_ANSWERS,
    )
    other = cast.user("other_manager")
    assert other is not None
    rate_component(
        actor=other,
        referral=referral,
        component="family",
        rating="met",
        evidence="Met Mum twice more: she shares Jo's plan.",
        answers={**FAMILY_ANSWERS, "partnership": "yes"},
    )
    found = ComponentAssessment.objects.get(referral=referral, component="family")
    assert (found.rating, found.assessed_by_label) == ("met", "Olu Othermanager")
    assert found.answers["partnership"] == "yes"
    event = AuditEvent.objects.get(action="referral.assessment.rerate")
    assert event.changes["rating"] == {"old": "partly", "new": "met"}
    assert event.changes["evidence"] == {"changed": True}
    assert event.changes["answers"] == {"changed": True}


@pytest.mark.parametrize(
    ("component", "rating", "evidence", "answers", "field"),
    [
        ("hours", "met", "   ", None, "evidence"),
        ("hours", "met", "x" * 6001, None, "evidence"),
        ("nonsense", "met", "Evidence.", None, "component"),
        ("hours", "great", "Evidence.", None, "rating"),
        ("family", "met", "Evidence.", {"shares_vision": "yes"}, "answers.partnership"),
        (
            "family",
            "met",
            "Evidence.",
            {**FAMILY_ANSWERS, "partnership": "maybe"},
            "answers.partnership",
        ),
        ("clarity", "met", "Evidence.", {"<script>": "yes"}, "answers"),
    ],
)
def test_bad_ratings_are_refused(
    cast: Cast,
    component: str,
    rating: str,
    evidence: str,
    answers: dict | None,
    field: str,  # type: ignore[type-arg]
) -> None:
    referral = data.a_referral(cast)
    with pytest.raises(ValidationError) as caught:
        rate_component(
            actor=_manager(cast),
            referral=referral,
            component=component,
            rating=rating,
            evidence=evidence,
            answers=answers,
        )
    assert field in caught.value.message_dict
    assert not ComponentAssessment.objects.exists()


def test_nothing_changes_once_it_has_gone_for_a_decision(cast: Cast) -> None:
    referral = data.assessed(cast)
    with pytest.raises(ValidationError, match="being assessed"):
        rate_component(
            actor=_manager(cast), referral=referral, component="hours", rating="met", evidence="E."
        )
    with pytest.raises(ValidationError, match="being assessed"):
        add_draft_block(
            actor=_manager(cast),
            referral=referral,
            data=DraftBlockInput(weekday=3, start_minute=600, end_minute=700, kind="day"),
        )


def _block(**changes: object) -> DraftBlockInput:
    values: dict[str, object] = {
        "weekday": 2,
        "start_minute": 9 * 60,
        "end_minute": 15 * 60,
        "kind": "day",
        "headcount": 1,
        "activity": "Volunteering at the café",
        "developmental": True,
    }
    return DraftBlockInput(**{**values, **changes})  # type: ignore[arg-type]


def test_draft_blocks_add_change_remove_audited(cast: Cast) -> None:
    referral = data.a_referral(cast)
    manager = _manager(cast)
    block = add_draft_block(actor=manager, referral=referral, data=_block())
    assert (block.weekday, block.developmental) == (2, True)
    change_draft_block(actor=manager, block=block, data=_block(end_minute=16 * 60))
    block.refresh_from_db()
    assert block.end_minute == 16 * 60
    remove_draft_block(actor=manager, block=block)
    assert not referral.draft_blocks.filter(pk=block.pk).exists()
    actions = list(
        AuditEvent.objects.filter(action__startswith="referral.draft_block")
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert actions == [
        "referral.draft_block.add",
        "referral.draft_block.change",
        "referral.draft_block.remove",
    ]


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"end_minute": 8 * 60}, "end_minute", "after the start"),
        ({"start_minute": 1440, "end_minute": 1500}, "start_minute", "between"),
        ({"start_minute": 600, "end_minute": 600 + 1441}, "end_minute", "24 hours"),
        ({"kind": "party"}, "kind", "kind of support"),
        ({"headcount": 3}, "headcount", "1:1 or 2:1"),
        ({"weekday": 7}, "weekday", "day of the week"),
        ({"activity": "x" * 121}, "activity", "120"),
        # Monday 09:00-17:00 is already planned.
        ({"weekday": 0, "start_minute": 16 * 60, "end_minute": 18 * 60}, "start_minute", "Monday"),
        # The Monday sleep-in runs 22:00 to 07:00 on Tuesday.
        ({"weekday": 1, "start_minute": 6 * 60, "end_minute": 8 * 60}, "start_minute", "overlaps"),
    ],
)
def test_bad_blocks_are_refused(
    cast: Cast, changes: dict[str, object], field: str, words: str
) -> None:
    referral = data.a_referral(cast)
    with pytest.raises(ValidationError) as caught:
        add_draft_block(actor=_manager(cast), referral=referral, data=_block(**changes))
    assert field in caught.value.message_dict
    assert words in " ".join(caught.value.message_dict[field])
    assert referral.draft_blocks.count() == 3


def test_a_sunday_night_overlapping_monday_morning_is_refused(cast: Cast) -> None:
    referral = data.a_referral(cast)
    with pytest.raises(ValidationError, match="overlaps"):
        add_draft_block(
            actor=_manager(cast),
            referral=referral,
            data=_block(weekday=6, start_minute=22 * 60, end_minute=24 * 60 + 10 * 60),
        )


def test_ready_for_a_decision(cast: Cast) -> None:
    referral = data.a_referral(cast)
    manager = _manager(cast)
    with pytest.raises(ValidationError, match="Still to rate"):
        ready_for_decision(actor=manager, referral=referral)
    clear = {"knows_support": "yes", "achievable": "yes", "heard_from_person": "yes"}
    for component in ("hours", "clarity", "recruitability", "capacity"):
        rate_component(
            actor=manager,
            referral=referral,
            component=component,
            rating="met",
            evidence="Seen.",
            answers=clear if component == "clarity" else None,
        )
    with pytest.raises(ValidationError, match="Family vision"):
        ready_for_decision(actor=manager, referral=referral)
    rate_component(
        actor=manager,
        referral=referral,
        component="family",
        rating="partly",
        evidence="Seen.",
        answers=FAMILY_ANSWERS,
    )
    change = ready_for_decision(actor=manager, referral=referral)
    referral.refresh_from_db()
    assert referral.status == Status.DECISION
    assert change.to_status == Status.DECISION
    assert "Accept with conditions" in change.note
    assert StatusChange.objects.filter(referral=referral, to_status=Status.DECISION).count() == 1
    assert AuditEvent.objects.filter(action="referral.status").exists()
    assert Referral.objects.get(pk=referral.pk).status == Status.DECISION
