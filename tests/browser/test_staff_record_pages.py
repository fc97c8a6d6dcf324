"""The staff record and team forms in a real browser: errors are shown accessibly, and the
team health view flags the gaps."""

from __future__ import annotations

from typing import Any

from playwright.sync_api import Browser, expect

from tests.browser.conftest import VIEWPORTS, axe_violations, new_context, sign_in_by_cookie
from tests.cast import Cast
from tests.ownterms.staff.data import team_health_data


def test_staff_edit_errors_and_team_health(browser: Browser, live_server: Any, cast: Cast) -> None:
    team_health_data(cast)
    context = new_context(browser, VIEWPORTS["phone"])
    sign_in_by_cookie(context, cast.user("manager"), live_server.url)
    page = context.new_page()
    worker = cast.staff["team_worker"].public_id
    page.goto(f"{live_server.url}/o/{cast.organisation.slug}/staff/{worker}/edit/")
    page.get_by_label("Home area (optional)").fill("NOT A CODE")
    page.get_by_label("Interests (optional)").fill("Swimming, swimming")
    page.get_by_role("button", name="Save changes").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("first part of a UK postcode")
    expect(summary).to_contain_text("listed twice")
    assert axe_violations(page) == []
    page.goto(
        f"{live_server.url}/o/{cast.organisation.slug}/people/{cast.person.public_id}/team/add/"
    )
    page.get_by_role("button", name="Add to the team").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Choose who joins the team")
    assert axe_violations(page) == []
    page.goto(
        f"{live_server.url}/o/{cast.organisation.slug}/people/{cast.person.public_id}/team/health/"
    )
    expect(page.get_by_text("Single point of failure")).to_have_count(2)
    expect(page.get_by_text("No one", exact=True)).to_be_visible()
    context.close()
