"""Forms for the plan pages. They parse and check shapes; the services check the rules."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ownterms.core.rendering import GovUKDateWidget
from ownterms.lib.photos import PreparedPhoto, prepare_photo
from ownterms.plans.models import SECTIONS, Goal, Policy, RoutineActivity, Weekday
from ownterms.vocabulary.forms import TagsField
from ownterms.vocabulary.models import Skill

if TYPE_CHECKING:
    from django.utils.functional import _StrPromise as Promise

DATE_ERRORS = {"invalid": _("Enter a real date, for example 17 5 2027.")}
TIME_FORMATS = ["%H:%M", "%H.%M", "%H:%M:%S"]
TIME_ERRORS = {
    "invalid": _("Enter a time on the 24-hour clock between 00:00 and 23:59, for example 14:30."),
}


def _date(
    label: str | Promise, *, required: bool, hint: str | Promise = "", **messages: str
) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        widget=GovUKDateWidget,
        help_text=hint or _("For example, 17 5 2027."),
        error_messages={**DATE_ERRORS, **messages},
    )


def _text(
    label: str | Promise, *, required: bool = True, rows: int = 5, **kwargs: Any
) -> forms.CharField:
    return forms.CharField(
        label=label, required=required, widget=forms.Textarea(attrs={"rows": rows}), **kwargs
    )


class VersionedForm(forms.Form):
    #: The version number the editor started from (0 when there was none).
    based_on = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)

    def based_on_number(self) -> int | None:
        value: int | None = self.cleaned_data.get("based_on")
        return value


class UpdatedAtForm(forms.Form):
    #: The row's ``updated_at`` when the form was loaded, to refuse overwriting a change.
    version = forms.CharField(widget=forms.HiddenInput, required=False)

    def expected_updated_at(self) -> dt.datetime | None:
        raw = self.cleaned_data.get("version") or ""
        try:
            return dt.datetime.fromisoformat(raw) if raw else None
        except ValueError:
            return None


class ProfileForm(VersionedForm):
    appreciated = _text(
        _("What people appreciate about me"),
        max_length=4000,
        error_messages={"required": _("Say what people appreciate about the person.")},
    )
    important = _text(
        _("What is important to me"),
        max_length=4000,
        help_text=_("In the person's own words where possible."),
        error_messages={"required": _("Say what is important to the person.")},
    )
    support = _text(
        _("How best to support me"),
        max_length=4000,
        help_text=_("Include what is important for them: health and safety."),
        error_messages={"required": _("Say how best to support the person.")},
    )
    review_on = _date(_("Review date"), required=True)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["review_on"].error_messages["required"] = _("Enter a review date.")


class AspirationsForm(UpdatedAtForm):
    north_star = _text(
        _("North star"),
        required=False,
        rows=3,
        max_length=2000,
        help_text=_("The direction of their life: what they are reaching for."),
    )
    dreams = _text(_("Dreams"), required=False, max_length=4000)


class StrengthsForm(UpdatedAtForm):
    strengths = _text(
        _("Strengths and gifts"),
        required=False,
        max_length=4000,
        help_text=_("What the person brings: the starting point of their plan."),
    )
    interests = TagsField(
        label=_("Interests"),
        help_text=_(
            "Separate each one with a comma, for example: swimming, baking, music. "
            "The same list is used for staff, to find people who share them."
        ),
    )


class GoalForm(UpdatedAtForm):
    title = forms.CharField(
        label=_("Goal"), max_length=200, error_messages={"required": _("Enter the goal.")}
    )
    owner = forms.CharField(
        label=_("Who owns it"),
        max_length=150,
        help_text=_("For example, Sam with Ana."),
        error_messages={"required": _("Say who owns the goal, for example “Sam with Ana”.")},
    )
    next_step = forms.CharField(label=_("Next step"), max_length=500, required=False)
    due_on = _date(_("Due date (optional)"), required=False)
    status = forms.ChoiceField(
        label=_("Status"),
        choices=Goal.Status.choices,
        widget=forms.RadioSelect,
        initial=Goal.Status.NOT_STARTED,
        error_messages={
            "required": _("Choose a status."),
            "invalid_choice": _("Choose a status from the list."),
        },
    )
    achieved_on = _date(
        _("Date achieved (only for an achieved goal)"),
        required=False,
        hint=_("Leave empty for today."),
    )


class SessionForm(UpdatedAtForm):
    """A PATH or MAP session; the sections are those of ``method``."""

    held_on = _date(_("Date of the session"), required=True)
    participants = _text(
        _("Who took part"),
        rows=2,
        max_length=1000,
        error_messages={"required": _("Say who took part.")},
    )
    graphic = forms.FileField(
        label=_("Picture of the graphic (optional)"),
        required=False,
        help_text=_("A photo of the drawing: a JPG, PNG or WebP image, smaller than 5 MB."),
        error_messages={"empty": _("The selected file is empty.")},
    )

    def __init__(self, *args: Any, method: str, has_graphic: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.method = method
        if has_graphic:
            self.fields["remove_graphic"] = forms.BooleanField(
                label=_("Remove the picture"), required=False
            )
        self.fields["held_on"].error_messages["required"] = _("Enter the date of the session.")
        for key, label in SECTIONS[method]:
            self.fields[f"section_{key}"] = _text(
                str(label), required=False, rows=4, max_length=4000
            )

    def clean_graphic(self) -> PreparedPhoto | None:
        upload = self.cleaned_data.get("graphic")
        if not upload:
            return None
        return prepare_photo(upload)

    def sections(self) -> dict[str, str]:
        return {
            key: self.cleaned_data.get(f"section_{key}") or ""
            for key, _label in SECTIONS[self.method]
        }


class ActivityForm(UpdatedAtForm):
    name = forms.CharField(
        label=_("Activity, group or place"),
        max_length=150,
        help_text=_("For example, dance class, coffee morning, allotment."),
        error_messages={"required": _("Enter the activity, group or place.")},
    )
    place = forms.CharField(label=_("Where (optional)"), max_length=200, required=False)
    day = forms.TypedChoiceField(
        label=_("Day"),
        choices=Weekday.choices,
        coerce=int,
        error_messages={
            "required": _("Choose the day."),
            "invalid_choice": _("Choose a day from the list."),
        },
    )
    starts_at = forms.TimeField(
        label=_("Start time"),
        input_formats=TIME_FORMATS,
        help_text=_("On the 24-hour clock, for example 10:00."),
        widget=forms.TimeInput(format="%H:%M", attrs={"class": "govuk-input--width-5"}),
        error_messages={**TIME_ERRORS, "required": _("Enter the start time.")},
    )
    ends_at = forms.TimeField(
        label=_("End time"),
        input_formats=TIME_FORMATS,
        help_text=_("On the 24-hour clock, for example 12:30."),
        widget=forms.TimeInput(format="%H:%M", attrs={"class": "govuk-input--width-5"}),
        error_messages={**TIME_ERRORS, "required": _("Enter the end time.")},
    )
    frequency = forms.ChoiceField(
        label=_("How often"),
        choices=RoutineActivity.Frequency.choices,
        widget=forms.RadioSelect,
        initial=RoutineActivity.Frequency.WEEKLY,
        error_messages={
            "required": _("Choose how often."),
            "invalid_choice": _("Choose how often from the list."),
        },
    )
    since = _date(_("Since (optional)"), required=False, hint=_("When they started going."))
    who_goes = forms.CharField(
        label=_("Who usually goes (optional)"), max_length=300, required=False
    )
    support_needed = forms.CharField(
        label=_("Support needed (optional)"),
        max_length=500,
        required=False,
        help_text=_("For example, a worker who can drive; someone who likes dancing."),
    )
    skill = forms.ModelChoiceField(
        label=_("A skill the worker needs (optional)"),
        queryset=Skill.objects.none(),
        required=False,
        empty_label=_("No particular skill"),
        to_field_name="public_id",
        error_messages={"invalid_choice": _("Choose a skill from the list.")},
    )
    interest = forms.CharField(
        label=_("An interest the worker should share (optional)"),
        max_length=60,
        required=False,
        help_text=_("For example, dancing."),
    )

    def __init__(self, *args: Any, organisation_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        skill = self.fields["skill"]
        assert isinstance(skill, forms.ModelChoiceField)
        skill.queryset = Skill.objects.filter(organisation_id=organisation_id).order_by("name")

    def changes(self) -> dict[str, Any]:
        names = (
            "name",
            "place",
            "day",
            "starts_at",
            "ends_at",
            "frequency",
            "since",
            "who_goes",
            "support_needed",
            "skill",
            "interest",
        )
        return {name: self.cleaned_data[name] for name in names}


class PolicyForm(VersionedForm):
    kind = forms.ChoiceField(
        label=_("Kind of policy"),
        choices=Policy.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose what kind of policy it is."),
            "invalid_choice": _("Choose what kind of policy it is."),
        },
    )
    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        error_messages={"required": _("Enter a title for the policy.")},
    )
    text = _text(
        _("The policy"),
        rows=8,
        max_length=8000,
        error_messages={"required": _("Write the policy.")},
    )
    owner = forms.CharField(
        label=_("Who owns it"),
        max_length=150,
        error_messages={"required": _("Say who owns the policy.")},
    )
    review_on = _date(_("Review date"), required=True)

    def __init__(self, *args: Any, with_kind: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["review_on"].error_messages["required"] = _("Enter a review date.")
        if not with_kind:
            del self.fields["kind"]
