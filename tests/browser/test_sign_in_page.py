from typing import Any

from playwright.sync_api import Page

from tests.browser.conftest import PHONE, axe_violations


def test_sign_in_page_has_no_axe_violations(page: Page, live_server: Any) -> None:
    for viewport in (PHONE, {"width": 1280, "height": 900}):
        page.set_viewport_size(viewport)
        page.goto(f"{live_server.url}/accounts/login/")
        assert axe_violations(page) == []
