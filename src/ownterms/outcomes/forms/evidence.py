"""The period of the regulator's evidence pack, with the same rules for the page and the API."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ownterms.leave.forms import DateField
from ownterms.outcomes.selectors.evidence import MAX_MONTHS
from ownterms.staff.services import add_months

EARLIEST = dt.date(2000, 1, 1)


def default_period(today: dt.date) -> tuple[dt.date, dt.date]:
    """The last 12 months: from the first of the month 11 months ago to today."""
    return add_months(today.replace(day=1), -11), today


def period_errors(first: dt.date, last: dt.date, today: dt.date) -> dict[str, str]:
    """What is wrong with the period, by field (``starts_on``, ``ends_on``); empty when fine."""
    errors: dict[str, str] = {}
    if first < EARLIEST:
        errors["starts_on"] = _("Enter a date in 2000 or later.")
    if last > today:
        errors["ends_on"] = _("The period can't end after today.")
    elif last < first:
        errors["ends_on"] = _("The last day must be on or after the first.")
    elif add_months(first, MAX_MONTHS) <= last:
        errors["ends_on"] = _(
            "The pack covers at most %(months)d months: choose a shorter period."
        ) % {"months": MAX_MONTHS}
    return errors


class EvidencePeriodForm(forms.Form):
    starts_on = DateField(label=gettext_lazy("From"))
    ends_on = DateField(label=gettext_lazy("To (included)"))

    def __init__(self, *args: Any, today: dt.date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.today = today

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        first, last = data.get("starts_on"), data.get("ends_on")
        if isinstance(first, dt.date) and isinstance(last, dt.date):
            for name, message in period_errors(first, last, self.today).items():
                self.add_error(name, message)
        elif isinstance(first, dt.date) and first < EARLIEST:
            self.add_error("starts_on", _("Enter a date in 2000 or later."))
        return data
