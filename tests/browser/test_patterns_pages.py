"""The support pattern and shift pages only (``-k patterns``): the same checks as
test_every_page, so this area can be checked without visiting every page of the product."""

from __future__ import annotations

from typing import Any

from playwright.sync_api import Browser

from tests.browser.conftest import PHONE, new_context, sign_in_by_cookie, watch_csp
from tests.browser.pages import PAGES, Visit
from tests.browser.test_every_page import _check_page
from tests.cast import Cast

NAMES = (
    "rota:pattern",
    "rota:pattern_settings",
    "rota:block_new",
    "rota:block_edit",
    "rota:person_shifts",
    "rota:generate_shifts",
    "rota:shift_new",
    "rota:shift_edit",
)


def test_patterns_pages_have_no_axe_violations(
    browser: Browser, live_server: Any, cast: Cast
) -> None:
    by_user: dict[str | None, list[Visit]] = {}
    for name in NAMES:
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
