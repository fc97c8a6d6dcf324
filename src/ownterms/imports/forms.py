"""The upload form, and one form per kind of import that checks the cells of one row.

A row's cells are bound to the kind's form as text, so each cell gets the same specific error
a person would get typing it into a page (a bad date, an unknown choice, too long).
"""

from __future__ import annotations

import datetime as dt
import decimal
from dataclasses import dataclass
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ownterms.accounts.models import STAFF_ROLES, Role
from ownterms.people.models import Person
from ownterms.staff.models import StaffMember, TeamMembership

DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y"]
#: A text cell starting with one of these is a spreadsheet formula, refused (never evaluated).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Column:
    name: str
    required: bool
    example: str
    hint: str = ""


@dataclass(frozen=True)
class ImportKind:
    key: str
    label: str | Promise
    description: str | Promise
    columns: tuple[Column, ...]
    form: type[forms.Form]

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(column.name for column in self.columns)


class TextCell(forms.CharField):
    """Text that must not be a spreadsheet formula."""

    def clean(self, value: Any) -> Any:
        value = super().clean(value)
        if isinstance(value, str) and value.startswith(FORMULA_STARTS):
            raise forms.ValidationError(
                _("This looks like a spreadsheet formula; enter the value itself."),
                code="formula",
            )
        return value


class EmailCell(forms.EmailField):
    """An email address, lower-cased; one that starts like a formula is refused."""

    def clean(self, value: Any) -> Any:
        value = super().clean(value)
        if isinstance(value, str) and value.startswith(FORMULA_STARTS):
            raise forms.ValidationError(
                _("This looks like a spreadsheet formula; enter the value itself."),
                code="formula",
            )
        return value.strip().lower() if isinstance(value, str) else value


class YesNoCell(forms.Field):
    TRUE = frozenset({"yes", "y", "true", "1"})
    FALSE = frozenset({"no", "n", "false", "0", ""})

    def clean(self, value: Any) -> bool:
        text = str(value or "").strip().casefold()
        if text in self.TRUE:
            return True
        if text in self.FALSE:
            return False
        raise forms.ValidationError(_("Enter yes or no."), code="invalid")


class ChoiceCell(forms.ChoiceField):
    """A choice by its value or its label, in any case: "full_time" or "Full time"."""

    def _pairs(self) -> list[tuple[Any, Any]]:
        return list(self.choices)  # type: ignore[arg-type]

    def to_python(self, value: Any) -> str:
        text = " ".join(str(value or "").split()).casefold()
        for key, label in self._pairs():
            if text in {str(key).casefold(), str(label).casefold()}:
                return str(key)
        return text

    def validate(self, value: Any) -> None:
        if value in self.empty_values:
            if self.required:
                raise forms.ValidationError(self.error_messages["required"], code="required")
            return
        if not self.valid_value(value):
            allowed = ", ".join(str(key) for key, _label in self._pairs() if key)
            raise forms.ValidationError(
                _("Enter one of: %(allowed)s.") % {"allowed": allowed}, code="invalid_choice"
            )


class DateCell(forms.DateField):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(input_formats=DATE_FORMATS, **kwargs)
        self.error_messages["invalid"] = gettext_lazy(
            "Enter a real date as YYYY-MM-DD (or DD/MM/YYYY)."
        )


def _check_order(
    form: forms.Form, first: str, then: str, message: str, *, strictly: bool = False
) -> None:
    start: dt.date | None = form.cleaned_data.get(first)
    end: dt.date | None = form.cleaned_data.get(then)
    if start and end and (end <= start if strictly else end < start):
        form.add_error(then, message)


class PersonRow(forms.Form):
    first_name = TextCell(max_length=100)
    last_name = TextCell(max_length=100)
    date_of_birth = DateCell()
    preferred_name = TextCell(max_length=100, required=False)
    home = ChoiceCell(choices=Person.Home.choices)
    status = ChoiceCell(choices=Person.Status.choices, required=False)
    has_communication_needs = YesNoCell(required=False)
    communication_summary = TextCell(max_length=500, required=False)

    def clean_date_of_birth(self) -> dt.date:
        born: dt.date = self.cleaned_data["date_of_birth"]
        if born > timezone.localdate():
            raise forms.ValidationError(_("The date of birth can't be in the future."))
        return born

    def clean_status(self) -> str:
        return self.cleaned_data.get("status") or Person.Status.ACTIVE


class StaffRow(forms.Form):
    email = EmailCell(max_length=254)
    first_name = TextCell(max_length=100)
    last_name = TextCell(max_length=100)
    job_title = TextCell(max_length=100)
    employment = ChoiceCell(choices=StaffMember.Employment.choices)
    contract_hours_per_week = forms.DecimalField(
        min_value=decimal.Decimal(0), max_value=decimal.Decimal(100), decimal_places=2
    )
    starts_on = DateCell()
    ends_on = DateCell(required=False)
    role = ChoiceCell(
        choices=[(role.value, role.label) for role in Role if role in STAFF_ROLES],
        required=False,
    )

    def clean_role(self) -> str:
        return self.cleaned_data.get("role") or Role.SUPPORT_WORKER

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        _check_order(
            self, "starts_on", "ends_on", _("The end date must be on or after the start date.")
        )
        return data


