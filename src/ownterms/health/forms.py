"""Forms for the health summary. They validate input; the services check the rules again."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ownterms.health.models import Allergy, Condition, HealthContact, HealthItem, Medication
from ownterms.health.services import ITEM_FIELDS, MEDICATION_CHANGE_FIELDS, MEDICATION_FIELDS
from ownterms.people.forms import NeededWhenCharField, date_field
from ownterms.vocabulary.models import Skill


class ConditionForm(forms.ModelForm):  # type: ignore[type-arg]
    since = date_field(_("Since"), required=False, hint=_("For example, 27 3 2012"))

    class Meta:
        model = Condition
        fields = ITEM_FIELDS[Condition]
        widgets = {"notes": forms.Textarea(attrs={"rows": 4})}
        labels = {"notes": _("Notes")}
        help_texts = {
            "name": _("For example: epilepsy, type 2 diabetes, asthma."),
            "notes": _("What the team needs to know, for example the kind of seizures."),
        }
        error_messages = {"name": {"required": _("Enter the condition.")}}


class AllergyForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = Allergy
        fields = ITEM_FIELDS[Allergy]
        widgets = {"severity": forms.RadioSelect, "reaction": forms.Textarea(attrs={"rows": 3})}
        labels = {"reaction": _("Reaction")}
        help_texts = {"substance": _("A medicine, food or anything else, for example penicillin.")}
        error_messages = {
            "substance": {"required": _("Enter what they are allergic to.")},
            "severity": {
                "required": _("Choose how severe the reaction is."),
                "invalid_choice": _("Choose how severe the reaction is from the list."),
            },
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        severity = self.fields["severity"]
        assert isinstance(severity, forms.ChoiceField)
        severity.choices = Allergy.Severity.choices


class HealthContactForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = HealthContact
        fields = ITEM_FIELDS[HealthContact]
        labels = {
            "organisation_name": _("Practice or organisation"),
            "phone": _("Phone"),
            "email": _("Email"),
        }
        error_messages = {
            "name": {"required": _("Enter their name.")},
            "role": {
                "required": _("Choose their role."),
                "invalid_choice": _("Choose their role from the list."),
            },
            "email": {"invalid": _("Enter an email address like name@example.com.")},
        }


ITEM_FORMS: dict[type[HealthItem], type[forms.ModelForm]] = {  # type: ignore[type-arg]
    Condition: ConditionForm,
    Allergy: AllergyForm,
    HealthContact: HealthContactForm,
}


class MedicationForm(forms.Form):
    use_required_attribute = False

    name = forms.CharField(
        label=_("Medicine"),
        max_length=150,
        help_text=_("The name on the label, for example sodium valproate."),
        error_messages={"required": _("Enter the medicine.")},
    )
    dose = forms.CharField(
        label=_("Dose"),
        max_length=100,
        help_text=_("For example: 200 mg, or 10 mg in 1 ml."),
        error_messages={"required": _("Enter the dose.")},
    )
    route = forms.ChoiceField(
        label=_("How it is taken"),
        choices=Medication.Route.choices,
        error_messages={
            "required": _("Choose how it is taken."),
            "invalid_choice": _("Choose how it is taken from the list."),
        },
    )
    kind = forms.ChoiceField(
        label=_("Regular or when needed"),
        choices=Medication.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose regular or when needed."),
            "invalid_choice": _("Choose regular or when needed from the list."),
        },
    )
    frequency = forms.CharField(
        label=_("How often, and at what times"),
        max_length=200,
        help_text=_("For example: twice a day at 8am and 8pm; or at most 1 dose in 24 hours."),
        error_messages={"required": _("Say how often it is given.")},
    )
    prn_protocol = NeededWhenCharField(
        label=_("When to give it (needed for a when-needed medicine)"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "For example: a tonic-clonic seizure lasting 5 minutes; call 999 if it has not "
            "stopped 10 minutes after."
        ),
    )
    starts_on = date_field(_("Started on"))
    is_psychotropic = forms.BooleanField(
        label=_("This is a psychotropic medicine (STOMP)"),
        required=False,
        help_text=_("Antipsychotics, antidepressants, sedatives and others that act on the mind."),
    )
    psychotropic_reason = NeededWhenCharField(
        label=_("Why it is prescribed (needed for a psychotropic)"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    review_on = date_field(
        _("Review date (needed for a psychotropic)"),
        needed_when=True,
        hint=_("When the prescriber will review it, for example 27 9 2026"),
    )

    training_skill = forms.ModelChoiceField(
        label=_("Training needed to give it (optional)"),
        queryset=Skill.objects.none(),
        required=False,
        empty_label=_("No particular training"),
        help_text=_(
            "For example: epilepsy rescue medication. A seizure record checks that whoever "
            "gave it held this training that day."
        ),
        error_messages={"invalid_choice": _("Choose the training from the list.")},
    )

    def __init__(
        self, *args: Any, changing: bool = False, organisation: int | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        skill = self.fields["training_skill"]
        assert isinstance(skill, forms.ModelChoiceField)
        skill.queryset = (
            Skill.objects.filter(organisation_id=organisation).order_by("name")
            if organisation is not None
            else Skill.objects.none()
        )
        if changing:
            del self.fields["starts_on"]
            self.fields["changes_on"] = date_field(
                _("The change starts on"),
                hint=_("The old entry stops that day and the new one starts."),
            )
        self.changing = changing

    def values(self) -> dict[str, Any]:
        names = MEDICATION_CHANGE_FIELDS if self.changing else MEDICATION_FIELDS
        values = {name: self.cleaned_data[name] for name in names}
        for text in ("prn_protocol", "psychotropic_reason"):
            values[text] = values[text] or ""
        return values


class StopMedicationForm(forms.Form):
    stops_on = date_field(
        _("Stop from"), hint=_("The first day it is no longer given, for example 27 3 2026")
    )
    stop_reason = forms.CharField(
        label=_("Why it is stopping"),
        max_length=300,
        help_text=_("For example: stopped by the GP at the review."),
        error_messages={"required": _("Say why the medicine is stopping.")},
    )


class RemoveItemForm(forms.Form):
    """Confirms taking an item off the summary (the record of it is kept)."""
