"""Every page, found from the URL resolver, at phone and desktop width: 0 axe violations.

To check one area while working on it, name its URL prefixes:
``OWNTERMS_PAGES="daily: plans:" pytest -m browser -k every_page``.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from playwright.sync_api import Browser, Page

from tests.browser.conftest import (
    MODEL_BACKEND,
    PHONE,
    VIEWPORTS,
    axe_violations,
    new_context,
    save_screenshot,
    sign_in_by_cookie,
    watch_csp,
)
from tests.browser.pages import PAGES, NotAPage, PostOnly, Visit
from tests.cast import Cast


def _named_patterns(
    patterns: list[URLPattern | URLResolver], namespace: str | None = None
) -> Iterator[str]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = namespace
            if pattern.namespace:
                inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            yield from _named_patterns(pattern.url_patterns, inner)
        elif pattern.name:
            yield f"{namespace}:{pattern.name}" if namespace else pattern.name


def url_names() -> list[str]:
    return sorted(set(_named_patterns(get_resolver().url_patterns)))


def test_every_url_pattern_is_mapped() -> None:
    names = url_names()
    missing = [name for name in names if name not in PAGES]
    assert missing == [], f"Add these URL names to tests/browser/pages.py: {missing}"
    stale = [name for name in PAGES if name not in names]
    assert stale == [], f"These names in tests/browser/pages.py no longer exist: {stale}"


def _check_page(page: Page, url: str, visit: Visit, csp: list[str]) -> list[str]:
    """Load the page once, then check it at each width (resizing re-lays it out)."""
    problems: list[str] = []
    response = page.goto(url)
    status = response.status if response else 0
    if status != visit.status:
        problems.append(f"{url}: status {status}, expected {visit.status}")
    signed_in_page = visit.as_user is not None and page.url.startswith(url.split("?")[0])
    if signed_in_page and page.locator("[data-testid=sign-out]").count() != 1:
        problems.append(f"{url}: no sign-out button")
    if page.locator("a.govuk-skip-link[href='#main-content']").count() != 1:
        problems.append(f"{url}: no skip link")
    if page.locator("main#main-content").count() != 1:
        problems.append(f"{url}: no main#main-content")
    for viewport_name, viewport in VIEWPORTS.items():
        page.set_viewport_size(viewport)  # type: ignore[arg-type]
        for violation in axe_violations(page):
            problems.append(f"{url} ({page.url}) at {viewport_name}: {violation}")
        # WCAG 1.4.10 (reflow), which axe does not check: nothing wider than the window.
        if page.evaluate("document.documentElement.scrollWidth > window.innerWidth"):
            problems.append(f"{url}: scrolls sideways at {viewport_name}")
        if visit.screenshot:
            save_screenshot(page, visit.screenshot, viewport_name)
    problems.extend(f"{url}: {message}" for message in csp)
    csp.clear()
    return problems


# Pages without a URL name of their own, visited as well.
EXTRA_VISITS: dict[str, Visit] = {
    "page not found": Visit("team_worker", lambda cast: "/no-such-page/", status=404),
    "page not found, signed out": Visit(None, lambda cast: "/no-such-page/", status=404),
}


#: The pages are checked in this many parts, so scripts/test spreads them over its processes.
PARTS = 4


def _visits() -> list[tuple[str, Visit]]:
    only = tuple(os.environ.get("OWNTERMS_PAGES", "").split())
    visits: list[tuple[str, Visit]] = []
    for name in url_names():
        if only and not name.startswith(only):
            continue
        entry = PAGES.get(name)
        for visit in entry if isinstance(entry, tuple) else (entry,):
            if isinstance(visit, Visit):
                visits.append((name, visit))
    if not only:
        visits.extend(EXTRA_VISITS.items())
    return visits


@pytest.mark.parametrize("part", range(PARTS))
def test_every_page_has_no_axe_violations(
    browser: Browser, live_server: Any, cast: Cast, part: int
) -> None:
    by_user: dict[str | None, list[tuple[str, Visit]]] = {}
    for name, visit in _visits()[part::PARTS]:
        by_user.setdefault(visit.as_user, []).append((name, visit))
    if not by_user:
        pytest.skip("no page of OWNTERMS_PAGES falls in this part")
    problems: list[str] = []
    for user_key, visits in by_user.items():
        context = new_context(browser, PHONE)
        if user_key is not None:
            sign_in_by_cookie(context, cast.user(user_key), live_server.url)
        page = context.new_page()
        csp = watch_csp(page)
        for name, visit in visits:
            path = visit.url(cast) if visit.url else reverse(name)
            problems.extend(_check_page(page, f"{live_server.url}{path}", visit, csp))
        context.close()
    assert problems == []


def test_not_a_page_entries_say_why() -> None:
    for name, entry in PAGES.items():
        if isinstance(entry, NotAPage):
            assert entry.reason.strip(), name


def test_post_only_urls_refuse_get(live_server: Any, cast: Cast) -> None:
    checked = 0
    for name, entry in PAGES.items():
        if isinstance(entry, PostOnly):
            client = Client()
            client.force_login(cast.user(entry.as_user), backend=MODEL_BACKEND)
            path = entry.url(cast) if entry.url else reverse(name)
            assert client.get(path).status_code == 405, name
            checked += 1
    assert checked > 0
