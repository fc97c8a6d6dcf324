"""Reads of organisations and their effective-dated settings."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections import defaultdict
from dataclasses import dataclass, field

from django.core.cache import cache
from django.utils import timezone

from ownterms.core import setting_keys
from ownterms.core.models import Organisation, OrganisationSetting


def zone_of(organisation: Organisation) -> zoneinfo.ZoneInfo:
    """The organisation's time zone (Europe/London when its setting is not a known zone)."""
    try:
        return zoneinfo.ZoneInfo(organisation.time_zone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo("Europe/London")


def today_for(organisation: Organisation) -> dt.date:
    return timezone.localdate(timezone=zone_of(organisation))


def _in_force(rows: list[OrganisationSetting], on: dt.date) -> OrganisationSetting | None:
    """The row applying on ``on``: the latest date not after it; on one date, the newest."""
    applying = [row for row in rows if row.effective_from <= on]
    if not applying:
        return None
    return max(applying, key=lambda row: (row.effective_from, row.created_at, row.pk))


def setting(organisation: Organisation, key: str, on: dt.date | None = None) -> int:
    """The value of ``key`` for the organisation on ``on`` (default: today there).

    Unknown keys raise ``setting_keys.UnknownSettingError``; with no row in force, the default.
    """
    known = setting_keys.get(key)
    day = on or today_for(organisation)
    row = (
        OrganisationSetting.objects.filter(
            organisation=organisation, key=key, effective_from__lte=day
        )
        .order_by("-effective_from", "-created_at", "-pk")
        .first()
    )
    return int(row.value) if row is not None else known.default_on(day)


def settings_on(organisation: Organisation, on: dt.date | None = None) -> dict[str, int]:
    """Every known setting's value on ``on``, in one query."""
    day = on or today_for(organisation)
    rows_by_key: dict[str, list[OrganisationSetting]] = defaultdict(list)
    for row in OrganisationSetting.objects.filter(
        organisation=organisation, effective_from__lte=day
    ):
        rows_by_key[row.key].append(row)
    values = {}
    for key, known in setting_keys.registry().items():
        in_force = _in_force(rows_by_key.get(key, []), day)
        values[key] = int(in_force.value) if in_force is not None else known.default_on(day)
    return values


@dataclass
class SettingOverview:
    known: setting_keys.SettingKey
    value: int
    since: dt.date | None  # None: the default, never changed
    current_row: OrganisationSetting | None
    upcoming: list[OrganisationSetting] = field(default_factory=list)
    history: list[OrganisationSetting] = field(default_factory=list)  # newest first


def settings_overview(
    organisation: Organisation, on: dt.date | None = None
) -> list[SettingOverview]:
    """For each known setting: the value in force, changes scheduled after ``on``, and every
    row ever added (newest first). One query."""
    day = on or today_for(organisation)
    rows_by_key: dict[str, list[OrganisationSetting]] = defaultdict(list)
    for row in OrganisationSetting.objects.filter(organisation=organisation).select_related(
        "created_by"
    ):
        rows_by_key[row.key].append(row)
    overview = []
    for key, known in setting_keys.registry().items():
        rows = rows_by_key.get(key, [])
        current = _in_force(rows, day)
        overview.append(
            SettingOverview(
                known=known,
                value=int(current.value) if current is not None else known.default_on(day),
                since=current.effective_from if current is not None else None,
                current_row=current,
                upcoming=sorted(
                    (r for r in rows if r.effective_from > day),
                    key=lambda r: (r.effective_from, r.created_at, r.pk),
                ),
                history=sorted(
                    rows, key=lambda r: (r.effective_from, r.created_at, r.pk), reverse=True
                ),
            )
        )
    return overview


def setting_overview(
    organisation: Organisation, key: str, on: dt.date | None = None
) -> SettingOverview:
    setting_keys.get(key)
    return next(item for item in settings_overview(organisation, on) if item.known.key == key)


#: How long ``cached_settings_today`` may serve values without reading the database.
CACHE_SECONDS = 60


def cache_key(organisation_id: int) -> str:
    return f"ownterms.core.settings_today.{organisation_id}"


def cached_settings_today(organisation_id: int) -> dict[str, int]:
    """Today's settings, kept for up to a minute: for code that runs on every request.

    A change clears the cache of the process that made it; other processes catch up within
    ``CACHE_SECONDS``.
    """
    key = cache_key(organisation_id)
    hit = cache.get(key)
    if hit is not None:
        day, values = hit
        if day == timezone.localdate():
            return dict(values)
    organisation = Organisation.objects.get(pk=organisation_id)
    values = settings_on(organisation)
    cache.set(key, (timezone.localdate(), values), CACHE_SECONDS)
    return values
