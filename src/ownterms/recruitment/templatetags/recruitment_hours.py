"""Hours a week on recruitment's pages, exactly ("20 hours", "7.5 hours", "7 hours 20
minutes"): the advert's ``hours_words``, never rounded to whole hours."""

from __future__ import annotations

from django import template

from ownterms.recruitment.advert import hours_words

register = template.Library()


@register.filter
def hours_a_week(minutes: int | None) -> str:
    """Minutes a week as hours in words ("" for none)."""
    return "" if minutes is None else hours_words(int(minutes))
