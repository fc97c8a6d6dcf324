"""Forms for support patterns and shifts. They parse what people type (times as HH:MM); the
services check the rules again and write."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ownterms.people.forms import date_field
from ownterms.rota.models import MINUTES_PER_DAY, WEEKDAYS, ShiftKind, SkillMode
from ownterms.rota.selectors.patterns import clock
from ownterms.staff.models import StaffMember
from ownterms.vocabulary.models import Skill

_CLOCK = re.compile(r"^\s*(\d{1,2})[:.](\d{2})\s*$")
HEADCOUNTS = ((1, gettext_lazy("1:1 (one worker)")), (2, gettext_lazy("2:1 (two workers)")))
MAX_TAG_TEXT = 400


def parse_clock(text: str, *, end: bool = False) -> int:
    """ "09:30" or "9.30" as minutes from midnight (00:00 to 23:59; an end may be 24:00)."""
    match = _CLOCK.match(text or "")
    if not match:
        raise ValidationError(_("Enter a time like 09:00 or 17:30."))
    hours, minutes = int(match.group(1)), int(match.group(2))
    if end and (hours, minutes) == (24, 0):
        return MINUTES_PER_DAY
    if hours > 23 or minutes > 59:
        raise ValidationError(_("Enter a time between 00:00 and 23:59."))
    return hours * 60 + minutes


class ClockField(forms.Field):
    """A time typed as text ("08:00"), cleaned to minutes from midnight."""

    widget = forms.TextInput

    def __init__(self, *, end: bool = False, **kwargs: Any) -> None:
        kwargs.setdefault("help_text", gettext_lazy("For example, 08:00 or 22:30"))
        super().__init__(**kwargs)
        self.end = end
        self.widget.attrs.update({"class": "govuk-input--width-5", "autocomplete": "off"})

    def to_python(self, value: Any) -> int | None:
        text = str(value or "").strip()
        return parse_clock(text, end=self.end) if text else None


class TimesMixin(forms.Form):
    """Start, end and "ends the next day", cleaned into ``start_minute``/``end_minute``."""

    start = ClockField(
        label=gettext_lazy("Starts at"),
        error_messages={"required": gettext_lazy("Enter the start time.")},
    )
    end = ClockField(
        end=True,
        label=gettext_lazy("Ends at"),
        error_messages={"required": gettext_lazy("Enter the end time.")},
    )
    next_day = forms.BooleanField(
        label=gettext_lazy("Ends the next day (for example a night, 22:00 to 08:00)"),
        required=False,
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if start is None or end is None:
            return data
        end_minute = end + (MINUTES_PER_DAY if data.get("next_day") else 0)
        if end_minute <= start:
            self.add_error(
                "end",
                _(
                    "The end must be after the start. For a night, tick "
                    "\u201cEnds the next day\u201d."
                ),
            )
        data["start_minute"], data["end_minute"] = start, end_minute
        return data

    @staticmethod
    def times_initial(start_minute: int, end_minute: int) -> dict[str, Any]:
        return {
            "start": clock(start_minute),
            "end": clock(end_minute),
            "next_day": end_minute >= MINUTES_PER_DAY,
        }


def _tag_labels(text: str) -> list[str]:
    if len(text) > MAX_TAG_TEXT:
        raise ValidationError(_("That is too long: list a few interests."))
    return [" ".join(part.split()) for part in text.split(",") if part.strip()]


class PatternSettingsForm(forms.Form):
    weeks = forms.TypedChoiceField(
        label=gettext_lazy("The pattern repeats every"),
        choices=((1, gettext_lazy("Week")), (2, gettext_lazy("Two weeks (a fortnight)"))),
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": gettext_lazy("Choose how often the pattern repeats.")},
    )
    anchor_monday = date_field(
        gettext_lazy("Week 1 starts on"),
        hint=gettext_lazy("A Monday, for example 2 3 2026. A fortnight alternates from it."),
    )
    note = forms.CharField(
        label=gettext_lazy("Note (optional)"),
        max_length=300,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean_anchor_monday(self) -> dt.date:
        day: dt.date = self.cleaned_data["anchor_monday"]
        if day.weekday() != 0:
            raise ValidationError(_("Choose a Monday."))
        return day


class BlockForm(TimesMixin):
    week = forms.TypedChoiceField(
        label=gettext_lazy("Week"),
        choices=((1, gettext_lazy("Week 1")), (2, gettext_lazy("Week 2"))),
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": gettext_lazy("Choose the week.")},
    )
    weekday = forms.TypedChoiceField(
        label=gettext_lazy("Day"),
        choices=WEEKDAYS,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={
            "required": gettext_lazy("Choose the day."),
            "invalid_choice": gettext_lazy("Choose a day from the list."),
        },
    )
    kind = forms.ChoiceField(
        label=gettext_lazy("Kind of support"),
        choices=ShiftKind.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": gettext_lazy("Choose the kind of support."),
            "invalid_choice": gettext_lazy("Choose the kind of support from the list."),
        },
    )
    headcount = forms.TypedChoiceField(
        label=gettext_lazy("Workers"),
        choices=HEADCOUNTS,
        coerce=int,
        initial=1,
        widget=forms.RadioSelect,
        error_messages={
            "required": gettext_lazy("Choose 1:1 or 2:1."),
            "invalid_choice": gettext_lazy("Choose 1:1 or 2:1."),
        },
    )
    skills = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Skills needed (optional)"),
        queryset=Skill.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": gettext_lazy("Choose skills from the list.")},
    )
    skill_mode = forms.ChoiceField(
        label=gettext_lazy("Who needs the skills (2:1)"),
        choices=SkillMode.choices,
        initial=SkillMode.EACH,
        widget=forms.RadioSelect,
        error_messages={"required": gettext_lazy("Choose who needs the skills.")},
    )
    preferred_staff = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Preferred workers (optional)"),
        queryset=StaffMember.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": gettext_lazy("Choose workers from the person's team.")},
    )
    preferred_tags = forms.CharField(
        label=gettext_lazy("A worker who likes (optional)"),
        help_text=gettext_lazy("Interests, separated by commas, for example dancing, swimming"),
        required=False,
        max_length=MAX_TAG_TEXT,
    )
    activity = forms.CharField(
        label=gettext_lazy("What we're doing (optional)"),
        help_text=gettext_lazy("For example, Dance class or Swimming"),
        max_length=120,
        required=False,
    )
    notes = forms.CharField(
        label=gettext_lazy("Notes (optional)"),
        max_length=300,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    field_order = [
        "week",
        "weekday",
        "start",
        "end",
        "next_day",
        "kind",
        "headcount",
        "skills",
        "skill_mode",
        "preferred_staff",
        "preferred_tags",
        "activity",
        "notes",
    ]

    def __init__(
        self,
        *args: Any,
        weeks: int,
        skills: QuerySet[Skill],
        team: QuerySet[StaffMember],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        skill_field = self.fields["skills"]
        staff_field = self.fields["preferred_staff"]
        assert isinstance(skill_field, forms.ModelMultipleChoiceField)
        assert isinstance(staff_field, forms.ModelMultipleChoiceField)
        skill_field.queryset = skills
        staff_field.queryset = team
        if weeks == 1:
            del self.fields["week"]

    def clean_preferred_tags(self) -> list[str]:
        return _tag_labels(self.cleaned_data.get("preferred_tags") or "")

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        data.setdefault("week", 1)
        return data


class GenerateForm(forms.Form):
    first_day = date_field(gettext_lazy("From"))
    last_day = date_field(gettext_lazy("To"), hint=gettext_lazy("At most a year after the start"))


class ShiftForm(TimesMixin):
    on = date_field(gettext_lazy("Day"))
    kind = BlockForm.base_fields["kind"]
    headcount = BlockForm.base_fields["headcount"]
    skills = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Skills needed (optional)"),
        queryset=Skill.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": gettext_lazy("Choose skills from the list.")},
    )
    skill_mode = BlockForm.base_fields["skill_mode"]
    activity = BlockForm.base_fields["activity"]
    notes = BlockForm.base_fields["notes"]
    version = forms.CharField(widget=forms.HiddenInput, required=False)

    field_order = [
        "on",
        "start",
        "end",
        "next_day",
        "kind",
        "headcount",
        "skills",
        "skill_mode",
        "activity",
        "notes",
        "version",
    ]

    def __init__(
        self, *args: Any, skills: QuerySet[Skill], fixed_day: bool = False, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        skill_field = self.fields["skills"]
        assert isinstance(skill_field, forms.ModelMultipleChoiceField)
        skill_field.queryset = skills
        if fixed_day:
            del self.fields["on"]

    def clean_version(self) -> dt.datetime | None:
        text = self.cleaned_data.get("version") or ""
        if not text:
            return None
        try:
            value = parse_datetime(text)
        except ValueError:
            value = None
        if value is None:
            raise ValidationError(_("Reload the page and make your change again."))
        return value


class CancelForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Why is it cancelled?"),
        help_text=gettext_lazy("Kept on the shift; not sent to workers."),
        max_length=200,
        required=False,
    )
    version = forms.CharField(widget=forms.HiddenInput, required=False)
    clean_version = ShiftForm.clean_version
