"""The layout and the error pages as Django renders them (the browser suite checks Chromium)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.template.loader import render_to_string
from django.test import Client, override_settings
from django.urls import reverse

from tests.cast import Cast


def test_500_renders_without_a_request_or_a_user() -> None:
    html = render_to_string("500.html")
    assert "Sorry, there is a problem with the service" in html
    assert 'id="main-content"' in html
    assert "Sign out" not in html


@override_settings(ROOT_URLCONF="tests.ownterms.core.urls_without_ours")
def test_layout_survives_a_urlconf_without_our_names() -> None:
    # A crash page must never crash: the layout only links to pages that exist.
    html = render_to_string("500.html")
    assert "About and licences" not in html


def test_about_page_credits_gov_uk_frontend(client: Client) -> None:
    html = client.get(reverse("about")).content.decode()
    assert "GOV.UK Frontend" in html and "MIT" in html
    assert "govuk-skip-link" in html
    assert '<html lang="en-GB"' in html


@pytest.mark.django_db
def test_signed_in_pages_have_sign_out_organisation_and_navigation(cast: Cast) -> None:
    client = Client()
    client.force_login(cast.user("circle_with_consent"))  # needs no authenticator
    html = client.get(reverse("about")).content.decode()
    assert cast.organisation.name in html
    assert re.search(r'<form method="post" action="/accounts/logout/"', html)
    assert 'data-testid="sign-out"' in html
    assert 'href="/"' in html  # Home


@pytest.mark.django_db
def test_missing_page_says_not_found_and_nothing_more(client: Client, cast: Cast) -> None:
    client.force_login(cast.user("circle_with_consent"))
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Page not found" in html
    assert "no-such-page" not in html  # no echo of the address, no debug detail


def test_no_inline_scripts_or_styles_in_our_templates(settings: Any) -> None:
    # The CSP forbids them; the browser suite would catch them, this says where.
    from pathlib import Path

    root = Path(settings.BASE_DIR)
    offenders = []
    for path in root.rglob("templates/**/*.html"):
        text = path.read_text(encoding="utf-8")
        if re.search(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")", text):
            offenders.append(f"{path}: inline <script>")
        if re.search(r"\sstyle=\"|<style[\s>]|\son[a-z]+=\"", text):
            offenders.append(f"{path}: inline style or event handler")
    assert offenders == []
