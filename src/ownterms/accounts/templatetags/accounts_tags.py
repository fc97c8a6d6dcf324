from __future__ import annotations

import datetime as dt
import math

from django import template

register = template.Library()


@register.filter
def whole_minutes(value: object) -> int:
    """A duration in whole minutes, rounded up (so "try again in" is never too early)."""
    if isinstance(value, dt.timedelta):
        return max(1, math.ceil(value.total_seconds() / 60))
    return 0
