"""The import pages and the person page's export button in Chromium: no axe violations at
phone and desktop width, nothing wider than the window; upload → preview → import works."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse
from playwright.sync_api import Browser, expect

from ownterms.people.models import Person
from tests.browser.conftest import DESKTOP, PHONE, axe_violations, browser, new_context
from tests.browser.conftest import sign_in_by_cookie as sign_in
from tests.cast import Cast
from tests.ownterms.imports.helpers import MIXED_PEOPLE, csv_bytes, pending_people_import

__all__ = ["browser"]  # the browser suite's fixture
pytestmark = pytest.mark.browser
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def test_import_pages_and_export_button(
    browser: Browser, live_server: Any, cast: Cast, tmp_path: Path
) -> None:
    context = new_context(browser, PHONE)
    sign_in(context, cast.user("administrator"), live_server.url)
    page = context.new_page()
    org = cast.organisation.slug
    pending = pending_people_import(cast)
    urls = [
        reverse("imports:start", kwargs={"org": org}),
        reverse("imports:preview", kwargs={"org": org, "import_id": pending.public_id}),
        reverse("people:detail", kwargs={"org": org, "person_id": cast.person.public_id}),
    ]
    problems: list[str] = []
    for url in urls:
        page.goto(f"{live_server.url}{url}")
        for viewport in (PHONE, DESKTOP):
            page.set_viewport_size(viewport)  # type: ignore[arg-type]
            problems += [f"{url}: {violation}" for violation in axe_violations(page)]
            if page.evaluate("document.documentElement.scrollWidth > window.innerWidth"):
                problems.append(f"{url}: scrolls sideways at {viewport}")
    # Errors on the upload form.
    page.goto(f"{live_server.url}{urls[0]}")
    page.get_by_role("button", name="Check the file").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    problems += [f"upload errors: {violation}" for violation in axe_violations(page)]
    # A valid file: upload, preview, import.
    upload = tmp_path / "people.csv"
    upload.write_bytes(csv_bytes(MIXED_PEOPLE[:3]))
    page.get_by_label("People supported").check()
    page.get_by_label("The file").set_input_files(str(upload))
    page.get_by_role("button", name="Check the file").click()
    expect(page.get_by_role("heading", name="Check the import")).to_be_visible()
    problems += [f"preview: {violation}" for violation in axe_violations(page)]
    page.get_by_role("button", name="Import these rows").click()
    expect(page.get_by_text("Imported people.csv")).to_be_visible()
    assert Person.objects.filter(last_name="Okafor").exists()
    context.close()
    assert problems == []
