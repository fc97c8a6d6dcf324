"""The signed-in user's own account: MFA status, sessions, sign out everywhere."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ownterms.accounts import selectors, services
from ownterms.accounts.models import User


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)  # login_required ran first
    return user


@login_required
def account(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    roles = sorted(selectors.roles_of(user), key=lambda r: r.label)
    return render(
        request,
        "accounts/account.html",
        {
            "account_user": user,
            "roles": roles,
            "mfa_enabled": selectors.has_mfa(user),
            "mfa_required": selectors.mfa_required_for(user),
            "recovery_codes_left": selectors.recovery_codes_left(user),
            "sessions": selectors.active_sessions(
                user, current_session_key=request.session.session_key
            ),
        },
    )


@require_POST
@login_required
def sign_out_everywhere(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    services.end_sessions_for(user, reason="signed_out_everywhere")
    logout(request)
    messages.success(request, _("You have been signed out on every device."))
    return redirect("account_login")
