from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ownterms.audit.models import AuditEvent


class EventSearchForm(forms.Form):
    person = forms.CharField(label=_("Person"), max_length=100, required=False)
    user = forms.CharField(label=_("Who did it"), max_length=100, required=False)
    action = forms.CharField(
        label=_("Action"),
        max_length=80,
        required=False,
        help_text=_("For example person.update or security."),
    )
    kind = forms.ChoiceField(
        label=_("Kind"), choices=[("", _("Any")), *AuditEvent.Kind.choices], required=False
    )
    date_from = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", _("The end date must be on or after the start date."))
        return data
