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
    effective_day = forms.CharField(label=gettext_lazy("Day"), max_length=2, required=False)
    effective_month = forms.CharField(label=gettext_lazy("Month"), max_length=2, required=False)
    effective_year = forms.CharField(label=gettext_lazy("Year"), max_length=4, required=False)
    note = forms.CharField(
        label=gettext_lazy("Reason for the change (optional)"),
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
        for name in ("effective_day", "effective_month", "effective_year"):
            self.fields[name].widget.attrs.update({"inputmode": "numeric"})
        self.fields["value"].widget.attrs.update(
            {"inputmode": "decimal" if known.unit.is_money else "numeric", "spellcheck": "false"}
        )

    def clean_value(self) -> int:
        return parse_value(self.known, self.cleaned_data["value"])

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        effective_from = self._effective_from(cleaned)
        if effective_from is not None:
            try:
                services.validate_effective_from(self.organisation, effective_from)
            except ValidationError as exc:
                self.add_error("effective_day", exc)
                effective_from = None
        cleaned["effective_from"] = effective_from
        value = cleaned.get("value")
        if isinstance(value, int) and effective_from is not None:
            try:
                services.validate_setting_value(
                    self.organisation, self.known.key, value, effective_from
                )
            except ValidationError as exc:
                self.add_error("value", exc)
        return cleaned

    def _effective_from(self, cleaned: dict[str, Any]) -> dt.date | None:
        parts = [
            (cleaned.get(name) or "").strip()
            for name in ("effective_day", "effective_month", "effective_year")
        ]
        if not any(parts):
            self.add_error("effective_day", _("Enter the date the change applies from"))
            return None
        missing = [
            label
            for label, part in zip((_("day"), _("month"), _("year")), parts, strict=True)
            if not part
        ]
        if missing:
            self.add_error(
                "effective_day",
                _("The date must include a %(part)s") % {"part": missing[0]},
            )
            return None
        if not all(part.isascii() and part.isdigit() for part in parts) or len(parts[2]) != 4:
            self.add_error("effective_day", _("The date must be a real date"))
            return None
        try:
            return dt.date(int(parts[2]), int(parts[1]), int(parts[0]))
        except ValueError:
            self.add_error("effective_day", _("The date must be a real date"))
            return None
