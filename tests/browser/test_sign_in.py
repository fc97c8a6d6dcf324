"""Sign-in as a person would do it: email and password, then a code from the authenticator app."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from playwright.sync_api import Browser, expect

from tests.browser.conftest import (
    PASSWORD,
    TOTP_SECRET,
    VIEWPORTS,
    axe_violations,
    new_context,
    save_screenshot,
    totp_now,
    watch_csp,
)
from tests.cast import Cast


def test_walks_sign_in_with_mfa(browser: Browser, live_server: Any, cast: Cast) -> None:
    context = new_context(browser)
    page = context.new_page()
    csp = watch_csp(page)
    page.goto(f"{live_server.url}{reverse('core:home')}")
    # Signed out: the home page sends you to sign in.
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")
    for name, viewport in VIEWPORTS.items():
        page.set_viewport_size(viewport)  # type: ignore[arg-type]
        save_screenshot(page, "sign-in", name)
    page.set_viewport_size(VIEWPORTS["desktop"])  # type: ignore[arg-type]

    page.get_by_label("Email").fill(cast.user("manager").email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Enter your security code")
    assert page.url.endswith(reverse("mfa_authenticate"))
    assert axe_violations(page) == []
    page.get_by_label("Code").fill(totp_now(TOTP_SECRET))
    page.get_by_role("button", name="Continue").click()

    page.wait_for_url(f"{live_server.url}{reverse('core:home')}")
    expect(page.locator(".govuk-service-navigation__text")).to_have_text("Brookside Support")
    assert page.locator("[data-testid=sign-out]").count() == 1
    page.reload()  # without the one-off "signed in" message, for the screenshots
    for name, viewport in VIEWPORTS.items():
        page.set_viewport_size(viewport)  # type: ignore[arg-type]
        assert axe_violations(page) == []
        save_screenshot(page, "home", name)
    assert csp == []

    # Signing out is one POST; afterwards the home page asks you to sign in again.
    page.set_viewport_size(VIEWPORTS["desktop"])  # type: ignore[arg-type]
    page.locator("[data-testid=sign-out]").click()
    page.goto(f"{live_server.url}{reverse('core:home')}")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")
    context.close()


def test_wrong_password_shows_the_error_summary(
    browser: Browser, live_server: Any, cast: Cast
) -> None:
    context = new_context(browser, VIEWPORTS["phone"])
    page = context.new_page()
    csp = watch_csp(page)
    page.goto(f"{live_server.url}{reverse('account_login')}")
    page.get_by_label("Email").fill(cast.user("manager").email)
    page.get_by_label("Password").fill("not the password")
    page.get_by_role("button", name="Sign in").click()

    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()  # GOV.UK Frontend's JavaScript ran, under our CSP
    assert page.title().startswith("Error: ")
    assert axe_violations(page) == []
    assert csp == []
    context.close()


def test_wrong_security_code_is_refused(browser: Browser, live_server: Any, cast: Cast) -> None:
    context = new_context(browser)
    page = context.new_page()
    page.goto(f"{live_server.url}{reverse('account_login')}")
    page.get_by_label("Email").fill(cast.user("team_worker").email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Enter your security code")
    code = totp_now(TOTP_SECRET)
    wrong = f"{(int(code) + 500_000) % 1_000_000:06d}"
    for attempt in (wrong, "<script>", "1" * 500):
        page.get_by_label("Code").fill(attempt)
        page.get_by_role("button", name="Continue").click()
        expect(page.locator(".govuk-error-summary")).to_be_visible()
        assert page.url.endswith(reverse("mfa_authenticate"))
    assert axe_violations(page) == []
    context.close()
