"""The today board in a browser, phone first: a manager's board passes axe, then changes live
when an incident is recorded (htmx polling every 30 s) without losing the manager's place,
and a polite live region says what changed."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone
from playwright.sync_api import Browser, expect

from ownterms.daily.models import Incident
from tests.browser.conftest import PHONE, axe_violations, new_context, sign_in_by_cookie, watch_csp
from tests.cast import Cast


def test_the_board_changes_live_and_keeps_focus(
    browser: Browser, live_server: Any, cast: Cast
) -> None:
    context = new_context(browser, PHONE)
    sign_in_by_cookie(context, cast.user("manager"), live_server.url)
    page = context.new_page()
    csp = watch_csp(page)
    # The page's clock is Playwright's, so the test moves it on to the next poll, not waits.
    page.clock.install()
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
    # The next poll (every 30 s) swaps the board in and announces the change.
    page.clock.run_for(31_000)
    status = page.locator("#board-changes")
    expect(status).to_contain_text("incidents: 1 (was 0)")
    expect(page.get_by_role("link", name="Incident: Alex Fairweather")).to_be_visible()
    assert page.evaluate("document.activeElement && document.activeElement.id") == (
        f"person-{cast.person.public_id}"
    )
    assert status.get_attribute("aria-live") == "polite"
    assert axe_violations(page) == []
    assert csp == []
    context.close()
