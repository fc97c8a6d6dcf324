"""Forms for the on-call pages. They parse what people type; the services check again and
write. Choices name staff and people by their public ids."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ownterms.leave.forms import DateField, parse_clock
from ownterms.oncall.planning import Rotation
from ownterms.oncall.services import MAX_WEEKS
from ownterms.people.models import Person
from ownterms.staff.models import StaffMember

PHONE_ATTRS = {"type": "tel", "autocomplete": "tel", "class": "govuk-input--width-20"}


class StaffChoice(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name)


class StaffChoices(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name)


class PersonChoice(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.first_name} {obj.last_name}"


class NumbersForm(forms.Form):
    on_call_phone = forms.CharField(
        label=gettext_lazy("On-call phone"),
        help_text=gettext_lazy("The phone the manager on call carries. Shown on every page."),
        max_length=40,
        required=False,
        widget=forms.TextInput(attrs=PHONE_ATTRS),
    )
    office_phone = forms.CharField(
        label=gettext_lazy("Office phone"),
        help_text=gettext_lazy("Shown when nobody is on call."),
        max_length=40,
        required=False,
        widget=forms.TextInput(attrs=PHONE_ATTRS),
    )


class BuildForm(forms.Form):
    starts_on = DateField(
        label=gettext_lazy("Start from the week of"),
        help_text=gettext_lazy(
            "For example 7 12 2026. Slots that have already started are left out."
        ),
    )
    weeks = forms.IntegerField(
        label=gettext_lazy("Number of weeks"),
        min_value=1,
        max_value=MAX_WEEKS,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-3"}),
        error_messages={
            "required": gettext_lazy("Enter the number of weeks."),
            "invalid": gettext_lazy("Enter a whole number of weeks, like 12."),
        },
    )
    weekend_team = StaffChoices(
        label=gettext_lazy("Managers for weekends (Friday 17:00 to Monday 09:00)"),
        queryset=StaffMember.objects.none(),
        to_field_name="public_id",
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    weekday_team = StaffChoices(
        label=gettext_lazy("Managers for weekday nights (Monday to Thursday, 17:00 to 09:00)"),
        queryset=StaffMember.objects.none(),
        to_field_name="public_id",
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    rotation = forms.TypedChoiceField(
        label=gettext_lazy("Weekday nights change hands"),
        choices=[
            (Rotation.WEEKLY.value, gettext_lazy("Weekly: one manager for the four nights")),
            (Rotation.NIGHTLY.value, gettext_lazy("Nightly: a different manager each night")),
        ],
        coerce=Rotation,
        widget=forms.RadioSelect,
        error_messages={"required": gettext_lazy("Choose how weekday nights change hands.")},
    )

    def __init__(self, *args: Any, managers: QuerySet[StaffMember], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("weekend_team", "weekday_team"):
            field = self.fields[name]
            assert isinstance(field, StaffChoices)
            field.queryset = managers

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("weekend_team") and not data.get("weekday_team") and not self.errors:
            self.add_error(
                "weekend_team", _("Choose the managers for weekends, weekday nights, or both.")
            )
        return data


class HandOverForm(forms.Form):
    to = StaffChoice(
        label=gettext_lazy("Hand the duty to"),
        queryset=StaffMember.objects.none(),
        to_field_name="public_id",
        empty_label=gettext_lazy("Choose a manager"),
        error_messages={
            "required": gettext_lazy("Choose who takes the duty."),
            "invalid_choice": gettext_lazy("Choose a current manager."),
        },
    )
    seen = forms.UUIDField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, managers: QuerySet[StaffMember], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["to"]
        assert isinstance(field, StaffChoice)
        field.queryset = managers


class CallForm(forms.Form):
    received_on = DateField(label=gettext_lazy("Date of the call"))
    received_time = forms.CharField(
        label=gettext_lazy("Time of the call"),
        help_text=gettext_lazy("Like 21:40"),
        max_length=5,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-5"}),
        error_messages={"required": gettext_lazy("Enter the time of the call.")},
    )
    caller = forms.CharField(
        label=gettext_lazy("Who rang"),
        help_text=gettext_lazy("Their name and who they are, like “Sam Ahmed, support worker”."),
        max_length=200,
        error_messages={"required": gettext_lazy("Enter who rang: their name and who they are.")},
    )
    person = PersonChoice(
        label=gettext_lazy("Person it is about"),
        queryset=Person.objects.none(),
        to_field_name="public_id",
        required=False,
        empty_label=gettext_lazy("Nobody in particular"),
    )
    what_happened = forms.CharField(
        label=gettext_lazy("What happened"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": gettext_lazy("Enter what happened.")},
    )
    action_taken = forms.CharField(
        label=gettext_lazy("What you did"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    follow_up_needed = forms.TypedChoiceField(
        label=gettext_lazy("Does someone need to follow this up?"),
        choices=[("yes", gettext_lazy("Yes")), ("no", gettext_lazy("No"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": gettext_lazy("Choose yes if someone needs to follow this up.")},
    )
    follow_up_owner = StaffChoice(
        label=gettext_lazy("Who will follow it up"),
        queryset=StaffMember.objects.none(),
        to_field_name="public_id",
        required=False,
        empty_label=gettext_lazy("Choose a manager"),
        help_text=gettext_lazy("Only if someone needs to follow it up."),
    )
    follow_up_due = DateField(
        label=gettext_lazy("Follow-up due by"),
        required=False,
        help_text=gettext_lazy("Only if someone needs to follow it up. For example 24 11 2026."),
    )

    def __init__(
        self,
        *args: Any,
        managers: QuerySet[StaffMember],
        people: QuerySet[Person],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        owner, person = self.fields["follow_up_owner"], self.fields["person"]
        assert isinstance(owner, StaffChoice) and isinstance(person, PersonChoice)
        owner.queryset = managers
        person.queryset = people
        # Phone first: what to type comes first; the time defaults to now.
        self.order_fields(
            [
                "caller",
                "person",
                "what_happened",
                "action_taken",
                "follow_up_needed",
                "follow_up_owner",
                "follow_up_due",
                "received_on",
                "received_time",
            ]
        )

    def clean_received_time(self) -> int:
        minute = parse_clock(self.cleaned_data["received_time"])
        if minute >= 24 * 60:
            raise ValidationError(_("Enter a time from 00:00 to 23:59."))
        return minute

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        day, minute = data.get("received_on"), data.get("received_time")
        if isinstance(day, dt.date) and isinstance(minute, int):
            naive = dt.datetime.combine(day, dt.time(minute // 60, minute % 60))
            data["received_at"] = timezone.make_aware(naive)
        return data


class FollowUpForm(forms.Form):
    follow_up_outcome = forms.CharField(
        label=gettext_lazy("What came of the follow-up"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": gettext_lazy("Enter what came of the follow-up.")},
    )
