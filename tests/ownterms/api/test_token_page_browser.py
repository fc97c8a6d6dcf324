"""The API tokens page in Chromium: no axe violations at phone and desktop width, with a
token just created, with form errors, and with a list of tokens."""

from __future__ import annotations

import os
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import Page, expect

from ownterms.accounts.models import Role
from ownterms.api import services
from ownterms.core.models import Organisation
from tests.browser.conftest import DESKTOP, PHONE, axe_violations, browser, page
from tests.ownterms.accounts.helpers import enrol_totp
from tests.ownterms.api.conftest import make_user

__all__ = ["browser", "page"]  # fixtures from the browser suite
pytestmark = pytest.mark.browser
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def test_token_page_has_no_axe_violations(page: Page, live_server: Any) -> None:
    org = Organisation.objects.create(name="Browser Provider", slug="browser-provider")
    user = make_user(org, "tokens@browser.example", Role.MANAGER)
    enrol_totp(user)
    services.create_token(user=user, name="Existing token")
    revoked = services.create_token(user=user, name="Old token").token
    services.revoke_token(actor=user, token=revoked)
    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    for viewport in (PHONE, DESKTOP):
        page.set_viewport_size(viewport)
        page.goto(f"{live_server.url}/api-tokens/")
        expect(page.get_by_role("heading", name="API tokens")).to_be_visible()
        assert axe_violations(page) == []
        page.get_by_role("button", name="Create token").click()  # empty name: errors
        expect(page.locator(".govuk-error-summary")).to_be_visible()
        assert axe_violations(page) == []
        page.get_by_label("Name").fill("Payroll export")
        page.get_by_role("button", name="Create token").click()
        assert page.locator("#new-token").input_value().startswith("ot_")
        assert axe_violations(page) == []
