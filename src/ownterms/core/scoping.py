"""Organisation-scoped pages: ``/o/<org>/...`` answers only for members of that organisation."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest
from django.http.response import HttpResponseBase

View = Callable[..., HttpResponseBase]


def organisation_view(view: View) -> View:
    """Signs in anonymous visitors; answers 404 (as for a missing page) when ``org`` is not the
    signed-in user's organisation. The wrapped view does not receive ``org``."""

    @wraps(view)
    def wrapper(request: HttpRequest, org: str, *args: Any, **kwargs: Any) -> HttpResponseBase:
        # The user's organisation, loaded once and kept on the user for the rest of the page.
        organisation = getattr(request.user, "organisation", None)
        if organisation is None or organisation.slug != org:
            raise Http404
        return view(request, *args, **kwargs)

    return login_required(wrapper)


def org_slug(request: HttpRequest) -> str:
    """The signed-in user's organisation slug, for ``/o/<org>/`` URLs ("" when none)."""
    organisation = getattr(request.user, "organisation", None)
    return organisation.slug if organisation is not None else ""
