"""Forms for working together for change: a round, a theme."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ownterms.outcomes.forms.reviews import date_field, text_area
from ownterms.outcomes.models import ReviewPoint
from ownterms.outcomes.selectors.wtfc import Point


class RoundForm(forms.Form):
    name = forms.CharField(
        label=_("Name of the round"),
        help_text=_("For example, “Spring 2026”."),
        max_length=150,
        error_messages={"required": _("Give the round a name, for example “Spring 2026”.")},
    )
    starts_on = date_field(
        _("Reviews held from"),
        required_message=_("Enter the first day of the period."),
    )
    last_day = date_field(
        _("Reviews held up to and including"),
        required_message=_("Enter the last day of the period."),
    )
    held_on = date_field(_("Date of the workshop"), required=False)

    def ends_on(self) -> dt.date | None:
        last: dt.date | None = self.cleaned_data.get("last_day")
        return last + dt.timedelta(days=1) if last else None


class ThemeForm(forms.Form):
    title = forms.CharField(
        label=_("Theme"),
        max_length=150,
        error_messages={"required": _("Give the theme a short title.")},
    )
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=ReviewPoint.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose working, not working or hopes for the future.")},
    )
    i_statement = forms.CharField(
        label=_("I statement"),
        help_text=_(
            "In the words of the people it is about, for example “I want to know who is coming”."
        ),
        max_length=500,
        error_messages={"required": _("Write the “I statement”.")},
    )
    root_causes = text_area(_("Root causes"), max_length=4000)
    success_measures = text_area(_("How we will know it worked"), max_length=4000)
    points = forms.MultipleChoiceField(
        label=_("Points in this theme"),
        help_text=_("Choose points of the theme's kind."),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, *args: Any, points: Sequence[Point], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["points"]
        assert isinstance(field, forms.MultipleChoiceField)
        field.choices = [
            (
                str(entry.point.public_id),
                f"{entry.label}, {entry.point.get_perspective_display()} "
                f"({entry.point.get_kind_display()}): {entry.point.text}",
            )
            for entry in points
        ]

    def values(self) -> dict[str, Any]:
        return {
            name: self.cleaned_data[name]
            for name in ("title", "kind", "i_statement", "root_causes", "success_measures")
        }
