"""The week view's filters (a GET form: bad values are reported next to the field and the
page falls back to the default for that filter)."""

from __future__ import annotations

from collections.abc import Sequence

from django import forms
from django.utils.translation import gettext_lazy as _

from ownterms.staff.models import StaffMember


class WeekFilterForm(forms.Form):
    week = forms.DateField(
        label=_("Week starting"),
        required=False,
        input_formats=["%Y-%m-%d"],
        error_messages={"invalid": _("Enter the week as a date, like 2026-11-23.")},
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    manager = forms.ChoiceField(
        label=_("Manager"),
        required=False,
        error_messages={"invalid_choice": _("Choose a manager from the list.")},
    )
    area = forms.ChoiceField(
        label=_("Area (town)"),
        required=False,
        error_messages={"invalid_choice": _("Choose an area from the list.")},
    )

    page = forms.IntegerField(
        label=_("Page"),
        required=False,
        min_value=1,
        max_value=10_000,
        error_messages={
            "invalid": _("Enter a page number."),
            "min_value": _("Enter a page number."),
            "max_value": _("Enter a page number."),
        },
    )

    def __init__(
        self, data: object, *, managers: Sequence[StaffMember], areas: Sequence[str]
    ) -> None:
        super().__init__(data)  # type: ignore[arg-type]
        self.managers = {str(m.public_id): m for m in managers}
        manager_field = self.fields["manager"]
        assert isinstance(manager_field, forms.ChoiceField)
        manager_field.choices = [("", _("Every manager"))] + [
            (key, member.name) for key, member in self.managers.items()
        ]
        area_field = self.fields["area"]
        assert isinstance(area_field, forms.ChoiceField)
        area_field.choices = [("", _("Every area"))] + [(area, area) for area in areas]

    def value(self, name: str) -> object:
        """The cleaned value of ``name``, or None when the field was invalid or empty."""
        if not self.is_bound:
            return None
        self.is_valid()
        if name in self.errors:
            return None
        return self.cleaned_data.get(name) or None
