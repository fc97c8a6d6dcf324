"""Forms for the person's money: funding received, other spending with a receipt, a correction
and a statement period. Amounts are typed in pounds (``lib.money.parse_pounds``)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy

from ownterms.funding.models import FundingArrangement, SpendingCategory
from ownterms.leave.forms import DateField
from ownterms.lib.money import parse_pounds
from ownterms.lib.money import pounds as pounds_text


class PoundsField(forms.CharField):
    """An amount typed in pounds, cleaned to whole pence (more than £0)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 20)
        kwargs.setdefault(
            "help_text", gettext_lazy("In pounds, like 1,234.50. A £ sign and commas are fine.")
        )
        super().__init__(**kwargs)

    def clean(self, value: Any) -> int:
        text = super().clean(value)
        try:
            pence = parse_pounds(text)
        except ValueError as error:
            raise ValidationError(str(error)) from None
        if pence <= 0:
            raise ValidationError(gettext_lazy("Enter an amount of more than £0."))
        return pence


class FundingForm(forms.Form):
    source = forms.ChoiceField(label=gettext_lazy("Paid by"))
    amount = PoundsField(label=gettext_lazy("Amount received"))
    on = DateField(label=gettext_lazy("Received on"))
    description = forms.CharField(
        label=gettext_lazy("Description (optional)"), max_length=200, required=False
    )

    def __init__(self, *args: Any, arrangement: FundingArrangement, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.sources = {str(s.public_id): s for s in arrangement.sources.order_by("starts_on")}
        self.fields["source"].choices = [  # type: ignore[attr-defined]
            (key, f"{s.funder_name} ({pounds_text(s.weekly_pence)} a week)")
            for key, s in self.sources.items()
        ]


class SpendingForm(forms.Form):
    amount = PoundsField(label=gettext_lazy("Amount spent"))
    on = DateField(label=gettext_lazy("Spent on"))
    category = forms.ChoiceField(label=gettext_lazy("What for"), choices=SpendingCategory.choices)
    description = forms.CharField(label=gettext_lazy("Description"), max_length=200)
    payee = forms.CharField(label=gettext_lazy("Paid to"), max_length=150, required=False)
    receipt = forms.FileField(
        label=gettext_lazy("Receipt (optional)"),
        required=False,
        help_text=gettext_lazy("A PDF, JPG or PNG file, smaller than 5 MB."),
    )


class CorrectionForm(forms.Form):
    reason = forms.CharField(label=gettext_lazy("Why is it being corrected?"), max_length=180)


class PeriodForm(forms.Form):
    first = DateField(label=gettext_lazy("From"))
    last = DateField(label=gettext_lazy("To (included)"))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        first, last = data.get("first"), data.get("last")
        if isinstance(first, dt.date) and isinstance(last, dt.date) and last < first:
            self.add_error("last", gettext_lazy("The last day must be on or after the first."))
        return data
