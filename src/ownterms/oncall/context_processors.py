"""``on_call_banner`` for every page: who is on call now, for staff users.

Lazy and cached on the request: a page that never shows the banner pays nothing, and one that
does pays a single query however often the template reads it.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from ownterms.accounts.models import User
from ownterms.oncall.selectors import Banner, banner_for

_CACHE = "_ownterms_on_call_banner"


def banner_of(request: HttpRequest) -> Banner:
    cached: Banner | None = getattr(request, _CACHE, None)
    if cached is None:
        user = request.user
        cached = banner_for(user) if isinstance(user, User) else Banner(show=False)
        setattr(request, _CACHE, cached)
    return cached


def on_call(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not getattr(user, "organisation_id", None):
        return {}
    return {"on_call_banner": SimpleLazyObject(lambda: banner_of(request))}
