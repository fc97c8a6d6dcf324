"""Choice fields the recruitment forms share: optional tick boxes of the organisation's tags,
skills, staff, family or trainees, whose querysets each form sets (``set_choices``)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet


class Ticks(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    """Tick boxes, none required unless the form says so."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("widget", forms.CheckboxSelectMultiple)
        super().__init__(*args, **kwargs)


class TagChoices(Ticks):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.label)


class NamedChoices(Ticks):
    """Skills, staff, trainees: anything with a ``name``."""

    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name)


class CircleChoices(Ticks):
    """Family members: "Ann Fairweather (Mother)"."""

    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name} ({obj.relationship})"


class NamedChoice(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name)


def set_choices(form: forms.BaseForm, **querysets: QuerySet[Any]) -> None:
    """Sets the choices of the form's model choice fields that are still there."""
    for name, queryset in querysets.items():
        field = form.fields.get(name)
        if field is not None:
            assert isinstance(field, forms.ModelChoiceField)
            field.queryset = queryset
