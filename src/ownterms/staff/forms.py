"""Forms for staff records, training, skills and teams. They validate; the services write."""

from __future__ import annotations

import datetime as dt
import decimal
from typing import TYPE_CHECKING, Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ownterms.core.rendering import GovUKDateWidget
from ownterms.staff.models import (
    MAX_OPT_OUT_NOTICE_DAYS,
    SkillNeed,
    StaffMember,
    TeamMembership,
    validate_postcode_district,
)
from ownterms.vocabulary.forms import TagsField
from ownterms.vocabulary.models import Skill

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


def _date(
    label: StrOrPromise, *, required: bool = False, hint: StrOrPromise = ""
) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        help_text=hint or gettext_lazy("For example, 27 3 2025."),
        widget=GovUKDateWidget,
        error_messages={
            "required": gettext_lazy("Enter the date."),
            "invalid": gettext_lazy("Enter a real date, for example 27 3 2025."),
        },
    )


def _hours(label: StrOrPromise, *, hint: StrOrPromise = "") -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        help_text=hint,
        min_value=0,
        max_value=168,
        max_digits=5,
        decimal_places=2,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "class": "govuk-input--width-5"}),
        error_messages={
            "required": gettext_lazy("Enter a number of hours, for example 37.5 (or 0)."),
            "invalid": gettext_lazy("Enter a number of hours, for example 37.5."),
            "min_value": gettext_lazy("The hours can't be negative."),
            "max_value": gettext_lazy("A week has only 168 hours."),
            "max_decimal_places": gettext_lazy("Use at most two decimal places."),
            "max_digits": gettext_lazy("Enter a number of hours, for example 37.5."),
        },
    )


def minutes_of(hours: decimal.Decimal) -> int:
    return int((hours * 60).to_integral_value(rounding=decimal.ROUND_HALF_UP))


