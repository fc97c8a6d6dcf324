"""Forms of the decision and of creating the person's record. They parse what people type;
the services check every rule again (the API calls the same ones)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ownterms.leave.forms import DateField
from ownterms.referrals.models import DeclineReason, Outcome
from ownterms.staff.models import StaffMember


class DecisionForm(forms.Form):
    outcome = forms.ChoiceField(
        label=gettext_lazy("Your decision"),
        choices=Outcome.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": gettext_lazy("Choose accept, accept with conditions, or decline."),
            "invalid_choice": gettext_lazy("Choose accept, accept with conditions, or decline."),
        },
    )
    conditions = forms.CharField(
        label=gettext_lazy("Conditions (for “Accept with conditions”)"),
        help_text=gettext_lazy(
            "One a line, plainly: what must be in place, and by when. The letter lists them."
        ),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        strip=False,
    )
    reasons = forms.CharField(
        label=gettext_lazy("The reasons, in words"),
        help_text=gettext_lazy(
            "They go in the letter to the referrer. Say what the evidence showed about the "
            "support and about us — “we are not the best provider for them because…” — never "
            "a judgement of the person."
        ),
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={
            "required": gettext_lazy(
                "Write the reasons in words: they go in the letter to the referrer."
            )
        },
        strip=False,
    )
    decline_reasons = forms.MultipleChoiceField(
        label=gettext_lazy("Reasons for declining (for “Decline”)"),
        help_text=gettext_lazy("Choose at least one when declining. The reports count them."),
        choices=DeclineReason.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        error_messages={"invalid_choice": gettext_lazy("Choose reasons from the list.")},
    )
    differs_because = forms.CharField(
        label="",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        strip=False,
    )

    def __init__(self, *args: Any, recommended: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        label = Outcome(recommended).label
        self.fields["differs_because"].label = _(
            "Why you decided otherwise (needed if your decision is not “%(recommended)s”)"
        ) % {"recommended": label}
        self.fields["differs_because"].help_text = _(
            "The app recommends “%(recommended)s” from the ratings. You may decide otherwise; "
            "say why, for the record."
        ) % {"recommended": label}


class ManagerChoice(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name)

    def to_python(self, value: Any) -> Any:
        try:
            return super().to_python(value)
        except ValidationError:
            # Not even an id (a tampered form): the same words as for a stranger's id.
            raise ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice"
            ) from None


class CreateRecordForm(forms.Form):
    starts_on = DateField(
        label=gettext_lazy("Support is planned to start on"),
        help_text=gettext_lazy(
            "The package, funding and support pattern start on this day. For example 3 8 2026."
        ),
    )
    manager = ManagerChoice(
        label=gettext_lazy("The manager who will hold it"),
        queryset=StaffMember.objects.none(),
        to_field_name="public_id",
        empty_label=gettext_lazy("Choose a manager"),
        error_messages={
            "required": gettext_lazy("Choose the manager who will hold the package."),
            "invalid_choice": gettext_lazy("Choose a current manager."),
        },
    )

    def __init__(self, *args: Any, managers: QuerySet[StaffMember], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["manager"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = managers
