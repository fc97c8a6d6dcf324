"""GOV.UK form rendering in a real browser: every field type, with and without errors."""

from __future__ import annotations

from typing import Any

import pytest
from django.template import Template
from django.template.context import RequestContext
from django.test import RequestFactory
from playwright.sync_api import Browser, Route, expect

from tests.browser.conftest import VIEWPORTS, axe_violations, new_context, watch_csp
from tests.ownterms.core.test_form_rendering import SampleForm

PAGE = Template(
    '{% extends "base.html" %}{% block title %}Sample form{% endblock %}{% block content %}'
    '{% include "includes/error_summary.html" %}<h1 class="govuk-heading-l">Sample form</h1>'
    '<form method="post" novalidate>{{ form }}'
    '<button class="govuk-button" data-module="govuk-button">Save</button></form>{% endblock %}'
)


def _sample_page(data: dict[str, str] | None) -> str:
    request = RequestFactory().get("/sample-form/")
    form = SampleForm(data=data) if data is not None else SampleForm()
    return PAGE.render(RequestContext(request, {"form": form}))


@pytest.mark.parametrize("with_errors", [False, True])
def test_sample_form_is_accessible(
    browser: Browser, live_server: Any, transactional_db: Any, with_errors: bool
) -> None:
    html = _sample_page({"name": "x" * 50, "starts_on_day": "40"} if with_errors else None)
    context = new_context(browser, VIEWPORTS["phone"])
    page = context.new_page()
    csp = watch_csp(page)
    policy = page.request.get(f"{live_server.url}/about/").headers["content-security-policy"]
    headers = {"Content-Type": "text/html; charset=utf-8", "Content-Security-Policy": policy}

    # Served from the live server's origin, so our static files (and their CSP) apply.
    def fulfil(route: Route) -> None:
        route.fulfill(status=200, headers=headers, body=html)

    page.route(f"{live_server.url}/sample-form/", fulfil)
    page.goto(f"{live_server.url}/sample-form/")
    for viewport in VIEWPORTS.values():
        page.set_viewport_size(viewport)  # type: ignore[arg-type]
        assert axe_violations(page) == []
        assert not page.evaluate("document.documentElement.scrollWidth > window.innerWidth")
    if with_errors:
        assert page.title() == "Error: Sample form \N{EN DASH} Own Terms"
        expect(page.locator(".govuk-error-summary")).to_be_focused()
        page.get_by_role("link", name="This field is required.").first.click()
        expect(page.locator("#id_colour")).to_be_focused()
    else:
        assert page.title() == "Sample form \N{EN DASH} Own Terms"
    assert csp == []
    context.close()
