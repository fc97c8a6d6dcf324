"""Forms for availability and leave. They parse and check what people type; the services
check the rules again and write."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ownterms.core.rendering import GovUKDateWidget
from ownterms.leave.models import MINUTES_PER_DAY, WEEKDAYS, LeaveRequest
from ownterms.leave.services import WEEKDAY_FIELDS, check_ranges

_CLOCK = re.compile(r"^\s*(\d{1,2})(?:[:.](\d{2}))?\s*$")
_RANGE_SPLIT = re.compile(r"\s*(?:-|–|to)\s*")  # noqa: RUF001 - people type en dashes
ALL_DAY_WORDS = {"all day", "all-day", "any time", "anytime"}


def parse_clock(text: str) -> int:
    """ "9", "09:30", "9.30" or "24:00" as minutes from midnight."""
    match = _CLOCK.match(text)
    if not match:
        raise ValidationError(_("Enter times like 09:00 or 17:30."))
    hours, minutes = int(match.group(1)), int(match.group(2) or 0)
    if minutes > 59 or hours > 24 or (hours == 24 and minutes):
        raise ValidationError(_("Times must be between 00:00 and 24:00."))
    return hours * 60 + minutes


def parse_ranges(text: str) -> list[tuple[int, int]]:
    """ "09:00-13:00, 18:00-22:00" as minute ranges; blank is none; "all day" is 00:00-24:00."""
    text = text.strip().lower()
    if not text:
        return []
    if text in ALL_DAY_WORDS:
        return [(0, MINUTES_PER_DAY)]
    ranges = []
    for part in re.split(r"[,;]", text):
        if not part.strip():
            continue
        ends = _RANGE_SPLIT.split(part.strip())
        if len(ends) != 2:
            raise ValidationError(
                _("Write each time range as a start and an end, like 09:00-17:00.")
            )
        ranges.append((parse_clock(ends[0]), parse_clock(ends[1])))
    return ranges


def parse_hours(text: str) -> int:
    """ "7.5", "7:30" or "7" hours as minutes."""
    text = text.strip()
    if ":" in text:
        hours, _sep, minutes = text.partition(":")
        if not (hours.isdigit() and minutes.isdigit() and len(minutes) == 2 and int(minutes) < 60):
            raise ValidationError(_("Enter hours like 7.5 or 7:30."))
        return int(hours) * 60 + int(minutes)
    try:
        value = Decimal(text)
    except ArithmeticError:
        raise ValidationError(_("Enter hours like 7.5 or 7:30.")) from None
    if not value.is_finite() or value < 0:
        raise ValidationError(_("Enter hours like 7.5 or 7:30."))
    if value > 10_000:
        raise ValidationError(_("That is too many hours."))
    return int((value * 60).to_integral_value())


class DateField(forms.DateField):
    widget = GovUKDateWidget

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault(
            "error_messages",
            {
                "required": gettext_lazy("Enter a date."),
                "invalid": gettext_lazy("Enter a real date, for example 17 5 2026."),
            },
        )
        super().__init__(**kwargs)


class PatternForm(forms.Form):
    effective_from = DateField(
        label=gettext_lazy("From"),
        help_text=gettext_lazy("The new pattern replaces the old one from this day."),
    )
    note = forms.CharField(label=gettext_lazy("Note (optional)"), max_length=200, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for (_index, label), name in zip(WEEKDAYS, WEEKDAY_FIELDS, strict=True):
            self.fields[name] = forms.CharField(
                label=label,
                required=False,
                max_length=200,
                help_text=gettext_lazy(
                    "Times they can work, like 09:00-17:00, or 07:00-13:00, 18:00-22:00. "
                    "All day is 00:00-24:00. Leave blank if they are not available."
                ),
            )
        # Dates first, the note last.
        self.order_fields(["effective_from", *WEEKDAY_FIELDS, "note"])

    def _clean_day(self, name: str) -> list[tuple[int, int]]:
        ranges = parse_ranges(self.cleaned_data.get(name) or "")
        try:
            return check_ranges(name, ranges)
        except ValidationError as error:
            raise ValidationError(error.message_dict[name]) from None

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        days: dict[int, list[tuple[int, int]]] = {}
        for index, name in enumerate(WEEKDAY_FIELDS):
            if name in self.errors:
                continue
            try:
                days[index] = self._clean_day(name)
            except ValidationError as error:
                self.add_error(name, error)
        data["days"] = days
        return data


class ExceptionForm(forms.Form):
    on = DateField(label=gettext_lazy("Date"))
    available = forms.TypedChoiceField(
        label=gettext_lazy("On that day they are"),
        choices=[("no", gettext_lazy("Not available")), ("yes", gettext_lazy("Available"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": gettext_lazy("Choose available or not available.")},
    )
    start = forms.CharField(
        label=gettext_lazy("From (optional)"),
        required=False,
        max_length=5,
        help_text=gettext_lazy("Like 09:00. Leave both times blank for the whole day."),
    )
    end = forms.CharField(
        label=gettext_lazy("Until (optional)"),
        required=False,
        max_length=5,
        help_text=gettext_lazy("Like 17:00, or 24:00 for midnight."),
    )
    reason = forms.CharField(
        label=gettext_lazy("Reason (optional)"), required=False, max_length=200
    )

    def clean_start(self) -> int | None:
        text = self.cleaned_data.get("start") or ""
        return parse_clock(text) if text.strip() else None

    def clean_end(self) -> int | None:
        text = self.cleaned_data.get("end") or ""
        return parse_clock(text) if text.strip() else None

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if "start" in self.errors or "end" in self.errors:
            return data
        if (start is None) != (end is None):
            self.add_error(
                "end" if end is None else "start",
                _("Enter both a start and an end time, or neither for the whole day."),
            )
        elif start is not None and end is not None and end <= start:
            self.add_error("end", _("The end time must be after the start time."))
        return data


class LeaveRequestForm(forms.Form):
    kind = forms.ChoiceField(
        label=gettext_lazy("Kind of leave"),
        choices=LeaveRequest.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": gettext_lazy("Choose a kind of leave."),
            "invalid_choice": gettext_lazy("Choose a kind of leave from the list."),
        },
    )
    starts_on = DateField(label=gettext_lazy("First day"))
    ends_on = DateField(label=gettext_lazy("Last day"))
    half_day_start = forms.BooleanField(
        label=gettext_lazy("Only the afternoon of the first day"), required=False
    )
    half_day_end = forms.BooleanField(
        label=gettext_lazy("Only the morning of the last day"), required=False
    )
    hours = forms.CharField(
        label=gettext_lazy("Hours (optional)"),
        required=False,
        max_length=10,
        help_text=gettext_lazy(
            "The working hours this leave covers, like 7.5 or 7:30. Leave blank to count "
            "the usual hours of each working day."
        ),
    )
    note = forms.CharField(
        label=gettext_lazy("Note (optional)"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(
        self, *args: Any, kinds: list[tuple[str, Any]] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        if kinds is not None:
            kind = self.fields["kind"]
            assert isinstance(kind, forms.ChoiceField)
            kind.choices = kinds

    def clean_hours(self) -> int | None:
        text = self.cleaned_data.get("hours") or ""
        return parse_hours(text) if text.strip() else None

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        starts, ends = data.get("starts_on"), data.get("ends_on")
        if isinstance(starts, dt.date) and isinstance(ends, dt.date) and ends < starts:
            self.add_error("ends_on", _("The last day must be on or after the first day."))
        return data


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=gettext_lazy("Decision"),
        choices=[("approve", gettext_lazy("Approve")), ("decline", gettext_lazy("Decline"))],
        widget=forms.RadioSelect,
        error_messages={"required": gettext_lazy("Choose approve or decline.")},
    )
    reason = forms.CharField(
        label=gettext_lazy("Reason (needed to decline)"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("decision") == "decline" and not (data.get("reason") or "").strip():
            self.add_error("reason", _("Say why the leave is declined."))
        return data


class TermsForm(forms.Form):
    days_per_week = forms.DecimalField(
        label=gettext_lazy("Working days a week"),
        min_value=Decimal("0.5"),
        max_value=Decimal(7),
        max_digits=2,
        decimal_places=1,
        help_text=gettext_lazy(
            "How many days a week their contracted hours are spread over, like 5 or 3.5."
        ),
        error_messages={
            "required": gettext_lazy("Enter the number of working days a week."),
            "invalid": gettext_lazy("Enter a number, like 5 or 3.5."),
            "min_value": gettext_lazy("Enter at least half a day."),
            "max_value": gettext_lazy("Enter at most 7 days."),
        },
    )

    def clean_days_per_week(self) -> Decimal:
        value: Decimal = self.cleaned_data["days_per_week"]
        if value * 2 % 1:
            raise ValidationError(_("Enter whole or half days, like 5 or 3.5."))
        return value


class WorkedHoursForm(forms.Form):
    starts_on = DateField(label=gettext_lazy("From"))
    ends_on = DateField(label=gettext_lazy("To"))
    hours = forms.CharField(
        label=gettext_lazy("Hours worked"),
        max_length=10,
        help_text=gettext_lazy("Like 86.5 or 86:30."),
        error_messages={"required": gettext_lazy("Enter the hours worked.")},
    )

    def clean_hours(self) -> int:
        return parse_hours(self.cleaned_data.get("hours") or "")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        starts, ends = data.get("starts_on"), data.get("ends_on")
        if isinstance(starts, dt.date) and isinstance(ends, dt.date) and ends < starts:
            self.add_error("ends_on", _("The end date must be on or after the start date."))
        return data
