"""Forms for seizure records."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ownterms.daily.forms.medicines import TOO_LONG, ClockField, moment, text_field
from ownterms.daily.models import SeizureType
from ownterms.health.models import Medication
from ownterms.people.forms import date_field
from ownterms.staff.models import StaffMember


class SeizureTimesForm(forms.Form):
    use_required_attribute = False

    on = date_field(_("Date it started"))
    starts_time = ClockField(label=_("Time it started"))
    ends_time = ClockField(
        label=_("Time it ended"), help_text=_("For example, 14:05. Past midnight counts.")
    )
    seizure_type = forms.ChoiceField(
        label=_("Type of seizure"),
        choices=SeizureType.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose the type of seizure."),
            "invalid_choice": _("Choose the type of seizure from the list."),
        },
    )
    description = text_field(_("What happened"), max_length=20000)
    recovery = text_field(
        _("Recovery"), max_length=20000, help_text=_("How long, and how they were after.")
    )
    ambulance_called = forms.BooleanField(label=_("An ambulance was called"), required=False)

    def times(self) -> tuple[dt.datetime, dt.datetime]:
        day = self.cleaned_data["on"]
        starts = moment(day, self.cleaned_data["starts_time"])
        ends = moment(day, self.cleaned_data["ends_time"])
        if ends < starts and starts - ends > dt.timedelta(hours=12):
            # An end "before" the start by most of a day is past midnight.
            ends = moment(day + dt.timedelta(days=1), self.cleaned_data["ends_time"])
        return starts, ends


class SeizureForm(SeizureTimesForm):
    rescue_medication = forms.ChoiceField(
        label=_("Rescue medication given"),
        required=False,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": _("Choose the rescue medicine from the list.")},
    )
    rescue_time = ClockField(label=_("Time it was given"), required=False)
    rescue_given_by = forms.ChoiceField(
        label=_("Who gave it"),
        required=False,
        error_messages={"invalid_choice": _("Choose a member of the person's team.")},
    )
    rescue_dose = forms.CharField(
        label=_("Dose given (if different from the prescription)"),
        max_length=100,
        required=False,
        error_messages={"max_length": TOO_LONG},
    )

    def __init__(
        self,
        *args: Any,
        medicines: Iterable[Medication],
        team: Iterable[StaffMember],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.medicines = {str(m.public_id): m for m in medicines}
        self.team = {str(s.public_id): s for s in team}
        medication = self.fields["rescue_medication"]
        assert isinstance(medication, forms.ChoiceField)
        medication.choices = [("", _("None given"))] + [
            (key, f"{m.name} {m.dose}") for key, m in self.medicines.items()
        ]
        giver = self.fields["rescue_given_by"]
        assert isinstance(giver, forms.ChoiceField)
        giver.choices = [("", _("Choose who gave it"))] + [
            (key, s.name) for key, s in self.team.items()
        ]

    def rescue(self) -> dict[str, Any]:
        medication = self.medicines.get(self.cleaned_data.get("rescue_medication") or "")
        given_by = self.team.get(self.cleaned_data.get("rescue_given_by") or "")
        time = self.cleaned_data.get("rescue_time")
        given_at = None
        if time is not None:
            starts, _ = self.times()
            given_at = moment(self.cleaned_data["on"], time)
            if given_at < starts - dt.timedelta(hours=12):
                given_at = moment(self.cleaned_data["on"] + dt.timedelta(days=1), time)
        return {
            "rescue_medication": medication,
            "rescue_given_at": given_at,
            "rescue_given_by": given_by,
            "rescue_dose": self.cleaned_data.get("rescue_dose") or "",
        }


class AmendSeizureForm(SeizureTimesForm):
    amend_reason = forms.CharField(
        label=_("Why you are changing this record"),
        max_length=500,
        error_messages={
            "required": _("Say why you are changing this record."),
            "max_length": TOO_LONG,
        },
    )
