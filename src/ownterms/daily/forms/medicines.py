"""Forms for the medication record. They check what was typed; the services check the rules."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ownterms.daily.models import DoseOutcome, Incident
from ownterms.daily.selectors.doses_due import due_at
from ownterms.daily.selectors.medicines import local_zone
from ownterms.health.models import Medication
from ownterms.people.forms import date_field

CLOCK = re.compile(r"^(\d{1,2})(?:[:.h]?(\d{2}))?\s*(am|pm)?$")
TOO_LONG = _("This is too long: keep it to %(limit_value)d characters (it has %(show_value)d).")


def parse_clock(text: str) -> dt.time | None:
    """A time of day as people type it: 8, 08:00, 8.30, 0830, 8am, 8:30pm, 20:15."""
    match = CLOCK.match(text.strip().lower().replace(" ", ""))
    if not match:
        return None
    hour, minute, half = int(match[1]), int(match[2] or 0), match[3]
    if half:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if half == "pm" else 0)
    if hour > 23 or minute > 59:
        return None
    return dt.time(hour, minute)


class ClockField(forms.CharField):
    """A time of day typed as text (phones handle it better than a picker)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 8)
        kwargs.setdefault("help_text", _("For example, 08:00 or 20:30"))
        kwargs.setdefault(
            "widget", forms.TextInput(attrs={"class": "govuk-input--width-5", "inputmode": "text"})
        )
        kwargs.setdefault("error_messages", {"required": _("Enter a time, like 08:00.")})
        super().__init__(**kwargs)

    def clean(self, value: Any) -> dt.time | None:
        text = super().clean(value)
        if not text:
            return None
        time = parse_clock(text)
        if time is None:
            raise ValidationError(_("Enter a real time, like 08:00 or 20:30."))
        return time


def text_field(label: Any, *, max_length: int, required: bool = False, **kwargs: Any) -> Any:
    return forms.CharField(
        label=label,
        max_length=max_length,
        required=required,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": TOO_LONG, **kwargs.pop("error_messages", {})},
        **kwargs,
    )


def moment(day: dt.date, time: dt.time) -> dt.datetime:
    return due_at(day, time, local_zone())


class DoseTimesForm(forms.Form):
    times = forms.CharField(
        label=_("Times it is due"),
        max_length=200,
        help_text=_("Separate times with commas, for example 08:00, 20:00"),
        error_messages={"required": _("Enter at least one time, for example 08:00.")},
    )
    from_day = date_field(_("From"), hint=_("The first day these times apply, e.g. 27 3 2026"))

    def clean_times(self) -> list[dt.time]:
        parts = [part for part in re.split(r"[,;\s]+", self.cleaned_data["times"]) if part]
        times = []
        for part in parts:
            time = parse_clock(part)
            if time is None:
                raise ValidationError(
                    _("“%(text)s” is not a time: enter times like 08:00, 20:00.") % {"text": part}
                )
            times.append(time)
        if not times:
            raise ValidationError(_("Enter at least one time, for example 08:00."))
        return sorted(set(times))


OUTCOME_CHOICES = DoseOutcome.choices


class DoseForm(forms.Form):
    """A regular dose: the full form (refused or not given need a reason)."""

    use_required_attribute = False

    due = forms.DateTimeField(widget=forms.HiddenInput)
    outcome = forms.ChoiceField(
        label=_("What happened"),
        choices=OUTCOME_CHOICES,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose given, refused or not given."),
            "invalid_choice": _("Choose given, refused or not given."),
        },
    )
    reason = text_field(_("Why it was refused or not given (needed unless given)"), max_length=5000)
    dose = forms.CharField(
        label=_("Dose given (if different from the prescription)"),
        max_length=100,
        required=False,
        error_messages={"max_length": TOO_LONG},
    )


class QuickDoseForm(forms.Form):
    """The one-tap "given" button on the chart."""

    due = forms.DateTimeField()
    outcome = forms.ChoiceField(choices=OUTCOME_CHOICES)
    reason = forms.CharField(max_length=5000, required=False)


class WhenMixin(forms.Form):
    on = date_field(_("Date"))
    at_time = ClockField(label=_("Time"))

    def when(self) -> dt.datetime:
        return moment(self.cleaned_data["on"], self.cleaned_data["at_time"])


