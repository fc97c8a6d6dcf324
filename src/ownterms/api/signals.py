"""Ending a user's access ends their API tokens at once."""

from __future__ import annotations

from typing import Any


def _revoke_on_access_ended(sender: Any, *, user: Any, **kwargs: Any) -> None:
    from ownterms.api.services import revoke_all_tokens_for

    revoke_all_tokens_for(user=user, reason="access_ended")


def connect() -> None:
    try:
        from ownterms.accounts.signals import access_ended  # type: ignore[import-not-found,import-untyped,unused-ignore]
    except ImportError:  # the signal lands with the accounts work; nothing to listen to yet
        return
    access_ended.connect(_revoke_on_access_ended, dispatch_uid="api.revoke_tokens_on_access_ended")
