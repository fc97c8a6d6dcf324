"""Forms for a person's record. They validate; the services write."""

from __future__ import annotations

import datetime as dt
import decimal
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ownterms.core.rendering import GovUKDateWidget
from ownterms.lib.photos import PreparedPhoto, prepare_photo
from ownterms.people.models import (
    CircleMember,
    CommissionedPackage,
    CommunicationFormat,
    Consent,
    ConsentCategory,
    Person,
)
from ownterms.people.services import (
    CIRCLE_MEMBER_EDITABLE_FIELDS,
    PERSON_EDITABLE_FIELDS,
)


class PersonForm(forms.ModelForm):  # type: ignore[type-arg]
    #: The record's ``updated_at`` when the form was loaded, to refuse overwriting a change.
    version = forms.CharField(widget=forms.HiddenInput, required=False)
    photo = forms.FileField(
        label=_("Photo (optional)"),
        required=False,
        help_text=_("A JPG, PNG or WebP image, smaller than 5 MB."),
        error_messages={"empty": _("The selected file is empty.")},
    )
    remove_photo = forms.BooleanField(label=_("Remove the photo"), required=False)
    communication_formats = forms.MultipleChoiceField(
        label=_("Format needs (Accessible Information Standard)"),
        choices=CommunicationFormat.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Select all that apply."),
        error_messages={"invalid_choice": _("Choose format needs from the list.")},
    )

    class Meta:
        model = Person
        fields = PERSON_EDITABLE_FIELDS
        widgets = {
            "date_of_birth": forms.DateInput(attrs={"type": "date"}),
            "communication_summary": forms.Textarea(attrs={"rows": 3}),
            "home": forms.RadioSelect,
            "status": forms.RadioSelect,
        }
        error_messages = {
            "first_name": {"required": _("Enter their first name.")},
            "last_name": {"required": _("Enter their last name.")},
            "home": {
                "required": _("Choose where they live."),
                "invalid_choice": _("Choose where they live from the list."),
            },
            "status": {
                "required": _("Choose a status."),
                "invalid_choice": _("Choose a status from the list."),
            },
            "date_of_birth": {"invalid": _("Enter a real date, for example 17 5 1994.")},
        }
        help_texts = {
            "preferred_name": _("The name they like to be called, if different."),
            "communication_summary": _(
                "How to communicate with them: for example short sentences, one question at a "
                "time, show a picture."
            ),
            "housing_provider_is_support_provider": _(
                "If so, losing the support could mean losing the home: the person's choice of "
                "support provider is tied to their tenancy."
            ),
        }

    def __init__(self, *args: Any, has_photo: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not has_photo:
            del self.fields["remove_photo"]
        # Radios need no blank "---------" choice: the field is required.
        home = self.fields["home"]
        assert isinstance(home, forms.ChoiceField)
        home.choices = Person.Home.choices
        tenancy = self.fields["tenancy"]
        assert isinstance(tenancy, forms.ChoiceField)
        tenancy.choices = [("", _("Not recorded")), *Person.Tenancy.choices]

    def clean_date_of_birth(self) -> dt.date | None:
        value: dt.date | None = self.cleaned_data.get("date_of_birth")
        if value is not None:
            if value > timezone.localdate():
                raise forms.ValidationError(_("The date of birth must be in the past."))
            if value.year < 1900:
                raise forms.ValidationError(_("The date of birth must be after 1900."))
        return value

    def clean_photo(self) -> PreparedPhoto | None:
        upload = self.cleaned_data.get("photo")
        if not upload:
            return None
        return prepare_photo(upload)

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if (
            data.get("communication_summary") or data.get("communication_formats")
        ) and not data.get("has_communication_needs"):
            data["has_communication_needs"] = True
        return data

    def expected_updated_at(self) -> dt.datetime | None:
        raw = self.cleaned_data.get("version") or ""
        try:
            return dt.datetime.fromisoformat(raw) if raw else None
        except ValueError:
            return None

    def changes(self) -> dict[str, object]:
        return {name: self.cleaned_data[name] for name in PERSON_EDITABLE_FIELDS}

    def new_photo(self) -> PreparedPhoto | None:
        photo: PreparedPhoto | None = self.cleaned_data.get("photo")
        return photo

    def photo_removed(self) -> bool:
        return bool(self.cleaned_data.get("remove_photo"))


class NeededWhenMixin:
    """A field required only in some cases (the form or the service says which): its label
    has no "(optional)", and leaving it empty is not an error here."""

    empty_values: Any

    def validate(self, value: Any) -> None:
        if value in self.empty_values:
            return
        super().validate(value)  # type: ignore[misc]


class NeededWhenCharField(NeededWhenMixin, forms.CharField):
    pass


class NeededWhenDateField(NeededWhenMixin, forms.DateField):
    pass


def date_field(
    label: str | Any, *, required: bool = True, hint: str | Any = "", needed_when: bool = False
) -> forms.DateField:
    field_class = NeededWhenDateField if needed_when else forms.DateField
    return field_class(
        label=label,
        required=required,
        help_text=hint or _("For example, 27 3 2026"),
        widget=GovUKDateWidget,
        error_messages={
            "required": _("Enter the date."),
            "invalid": _("Enter a real date, for example 27 3 2026."),
        },
    )


class CircleMemberForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = CircleMember
        fields = CIRCLE_MEMBER_EDITABLE_FIELDS
        widgets = {"kind": forms.RadioSelect}
        labels = {"is_paid": _("They are paid to support the person")}
        error_messages = {
            "name": {"required": _("Enter their name.")},
            "relationship": {"required": _("Enter their relationship to the person.")},
            "kind": {
                "required": _("Choose who they are."),
                "invalid_choice": _("Choose who they are from the list."),
            },
            "email": {"invalid": _("Enter an email address like name@example.com.")},
        }
        help_texts = {
            "relationship": _("For example: mother, neighbour, community nurse."),
            "role": _("For example: helps with money, comes to reviews."),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        kind = self.fields["kind"]
        assert isinstance(kind, forms.ChoiceField)
        kind.choices = CircleMember.Kind.choices

    def changes(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in CIRCLE_MEMBER_EDITABLE_FIELDS}


class ConsentForm(forms.Form):
    use_required_attribute = False

    category = forms.ChoiceField(
        label=_("What they may see"),
        choices=ConsentCategory.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose what they may see."),
            "invalid_choice": _("Choose what they may see from the list."),
        },
    )
    given_by = forms.ChoiceField(
        label=_("Who agreed"),
        choices=Consent.GivenBy.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose who agreed."),
            "invalid_choice": _("Choose who agreed from the list."),
        },
    )
    decision_note = NeededWhenCharField(
        label=_("Decision record (needed for a best-interests decision)"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Who decided, and where the decision is recorded."),
    )
    starts_on = date_field(_("From"))
    ends_on = date_field(
        _("Until"),
        required=False,
        hint=_("The first day they may no longer see it. Leave empty for no end date."),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        starts, ends = data.get("starts_on"), data.get("ends_on")
        if starts and ends and ends <= starts:
            self.add_error("ends_on", _("The end date must be after the start date."))
        return data


class ConsentEndForm(forms.Form):
    ends_on = date_field(
        _("End on"), hint=_("The first day they may no longer see it. Today ends it at once.")
    )


class HoursField(forms.Field):
    """Hours a week, as "105", "37.5" or "37:30"; cleaned to whole minutes."""

    widget = forms.TextInput(attrs={"inputmode": "decimal", "class": "govuk-input--width-5"})

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("help_text", _("Hours a week, for example 105 or 37.5 or 37:30."))
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> int:
        text = str(value or "").strip()
        if not text:
            return 0
        message = _("Enter hours as a number, for example 105 or 37.5 or 37:30.")
        if len(text) > 8:
            raise forms.ValidationError(message)
        try:
            if ":" in text:
                hours_text, minutes_text = text.split(":", 1)
                hours, minutes = int(hours_text), int(minutes_text)
                if not 0 <= minutes < 60:
                    raise forms.ValidationError(message)
                total = hours * 60 + minutes
            else:
                amount = decimal.Decimal(text) * 60
                if not amount.is_finite() or amount != amount.to_integral_value():
                    raise forms.ValidationError(message)
                total = int(amount)
        except (ValueError, decimal.InvalidOperation) as error:
            raise forms.ValidationError(message) from error
        if total < 0:
            raise forms.ValidationError(_("Hours can't be negative."))
        if total > 7 * 24 * 60:
            raise forms.ValidationError(_("A week has 168 hours: enter 168 or fewer."))
        return total


class PackageForm(forms.Form):
    starts_on = date_field(_("Starts on"))
    review_on = date_field(_("Review date"))
    ends_on = date_field(_("Ends on"), required=False, hint=_("Leave empty if open-ended."))
    funder_name = forms.CharField(
        label=_("Funder"),
        max_length=150,
        help_text=_("For example: Harbourside Council adult social care."),
        error_messages={"required": _("Enter who funds the package.")},
    )
    funder_kind = forms.ChoiceField(
        label=_("Kind of funder"),
        choices=CommissionedPackage.FunderKind.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose the kind of funder."),
            "invalid_choice": _("Choose the kind of funder from the list."),
        },
    )
    reference = forms.CharField(label=_("Funder's reference"), max_length=100, required=False)
    day_minutes = HoursField(label=_("Day hours at 1:1"))
    two_to_one_minutes = HoursField(label=_("Hours at 2:1"))
    waking_night_minutes = HoursField(label=_("Waking night hours"))
    sleep_in_nights = forms.IntegerField(
        label=_("Sleep-in nights a week"),
        min_value=0,
        max_value=7,
        required=False,
        error_messages={
            "invalid": _("Enter a whole number of nights, from 0 to 7."),
            "min_value": _("Enter a whole number of nights, from 0 to 7."),
            "max_value": _("A week has at most 7 sleep-in nights."),
        },
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("sleep_in_nights") is None and "sleep_in_nights" not in self.errors:
            data["sleep_in_nights"] = 0
        return data
