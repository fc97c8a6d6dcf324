"""Changes to the live rota in a real browser, each page checked with axe: a worker off sick and
the cover the engine proposes, an open shift accepted from two sessions at once, and a worker's
calendar feed fetched with no session, then revoked."""

from __future__ import annotations

import datetime as dt
from typing import Any

from allauth.mfa.totp.internal.auth import TOTP
from django.db import connection
from playwright.sync_api import Browser, BrowserContext, Page, expect

from ownterms.rota.models import Assignment, DraftAssignment, OpenShift, RotaRun
from tests.browser.conftest import (
    TOTP_SECRET,
    VIEWPORTS,
    axe_violations,
    new_context,
    sign_in_by_cookie,
)
from tests.cast import Cast
from tests.ownterms.rota.build_data import scenario
from tests.ownterms.rota.delivered_data import always_available, open_offer
from tests.ownterms.rota.factories import assign, team_member
from tests.ownterms.rota.readers_data import live_rota


def _signed_in(browser: Browser, user: Any, live_server: Any, viewport: str) -> BrowserContext:
    context = new_context(browser, VIEWPORTS[viewport])
    sign_in_by_cookie(context, user, live_server.url)
    return context


def _visit(page: Page, url: str) -> None:
    page.goto(url)
    assert axe_violations(page) == []


def test_repair_a_month_when_a_worker_is_off_sick(
    browser: Browser, live_server: Any, cast: Cast, settings: Any
) -> None:
    settings.OWNTERMS_ROTA_DETERMINISTIC_TIME = 0.5
    data = scenario(cast)
    for row in data.alex_shifts:
        assign(row, data.tariq)
    TOTP.activate(data.wren.user, TOTP_SECRET)
    sick_days = {data.alex_shifts[0].pk, data.alex_shifts[1].pk}
    base = f"{live_server.url}/o/{cast.organisation.slug}"

    office = _signed_in(browser, cast.user("manager"), live_server, "desktop")
    page = office.new_page()
    _visit(page, f"{base}/rota/sickness/")
    page.get_by_label("Who is off sick").select_option(label=data.tariq.name)
    for name, day in (
        ("First day off sick", data.monday),
        ("Last day off sick", data.monday + dt.timedelta(days=1)),
    ):
        dates = page.get_by_role("group", name=name)
        dates.get_by_label("Day").fill(str(day.day))
        dates.get_by_label("Month").fill(str(day.month))
        dates.get_by_label("Year").fill(str(day.year))
    page.get_by_role("button", name="Record and propose cover").click()
    expect(page.get_by_role("heading", name="Cover while Tariq is off sick")).to_be_visible(
        timeout=30_000
    )
    expect(page.get_by_role("heading", name="100% covered")).to_be_visible()
    assert axe_violations(page) == []
    proposal = RotaRun.objects.get()
    draft = dict(DraftAssignment.objects.filter(run=proposal).values_list("shift", "staff_member"))
    assert set(draft) == sick_days  # only the shifts of the sick days
    assert set(draft.values()) == {data.wren.pk}
    page.get_by_role("button", name="Accept the cover and tell everyone").click()
    expect(page.get_by_text("The rota is published.")).to_be_visible()
    assert axe_violations(page) == []
    office.close()

    live = dict(Assignment.objects.values_list("shift", "staff_member"))
    assert {live[pk] for pk in sick_days} == {data.wren.pk}
    assert {live[row.pk] for row in data.alex_shifts[2:]} == {data.tariq.pk}
    monday = data.monday.strftime("%A %-d %B %Y")
    for member, sees_monday in ((data.wren, True), (data.tariq, False)):
        phone = _signed_in(browser, member.user, live_server, "phone")
        page = phone.new_page()
        _visit(page, f"{base}/my-shifts/")
        heading = page.get_by_role("heading", name=monday)
        expect(heading).to_have_count(1 if sees_monday else 0)
        phone.close()


def test_two_workers_accept_one_open_shift_at_once(
    browser: Browser, live_server: Any, cast: Cast
) -> None:
    offer = open_offer(cast)
    second = cast.staff["outside_worker"]
    team_member(cast.person, second, since=second.starts_on)
    always_available(cast, second)
    url = f"{live_server.url}/o/{cast.organisation.slug}/rota/open-shifts/"

    contexts = [
        _signed_in(browser, cast.user(name), live_server, "phone")
        for name in ("team_worker", "outside_worker")
    ]
    pages = [context.new_page() for context in contexts]
    for page in pages:
        _visit(page, url)
    buttons = [page.get_by_role("button", name="Take this shift") for page in pages]
    for button in buttons:
        expect(button).to_have_count(1)
    if connection.vendor == "postgresql":
        # Both forms are submitted before either answer arrives.
        with pages[0].expect_navigation(), pages[1].expect_navigation():
            for button in buttons:
                button.evaluate("button => button.form.requestSubmit()")
    else:
        # The in-memory SQLite test database refuses a second writer at once ("table is
        # locked") instead of waiting as the file database does; one after the other, both
        # sessions still hold the page with the offer on it.
        for button in buttons:
            button.click()
            button.page.wait_for_load_state()
    won = [page.get_by_text("is yours").count() for page in pages]
    lost = [page.get_by_text("Someone else took this shift.").count() for page in pages]
    assert sorted(won) == [0, 1] and sorted(lost) == [0, 1] and won != lost
    for page in pages:
        assert axe_violations(page) == []
        expect(page.get_by_role("button", name="Take this shift")).to_have_count(0)
    for context in contexts:
        context.close()

    winner = [cast.staff["team_worker"], second][won.index(1)]
    (assignment,) = Assignment.objects.filter(shift=offer.shift)
    assert assignment.staff_member_id == winner.pk
    offer.refresh_from_db()
    assert offer.status == OpenShift.Status.FILLED and offer.filled_by_id == winner.pk


def test_calendar_feed_without_a_session_and_revoked(
    browser: Browser, live_server: Any, cast: Cast
) -> None:
    live_rota(cast)
    base = f"{live_server.url}/o/{cast.organisation.slug}"
    phone = _signed_in(browser, cast.user("team_worker"), live_server, "phone")
    page = phone.new_page()
    _visit(page, f"{base}/my-shifts/calendar/")
    page.get_by_role("button", name="Make my calendar link").click()
    link = page.get_by_label("Copy this link")
    expect(link).to_be_visible()
    assert axe_violations(page) == []
    path = "/calendar/" + link.input_value().split("/calendar/", 1)[1]
    assert path.endswith(".ics")

    stranger = new_context(browser)  # no session cookie
    feed = stranger.request.get(live_server.url + path)
    assert feed.status == 200
    assert feed.headers["content-type"].startswith("text/calendar")
    body = feed.text()
    assert body.count("BEGIN:VEVENT") == 2  # today's and tomorrow's shifts, not the empty one
    assert "Support with Alex" in body

    page.get_by_role("button", name="Stop the link").click()
    expect(page.get_by_role("button", name="Make my calendar link")).to_be_visible()
    assert axe_violations(page) == []
    assert stranger.request.get(live_server.url + path).status == 404
    stranger.close()
    phone.close()
