"""Counting a page's queries without what a visit does only now and then."""

from __future__ import annotations

from typing import Any

from django.core.cache import cache
from django.test import Client

from ownterms.accounts.middleware import LAST_SEEN_AT, now_seconds


def warm_up(client: Client, path: str, *args: Any, **kwargs: Any) -> None:
    """Empties the cache and visits ``path`` once (so what a request caches for a minute, such
    as today's settings, is fresh), then marks the session as seen just now, so a visit within the
    next 30 seconds counts only the page's own queries: no access event (this visit recorded
    it, or one from the last five minutes covers it), no rewrite of the session's "last seen"
    (due 30 s after the last one, however long building the test data took)."""
    cache.clear()
    client.get(path, *args, **kwargs)
    session = client.session
    session[LAST_SEEN_AT] = now_seconds()
    session.save()
