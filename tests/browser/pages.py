"""Every URL pattern, and how the browser suite visits it.

``test_every_page`` walks Django's URL resolver; each named pattern must appear here, so a new
page cannot be missed: either a ``Visit`` (who views it, and how to fill its URL parameters
from the test's data) or ``NotAPage`` with the reason (POST-only, a file download, ...).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse

from tests.browser.conftest import Cast


@dataclass(frozen=True)
class Visit:
    as_user: str | None  # a key of Cast.users; None means signed out
    url: Callable[[Cast], str] | None = None  # default: reverse(name) with no arguments
    status: int = 200
    screenshot: str | None = None  # saved to docs/screenshots/<name>-<viewport>.png (README)


@dataclass(frozen=True)
class NotAPage:
    reason: str


@dataclass(frozen=True)
class PostOnly:
    """A POST-only URL: the suite checks that GET is refused (405) for the given user."""

    as_user: str
    url: Callable[[Cast], str] | None = None


_API = NotAPage("JSON API, not a page (tests/ownterms/api covers it)")


def _password_reset_link(cast: Cast) -> str:
    from allauth.account.forms import default_token_generator
    from allauth.account.utils import user_pk_to_url_str

    user = cast.user("worker")
    return reverse(
        "account_reset_password_from_key",
        kwargs={
            "uidb36": user_pk_to_url_str(user),
            "key": default_token_generator.make_token(user),
        },
    )


PAGES: dict[str, Visit | NotAPage | PostOnly] = {
    # Own Terms
    "core:home": Visit("manager"),
    "about": Visit(None),
    "core:settings": Visit("administrator"),
    "core:setting_change": Visit(
        "administrator",
        lambda cast: reverse("core:setting_change", args=["working_time.max_average_weekly_hours"]),
    ),
    "accounts:account": Visit("worker"),
    "accounts:sign_out_everywhere": PostOnly("worker"),
    "api_tokens:list": Visit("manager"),
    "api_tokens:revoke": PostOnly(
        "manager", lambda cast: reverse("api_tokens:revoke", args=[uuid.uuid4()])
    ),
    "api-v1:openapi-json": _API,
    "api-v1:list_tokens": _API,
    "api-v1:get_token": _API,
    "api-v1:rename_token": _API,
    "api-v1:revoke_token": _API,
    "api-v1:api-root": _API,
    "api-not-found": _API,
    # Sign-in and account (django-allauth)
    "account_login": Visit(None),
    "account_logout": Visit("worker"),
    "account_inactive": Visit(None),
    "account_signup": Visit(None),  # sign-up is closed: the page says so
    "account_reauthenticate": Visit("worker"),
    "account_email": Visit("worker"),
    "account_email_verification_sent": Visit(None),
    "account_change_password": Visit("worker"),
    "account_set_password": Visit("worker"),  # has a password: goes on to "change password"
    "account_reset_password": Visit(None),
    "account_reset_password_done": Visit(None),
    "account_reset_password_from_key": Visit(None, _password_reset_link),
    "account_reset_password_from_key_done": Visit(None),
    "account_confirm_email": Visit(
        None, lambda cast: reverse("account_confirm_email", args=["not-a-real-key"])
    ),
    "account_confirm_login_code": Visit(None),  # no sign-in code pending: back to sign-in
    "mfa_index": Visit("worker"),
    "mfa_authenticate": NotAPage("walked by test_sign_in.py::test_walks_sign_in_with_mfa"),
    "mfa_reauthenticate": Visit("worker"),
    "mfa_activate_totp": Visit("newcomer", screenshot="set-up-authenticator"),
    "mfa_deactivate_totp": Visit("worker"),
    "mfa_view_recovery_codes": Visit("worker"),
    "mfa_generate_recovery_codes": Visit("worker"),
    "mfa_download_recovery_codes": NotAPage("a plain-text file download"),
    "usersessions_list": Visit("worker"),
}

# Organisation, people, staff and audit pages (the access engineer's registry).
from tests.browser.pages_access import access_pages  # noqa: E402

PAGES.update(access_pages())
