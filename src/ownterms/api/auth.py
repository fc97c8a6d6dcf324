"""Bearer-token authentication: the token's user is the actor; their organisation is the tenant."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils import timezone
from ninja.security import HttpBearer

from ownterms.accounts.models import User
from ownterms.api import selectors, services


class TokenAuth(HttpBearer):
    """``Authorization: Bearer ot_<prefix>_<secret>``; answers None (→ 401) for anything else."""

    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        parts = services.split_token(token.strip())
        if parts is None:
            return None
        api_token = selectors.token_by_prefix(parts[0])
        if api_token is None or not services.digest_matches(api_token, token.strip()):
            return None
        now = timezone.now()
        user = api_token.user
        if not api_token.is_usable_at(now) or not user.is_active:
            return None
        services.note_token_used(token=api_token, now=now)
        request.api_token = api_token  # type: ignore[attr-defined]
        request.user = user
        return user


def actor(request: HttpRequest) -> User:
    """The signed-in user of an authenticated API request."""
    user = request.auth  # type: ignore[attr-defined]
    assert isinstance(user, User)
    return user