class StaffRecordForm(forms.Form):
    """The whole staff record a manager or administrator may change."""

    #: The record's ``updated_at`` when the form was loaded, to refuse overwriting a change.
    version = forms.CharField(widget=forms.HiddenInput, required=False)
    first_name = forms.CharField(
        label=gettext_lazy("First name"),
        max_length=100,
        error_messages={"required": gettext_lazy("Enter their first name.")},
    )
    last_name = forms.CharField(
        label=gettext_lazy("Last name"),
        max_length=100,
        error_messages={"required": gettext_lazy("Enter their last name.")},
    )
    job_title = forms.CharField(
        label=gettext_lazy("Job title"),
        max_length=100,
        error_messages={"required": gettext_lazy("Enter their job title.")},
    )
    employment = forms.ChoiceField(
        label=gettext_lazy("Employment"),
        choices=StaffMember.Employment.choices,
        widget=forms.RadioSelect,
        error_messages={"required": gettext_lazy("Choose the kind of employment.")},
    )
    contract_hours = _hours(
        gettext_lazy("Contracted hours a week"), hint=gettext_lazy("0 for bank staff.")
    )
    starts_on = _date(gettext_lazy("Start date"), required=True)
    ends_on = _date(
        gettext_lazy("End date (optional)"),
        hint=gettext_lazy("The first day they no longer work here. For example, 31 1 2027."),
    )
    pay_band = forms.CharField(
        label=gettext_lazy("Pay band (optional)"),
        max_length=40,
        required=False,
        help_text=gettext_lazy("For example, Band 2 or Senior support worker scale."),
    )
    opt_out_signed_on = _date(
        gettext_lazy("48-hour opt-out signed on (optional)"),
        hint=gettext_lazy(
            "The date they agreed in writing to work more than 48 hours a week on average."
        ),
    )
    opt_out_withdrawal_notice_on = _date(
        gettext_lazy("Notice to end the opt-out given on (optional)"),
        hint=gettext_lazy("The opt-out stops once the notice period has passed."),
    )
    opt_out_notice_days = forms.IntegerField(
        label=gettext_lazy("Notice needed to end the opt-out, in days"),
        min_value=0,
        max_value=MAX_OPT_OUT_NOTICE_DAYS,
        initial=7,
        help_text=gettext_lazy(
            "7 days unless the written agreement says otherwise (at most 3 months)."
        ),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-3"}),
        error_messages={
            "required": gettext_lazy("Enter the notice in days, for example 7."),
            "invalid": gettext_lazy("Enter a whole number of days, for example 7."),
            "min_value": gettext_lazy("The notice can't be negative."),
            "max_value": gettext_lazy("The notice can be at most three months (92 days)."),
        },
    )
    night_worker = forms.BooleanField(
        label=gettext_lazy("Night worker"),
        required=False,
        help_text=gettext_lazy(
            "They normally work at least 3 hours of a shift at night. The rota then keeps their "
            "working time within the night-worker average in the organisation's settings (8 "
            "hours in 24 unless changed)."
        ),
    )
    other_employment_hours = _hours(
        gettext_lazy("Hours a week at other employers"),
        hint=gettext_lazy("What they have declared; 0 if none. Counts towards the 48-hour limit."),
    )
    gender = forms.ChoiceField(
        label=gettext_lazy("Gender (optional)"),
        required=False,
        choices=[("", gettext_lazy("Not recorded")), *StaffMember.Gender.choices],
        widget=forms.RadioSelect,
        help_text=gettext_lazy(
            "Only used to respect a person's stated preference about who gives them personal care."
        ),
    )
    languages = forms.CharField(
        label=gettext_lazy("Languages (optional)"),
        max_length=200,
        required=False,
        help_text=gettext_lazy("For example: English, Polish, British Sign Language."),
    )
    home_area = forms.CharField(
        label=gettext_lazy("Home area (optional)"),
        max_length=8,
        required=False,
        validators=[validate_postcode_district],
        help_text=gettext_lazy(
            "The first part of their postcode, for example LS6 — used to plan travel."
        ),
        widget=forms.TextInput(attrs={"class": "govuk-input--width-5", "autocomplete": "off"}),
    )
    interests = TagsField(
        label=gettext_lazy("Interests (optional)"),
        help_text=gettext_lazy(
            "For example: swimming, baking, football. Separate each with a comma."
        ),
    )
    traits = TagsField(
        label=gettext_lazy("Traits (optional)"),
        help_text=gettext_lazy("For example: calm, talkative, active. Separate each with a comma."),
    )
    profile_appreciated = forms.CharField(
        label=gettext_lazy("What people like and admire about me (optional)"),
        max_length=1500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    profile_important = forms.CharField(
        label=gettext_lazy("What matters to me (optional)"),
        max_length=1500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    profile_how_i_work = forms.CharField(
        label=gettext_lazy("How I like to work (optional)"),
        max_length=1500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    @classmethod
    def initial_for(cls, member: StaffMember) -> dict[str, Any]:
        tags = list(member.tags.all())
        return {
            **{name: getattr(member, name) for name in cls.MODEL_FIELDS},
            "contract_hours": decimal.Decimal(member.contract_minutes_per_week) / 60,
            "other_employment_hours": decimal.Decimal(member.other_employment_minutes_per_week)
            / 60,
            "interests": [t for t in tags if t.kind == "interest"],
            "traits": [t for t in tags if t.kind == "trait"],
            "version": member.updated_at.isoformat(),
        }

    MODEL_FIELDS = (
        "first_name",
        "last_name",
        "job_title",
        "employment",
        "starts_on",
        "ends_on",
        "pay_band",
        "opt_out_signed_on",
        "opt_out_withdrawal_notice_on",
        "opt_out_notice_days",
        "night_worker",
        "gender",
        "languages",
        "home_area",
        "profile_appreciated",
        "profile_important",
        "profile_how_i_work",
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        starts, ends = data.get("starts_on"), data.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", _("The end date must be on or after the start date."))
        signed, notice = data.get("opt_out_signed_on"), data.get("opt_out_withdrawal_notice_on")
        if notice and not signed:
            self.add_error(
                "opt_out_withdrawal_notice_on",
                _("Enter the date the opt-out was signed before recording notice to end it."),
            )
        elif notice and signed and notice < signed:
            self.add_error(
                "opt_out_withdrawal_notice_on",
                _("Notice to end the opt-out must be on or after the date it was signed."),
            )
        return data

    def changes(self) -> dict[str, Any]:
        data = self.cleaned_data
        changes = {name: data[name] for name in self.MODEL_FIELDS}
        changes["contract_minutes_per_week"] = minutes_of(data["contract_hours"])
        changes["other_employment_minutes_per_week"] = minutes_of(data["other_employment_hours"])
        changes["interests"] = data["interests"]
        changes["traits"] = data["traits"]
        return changes

    def expected_updated_at(self) -> dt.datetime | None:
        raw = self.cleaned_data.get("version") or ""
        try:
            return dt.datetime.fromisoformat(raw) if raw else None
        except ValueError:
            return None


class SkillChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        skill: Skill = obj
        if skill.renew_every_months:
            return _("%(name)s (renew every %(months)d months)") % {
                "name": skill.name,
                "months": skill.renew_every_months,
            }
        return skill.name


class TrainingForm(forms.Form):
    skill = SkillChoiceField(
        label=gettext_lazy("Skill"),
        queryset=Skill.objects.none(),
        to_field_name="public_id",
        empty_label=gettext_lazy("Choose a skill"),
        error_messages={
            "required": gettext_lazy("Choose the skill the training was for."),
            "invalid_choice": gettext_lazy("Choose a skill from the list."),
        },
    )
    completed_on = _date(gettext_lazy("Completed on"), required=True)
    expires_on = _date(
        gettext_lazy("Expires on (optional)"),
        hint=gettext_lazy("Leave empty to use the skill's renewal period, for example 27 3 2027."),
    )

    def __init__(self, *args: Any, skills: QuerySet[Skill], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["skill"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = skills

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        done, expires = data.get("completed_on"), data.get("expires_on")
        if done and expires and expires <= done:
            self.add_error("expires_on", _("The expiry date must be after the completion date."))
        return data


class SkillForm(forms.Form):
    name = forms.CharField(
        label=gettext_lazy("Name of the skill"),
        max_length=100,
        help_text=gettext_lazy("For example, epilepsy rescue medication."),
        error_messages={"required": gettext_lazy("Enter the name of the skill.")},
    )
    renew_every_months = forms.IntegerField(
        label=gettext_lazy("Renew every (months, optional)"),
        required=False,
        min_value=1,
        max_value=120,
        help_text=gettext_lazy("Leave empty if the training never needs renewing."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-3"}),
        error_messages={
            "invalid": gettext_lazy("Enter a whole number of months, for example 12."),
            "min_value": gettext_lazy("Enter a number of months from 1 to 120."),
            "max_value": gettext_lazy("Enter a number of months from 1 to 120."),
        },
    )


class StaffChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        member: StaffMember = obj
        return f"{member.name} — {member.job_title}"


class TeamMemberForm(forms.Form):
    staff_member = StaffChoiceField(
        label=gettext_lazy("Member of staff"),
        queryset=StaffMember.objects.none(),
        to_field_name="public_id",
        empty_label=gettext_lazy("Choose a member of staff"),
        error_messages={
            "required": gettext_lazy("Choose who joins the team."),
            "invalid_choice": gettext_lazy("Choose a member of staff from the list."),
        },
    )
    kind = forms.ChoiceField(
        label=gettext_lazy("Core or relief"),
        choices=TeamMembership.Kind.choices,
        widget=forms.RadioSelect,
        initial=TeamMembership.Kind.CORE,
        error_messages={"required": gettext_lazy("Choose core or relief.")},
    )
    starts_on = _date(gettext_lazy("Joins the team on"), required=True)
    ends_on = _date(gettext_lazy("Leaves the team on (optional)"))
    approved_by_person = forms.BooleanField(
        label=gettext_lazy("The person has said yes to this member of their team"),
        required=False,
    )

    def __init__(self, *args: Any, staff: QuerySet[StaffMember], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["staff_member"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = staff

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        starts, ends = data.get("starts_on"), data.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", _("The end date must be on or after the start date."))
        return data


class EndMembershipForm(forms.Form):
    ends_on = _date(
        gettext_lazy("Leaves the team on"),
        required=True,
        hint=gettext_lazy(
            "The first day they are no longer in the team. Today ends their access at once."
        ),
    )

    def __init__(self, *args: Any, starts_on: dt.date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.starts_on = starts_on

    def clean_ends_on(self) -> dt.date:
        value: dt.date = self.cleaned_data["ends_on"]
        if value < self.starts_on:
            raise forms.ValidationError(
                _("The end date must be on or after the day they joined (%(date)s).")
                % {"date": self.starts_on.strftime("%d/%m/%Y")}
            )
        return value


class SkillNeedForm(forms.Form):
    skill = SkillChoiceField(
        label=gettext_lazy("Skill"),
        queryset=Skill.objects.none(),
        to_field_name="public_id",
        empty_label=gettext_lazy("Choose a skill"),
        error_messages={
            "required": gettext_lazy("Choose the skill their support needs."),
            "invalid_choice": gettext_lazy("Choose a skill from the list."),
        },
    )
    coverage = forms.ChoiceField(
        label=gettext_lazy("How often"),
        choices=SkillNeed.Coverage.choices,
        widget=forms.RadioSelect,
        initial=SkillNeed.Coverage.EVERY_SHIFT,
        error_messages={"required": gettext_lazy("Choose how often the skill is needed.")},
    )
    note = forms.CharField(
        label=gettext_lazy("Note (optional)"),
        max_length=300,
        required=False,
        help_text=gettext_lazy("For example: buccal midazolam, carried on every outing."),
    )

    def __init__(self, *args: Any, skills: QuerySet[Skill], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["skill"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = skills
