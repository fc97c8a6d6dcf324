"""Sickness and cover: the engine's repair mode proposes as few changes as it can, core team
first; accepting publishes it and offers what is left as open shifts."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from ownterms.leave import services as leave_services
from ownterms.leave.models import LeaveRequest
from ownterms.notifications.models import Notification
from ownterms.rota.models import Assignment, DraftAssignment, OpenShift, RotaRun
from ownterms.rota.services import build as services
from ownterms.rota.services.cover import propose_cover
from tests.cast import Cast
from tests.ownterms.rota.build_data import Scenario, scenario
from tests.ownterms.rota.factories import assign

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _deterministic(settings: Any) -> None:
    settings.OWNTERMS_ROTA_DETERMINISTIC_TIME = 0.5


def _published(cast: Cast) -> Scenario:
    data = scenario(cast)
    for row in data.alex_shifts:
        assign(row, data.tariq)
    return data


def test_cover_changes_only_the_sick_days_core_team_first(cast: Cast) -> None:
    data = _published(cast)
    manager = cast.user("manager")
    proposal = propose_cover(
        actor=manager,
        staff_member=data.tariq,
        first_day=data.monday,
        last_day=data.monday + dt.timedelta(days=1),
    )
    assert proposal.status == RotaRun.Status.DONE
    assert proposal.result["purpose"] == "cover"
    assert LeaveRequest.objects.get(staff_member=data.tariq).status == "approved"
    draft = {d.shift_id: d.staff_member_id for d in DraftAssignment.objects.filter(run=proposal)}
    assert set(draft) == {data.alex_shifts[0].pk, data.alex_shifts[1].pk}
    assert set(draft.values()) == {data.wren.pk}  # core before relief (Reece)
    Notification.objects.all().delete()
    services.publish_run(actor=manager, run=proposal)
    live = dict(Assignment.objects.values_list("shift_id", "staff_member_id"))
    assert live[data.alex_shifts[0].pk] == data.wren.pk
    assert live[data.alex_shifts[1].pk] == data.wren.pk
    assert live[data.alex_shifts[2].pk] == data.tariq.pk  # outside the sick days
    told = set(Notification.objects.values_list("user_id", flat=True))
    assert {data.tariq.user_id, data.wren.user_id, cast.person.user_id} == told
    assert not OpenShift.objects.exists()


def test_places_nobody_can_take_become_open_shifts(cast: Cast) -> None:
    data = _published(cast)
    manager = cast.user("manager")
    for member in (data.wren, data.reece):
        leave_services.request_leave(
            actor=manager,
            staff_member=member,
            kind="annual",
            starts_on=data.monday,
            ends_on=data.monday,
            minutes=0,
            approve=True,
        )
    proposal = propose_cover(
        actor=manager, staff_member=data.tariq, first_day=data.monday, last_day=data.monday
    )
    (gap,) = proposal.result["uncovered"]
    assert gap["reason"] == "all_unavailable"
    services.publish_run(actor=manager, run=proposal)
    offer = OpenShift.objects.get()
    assert offer.shift == data.alex_shifts[0]
    assert offer.status == OpenShift.Status.OPEN
    assert not Assignment.objects.filter(shift=data.alex_shifts[0]).exists()


def test_bad_dates_are_refused_and_nothing_is_recorded(cast: Cast) -> None:
    data = _published(cast)
    with pytest.raises(ValidationError):
        propose_cover(
            actor=cast.user("manager"),
            staff_member=data.tariq,
            first_day=data.monday,
            last_day=data.monday - dt.timedelta(days=1),
        )
    assert not LeaveRequest.objects.exists()
    assert not RotaRun.objects.exists()


def test_sickness_page(cast: Cast) -> None:
    data = _published(cast)
    client = Client()
    client.force_login(cast.user("administrator"))
    url = reverse("rota:sickness", kwargs={"org": cast.organisation.slug})
    assert client.get(url).status_code == 200
    day = data.monday
    form = {
        "staff_member": str(data.tariq.public_id),
        "first_day_day": str(day.day),
        "first_day_month": str(day.month),
        "first_day_year": str(day.year),
        "last_day_day": str(day.day),
        "last_day_month": str(day.month),
        "last_day_year": str(day.year),
    }
    response = client.post(url, form)
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "Cover while Tariq is off sick" in page
    assert "Accept the cover and tell everyone" in page
    again = client.post(url, form)  # the same sickness twice overlaps: refused by leave rules
    assert again.status_code == 400
    assert RotaRun.objects.count() == 1
