"""Formatting for pages about a person."""

from __future__ import annotations

from django import template

register = template.Library()


@register.filter
def hours(minutes: int | None) -> str:
    """Whole minutes as hours: 6300 → "105", 2250 → "37.5", 2260 → "37:40"."""
    value = int(minutes or 0)
    whole, rest = divmod(value, 60)
    if rest == 0:
        return str(whole)
    if rest == 30:
        return f"{whole}.5"
    return f"{whole}:{rest:02d}"
