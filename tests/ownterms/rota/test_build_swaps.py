"""Swaps: a worker asks, a manager decides with the rules checked; all audited and told."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from ownterms.audit.models import AuditEvent
from ownterms.notifications.models import Notification
from ownterms.rota.models import Assignment, Swap
from ownterms.rota.selectors.time_words import when_words
from ownterms.rota.services import swaps
from tests.cast import Cast
from tests.ownterms.rota.build_data import a_swap, available, worked_shift
from tests.ownterms.rota.factories import assign, shift

pytestmark = pytest.mark.django_db


def test_worker_asks_and_the_manager_is_told(cast: Cast) -> None:
    row = worked_shift(cast)
    swap = a_swap(cast)
    client = Client()
    client.force_login(cast.user("team_worker"))
    url = reverse(
        "rota:swap_new", kwargs={"org": cast.organisation.slug, "shift_id": row.public_id}
    )
    page = client.get(url).content.decode()
    assert "Wren" in page
    Swap.objects.all().delete()
    Notification.objects.all().delete()
    response = client.post(url, {"to_staff": str(swap.to_staff.public_id), "reason": "Dentist"})
    assert response.status_code == 302
    made = Swap.objects.get()
    assert made.from_staff == cast.staff["team_worker"]
    assert set(Notification.objects.values_list("user_id", flat=True)) == {cast.user("manager").pk}
    assert AuditEvent.objects.filter(action="rota.swap_requested", person_id=cast.person.pk)
    again = client.post(url, {"to_staff": str(swap.to_staff.public_id)})
    assert again.status_code == 400
    outsider = client.post(url, {"to_staff": str(cast.staff["outside_worker"].public_id)})
    assert outsider.status_code == 400


def test_approve_changes_the_live_rota(cast: Cast) -> None:
    swap = a_swap(cast)
    available(cast, swap.to_staff)
    Notification.objects.all().delete()
    swaps.decide_swap(actor=cast.user("manager"), swap=swap, approve=True)
    swap.refresh_from_db()
    assert swap.status == Swap.Status.APPROVED
    assert list(
        Assignment.objects.filter(shift=swap.shift).values_list("staff_member", flat=True)
    ) == [swap.to_staff_id]
    told = set(Notification.objects.values_list("user_id", flat=True))
    assert {swap.to_staff.user_id, swap.from_staff.user_id} <= told
    with pytest.raises(ValidationError, match="already been decided"):
        swaps.decide_swap(actor=cast.user("manager"), swap=swap, approve=False, reason="x")


def test_approving_a_rule_break_needs_confirming(cast: Cast) -> None:
    swap = a_swap(cast)
    available(cast, swap.to_staff)
    clash = shift(cast.other_person, swap.shift.on, 8, 4)
    assign(clash, swap.to_staff)
    found = swaps.check_swap(swap)
    # The clash is another person's shift that Wren works: the check takes it in and names it.
    assert found.problems == [
        f"Wren would work two shifts at the same time (Bilal's shift on {when_words(clash)} "
        f"and Alex's shift on {when_words(swap.shift)})."
    ]
    with pytest.raises(ValidationError):
        swaps.decide_swap(actor=cast.user("manager"), swap=swap, approve=True)
    assert Assignment.objects.filter(shift=swap.shift, staff_member=swap.from_staff).exists()


def test_decline_needs_a_reason_and_tells_the_worker(cast: Cast) -> None:
    swap = a_swap(cast)
    with pytest.raises(ValidationError):
        swaps.decide_swap(actor=cast.user("manager"), swap=swap, approve=False, reason="  ")
    Notification.objects.all().delete()
    swaps.decide_swap(
        actor=cast.user("manager"), swap=swap, approve=False, reason="Too short notice"
    )
    swap.refresh_from_db()
    assert swap.status == Swap.Status.DECLINED
    assert list(Notification.objects.values_list("user_id", flat=True)) == [swap.from_staff.user_id]


def test_cannot_swap_a_past_shift(cast: Cast) -> None:
    row = shift(cast.person, cast.today - dt.timedelta(days=3))
    assign(row, cast.staff["team_worker"])
    swap = a_swap(cast)
    with pytest.raises(ValidationError, match="has started"):
        swaps.request_swap(
            actor=cast.user("team_worker"),
            member=cast.staff["team_worker"],
            shift=row,
            to_staff=swap.to_staff,
        )
