"""Forms for building the rota: which period and people, and who works one shift."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy

from ownterms.leave.forms import DateField
from ownterms.people.models import Person
from ownterms.rota.services.build import MAX_TIME_LIMIT, MIN_TIME_LIMIT
from ownterms.staff.models import StaffMember


class PersonChoice(forms.ModelMultipleChoiceField[Person]):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj)


class BuildForm(forms.Form):
    first_day = DateField(label=gettext_lazy("From"))
    last_day = DateField(
        label=gettext_lazy("To"), help_text=gettext_lazy("At most 6 weeks (42 days).")
    )
    people = PersonChoice(
        label=gettext_lazy("People"),
        queryset=Person.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        to_field_name="public_id",
        error_messages={"required": gettext_lazy("Choose at least one person.")},
    )
    time_limit_seconds = forms.IntegerField(
        label=gettext_lazy("Time to spend (seconds)"),
        min_value=MIN_TIME_LIMIT,
        max_value=MAX_TIME_LIMIT,
        initial=10,
        help_text=gettext_lazy("Longer can find a better rota. Between 1 and 120 seconds."),
        widget=forms.NumberInput(attrs={"class": "govuk-input--width-3"}),
    )

    def __init__(self, *args: Any, people: QuerySet[Person], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["people"]
        assert isinstance(field, forms.ModelMultipleChoiceField)
        field.queryset = people


class WorkerChoice(forms.ModelMultipleChoiceField[StaffMember]):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name)


class ShiftWorkersForm(forms.Form):
    workers = WorkerChoice(
        label=gettext_lazy("Who works this shift"),
        queryset=StaffMember.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        to_field_name="public_id",
        required=False,
        help_text=gettext_lazy("The person's team on the day. Choose nobody to leave it empty."),
    )
    confirm = forms.BooleanField(
        label=gettext_lazy("Save it even though it breaks a working rule"),
        required=False,
    )
    seen = forms.DateTimeField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, team: QuerySet[StaffMember], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["workers"]
        assert isinstance(field, forms.ModelMultipleChoiceField)
        field.queryset = team


class StaffChoice(forms.ModelChoiceField[StaffMember]):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name)


class SicknessForm(forms.Form):
    staff_member = StaffChoice(
        label=gettext_lazy("Who is off sick"),
        queryset=StaffMember.objects.none(),
        to_field_name="public_id",
        empty_label=gettext_lazy("Choose a worker"),
        error_messages={"required": gettext_lazy("Choose who is off sick.")},
    )
    first_day = DateField(label=gettext_lazy("First day off sick"))
    last_day = DateField(label=gettext_lazy("Last day off sick"))

    def __init__(self, *args: Any, staff: QuerySet[StaffMember], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["staff_member"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = staff


class SwapForm(forms.Form):
    to_staff = StaffChoice(
        label=gettext_lazy("Who would work it instead"),
        queryset=StaffMember.objects.none(),
        to_field_name="public_id",
        empty_label=gettext_lazy("Choose a colleague"),
        error_messages={"required": gettext_lazy("Choose a colleague.")},
    )
    reason = forms.CharField(label=gettext_lazy("Why (optional)"), max_length=300, required=False)

    def __init__(self, *args: Any, colleagues: QuerySet[StaffMember], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["to_staff"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = colleagues


class SwapDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=gettext_lazy("Your decision"),
        choices=(("approve", gettext_lazy("Approve")), ("decline", gettext_lazy("Decline"))),
        widget=forms.RadioSelect,
        error_messages={"required": gettext_lazy("Choose approve or decline.")},
    )
    reason = forms.CharField(label=gettext_lazy("Why you decline"), max_length=300, required=False)
    confirm = forms.BooleanField(
        label=gettext_lazy("Approve even though it breaks a working rule"), required=False
    )
