"""A worker's "my shifts": only their own live shifts, who else is on, the handover, what
matters today (when they may read the profile), the home section and the API's twin."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from ownterms.plans.models import ProfileVersion
from ownterms.rota.models import Shift
from ownterms.rota.selectors.readers import my_shifts, short_lines
from tests.cast import Cast
from tests.ownterms.rota.factories import assign, shift


def as_member(cast: Cast, member: str) -> Client:
    client = Client()
    client.force_login(cast.user(member))  # type: ignore[arg-type]
    return client


def url(cast: Cast) -> str:
    return reverse("rota:my_shifts", kwargs={"org": cast.organisation.slug})


def _profile(cast: Cast, important: str) -> None:
    ProfileVersion.objects.create(
        organisation=cast.organisation,
        person=cast.person,
        number=1,
        appreciated="Kind.",
        important=important,
        support="Time to answer.",
        review_on=timezone.localdate() + dt.timedelta(days=90),
    )


def test_only_own_shifts_with_co_workers_and_handover(cast: Cast) -> None:
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    me, pair, other = (
        cast.staff["team_worker"],
        cast.staff["outside_worker"],
        cast.staff["former_worker"],
    )
    early = shift(cast.person, tomorrow, 7, 2)  # 07:00-09:00, handover to mine
    mine = shift(cast.person, tomorrow, 9, 6, headcount=2, activity="Bowling")
    late = shift(cast.person, tomorrow, 15, 6)  # 15:00-21:00, handover from mine
    far = shift(cast.person, tomorrow, 23, 1)  # too far after to be a handover
    not_mine = shift(cast.other_person, tomorrow, 9, 6)
    assign(early, other)
    assign(mine, me, pair)
    assign(late, pair)
    assign(far, other)
    assign(not_mine, pair)
    _profile(cast, "Music on in the car.\nSeeing Mum on Sundays. Tea with two sugars. Dogs.")
    response = as_member(cast, "team_worker").get(url(cast))
    html = response.content.decode()
    assert response.status_code == 200
    assert "09:00 to 15:00 with Alex" in html
    assert html.count('<h4 class="govuk-summary-card__title"') == 1  # only mine
    assert "Bilal" not in html
    assert "Una" in html  # co-worker on the 2:1
    assert "Fern" in html  # finishing before (handover from)
    assert "Bowling" in html
    assert "Music on in the car." in html and "Tea with two sugars." in html
    assert "Dogs." not in html  # three lines at a glance
    assert "Open Alex&#x27;s record" in html or "Open Alex's record" in html
    data = my_shifts(cast.team_worker, me, now=timezone.now())  # type: ignore[arg-type]
    item = data.upcoming[0].shifts[0]
    assert item.co_workers == ["Una"]
    assert item.before == ["Fern"]
    assert item.after == ["Una"]


def test_profile_only_when_readable(cast: Cast) -> None:
    """The outside worker covers a shift for someone whose team they are not in: they see the
    shift but not the person's profile or a link to the record."""
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    assign(shift(cast.person, tomorrow, 9, 6), cast.staff["outside_worker"])
    _profile(cast, "Seeing Mum on Sundays.")
    html = as_member(cast, "outside_worker").get(url(cast)).content.decode()
    assert "09:00 to 15:00 with Alex" in html
    assert "Seeing Mum" not in html and "record" not in html


def test_past_week_and_cancelled(cast: Cast) -> None:
    today = timezone.localdate()
    me = cast.staff["team_worker"]
    past = shift(cast.person, today - dt.timedelta(days=3), 9, 6)
    old = shift(cast.person, today - dt.timedelta(days=20), 9, 6)
    ahead = shift(cast.person, today + dt.timedelta(days=20), 9, 6)
    cancelled = shift(cast.person, today + dt.timedelta(days=2), 9, 6)
    for row in (past, old, ahead, cancelled):
        assign(row, me)
    Shift.objects.filter(pk=cancelled.pk).update(status=Shift.Status.CANCELLED)
    data = my_shifts(cast.team_worker, me, now=timezone.now())  # type: ignore[arg-type]
    assert [d.day for d in data.past] == [past.on]
    assert data.upcoming == []
    html = as_member(cast, "team_worker").get(url(cast)).content.decode()
    assert "You have no shifts in the next 14 days." in html


@pytest.mark.parametrize(
    ("member", "status"),
    [("team_worker", 200), ("manager", 200), ("person_user", 404), ("finance", 404)],
)
def test_needs_a_staff_record(cast: Cast, member: str, status: int) -> None:
    assert as_member(cast, member).get(url(cast)).status_code == status


def test_short_lines() -> None:
    assert short_lines("One. Two!\n- Three\n\nFour.") == ["One.", "Two!", "Three"]
    assert short_lines("") == []


def test_home_shows_the_next_shift(cast: Cast) -> None:
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    assign(shift(cast.person, tomorrow, 9, 6), cast.staff["team_worker"])
    home = reverse("core:organisation_home", kwargs={"org": cast.organisation.slug})
    html = as_member(cast, "team_worker").get(home).content.decode()
    assert "Your next shift" in html and "Tomorrow, 09:00 to 15:00, with Alex." in html
    assert "Your next shift" in as_member(cast, "outside_worker").get(home).content.decode()
    assert "Your next shift" not in as_member(cast, "finance").get(home).content.decode()
    assert "Your next shift" not in as_member(cast, "manager").get(home).content.decode()


@pytest.mark.parametrize("days", [1, 12])
def test_a_fixed_number_of_queries(
    cast: Cast, days: int, django_assert_max_num_queries: Any
) -> None:
    today = timezone.localdate()
    me, pair = cast.staff["team_worker"], cast.staff["outside_worker"]
    _profile(cast, "Music.")
    for n in range(days):
        day = today + dt.timedelta(days=n)
        assign(shift(cast.person, day, 7, 2), pair)
        assign(shift(cast.person, day, 9, 6, headcount=2), me, pair)
        assign(shift(cast.other_person, day, 16, 4), me)
    client = as_member(cast, "team_worker")
    client.get(url(cast))
    with django_assert_max_num_queries(14):
        response = client.get(url(cast))
    assert response.content.decode().count('<h4 class="govuk-summary-card__title"') >= days
