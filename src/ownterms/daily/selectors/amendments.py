"""Every version of a daily record, rebuilt from its amendments."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from ownterms.daily.models import Amendment, DailyRecord


@dataclass(frozen=True)
class Version:
    number: int
    #: Who made this version and when (the author for version 1).
    by_id: int | None
    at: dt.datetime
    reason: str
    #: The values this version changed (field → value); for version 1, the original values of
    #: every field amended later.
    values: dict[str, Any] = field(default_factory=dict)


def amendments_of(record: DailyRecord) -> list[Amendment]:
    return list(
        Amendment.objects.filter(
            record_type=type(record)._meta.label_lower, record_id=record.public_id
        )
        .select_related("amended_by")
        .order_by("version")
    )


def versions_of(record: DailyRecord) -> list[Version]:
    """Version 1 (as written) and one version per amendment, oldest first."""
    amendments = amendments_of(record)
    original: dict[str, Any] = {}
    for amendment in amendments:
        for name, value in amendment.before.items():
            original.setdefault(name, value)
    versions = [
        Version(1, record.recorded_by_id, record.created_at, "", original),
    ]
    versions += [
        Version(a.version, a.amended_by_id, a.amended_at, a.reason, dict(a.after))
        for a in amendments
    ]
    return versions
