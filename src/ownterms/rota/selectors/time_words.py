"""Times in plain words for easy read ("Half past 9 in the morning"), and the hands of a
drawn clock face showing the same time (the words carry the meaning; the clock is decoration).
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.utils import timezone
from django.utils.formats import date_format, time_format
from django.utils.translation import gettext as _

from ownterms.rota.models import Shift

_LONDON = ZoneInfo("Europe/London")


def when_words(shift: Shift) -> str:
    """ "Tuesday 24 November, 09:00 to 15:00": how pages and notifications name a shift."""
    starts = timezone.localtime(shift.starts_at, _LONDON)
    ends = timezone.localtime(shift.ends_at, _LONDON)
    return _("%(day)s, %(start)s to %(end)s") % {
        "day": date_format(starts.date(), "l j F"),
        "start": time_format(starts.time(), "H:i"),
        "end": time_format(ends.time(), "H:i"),
    }


def _part_of_day(hour: int) -> str:
    if 5 <= hour < 12:
        return _("in the morning")
    if 12 <= hour < 18:
        return _("in the afternoon")
    if 18 <= hour < 22:
        return _("in the evening")
    return _("at night")


def _on_the_hour(hour: int) -> str:
    """``hour`` (0..23) o'clock in words: "9 in the morning", "12 noon", "midnight"."""
    if hour == 0:
        return _("midnight")
    if hour == 12:
        return _("12 noon")
    return _("%(hour)s %(part)s") % {"hour": hour % 12 or 12, "part": _part_of_day(hour)}


def time_in_words(value: dt.time) -> str:
    """ "Half past 9 in the morning", "Quarter to 12 noon", "Midnight", "10 past 3 in the
    afternoon" (minutes are rounded down to the minute; seconds are ignored)."""
    hour, minute = value.hour, value.minute
    if minute == 0:
        words = _on_the_hour(hour)
    elif minute == 15:
        words = _("quarter past %(time)s") % {"time": _twelve(hour)}
    elif minute == 30:
        words = _("half past %(time)s") % {"time": _twelve(hour)}
    elif minute == 45:
        words = _("quarter to %(time)s") % {"time": _on_the_hour((hour + 1) % 24)}
    elif minute < 30:
        words = _("%(minutes)s past %(time)s") % {"minutes": minute, "time": _twelve(hour)}
    else:
        words = _("%(minutes)s to %(time)s") % {
            "minutes": 60 - minute,
            "time": _on_the_hour((hour + 1) % 24),
        }
    return words[:1].upper() + words[1:]


def _twelve(hour: int) -> str:
    """The hour a "past" phrase counts from: "half past 12 in the afternoon", "10 past 12 at
    night" (not "past noon", which reads oddly)."""
    return _("%(hour)s %(part)s") % {"hour": hour % 12 or 12, "part": _part_of_day(hour)}


def span_in_words(starts: dt.datetime, ends: dt.datetime, *, day: dt.date) -> str:
    """ "Half past 9 in the morning until 3 in the afternoon"; local times; an end on a later
    day than ``day`` says so ("... until 8 in the morning the next day")."""
    start_words = time_in_words(starts.time())
    end_words = time_in_words(ends.time())
    end_words = end_words[:1].lower() + end_words[1:]
    if ends.date() > day and not (ends.time() == dt.time(0) and ends.date() == day + _ONE_DAY):
        return _("%(start)s until %(end)s the next day") % {"start": start_words, "end": end_words}
    return _("%(start)s until %(end)s") % {"start": start_words, "end": end_words}


_ONE_DAY = dt.timedelta(days=1)


@dataclass(frozen=True)
class ClockHands:
    """End points of the hands on a 64 by 64 clock face centred at (32, 32)."""

    hour_x: float
    hour_y: float
    minute_x: float
    minute_y: float


def clock_hands(value: dt.time) -> ClockHands:
    minutes = (value.hour % 12) * 60 + value.minute
    hour_angle = math.radians(minutes / 720 * 360)
    minute_angle = math.radians(value.minute / 60 * 360)
    return ClockHands(
        hour_x=round(32 + 15 * math.sin(hour_angle), 2),
        hour_y=round(32 - 15 * math.cos(hour_angle), 2),
        minute_x=round(32 + 23 * math.sin(minute_angle), 2),
        minute_y=round(32 - 23 * math.cos(minute_angle), 2),
    )
