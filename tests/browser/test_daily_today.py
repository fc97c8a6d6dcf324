"""The today board in a browser, phone first: a manager's board passes axe, then changes live
when an incident is recorded (htmx polling every 30 s) without losing the manager's place,
and a polite live region says what changed. Also the trends pages (axe)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone
from playwright.sync_api import Browser, expect

from ownterms.daily.models import Incident
from tests.browser.conftest import PHONE, axe_violations, new_context, sign_in_by_cookie, watch_csp
from tests.browser.pages import PAGES, Visit
from tests.browser.test_every_page import _check_page
from tests.cast import Cast

MINE = ("daily:today", "daily:trends", "daily:person_trends")


def test_today_and_trends_pages_have_no_axe_violations(
    browser: Browser, live_server: Any, cast: Cast
) -> None:
    by_user: dict[str | None, list[Visit]] = {}
    for name in MINE:
        entry = PAGES[name]
        for visit in entry if isinstance(entry, tuple) else (entry,):
            if isinstance(visit, Visit):
                by_user.setdefault(visit.as_user, []).append(visit)
    problems: list[str] = []
    for user_key, visits in by_user.items():
        context = new_context(browser, PHONE)
        if user_key is not None:
            sign_in_by_cookie(context, cast.user(user_key), live_server.url)
        page = context.new_page()
        csp = watch_csp(page)
        for visit in visits:
            assert visit.url is not None
            problems.extend(_check_page(page, f"{live_server.url}{visit.url(cast)}", visit, csp))
        context.close()
    assert problems == []


def test_the_board_changes_live_and_keeps_focus(
    browser: Browser, live_server: Any, cast: Cast
) -> None:
    context = new_context(browser, PHONE)
    sign_in_by_cookie(context, cast.user("manager"), live_server.url)
    page = context.new_page()
    csp = watch_csp(page)
    page.goto(f"{live_server.url}/o/{cast.organisation.slug}/today/")
    expect(page.get_by_role("heading", name="Today and tonight")).to_be_visible()
    expect(page.locator("#incidents + p")).to_have_text("None since yesterday.")
    person_link = page.locator(f"#person-{cast.person.public_id}")
    person_link.focus()

    Incident.objects.create(
        organisation=cast.organisation,
        person=cast.person,
        starts_at=timezone.now() - dt.timedelta(minutes=2),
        behaviour="Shouted",
    )
    # The next poll (within 30 s) swaps the board in and announces the change.
    status = page.locator("#board-changes")
    expect(status).to_contain_text("incidents: 1 (was 0)", timeout=45_000)
    expect(page.get_by_role("link", name="Incident: Alex Fairweather")).to_be_visible()
    assert page.evaluate("document.activeElement && document.activeElement.id") == (
        f"person-{cast.person.public_id}"
    )
    assert status.get_attribute("aria-live") == "polite"
    assert axe_violations(page) == []
    assert csp == []
    context.close()
