from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

LIFETIME_CHOICES = [
    ("30", _("30 days")),
    ("90", _("90 days")),
    ("365", _("1 year (the longest allowed)")),
]


class TokenCreateForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        help_text=_("What will use this token, for example “Payroll export”."),
        max_length=100,
    )
    lifetime_days = forms.TypedChoiceField(
        label=_("Expires after"), choices=LIFETIME_CHOICES, coerce=int, initial="90"
    )

    def clean_name(self) -> str:
        name: str = self.cleaned_data["name"].strip()
        if not name:
            raise forms.ValidationError(_("Enter a name for the token"))
        return name
