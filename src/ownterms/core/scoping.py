"""Organisation-scoped pages: ``/o/<org>/...`` answers only for members of that organisation."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest
from django.http.response import HttpResponseBase

from ownterms.core.models import Organisation

View = Callable[..., HttpResponseBase]


def organisation_view(view: View) -> View:
    """Signs in anonymous visitors; answers 404 (as for a missing page) when ``org`` is not the
    signed-in user's organisation. The wrapped view does not receive ``org``."""

    @wraps(view)
    def wrapper(request: HttpRequest, org: str, *args: Any, **kwargs: Any) -> HttpResponseBase:
        organisation_id = getattr(request.user, "organisation_id", None)
        if organisation_id is None:
            raise Http404
        if not Organisation.objects.filter(pk=organisation_id, slug=org).exists():
            raise Http404
        return view(request, *args, **kwargs)

    return login_required(wrapper)


def organisation_url_kwargs(request: HttpRequest) -> dict[str, str]:
    organisation = getattr(request.user, "organisation", None)
    return {"org": organisation.slug if organisation is not None else ""}