def _medicine_label(medication: Medication) -> str:
    return f"{medication.name} {medication.dose}"


class PrnForm(WhenMixin):
    use_required_attribute = False

    medication = forms.ChoiceField(
        label=_("Which medicine"),
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose the medicine given."),
            "invalid_choice": _("Choose a when-needed medicine with a PRN protocol from the list."),
        },
    )
    reason = text_field(
        _("Why it was needed"),
        max_length=5000,
        required=True,
        help_text=_("What you saw, and how it matches the protocol."),
        error_messages={"required": _("Say why the dose was needed.")},
    )
    dose = forms.CharField(
        label=_("Dose given (if different from the prescription)"),
        max_length=100,
        required=False,
        error_messages={"max_length": TOO_LONG},
    )
    incident = forms.ChoiceField(
        label=_("Given in an incident? (optional)"),
        required=False,
        help_text=_("Incidents of the last 24 hours."),
        error_messages={"invalid_choice": _("Choose an incident from the list.")},
    )

    field_order = ["medication", "on", "at_time", "reason", "dose", "incident"]

    def __init__(
        self,
        *args: Any,
        medicines: Iterable[Medication],
        incidents: Iterable[Incident],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.medicines = {str(m.public_id): m for m in medicines}
        self.incidents = {str(i.public_id): i for i in incidents}
        medication = self.fields["medication"]
        assert isinstance(medication, forms.ChoiceField)
        medication.choices = [(key, _medicine_label(m)) for key, m in self.medicines.items()]
        incident = self.fields["incident"]
        assert isinstance(incident, forms.ChoiceField)
        incident.choices = [("", _("No"))] + [
            (key, f"{timezone.localtime(i.starts_at):%d %b %H:%M}")
            for key, i in self.incidents.items()
        ]

    def chosen_medicine(self) -> Medication:
        return self.medicines[self.cleaned_data["medication"]]

    def chosen_incident(self) -> Incident | None:
        return self.incidents.get(self.cleaned_data.get("incident") or "")


class StockCountForm(WhenMixin):
    use_required_attribute = False

    medication = forms.ChoiceField(
        label=_("Which medicine"),
        error_messages={
            "required": _("Choose the medicine counted."),
            "invalid_choice": _("Choose the medicine from the list."),
        },
    )
    quantity = forms.IntegerField(
        label=_("How many doses are there"),
        min_value=0,
        max_value=100000,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-5", "inputmode": "numeric"}),
        error_messages={
            "required": _("Enter how many."),
            "invalid": _("Enter a whole number, like 28."),
            "min_value": _("Enter 0 or more."),
            "max_value": _("Enter a number up to 100,000."),
        },
    )
    note = forms.CharField(
        label=_("Note (optional)"),
        max_length=500,
        required=False,
        error_messages={"max_length": TOO_LONG},
    )

    field_order = ["medication", "on", "at_time", "quantity", "note"]

    def __init__(self, *args: Any, medicines: Iterable[Medication], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.medicines = {str(m.public_id): m for m in medicines}
        medication = self.fields["medication"]
        assert isinstance(medication, forms.ChoiceField)
        medication.choices = [("", _("Choose a medicine"))] + [
            (key, _medicine_label(m)) for key, m in self.medicines.items()
        ]

    def chosen_medicine(self) -> Medication:
        return self.medicines[self.cleaned_data["medication"]]


class AmendDoseForm(WhenMixin):
    use_required_attribute = False

    outcome = forms.ChoiceField(
        label=_("What happened"),
        choices=OUTCOME_CHOICES,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose given, refused or not given."),
            "invalid_choice": _("Choose given, refused or not given."),
        },
    )
    dose = forms.CharField(
        label=_("Dose given"),
        max_length=100,
        required=False,
        error_messages={"max_length": TOO_LONG},
    )
    reason = text_field(_("Reason"), max_length=5000)
    amend_reason = forms.CharField(
        label=_("Why you are changing this record"),
        max_length=500,
        error_messages={
            "required": _("Say why you are changing this record."),
            "max_length": TOO_LONG,
        },
    )

    field_order = ["outcome", "on", "at_time", "dose", "reason", "amend_reason"]
