from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from ownterms.audit.models import AuditEvent
from ownterms.staff.models import TrainingRecord
from ownterms.vocabulary.forms import TagsField
from ownterms.vocabulary.models import Tag
from ownterms.vocabulary.services import add_skill, resolve_tags
from tests.cast import Cast


def test_resolve_tags_reuses_a_tag_whatever_its_spacing_or_case(cast: Cast) -> None:
    org = cast.organisation
    first = resolve_tags(actor=None, organisation=org, kind=Tag.Kind.INTEREST, labels=["Swimming"])
    again = resolve_tags(
        actor=None, organisation=org, kind=Tag.Kind.INTEREST, labels=["  swimming ", "Baking"]
    )
    assert again[0] == first[0]
    assert [t.label for t in again] == ["Swimming", "Baking"]
    assert AuditEvent.objects.filter(action="vocabulary.tag_add").count() == 2


def test_tags_of_one_organisation_are_not_shared_with_another(cast: Cast) -> None:
    ours = resolve_tags(
        actor=None, organisation=cast.organisation, kind=Tag.Kind.TRAIT, labels=["Calm"]
    )
    theirs = resolve_tags(
        actor=None, organisation=cast.other_organisation, kind=Tag.Kind.TRAIT, labels=["Calm"]
    )
    assert ours[0].pk != theirs[0].pk


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("Swimming, swimming", "listed twice"),
        ("x" * 61, "too long"),
        (",".join(f"t{i}" for i in range(31)), "at most"),
    ],
)
def test_tags_field_rejects_bad_lists(text: str, message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        TagsField().clean(text)


def test_tags_field_trims_and_drops_empty_items() -> None:
    assert TagsField().clean(" Music ,, Football  club ,") == ["Music", "Football club"]


def test_training_states_follow_the_expiry_date(cast: Cast) -> None:
    skill = add_skill(actor=None, organisation=cast.organisation, name="First aid")
    record = TrainingRecord(
        organisation=cast.organisation,
        staff_member=cast.staff["team_worker"],
        skill=skill,
        completed_on=dt.date(2026, 1, 10),
        expires_on=dt.date(2027, 1, 10),
    )
    assert record.state_on(dt.date(2026, 1, 9)) == TrainingRecord.State.NOT_YET
    assert record.state_on(dt.date(2026, 6, 1)) == TrainingRecord.State.VALID
    assert record.state_on(dt.date(2026, 12, 11)) == TrainingRecord.State.EXPIRING
    assert record.state_on(dt.date(2027, 1, 10)) == TrainingRecord.State.EXPIRED
