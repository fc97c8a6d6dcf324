from __future__ import annotations

from django import template

from ownterms.core import setting_keys

register = template.Library()


@register.simple_tag
def setting_display(known: setting_keys.SettingKey, value: int) -> str:
    return setting_keys.display(known, value)
