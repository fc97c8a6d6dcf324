"""Template filters for money pages: ``pounds`` (pence → "£1,234.50") and ``hours``."""

from __future__ import annotations

from django import template

from ownterms.funding.selectors.money import hours_words
from ownterms.lib.money import pounds as pounds_text

register = template.Library()


@register.filter
def pounds(pence: int | None) -> str:
    return "" if pence is None else pounds_text(int(pence))


@register.filter
def hours(minutes: int | None) -> str:
    return "" if minutes is None else hours_words(int(minutes))


@register.filter
def per_unit(pence: int, is_nights: bool) -> str:
    return f"{pounds_text(pence)} a {'night' if is_nights else 'hour'}"
