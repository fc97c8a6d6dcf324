"""Django forms rendered as GOV.UK Frontend fields: ``{{ form }}`` gives labels, hints and errors.

The renderer is set as ``FORM_RENDERER``; the markup lives in ``templates/forms/govuk/``. Classes
are added to widgets here (not in the templates) so a widget rendered on its own, or inside a
radio or checkbox group, gets the same GOV.UK classes and error state.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.forms.renderers import TemplatesSetting
from django.forms.widgets import Input
from django.utils.translation import gettext_lazy as _

# Most specific first: each widget gets the classes of the first matching type.
_WIDGET_CLASSES: tuple[tuple[type[forms.Widget], str, str], ...] = (
    (forms.CheckboxSelectMultiple, "govuk-checkboxes__input", ""),  # a RadioSelect subclass
    (forms.RadioSelect, "govuk-radios__input", ""),
    (forms.CheckboxInput, "govuk-checkboxes__input", ""),
    (forms.ClearableFileInput, "govuk-file-upload", "govuk-file-upload--error"),
    (forms.FileInput, "govuk-file-upload", "govuk-file-upload--error"),
    (forms.Textarea, "govuk-textarea", "govuk-textarea--error"),
    (forms.Select, "govuk-select", "govuk-select--error"),
    (forms.HiddenInput, "", ""),
    (Input, "govuk-input", "govuk-input--error"),
)


def widget_kind(widget: forms.Widget) -> str:
    """Which GOV.UK pattern renders this widget: radios, checkboxes, checkbox, group or field."""
    if isinstance(widget, forms.CheckboxSelectMultiple):  # before RadioSelect, its base class
        return "checkboxes"
    if isinstance(widget, forms.RadioSelect):
        return "radios"
    if isinstance(widget, forms.CheckboxInput):
        return "checkbox"
    if isinstance(widget, forms.MultiWidget | forms.SelectDateWidget):
        return "group"
    return "field"


def widget_classes(widget: forms.Widget, *, has_errors: bool) -> str:
    for widget_type, base, error in _WIDGET_CLASSES:
        if isinstance(widget, widget_type):
            return f"{base} {error}".strip() if has_errors else base
    return ""


class GovUKBoundField(forms.BoundField):
    def build_widget_attrs(
        self, attrs: dict[str, Any], widget: forms.Widget | None = None
    ) -> dict[str, Any]:
        widget = widget or self.field.widget
        attrs = super().build_widget_attrs(attrs, widget)
        classes = widget_classes(widget, has_errors=bool(self.errors))
        own = " ".join(str(c) for c in (widget.attrs.get("class"), attrs.get("class")) if c)
        if classes:
            attrs["class"] = f"{classes} {own}".strip()
        return attrs


class GovUKDateWidget(forms.MultiWidget):
    """GOV.UK's date input: three text boxes (day, month, year), never a native date picker."""

    template_name = "forms/govuk/widgets/date.html"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        numeric = {"inputmode": "numeric"}
        super().__init__(
            widgets={
                "day": forms.TextInput(attrs={**numeric, "class": "govuk-input--width-2"}),
                "month": forms.TextInput(attrs={**numeric, "class": "govuk-input--width-2"}),
                "year": forms.TextInput(attrs={**numeric, "class": "govuk-input--width-4"}),
            },
            attrs=attrs,
        )

    def decompress(self, value: Any) -> list[Any]:
        if hasattr(value, "day") and hasattr(value, "month") and hasattr(value, "year"):
            return [value.day, value.month, value.year]
        if isinstance(value, str) and value.count("-") == 2:
            year, month, day = value.split("-")
            return [day, month, year]
        return [None, None, None]

    def value_from_datadict(self, data: Any, files: Any, name: str) -> Any:
        day, month, year = super().value_from_datadict(data, files, name)
        if not (day or month or year):
            return None
        # DateField then parses (or rejects) this with its usual messages.
        return f"{(year or '').strip()}-{(month or '').strip()}-{(day or '').strip()}"

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        labels = {"day": _("Day"), "month": _("Month"), "year": _("Year")}
        invalid = bool((attrs or {}).get("aria-invalid"))
        for subwidget, key in zip(context["widget"]["subwidgets"], labels, strict=True):
            subwidget["label"] = labels[key]
            width = subwidget["attrs"].get("class", "")
            error = " govuk-input--error" if invalid else ""
            subwidget["attrs"]["class"] = f"govuk-input govuk-date-input__input {width}{error}"
        return context


class GovUKFormRenderer(TemplatesSetting):
    form_template_name = "forms/govuk/form.html"
    formset_template_name = "forms/govuk/formset.html"
    field_template_name = "forms/govuk/field.html"
    bound_field_class = GovUKBoundField
