"""Forms for recording NHS use, connections and a person's own measures. They parse what people
type; the services check the rules again (dates in order, one value per date) and write."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy

from ownterms.leave.forms import DateField
from ownterms.outcomes.models import Connection, HealthEvent
from ownterms.outcomes.services.records import MAX_MINUTES_PER_WEEK

KIND_REQUIRED = gettext_lazy("Choose what kind it is.")


class HealthEventForm(forms.Form):
    kind = forms.ChoiceField(
        label=gettext_lazy("What kind of NHS use"),
        choices=HealthEvent.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": KIND_REQUIRED,
            "invalid_choice": gettext_lazy("Choose one of the kinds listed."),
        },
    )
    on = DateField(
        label=gettext_lazy("Date"),
        help_text=gettext_lazy("For an admission, the day they went in. For example 17 5 2026."),
    )
    until = DateField(
        label=gettext_lazy("The day they came home (admissions only, optional)"),
        help_text=gettext_lazy("Leave it empty while they are still in hospital."),
        required=False,
    )
    planned = forms.BooleanField(
        label=gettext_lazy("It was planned (not an emergency)"), required=False
    )
    note = forms.CharField(
        label=gettext_lazy("Note (optional)"),
        help_text=gettext_lazy("What it was for, and what happened. Up to 1,000 characters."),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ConnectionForm(forms.Form):
    kind = forms.ChoiceField(
        label=gettext_lazy("What kind of connection"),
        choices=Connection.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": KIND_REQUIRED,
            "invalid_choice": gettext_lazy("Choose one of the kinds listed."),
        },
    )
    name = forms.CharField(
        label=gettext_lazy("Who or what"),
        help_text=gettext_lazy("Like “Porthaven swimming club”, “Sam” or “The Corner Cafe”."),
        max_length=150,
        error_messages={"required": gettext_lazy("Enter who or what it is.")},
    )
    started_on = DateField(
        label=gettext_lazy("Since"), help_text=gettext_lazy("For example 3 9 2025.")
    )
    ended_on = DateField(
        label=gettext_lazy("Ended on (optional)"),
        help_text=gettext_lazy("The first day it no longer happened. Leave empty if it goes on."),
        required=False,
    )
    hours_per_week = forms.DecimalField(
        label=gettext_lazy("Hours a week (volunteering and work only, optional)"),
        help_text=gettext_lazy("For example 7.5."),
        required=False,
        min_value=Decimal(0),
        max_value=Decimal(MAX_MINUTES_PER_WEEK // 60),
        max_digits=5,
        decimal_places=2,
        error_messages={
            "invalid": gettext_lazy("Enter hours as a number, like 7.5."),
            "min_value": gettext_lazy("Hours a week can't be less than 0."),
            "max_value": gettext_lazy("A week has 168 hours: enter fewer."),
            "max_decimal_places": gettext_lazy("Use at most 2 decimal places."),
            "max_digits": gettext_lazy("A week has 168 hours: enter fewer."),
        },
    )
    note = forms.CharField(label=gettext_lazy("Note (optional)"), max_length=500, required=False)

    def values(self) -> dict[str, Any]:
        data = self.cleaned_data
        hours = data.get("hours_per_week") or Decimal(0)
        return {
            "kind": data["kind"],
            "name": data["name"],
            "started_on": data["started_on"],
            "ended_on": data.get("ended_on"),
            "minutes_per_week": round(hours * 60),
            "note": data.get("note", ""),
        }


class EndConnectionForm(forms.Form):
    ended_on = DateField(
        label=gettext_lazy("The first day it no longer happened"),
        help_text=gettext_lazy("For example 1 3 2026."),
    )


class MeasureRecordForm(forms.Form):
    measure = forms.CharField(
        label=gettext_lazy("What is measured"),
        help_text=gettext_lazy(
            "Something the person wants to track that no record shows, like “Nights out with "
            "friends”. Use the same words each time."
        ),
        max_length=40,
        error_messages={
            "required": gettext_lazy("Enter what is measured."),
            "max_length": gettext_lazy("Use 40 characters or fewer."),
        },
        widget=forms.TextInput(attrs={"list": "measure-names", "autocomplete": "off"}),
    )
    on = DateField(label=gettext_lazy("Date"), help_text=gettext_lazy("For example 30 4 2026."))
    value = forms.DecimalField(
        label=gettext_lazy("Value"),
        help_text=gettext_lazy("A number, like 4 or 2.5."),
        max_digits=12,
        decimal_places=2,
        error_messages={
            "required": gettext_lazy("Enter the value."),
            "invalid": gettext_lazy("Enter the value as a number, like 4 or 2.5."),
            "max_decimal_places": gettext_lazy("Use at most 2 decimal places."),
            "max_digits": gettext_lazy("Enter a number with at most 10 digits before the point."),
            "max_whole_digits": gettext_lazy(
                "Enter a number with at most 10 digits before the point."
            ),
        },
    )
    note = forms.CharField(label=gettext_lazy("Note (optional)"), max_length=300, required=False)
