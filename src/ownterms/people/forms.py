"""Forms for a person's record. They validate; the services write."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ownterms.lib.photos import PreparedPhoto, prepare_photo
from ownterms.people.models import Person
from ownterms.people.services import PERSON_EDITABLE_FIELDS


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
                "For example: easy read, large print, symbols, British Sign Language."
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
        if data.get("communication_summary") and not data.get("has_communication_needs"):
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
