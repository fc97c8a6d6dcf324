"""Ending a user's access ends their API tokens at once."""

from __future__ import annotations

from typing import Any

from ownterms.accounts.signals import access_ended


def _revoke_on_access_ended(sender: Any, *, user: Any, reason: str = "", **kwargs: Any) -> None:
    from ownterms.api.services import revoke_all_tokens_for

    revoke_all_tokens_for(user=user, reason="access_ended")


def connect() -> None:
    access_ended.connect(_revoke_on_access_ended, dispatch_uid="api.revoke_tokens_on_access_ended")
