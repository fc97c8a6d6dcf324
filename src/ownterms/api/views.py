"""The API tokens page (signed-in users manage their own tokens) and the API's JSON 404."""

from __future__ import annotations

import uuid
from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from ownterms.accounts.models import User
from ownterms.api import selectors, services
from ownterms.api.errors import envelope
from ownterms.api.forms import TokenCreateForm


def api_not_found(request: HttpRequest) -> HttpResponse:
    return envelope(404)


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


@login_required
@require_http_methods(["GET", "POST"])
def token_list(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    issued = None
    if request.method == "POST":
        form = TokenCreateForm(request.POST)
        if form.is_valid():
            try:
                issued = services.create_token(
                    user=user,
                    name=form.cleaned_data["name"],
                    lifetime=timedelta(days=form.cleaned_data["lifetime_days"]),
                )
            except services.TokenError as exc:
                form.add_error("name", str(exc))
            else:
                form = TokenCreateForm()
    else:
        form = TokenCreateForm()
    # The secret is rendered once in this response and never stored, so the page is not cached.
    response = render(
        request,
        "api/tokens.html",
        {
            "form": form,
            "issued": issued,
            "tokens": selectors.tokens_of(user)[:100],
            "now": timezone.now(),
        },
    )
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
def token_revoke(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    user = _user(request)
    token = selectors.own_token(user, public_id)
    if token is None:
        raise Http404
    services.revoke_token(actor=user, token=token)
    messages.success(request, _("Token “%(name)s” revoked") % {"name": token.name})
    return redirect("api_tokens:list")
