"""What django-axes counts failed sign-ins against."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest


def username_from_credentials(request: HttpRequest, credentials: dict[str, Any] | None) -> str:
    """The email address tried, lower-cased, whichever way the attempt reached us.

    allauth authenticates with ``email=...``; its sign-in form posts the field ``login``.
    Counting both under one lower-cased key stops "Sam@x" and "sam@x" being counted apart.
    """
    value: Any = None
    if credentials:
        value = credentials.get("email") or credentials.get("login") or credentials.get("username")
    if not value:
        data = getattr(request, "data", None) or request.POST
        value = data.get("login") or data.get("email")
    return str(value or "").strip().lower()[:254]
