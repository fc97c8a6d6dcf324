"""The private calendar feed: its page, creating and revoking links (audited), the public
iCalendar answer (parses, privacy, times across clock changes, who may fetch it)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from ownterms.audit.models import AuditEvent
from ownterms.rota import ical
from ownterms.rota.models import CalendarFeed, Shift, ShiftKind
from ownterms.rota.selectors.readers import feed_shifts
from ownterms.staff.models import StaffMember
from tests.cast import Cast
from tests.ownterms.rota.factories import assign, at, shift
from tests.ownterms.rota.readers_data import feed_token, live_rota


def as_member(cast: Cast, member: str) -> Client:
    client = Client()
    client.force_login(cast.user(member))  # type: ignore[arg-type]
    return client


def page(cast: Cast, name: str = "rota:my_calendar") -> str:
    return reverse(name, kwargs={"org": cast.organisation.slug})


def feed(token: str) -> str:
    return reverse("rota_feed:feed", kwargs={"token": token})


def events(body: bytes) -> list[dict[str, object]]:
    calendar = Calendar.from_ical(body)
    return [dict(component) for component in calendar.walk("VEVENT")]


def test_make_a_link_then_replace_then_stop_it(cast: Cast) -> None:
    client = as_member(cast, "team_worker")
    html = client.get(page(cast)).content.decode()
    assert "You do not have a calendar link yet." in html
    response = client.post(page(cast, "rota:my_calendar_new"))
    assert response.status_code == 302
    first = CalendarFeed.objects.get(staff_member=cast.staff["team_worker"])
    html = client.get(page(cast)).content.decode()
    assert f"http://127.0.0.1:8000/calendar/{first.token}.ics" in html
    assert "webcal://127.0.0.1:8000/calendar/" in html
    assert "Google Calendar" in html and "Outlook" in html and "Apple" in html
    client.post(page(cast, "rota:my_calendar_new"))
    first.refresh_from_db()
    assert first.revoked_at is not None
    second = CalendarFeed.objects.get(staff_member=cast.staff["team_worker"], revoked_at=None)
    assert Client().get(feed(first.token)).status_code == 404
    assert Client().get(feed(second.token)).status_code == 200
    client.post(page(cast, "rota:my_calendar_revoke"))
    assert Client().get(feed(second.token)).status_code == 404
    assert not CalendarFeed.objects.filter(revoked_at=None).exists()
    actions = list(
        AuditEvent.objects.filter(action__startswith="rota.calendar_feed").values_list(
            "action", flat=True
        )
    )
    assert sorted(actions) == sorted(
        ["rota.calendar_feed.create"] * 2 + ["rota.calendar_feed.revoke"] * 2
    )
    # The token is never written to the audit.
    for event in AuditEvent.objects.filter(action__startswith="rota.calendar_feed"):
        assert first.token not in str(event.changes) and second.token not in str(event.changes)
    # Revoking with nothing to revoke is harmless.
    assert client.post(page(cast, "rota:my_calendar_revoke")).status_code == 302


def test_get_cannot_change_the_link(cast: Cast) -> None:
    client = as_member(cast, "team_worker")
    assert client.get(page(cast, "rota:my_calendar_new")).status_code == 405
    assert client.get(page(cast, "rota:my_calendar_revoke")).status_code == 405
    assert (
        as_member(cast, "person_user").post(page(cast, "rota:my_calendar_new")).status_code == 404
    )
    assert not CalendarFeed.objects.exists()


def test_the_feed_parses_and_carries_only_first_names_times_and_town(cast: Cast) -> None:
    cast.person.town = "Leeds"
    cast.person.address_line_1 = "12 Secret Street"
    cast.person.postcode = "LS1 1AA"
    cast.person.save()
    shifts = live_rota(cast)
    Shift.objects.filter(pk=shifts[0].pk).update(notes="Seizure plan reviewed")
    response = Client().get(feed(feed_token(cast)))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert "private" in response["Cache-Control"]
    body = response.content
    text = body.decode()
    for secret in (
        "Fairweather",
        "Alexandra",
        "Secret Street",
        "LS1",
        "Seizure",
        "Swimming",
        "Teamworker",
        "Outsider",
    ):
        assert secret not in text
    assert "REFRESH-INTERVAL;VALUE=DURATION:PT1H" in text
    assert "BEGIN:VTIMEZONE" in text and "TZID:Europe/London" in text
    found = events(body)
    assert len(found) == 2  # the uncovered shift is not the worker's
    summaries = sorted(str(e["SUMMARY"]) for e in found)
    assert summaries == ["Support with Alex", "Support with Alex"]
    assert {str(e["LOCATION"]) for e in found} == {"Leeds"}
    assert any(str(e.get("DESCRIPTION", "")) == "With Una" for e in found)
    assert all("DTSTAMP" in e for e in found)
    # Stable UIDs: the same on every fetch.
    again = events(Client().get(feed(feed_token(cast))).content)
    assert sorted(str(e["UID"]) for e in found) == sorted(str(e["UID"]) for e in again)


@pytest.mark.parametrize(
    ("day", "hours"),
    [(dt.date(2026, 10, 24), 11), (dt.date(2026, 3, 28), 9), (dt.date(2026, 6, 1), 10)],
)
def test_nights_have_the_right_length_across_clock_changes(
    cast: Cast, day: dt.date, hours: int
) -> None:
    member = cast.staff["team_worker"]
    night = Shift.objects.create(
        organisation=cast.organisation,
        person=cast.person,
        on=day,
        starts_at=at(day, 22),
        ends_at=at(day + dt.timedelta(days=1), 8),
        kind=ShiftKind.SLEEP_IN,
    )
    assign(night, member)
    now = at(day, 12)
    shifts = feed_shifts(member, now=now)
    (event,) = events(ical.calendar_for(member, shifts, now=now))
    starts, ends = event["DTSTART"].dt, event["DTEND"].dt  # type: ignore[attr-defined]
    assert starts.astimezone(dt.UTC) == night.starts_at.astimezone(dt.UTC)
    assert ends.astimezone(dt.UTC) - starts.astimezone(dt.UTC) == dt.timedelta(hours=hours)
    assert str(event["SUMMARY"]) == "Sleep-in with Alex"


def test_the_feed_window(cast: Cast) -> None:
    member = cast.staff["team_worker"]
    today = timezone.localdate()
    inside = [today - dt.timedelta(days=29), today + dt.timedelta(days=89)]
    outside = [today - dt.timedelta(days=32), today + dt.timedelta(days=92)]
    for day in inside + outside:
        assign(shift(cast.person, day, 9, 6), member)
    found = {s.on for s in feed_shifts(member, now=timezone.now())}
    assert found == set(inside)


def test_calendar_apps_may_ask_with_head(cast: Cast) -> None:
    assert Client().head(feed(feed_token(cast))).status_code == 200
    assert Client().post(feed(feed_token(cast))).status_code == 405


@pytest.mark.parametrize("token", ["nope", "x" * 65, "../../etc/passwd", "%00"])
def test_unknown_tokens_are_404(cast: Cast, token: str) -> None:
    feed_token(cast)
    assert Client().get(f"/calendar/{token}.ics").status_code == 404


def test_a_worker_who_left_has_no_feed(cast: Cast) -> None:
    token = feed_token(cast)
    StaffMember.objects.filter(pk=cast.staff["team_worker"].pk).update(ends_on=timezone.localdate())
    assert Client().get(feed(token)).status_code == 404


def test_the_feed_is_only_the_token_owners_shifts(cast: Cast) -> None:
    live_rota(cast)
    member = cast.staff["outside_worker"]
    token = CalendarFeed.objects.create(organisation=cast.organisation, staff_member=member).token
    found = events(Client().get(feed(token)).content)
    assert len(found) == 1 and str(found[0].get("DESCRIPTION")) == "With Tariq"
