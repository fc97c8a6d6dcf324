"""Writes for API tokens: create, rename, revoke (each audited as a security event)."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ownterms.accounts.models import User
from ownterms.api.models import ApiToken
from ownterms.audit.services import record_security

TOKEN_SCHEME = "ot"  # noqa: S105 - the token prefix, not a secret
DEFAULT_LIFETIME = timedelta(days=90)
MAX_LIFETIME = timedelta(days=365)
MAX_ACTIVE_TOKENS_PER_USER = 20
# Writing last_used_at on every request would turn every read into a write.
LAST_USED_RESOLUTION = timedelta(minutes=5)


class TokenError(ValueError):
    """A token request that cannot be granted; the message is safe to show the user."""


@dataclass(frozen=True)
class IssuedToken:
    token: ApiToken
    secret: str  # the whole token string, shown to the user once and never stored


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode("utf-8", "surrogatepass")).hexdigest()


def split_token(raw: str) -> tuple[str, str] | None:
    """Return (prefix, secret) for a well-formed token string, else None."""
    parts = raw.split("_", 2)
    if len(parts) != 3 or parts[0] != TOKEN_SCHEME:
        return None
    prefix, secret = parts[1], parts[2]
    if len(prefix) != 12 or not all(c in "0123456789abcdef" for c in prefix):
        return None
    if not 20 <= len(secret) <= 100:
        return None
    return prefix, secret


def digest_matches(token: ApiToken, raw: str) -> bool:
    return hmac.compare_digest(token.secret_hash, hash_token(raw))


def _record_security(
    *, actor: User, action: str, token: ApiToken, changes: dict[str, object]
) -> None:
    # Keys avoid the audit's secret-name filter ("token"), which would drop them.
    record_security(
        action=action,
        user=actor,
        details={"credential": str(token.public_id), "key_prefix": token.prefix, **changes},
    )


def create_token(
    *, user: User, name: str, lifetime: timedelta = DEFAULT_LIFETIME, now: datetime | None = None
) -> IssuedToken:
    """Issue a token for ``user``; the returned secret is the only time it is available."""
    name = name.strip()
    if not name:
        raise TokenError(_("Enter a name for the token"))
    if len(name) > 100:
        raise TokenError(_("Token name must be 100 characters or fewer"))
    if lifetime <= timedelta(0) or lifetime > MAX_LIFETIME:
        raise TokenError(_("A token can last at most %(days)s days") % {"days": MAX_LIFETIME.days})
    if not user.is_active:
        raise TokenError(_("This account is not active"))
    now = now or timezone.now()
    with transaction.atomic():
        active = ApiToken.objects.filter(user=user, revoked_at__isnull=True, expires_at__gt=now)
        if active.count() >= MAX_ACTIVE_TOKENS_PER_USER:
            raise TokenError(
                _("You already have %(count)s active tokens; revoke one first")
                % {"count": MAX_ACTIVE_TOKENS_PER_USER}
            )
        prefix = secrets.token_hex(6)
        raw = f"{TOKEN_SCHEME}_{prefix}_{secrets.token_urlsafe(32)}"
        token = ApiToken.objects.create(
            organisation_id=user.organisation_id,
            user=user,
            name=name,
            prefix=prefix,
            secret_hash=hash_token(raw),
            created_at=now,
            expires_at=now + lifetime,
        )
        _record_security(
            actor=user,
            action="api_token.create",
            token=token,
            changes={"name": name, "expires_at": token.expires_at.isoformat()},
        )
    return IssuedToken(token=token, secret=raw)


def rename_token(*, actor: User, token: ApiToken, name: str) -> ApiToken:
    name = name.strip()
    if not name or len(name) > 100:
        raise TokenError(_("Token name must be 1 to 100 characters"))
    if token.user_id != actor.pk:
        raise TokenError(_("You can only change your own tokens"))
    with transaction.atomic():
        old = token.name
        token.name = name
        token.save(update_fields=["name"])
        _record_security(
            actor=actor, action="api_token.rename", token=token, changes={"name": [old, name]}
        )
    return token


def revoke_token(
    *, actor: User, token: ApiToken, reason: str = "user", now: datetime | None = None
) -> ApiToken:
    """Revoke one token; revoking a revoked token changes nothing and records nothing."""
    if token.user_id != actor.pk:
        raise TokenError(_("You can only revoke your own tokens"))
    with transaction.atomic():
        updated = ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(
            revoked_at=now or timezone.now(), revoked_reason=reason
        )
        token.refresh_from_db()
        if updated:
            _record_security(
                actor=actor, action="api_token.revoke", token=token, changes={"reason": reason}
            )
    return token


def revoke_all_tokens_for(*, user: User, reason: str, actor: User | None = None) -> int:
    """Revoke every live token of ``user`` (e.g. when their access ends). Returns how many."""
    now = timezone.now()
    with transaction.atomic():
        tokens = list(
            ApiToken.objects.select_for_update().filter(user=user, revoked_at__isnull=True)
        )
        for token in tokens:
            token.revoked_at = now
            token.revoked_reason = reason
            token.save(update_fields=["revoked_at", "revoked_reason"])
            _record_security(
                actor=actor or user,
                action="api_token.revoke",
                token=token,
                changes={"reason": reason},
            )
    return len(tokens)


def note_token_used(*, token: ApiToken, now: datetime) -> None:
    """Record when a token was last used, at most once per ``LAST_USED_RESOLUTION``."""
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
