"""Forms for arrangements, sources, rates and budget plans. They parse what people type
(amounts in pounds, caps in weeks or percent); the services check the rules again and write."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ownterms.funding.models import (
    SUPPORT_KINDS,
    ArrangementKind,
    BankedCapKind,
    BudgetPlanLine,
    FeeKind,
    FunderKind,
)
from ownterms.lib.money import parse_pounds
from ownterms.people.forms import HoursField, date_field

_HUNDREDTHS = re.compile(r"[0-9]{1,6}(?:\.[0-9]{1,2})?")


class MoneyField(forms.CharField):
    """An amount in pounds ("1,234.50", "£12"), cleaned to pence (``lib.money``)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("help_text", _("In pounds, for example 1,234.50"))
        super().__init__(**kwargs)
        self.widget.attrs.update({"class": "govuk-input--width-10", "inputmode": "decimal"})

    def to_python(self, value: Any) -> int | None:  # type: ignore[override]
        text = str(value or "").strip()
        if not text:
            return None
        try:
            return parse_pounds(text)
        except ValueError as error:
            raise forms.ValidationError(str(error)) from error


class HundredthsField(forms.CharField):
    """A number with at most two decimals ("4", "2.5", "7.25"), cleaned to hundredths; empty
    is "none", and zero is refused (the contract sets no cap of zero)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)
        self.widget.attrs.update({"class": "govuk-input--width-5", "inputmode": "decimal"})

    def to_python(self, value: Any) -> int | None:  # type: ignore[override]
        text = str(value or "").strip()
        if not text:
            return None
        if not _HUNDREDTHS.fullmatch(text):
            raise forms.ValidationError(gettext("Enter a number like 4 or 2.5."))
        whole, _dot, part = text.partition(".")
        hundredths = int(whole) * 100 + int(part.ljust(2, "0") or 0)
        if hundredths == 0:
            raise forms.ValidationError(
                gettext("Enter a number above 0, or leave it empty for none.")
            )
        return hundredths


def _positive(label: Any, *, maximum: int, required: bool = False) -> forms.IntegerField:
    message = format_lazy(_("Enter a whole number from 1 to {max}."), max=maximum)
    return forms.IntegerField(
        label=label,
        required=required,
        min_value=1,
        max_value=maximum,
        error_messages={
            "invalid": message,
            "min_value": message,
            "max_value": message,
            "required": message,
        },
    )


def _choice(label: Any, choices: Any, required_message: Any) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        choices=choices,
        error_messages={"required": required_message, "invalid_choice": required_message},
    )


class ArrangementForm(forms.Form):
    kind = _choice(_("Kind of funding"), ArrangementKind.choices, _("Choose the kind of funding."))
    reference = forms.CharField(label=_("Contract reference"), max_length=100, required=False)
    starts_on = date_field(_("Starts on"))
    review_on = date_field(_("Review date"))
    ends_on = date_field(_("Ends on"), required=False, hint=_("Leave empty if open-ended."))
    paid_every_weeks = _positive(_("Paid every (weeks)"), maximum=52, required=True)
    paid_in_advance = forms.BooleanField(label=_("Paid in advance"), required=False)
    surplus_cap = HundredthsField(
        label=_("Surplus cap (weeks of budget)"),
        help_text=_("For example 4. Leave empty if the contract sets no cap."),
    )
    surplus_max_weeks = _positive(_("Longest a surplus may be kept (weeks)"), maximum=520)
    banked_cap_kind = _choice(
        _("Banked hours cap in"), BankedCapKind.choices, _("Choose how the cap is measured.")
    )
    banked_cap = HundredthsField(
        label=_("Banked hours cap"),
        help_text=_("Weeks of support (like 2.5) or percent of the year (like 10)."),
    )
    banked_expiry_months = _positive(_("Banked hours must be used within (months)"), maximum=120)
    notice_days = forms.IntegerField(
        label=_("Notice to end (days)"),
        min_value=0,
        max_value=365,
        error_messages={"invalid": _("Enter a whole number of days from 0 to 365.")},
    )
    management_fee_kind = _choice(
        _("Management fee"), FeeKind.choices, _("Choose the kind of management fee.")
    )
    management_fee = forms.CharField(
        label=_("Management fee amount"),
        required=False,
        max_length=30,
        help_text=_("A percentage (like 7.5) or pounds a week (like 25.00)."),
    )
    changes_need_funder_approval = forms.BooleanField(
        label=_("Changes need the funder's approval"), required=False
    )
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    version = forms.CharField(widget=forms.HiddenInput, required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kind, raw = data.get("management_fee_kind"), (data.get("management_fee") or "").strip()
        data["management_fee_value"] = 0
        try:
            if kind == FeeKind.PERCENT:
                data["management_fee_value"] = HundredthsField(required=True).clean(raw)
            elif kind == FeeKind.FIXED_WEEKLY:
                data["management_fee_value"] = MoneyField(required=True).clean(raw)
        except forms.ValidationError as error:
            self.add_error("management_fee", error)
        return data

    def expected_updated_at(self) -> dt.datetime | None:
        raw = self.cleaned_data.get("version") or ""
        try:
            return dt.datetime.fromisoformat(raw) if raw else None
        except ValueError:
            return None

    def service_fields(self) -> dict[str, Any]:
        """The cleaned data as the service's keyword arguments."""
        data = dict(self.cleaned_data)
        data["surplus_cap_hundredths"] = data.pop("surplus_cap")
        data["banked_cap_hundredths"] = data.pop("banked_cap")
        for name in ("management_fee", "version"):
            data.pop(name, None)
        return data


