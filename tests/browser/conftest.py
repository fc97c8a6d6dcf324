"""Browser suite: Debian's Chromium driven by Playwright, with axe-core for accessibility.

One browser for the whole session; each test opens light contexts on it. Pages keep their strict
Content Security Policy: axe-core is injected through the DevTools protocol (not a <script> tag),
so any inline script or style a page tried to use would show up as a CSP violation.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import struct
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import axe_playwright_python
import pytest
from django.conf import settings
from django.test import Client, RequestFactory
from playwright.sync_api import (
    Browser,
    BrowserContext,
    ConsoleMessage,
    Locator,
    Page,
    sync_playwright,
)

from tests.cast import Cast

CHROMIUM = "/usr/bin/chromium"
AXE_SCRIPT = Path(axe_playwright_python.__file__).with_name("axe.min.js")
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
VIEWPORTS = {"phone": PHONE, "desktop": DESKTOP}
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
PASSWORD = "correct horse battery staple 42"  # test-only
MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"
TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"  # test-only, base32


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.path).parents:
            item.add_marker(pytest.mark.browser)


_running: dict[str, Any] = {}


def _shared_browser() -> Browser:
    """One Chromium for the whole run, however many modules ask for the fixture.

    (A test module elsewhere may import the ``browser`` fixture, which gives pytest a second
    definition of it; two Playwright loops cannot run in one thread, so both share this one.)
    """
    if "browser" not in _running:
        # Playwright's sync API runs an event loop in this thread; the tests still talk to the
        # database synchronously, which Django would otherwise refuse. Only while browsers run.
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
        playwright = sync_playwright().start()
        _running["playwright"] = playwright
        _running["browser"] = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
    browser: Browser = _running["browser"]
    return browser


def _stop_browser() -> None:
    browser = _running.pop("browser", None)
    playwright = _running.pop("playwright", None)
    if browser is not None:
        browser.close()
    if playwright is not None:
        playwright.stop()
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    yield _shared_browser()
    _stop_browser()


def new_context(browser: Browser, viewport: dict[str, int] = DESKTOP) -> BrowserContext:
    context = browser.new_context(
        viewport=viewport,  # type: ignore[arg-type]
        locale="en-GB",
        timezone_id="Europe/London",
    )
    # Loaded before each page's own scripts through the DevTools protocol, so it needs no CSP
    # exception, and it is several times faster than injecting it after load.
    context.add_init_script(path=str(AXE_SCRIPT))
    return context


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings: Any) -> None:
    # Argon2 is deliberately slow; these tests sign in often and test pages, not hashing.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = new_context(browser)
    page = context.new_page()
    yield page
    context.close()


def watch_csp(page: Page) -> list[str]:
    """Collect the page's Content Security Policy violations (reported on the console)."""
    violations: list[str] = []

    def on_console(message: ConsoleMessage) -> None:
        if "Content Security Policy" in message.text:
            violations.append(message.text)

    page.on("console", on_console)
    return violations


def follow(page: Page, link: Locator) -> None:
    """Click a link and wait until the page it leads to has loaded.

    A bare click returns before the navigation starts, so axe could run on a document
    that is being torn down."""
    with page.expect_navigation():
        link.click()


def axe_violations(page: Page) -> list[dict[str, Any]]:
    """Run axe-core on the current page with the WCAG 2.2 A and AA rules; return violations."""
    if not page.evaluate("typeof axe !== 'undefined'"):
        page.evaluate(AXE_SCRIPT.read_text(encoding="utf-8") + "\n;undefined")
    result: dict[str, Any] = page.evaluate(
        "tags => axe.run(document,"
        " {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
        WCAG_TAGS,
    )
    return [
        {"id": v["id"], "help": v["help"], "nodes": [n["target"] for n in v["nodes"]]}
        for v in result["violations"]
    ]


def totp_now(secret: str, *, at: float | None = None) -> str:
    """RFC 6238 code (SHA-1, 30 s, 6 digits) computed independently of allauth."""
    key = base64.b32decode(secret.upper() + "=" * (-len(secret) % 8))
    counter = int((time.time() if at is None else at) // 30)
    digest = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    value = (struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF) % 1_000_000
    return f"{value:06d}"


def sign_in_by_cookie(context: BrowserContext, user: Any, base_url: str) -> None:
    """The fast way in: a Django session made by force_login, copied into the browser.

    The session also records a fresh password (and authenticator) sign-in the way allauth does,
    so pages that ask for recent authentication show themselves rather than "confirm access".
    """
    from allauth.account.internal.flows.login import record_authentication
    from allauth.mfa.models import Authenticator

    client = Client()
    client.force_login(user, backend=MODEL_BACKEND)
    request = RequestFactory().get("/")
    request.session = client.session
    record_authentication(request, user, "password", email=user.email, reauthenticated=True)
    totp = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
    if totp is not None:
        record_authentication(request, user, "mfa", id=totp.pk, type="totp")
    request.session.save()
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie.value, "url": base_url}]
    )


def save_screenshot(page: Page, name: str, viewport_name: str) -> None:
    """Refresh the README's screenshots, only when asked: they differ on every run."""
    if os.environ.get("OWNTERMS_SCREENSHOTS") != "1":
        return
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}-{viewport_name}.png"), full_page=True)


# Cast members with no authenticator app yet (the others have TOTP and recovery codes).
WITHOUT_AUTHENTICATOR = frozenset({"former_worker"})


@pytest.fixture
def cast(transactional_db: Any) -> Cast:
    """The shared cast (tests/cast.py), with passwords and authenticators, for a live server."""
    from allauth.mfa.models import Authenticator
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
    from allauth.mfa.totp.internal.auth import TOTP

    from tests.cast import CAST_TOTP_SECRET, build_cast

    assert CAST_TOTP_SECRET == TOTP_SECRET

    built = build_cast()  # enrols everyone who must use MFA in TOTP, with TOTP_SECRET
    for name, user in built.users.items():
        if user is None:
            continue
        user.set_password(PASSWORD)
        user.save(update_fields=["password"])
        authenticators = Authenticator.objects.filter(user=user)
        if name in WITHOUT_AUTHENTICATOR:
            authenticators.delete()
            continue
        if not authenticators.filter(type=Authenticator.Type.TOTP).exists():
            TOTP.activate(user, TOTP_SECRET)
        RecoveryCodes.activate(user)
    return built
