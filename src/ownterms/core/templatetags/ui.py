"""Template helpers for the GOV.UK layout: navigation, error state, form field patterns."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms, template
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from ownterms.core.rendering import widget_kind

register = template.Library()


@dataclass(frozen=True)
class _NavLink:
    url_name: str
    label: Any
    # Role values as stored in accounts.RoleGrant (core sits below accounts, so it cannot
    # import accounts.Role; a test checks these are real role values). None: anyone signed in.
    roles: frozenset[str] | None


# The main navigation. A link shows only when its page exists (the URL name resolves) and the
# user holds one of its roles; the page itself still checks access.
NAVIGATION: tuple[_NavLink, ...] = (
    _NavLink("core:home", _("Home"), None),
    # Anyone signed in: the list shows only the people each user may see.
    _NavLink("people:list", _("People"), None),
    _NavLink("staff:list", _("Staff"), frozenset({"administrator", "manager"})),  # sees_all
    _NavLink("rota:week", _("Rota"), frozenset({"administrator", "manager", "coordinator"})),
    _NavLink("rota:my_shifts", _("My shifts"), frozenset({"support_worker", "manager"})),
    _NavLink("oncall:rota", _("On call"), frozenset({"administrator", "manager", "coordinator"})),
    _NavLink("notifications:inbox", _("Messages"), None),
    _NavLink("audit:list", _("Audit"), frozenset({"administrator", "manager"})),
)


def _reverse_for(url_name: str, user: Any) -> str | None:
    """The page's URL in the user's organisation (``/o/<slug>/...``), or without one."""
    organisation = getattr(user, "organisation", None)
    attempts: list[dict[str, str]] = [{"org": organisation.slug}] if organisation else []
    for kwargs in [*attempts, {}]:
        try:
            return reverse(url_name, kwargs=kwargs)
        except NoReverseMatch:
            continue
    return None


@dataclass(frozen=True)
class NavItem:
    url: str
    label: Any
    current: bool


@register.simple_tag(takes_context=True)
def navigation(context: template.Context) -> list[NavItem]:
    request = context.get("request")
    user = getattr(request, "user", None)
    if request is None or user is None or not user.is_authenticated:
        return []
    roles = set(user.role_grants.values_list("role", flat=True))
    items: list[NavItem] = []
    for link in NAVIGATION:
        if link.roles is not None and not (roles & link.roles):
            continue
        url = _reverse_for(link.url_name, user)
        if url is None:
            continue
        path = request.path
        current = path == url if url == "/" else path.startswith(url)
        items.append(NavItem(url=url, label=link.label, current=current))
    return items


@register.simple_tag(takes_context=True)
def page_has_errors(context: template.Context) -> bool:
    """Whether any bound form or formset on the page has errors (for the "Error: " title)."""
    values: list[Any] = list(context.flatten().values())
    for value in values:
        if isinstance(value, forms.BaseForm) and value.is_bound and value.errors:
            return True
        if isinstance(value, forms.BaseFormSet) and value.is_bound and not value.is_valid():
            return True
    return False


@register.filter
def field_kind(field: forms.BoundField) -> str:
    return widget_kind(field.field.widget)


@register.filter
def field_anchor(field: forms.BoundField) -> str:
    """The id the error summary links to: the input, or the first option of a group."""
    widget = field.field.widget
    if widget_kind(widget) in {"radios", "checkboxes"}:
        return f"{field.auto_id}_0"
    if isinstance(widget, forms.MultiWidget):
        return f"{field.auto_id}_0"
    return field.id_for_label or str(field.auto_id)
