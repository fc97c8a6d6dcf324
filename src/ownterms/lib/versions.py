"""Optimistic locking: has a row changed since an editor read it?"""

from __future__ import annotations

import datetime as dt


def changed_since(updated_at: dt.datetime, seen: dt.datetime | None) -> bool:
    """Whether a row last changed at ``updated_at`` differs from the version the editor saw
    (``None``: the editor did not say, so no conflict). Compared to the millisecond: JSON
    answers (Django's encoder) carry no finer time, so a version read through the API must
    still match."""
    if seen is None:
        return False
    return _to_millisecond(updated_at) != _to_millisecond(seen)


def _to_millisecond(value: dt.datetime) -> dt.datetime:
    return value.replace(microsecond=value.microsecond // 1000 * 1000)
