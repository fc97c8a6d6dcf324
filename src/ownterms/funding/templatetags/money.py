"""Funding template filters: ``{{ pence|pounds }}`` → "£1,234.50" (``lib.money``), minutes as
hours in words, a rate per hour or night, and a weekly quantity in plain words."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

from django import template
from django.utils.formats import date_format

from ownterms.funding.selectors.arrangements import quantity_text
from ownterms.funding.selectors.money import hours_words
from ownterms.lib import money

register = template.Library()


@register.filter
def pounds(pence: int | None) -> str:
    return "" if pence is None else money.pounds(int(pence))


@register.filter
def hours(minutes: int | None) -> str:
    return "" if minutes is None else hours_words(int(minutes))


@register.filter
def per_unit(pence: int, is_nights: bool) -> str:
    return f"{money.pounds(pence)} a {'night' if is_nights else 'hour'}"


@register.filter
def quantity(value: object, kind: str) -> str:
    """Minutes (or nights for sleep-ins) a week in plain words."""
    return "" if value is None else quantity_text(kind, Fraction(str(value)))


@register.filter
def iso_day(value: str) -> str:
    """A day kept as ISO text in frozen statement figures, as "2 Oct 2026"."""
    return date_format(dt.date.fromisoformat(value), "j M Y") if value else ""
