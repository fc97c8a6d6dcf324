"""Who may see and change staff records."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from ownterms.staff.access import access_staff_member
from ownterms.staff.models import StaffMember
from ownterms.staff.selectors import staff_visible_to
from tests.cast import CAST_MEMBERS, Cast

SEES_ALL = {"administrator", "manager", "other_manager", "on_call_manager"}
HAS_OWN_RECORD = {"team_worker", "outside_worker", "former_worker"}


@pytest.mark.parametrize("member", CAST_MEMBERS)
def test_staff_records(cast: Cast, member: str) -> None:
    actor = cast.user(member)
    worker = cast.staff["team_worker"]
    mine = StaffMember.objects.filter(user=actor).first() if actor else None
    if member in SEES_ALL:
        access = access_staff_member(actor, worker.public_id, write=True)
        assert access.staff_member == worker and access.can_write
        assert actor is not None
        assert set(staff_visible_to(actor)) == set(
            StaffMember.objects.filter(organisation=cast.organisation)
        )
        return
    if mine is not None:
        assert access_staff_member(actor, mine.public_id).basis == "self"
        with pytest.raises(PermissionDenied):
            access_staff_member(actor, mine.public_id, write=True)
        assert actor is not None
        assert list(staff_visible_to(actor)) == [mine]
    if member != "team_worker":
        with pytest.raises(Http404):
            access_staff_member(actor, worker.public_id)
    if actor is not None and mine is None:
        assert not staff_visible_to(actor).exists()


def test_other_organisation_cannot_reach_staff(cast: Cast) -> None:
    with pytest.raises(Http404):
        access_staff_member(cast.other_org_admin, cast.staff["manager"].public_id)


@pytest.mark.parametrize("public_id", ["", "nope", "0" * 5000, None])
def test_malformed_ids(cast: Cast, public_id: object) -> None:
    with pytest.raises(Http404):
        access_staff_member(cast.administrator, public_id)  # type: ignore[arg-type]