#: Service field → form field, for putting a service's errors next to the right input.
ARRANGEMENT_FORM_NAMES = {
    "surplus_cap_hundredths": "surplus_cap",
    "banked_cap_hundredths": "banked_cap",
    "management_fee_value": "management_fee",
}


def arrangement_initial(row: Any) -> dict[str, Any]:
    """The form's initial values for an existing arrangement."""

    def hundredths(value: int | None) -> str:
        if value is None:
            return ""
        whole, part = divmod(value, 100)
        return f"{whole}.{part:02d}".rstrip("0").rstrip(".")

    fee = row.management_fee_value
    return {
        **{name: getattr(row, name) for name in ArrangementForm.base_fields if hasattr(row, name)},
        "surplus_cap": hundredths(row.surplus_cap_hundredths),
        "banked_cap": hundredths(row.banked_cap_hundredths),
        "management_fee": (
            hundredths(fee)
            if row.management_fee_kind == FeeKind.PERCENT
            else f"{fee // 100}.{fee % 100:02d}"
            if row.management_fee_kind == FeeKind.FIXED_WEEKLY
            else ""
        ),
        "version": row.updated_at.isoformat(),
    }


class SourceForm(forms.Form):
    funder_name = forms.CharField(
        label=_("Funder"),
        max_length=150,
        help_text=_("For example: Northshire Council adult social care."),
        error_messages={"required": _("Enter who pays.")},
    )
    funder_kind = _choice(_("Kind of funder"), FunderKind.choices, _("Choose the kind of funder."))
    reference = forms.CharField(label=_("Funder's reference"), max_length=100, required=False)
    weekly_pence = MoneyField(
        label=_("Amount a week"), error_messages={"required": _("Enter the amount a week.")}
    )
    starts_on = date_field(_("From"))
    ends_on = date_field(_("Until"), required=False, hint=_("The first day it no longer pays."))


class RateForm(forms.Form):
    kind = _choice(_("Kind of support"), SUPPORT_KINDS, _("Choose the kind of support."))
    pence = MoneyField(
        label=_("Rate"),
        help_text=_("Pounds an hour (a night for sleep-ins), for example 25.50"),
        error_messages={"required": _("Enter the rate.")},
    )
    starts_on = date_field(_("From"))
    ends_on = date_field(
        _("Until"), required=False, hint=_("The first day it no longer applies; empty if open.")
    )


class EndForm(forms.Form):
    ends_on = date_field(_("Ends on"), hint=_("The first day it no longer applies."))


class PlanForm(forms.Form):
    name = forms.CharField(
        label=_("Name of the plan"),
        max_length=120,
        help_text=_("For example: More evenings out"),
        error_messages={"required": _("Give the plan a name.")},
    )
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class PlanLineForm(forms.Form):
    kind = _choice(_("What for"), BudgetPlanLine.Kind.choices, _("Choose what the line is for."))
    description = forms.CharField(
        label=_("Description"),
        max_length=200,
        error_messages={"required": _("Describe the line.")},
    )
    support_kind = forms.ChoiceField(
        label=_("Kind of support (support from our team)"),
        choices=[("", _("Not support from our team")), *SUPPORT_KINDS],
        required=False,
    )
    hours = HoursField(label=_("Hours a week (support from our team)"))
    nights = forms.IntegerField(
        label=_("Sleep-in nights a week"),
        required=False,
        min_value=0,
        max_value=7,
        error_messages={
            "invalid": _("Enter a whole number of nights, from 0 to 7."),
            "min_value": _("Enter a whole number of nights, from 0 to 7."),
            "max_value": _("A week has at most 7 sleep-in nights."),
        },
    )
    weekly_pence = MoneyField(label=_("Amount a week (anything else)"), required=False)

    def service_fields(self) -> dict[str, Any]:
        data = self.cleaned_data
        support_kind = data.get("support_kind") or ""
        return {
            "kind": data["kind"],
            "description": data["description"],
            "support_kind": support_kind,
            "quantity": (data.get("nights") or 0)
            if support_kind == "sleep_in"
            else (data.get("hours") or 0),
            "weekly_pence": data.get("weekly_pence") or 0,
        }


#: Service field → form field for plan lines.
LINE_FORM_NAMES = {"quantity": "hours"}


class AgreeForm(forms.Form):
    agreed_with = forms.CharField(
        label=_("Agreed with"),
        max_length=200,
        help_text=_("For example: Sam, his mum Jo and Northshire Council"),
        error_messages={"required": _("Say who agreed the plan.")},
    )
    agreed_on = date_field(_("Agreed on"))