class TeamRow(forms.Form):
    person_first_name = TextCell(max_length=100)
    person_last_name = TextCell(max_length=100)
    person_date_of_birth = DateCell()
    staff_email = EmailCell(max_length=254)
    kind = ChoiceCell(choices=TeamMembership.Kind.choices)
    approved_by_person = YesNoCell(required=False)
    starts_on = DateCell()
    ends_on = DateCell(required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        _check_order(
            self, "starts_on", "ends_on", _("The end date must be on or after the start date.")
        )
        return data


class SkillRow(forms.Form):
    name = TextCell(max_length=100)
    renew_every_months = forms.IntegerField(min_value=1, max_value=240, required=False)


class TrainingRow(forms.Form):
    staff_email = EmailCell(max_length=254)
    skill = TextCell(max_length=100)
    completed_on = DateCell()
    expires_on = DateCell(required=False)

    def clean_completed_on(self) -> dt.date:
        done: dt.date = self.cleaned_data["completed_on"]
        if done > timezone.localdate():
            raise forms.ValidationError(_("The completion date can't be in the future."))
        return done

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        _check_order(
            self,
            "completed_on",
            "expires_on",
            _("The expiry date must be after the completion date."),
            strictly=True,
        )
        return data


def _columns(form: type[forms.Form], examples: dict[str, str]) -> tuple[Column, ...]:
    return tuple(
        Column(name=name, required=field.required, example=examples.get(name, ""))
        for name, field in form.base_fields.items()
    )


KINDS: dict[str, ImportKind] = {
    kind.key: kind
    for kind in (
        ImportKind(
            "people",
            gettext_lazy("People supported"),
            gettext_lazy(
                "One row per person. A row with the same first name, last name and date of "
                "birth as someone already recorded updates them."
            ),
            _columns(
                PersonRow,
                {
                    "first_name": "Alexandra",
                    "last_name": "Fairweather",
                    "date_of_birth": "1994-05-17",
                    "preferred_name": "Alex",
                    "home": "own_tenancy",
                    "status": "active",
                    "has_communication_needs": "yes",
                    "communication_summary": "Short sentences, one question at a time.",
                },
            ),
            PersonRow,
        ),
        ImportKind(
            "staff",
            gettext_lazy("Staff"),
            gettext_lazy(
                "One row per member of staff, matched by email address. A new email creates "
                "a sign-in (they set their password with 'Forgotten your password?')."
            ),
            _columns(
                StaffRow,
                {
                    "email": "sam.worker@example.org",
                    "first_name": "Sam",
                    "last_name": "Worker",
                    "job_title": "Support worker",
                    "employment": "part_time",
                    "contract_hours_per_week": "22.5",
                    "starts_on": "2024-01-08",
                    "role": "support_worker",
                },
            ),
            StaffRow,
        ),
        ImportKind(
            "teams",
            gettext_lazy("Teams"),
            gettext_lazy(
                "One row per member of a person's team: the person (name and date of birth) "
                "and the member of staff (email), core or relief, dates, approved or not."
            ),
            _columns(
                TeamRow,
                {
                    "person_first_name": "Alexandra",
                    "person_last_name": "Fairweather",
                    "person_date_of_birth": "1994-05-17",
                    "staff_email": "sam.worker@example.org",
                    "kind": "core",
                    "approved_by_person": "yes",
                    "starts_on": "2024-02-01",
                },
            ),
            TeamRow,
        ),
        ImportKind(
            "skills",
            gettext_lazy("Skills"),
            gettext_lazy("One row per skill in the vocabulary, and how often it is renewed."),
            _columns(SkillRow, {"name": "Epilepsy rescue medication", "renew_every_months": "12"}),
            SkillRow,
        ),
        ImportKind(
            "training",
            gettext_lazy("Training"),
            gettext_lazy(
                "One row per training completed: the member of staff (email), the skill (its "
                "name in the vocabulary), when it was completed and when it expires."
            ),
            _columns(
                TrainingRow,
                {
                    "staff_email": "sam.worker@example.org",
                    "skill": "Epilepsy rescue medication",
                    "completed_on": "2025-03-01",
                    "expires_on": "2026-03-01",
                },
            ),
            TrainingRow,
        ),
    )
}


class UploadForm(forms.Form):
    kind = forms.ChoiceField(
        label=gettext_lazy("What the file holds"),
        choices=[(key, kind.label) for key, kind in KINDS.items()],
        widget=forms.RadioSelect,
        error_messages={"required": gettext_lazy("Choose what the file holds.")},
    )
    file = forms.FileField(
        label=gettext_lazy("The file"),
        help_text=gettext_lazy("A .csv (UTF-8) or .xlsx file, with the template's columns."),
        error_messages={"required": gettext_lazy("Choose a file to upload.")},
    )
