"""``{{ pence|pounds }}`` → "£1,234.50" (``lib.money``) in funding templates."""

from __future__ import annotations

from fractions import Fraction

from django import template

from ownterms.funding.selectors.arrangements import quantity_text
from ownterms.lib import money

register = template.Library()


@register.filter
def pounds(pence: int | None) -> str:
    return "" if pence is None else money.pounds(int(pence))


@register.filter
def quantity(value: object, kind: str) -> str:
    """Minutes (or nights for sleep-ins) a week in plain words."""
    return "" if value is None else quantity_text(kind, Fraction(str(value)))
