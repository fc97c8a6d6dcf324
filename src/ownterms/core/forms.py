"""Forms for the organisation settings page."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ownterms.core import services, setting_keys
from ownterms.core.models import Organisation
from ownterms.core.rendering import GovUKDateWidget

_MONEY = re.compile(r"^£?\s*(\d{1,7})(?:\.(\d{1,2}))?$")
_WHOLE = re.compile(r"^\d{1,7}$")


def parse_value(known: setting_keys.SettingKey, raw: str) -> int:
    """What someone typed, as the stored whole number (money in pence)."""
    text = raw.strip().replace(",", "")
    if known.unit.is_money:
        match = _MONEY.match(text)
        if not match:
            raise ValidationError(_("Enter an amount in pounds, like 12.71"), code="invalid_money")
        pence = (match.group(2) or "0").ljust(2, "0")
        return int(match.group(1)) * 100 + int(pence)
    if not _WHOLE.match(text):
        raise ValidationError(_("Enter a whole number, like 48"), code="invalid_whole")
    return int(text)


class SettingChangeForm(forms.Form):
    """Schedule a new value for one setting from a date (GOV.UK date input: day, month, year)."""

    value = forms.CharField(
        label=gettext_lazy("New value"),
        max_length=20,
        error_messages={"required": gettext_lazy("Enter the new value")},
    )
    effective_from = forms.DateField(
        label=gettext_lazy("Applies from"),
        help_text=gettext_lazy("For example, 1 4 2027. Today or later."),
        widget=GovUKDateWidget,
        error_messages={
            "required": gettext_lazy("Enter the date the change applies from"),
            "invalid": gettext_lazy("The date must be a real date, like 1 4 2027"),
        },
    )
    note = forms.CharField(
        label=gettext_lazy("Reason for the change"),
        max_length=services.NOTE_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": gettext_lazy("Keep the reason to 300 characters or fewer")},
    )

    def __init__(
        self, *args: Any, known: setting_keys.SettingKey, organisation: Organisation, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.known = known
        self.organisation = organisation
        value = self.fields["value"]
        value.help_text = (
            _("In pounds, like 12.71 (%(unit)s).")
            if known.unit.is_money
            else _("A whole number of %(unit)s.")
        ) % {"unit": setting_keys.UNIT_LABELS[known.unit]}
        value.widget.attrs.update(
            {
                "inputmode": "decimal" if known.unit.is_money else "numeric",
                "spellcheck": "false",
                "class": "govuk-input--width-10",
            }
        )

    def clean_value(self) -> int:
        return parse_value(self.known, self.cleaned_data["value"])

    def clean_effective_from(self) -> dt.date:
        effective_from: dt.date = self.cleaned_data["effective_from"]
        services.validate_effective_from(self.organisation, effective_from)
        return effective_from

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        value, effective_from = cleaned.get("value"), cleaned.get("effective_from")
        if isinstance(value, int) and isinstance(effective_from, dt.date):
            try:
                services.validate_setting_value(
                    self.organisation, self.known.key, value, effective_from
                )
            except ValidationError as exc:
                self.add_error("value", exc)
        return cleaned
