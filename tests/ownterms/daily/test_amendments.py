"""Amending a daily record keeps every version, with who, when and why, and audits it."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from ownterms.audit.models import AuditEvent
from ownterms.daily.models import Amendment, Handover
from ownterms.daily.selectors.amendments import versions_of
from ownterms.daily.services.amendments import amend
from tests.cast import Cast


def a_handover(cast: Cast) -> Handover:
    return Handover.objects.create(
        organisation=cast.organisation,
        person=cast.person,
        recorded_by=cast.user("team_worker"),
        text="Sam slept well.",
    )


def test_an_amendment_keeps_the_original_and_the_reason(cast: Cast) -> None:
    handover = a_handover(cast)
    manager = cast.user("manager")

    amended = amend(
        actor=manager, record=handover, changes={"text": "Sam slept badly."}, reason="Wrong"
    )
    amend(actor=manager, record=amended, changes={"text": "Sam slept from 1am."}, reason="Detail")

    versions = versions_of(Handover.objects.get(pk=handover.pk))
    assert [v.number for v in versions] == [1, 2, 3]
    assert [v.values for v in versions] == [
        {"text": "Sam slept well."},
        {"text": "Sam slept badly."},
        {"text": "Sam slept from 1am."},
    ]
    assert [v.reason for v in versions] == ["", "Wrong", "Detail"]
    assert Handover.objects.get(pk=handover.pk).version == 3
    event = AuditEvent.objects.filter(action="daily.handover.amend").latest("occurred_at")
    assert event.changes == {"text": {"changed": True}}, (
        "special-category text stays out of the audit"
    )


@pytest.mark.parametrize(
    ("changes", "reason"),
    [({"text": "Sam slept well."}, "no change"), ({"text": "New"}, "   ")],
)
def test_a_change_needs_a_difference_and_a_reason(
    cast: Cast, changes: dict[str, str], reason: str
) -> None:
    handover = a_handover(cast)
    with pytest.raises(ValidationError):
        amend(actor=cast.user("manager"), record=handover, changes=changes, reason=reason)
    assert not Amendment.objects.exists()
    assert Handover.objects.get(pk=handover.pk).version == 1


@pytest.mark.parametrize("field", ["person", "recorded_by", "no_such_field"])
def test_who_and_whose_can_not_be_amended(cast: Cast, field: str) -> None:
    with pytest.raises(ValueError):
        amend(
            actor=cast.user("manager"), record=a_handover(cast), changes={field: None}, reason="x"
        )


def test_the_time_of_each_version_is_kept(cast: Cast) -> None:
    handover = a_handover(cast)
    before = timezone.now()
    amend(actor=cast.user("manager"), record=handover, changes={"text": "B"}, reason="r")
    assert versions_of(handover)[1].at >= before
