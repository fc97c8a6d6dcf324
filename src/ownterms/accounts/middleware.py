"""Per-request rules for signed-in users: session timeouts, then the MFA requirement."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import Resolver404, resolve, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from ownterms.accounts import selectors
from ownterms.accounts.models import User

#: Session keys (seconds since the epoch).
SIGNED_IN_AT = "ownterms.signed_in_at"
LAST_SEEN_AT = "ownterms.last_seen_at"
#: Set once the user is known to meet the MFA requirement, so it is checked once a session.
MFA_CHECKED = "ownterms.mfa_checked"
#: Don't rewrite the session on every request just to move "last seen" by a few seconds.
LAST_SEEN_RESOLUTION_SECONDS = 30

#: Pages a user who must set up MFA may still reach.
MFA_EXEMPT_URL_NAMES = frozenset(
    {
        "account_logout",
        "account_reauthenticate",
        "mfa_activate_totp",
        "mfa_reauthenticate",
        "mfa_view_recovery_codes",
        "mfa_download_recovery_codes",
    }
)


def now_seconds() -> int:
    return int(timezone.now().timestamp())


def mark_signed_in(request: HttpRequest) -> None:
    now = now_seconds()
    request.session[SIGNED_IN_AT] = now
    request.session[LAST_SEEN_AT] = now


def _redirect(request: HttpRequest, url: str) -> HttpResponse:
    if request.headers.get("HX-Request"):
        response = HttpResponse(status=204)
        response["HX-Redirect"] = url
        return response
    return redirect(url)


class SessionTimeoutMiddleware:
    """Sign the user out after a spell without requests, and a fixed time after signing in."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if isinstance(user, User) and user.is_authenticated:
            now = now_seconds()
            session = request.session
            signed_in_at = session.get(SIGNED_IN_AT)
            last_seen_at = session.get(LAST_SEEN_AT)
            if not isinstance(signed_in_at, int) or not isinstance(last_seen_at, int):
                mark_signed_in(request)
            else:
                idle, absolute = selectors.session_limits(user)
                if now - last_seen_at > idle or now - signed_in_at > absolute:
                    idle_out = now - last_seen_at > idle
                    logout(request)
                    messages.info(
                        request,
                        _("You were signed out because you had not used Own Terms for a while.")
                        if idle_out
                        else _("You were signed out because you signed in a long time ago."),
                    )
                    if request.headers.get("HX-Request"):
                        return _redirect(request, reverse(settings.LOGIN_URL))
                    return redirect_to_login(request.get_full_path())
                if now - last_seen_at >= LAST_SEEN_RESOLUTION_SECONDS:
                    session[LAST_SEEN_AT] = now
        return self.get_response(request)


class MFARequiredMiddleware:
    """A user whose role needs a second factor sets one up before doing anything else."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            isinstance(user, User)
            and user.is_authenticated
            and not settings.OWNTERMS_DEMO_RELAX_MFA
            and not request.session.get(MFA_CHECKED)
        ):
            if not selectors.mfa_required_for(user) or selectors.has_mfa(user):
                request.session[MFA_CHECKED] = True
            elif not self._exempt(request):
                messages.info(
                    request,
                    _(
                        "Your role needs a second step when you sign in. Set up an "
                        "authenticator app to continue."
                    ),
                )
                return _redirect(request, reverse("mfa_activate_totp"))
        return self.get_response(request)

    @staticmethod
    def _exempt(request: HttpRequest) -> bool:
        if settings.STATIC_URL and request.path_info.startswith(str(settings.STATIC_URL)):
            return True
        try:
            match = resolve(request.path_info)
        except Resolver404:
            return False
        return match.url_name in MFA_EXEMPT_URL_NAMES
