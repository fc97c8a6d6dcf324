"""Forms for vacancies: the wishes (new and edit), a question, and the approval."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from ownterms.people.models import CircleMember, Person
from ownterms.recruitment.forms.choices import (
    CircleChoices,
    NamedChoice,
    NamedChoices,
    TagChoices,
    Ticks,
    set_choices,
)
from ownterms.recruitment.models import Vacancy
from ownterms.recruitment.selectors.vacancies import block_words
from ownterms.recruitment.services.vacancies import Wishes
from ownterms.rota.models import PatternBlock
from ownterms.staff.models import normalise_district, validate_postcode_district
from ownterms.vocabulary.models import Skill, Tag

TOO_LONG = _("This is too long: keep it to %(limit_value)d characters (it has %(show_value)d).")
MAX_NEW_LABELS = 10


class BlockChoices(Ticks):
    weeks = 1

    def label_from_instance(self, obj: Any) -> str:
        text = block_words(obj, self.weeks, in_week=self.weeks > 1)
        if obj.activity:
            text = f"{text}: {obj.activity}"
        return text


def _labels_field(label: Any, help_text: Any) -> forms.CharField:
    return forms.CharField(
        label=label,
        help_text=help_text,
        required=False,
        max_length=500,
        error_messages={"max_length": TOO_LONG},
    )


def hours_value(minutes: int) -> str:
    """Minutes as the hours field's starting value, to 2 decimal places at most ("37.5",
    "18.83"), which the field takes back as the same whole minute."""
    value = (Decimal(minutes) / 60).quantize(Decimal("0.01"))
    return format(value.normalize(), "f")


def split_labels(text: str) -> list[str]:
    return [" ".join(part.split()) for part in text.split(",") if part.strip()]


class PersonChoiceForm(forms.Form):
    """Choosing whom a new vacancy is for (sent with GET)."""

    use_required_attribute = False

    person = NamedChoice(
        label=_("Who is the vacancy for?"),
        queryset=Person.objects.none(),
        to_field_name="public_id",
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose the person.")},
    )

    def __init__(self, *args: Any, people: QuerySet[Person], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self, person=people)


class VacancyForm(forms.Form):
    use_required_attribute = False

    kind = forms.ChoiceField(
        label=_("Core team or relief?"),
        choices=Vacancy.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose core team or relief.")},
    )
    blocks = BlockChoices(
        label=_("Which blocks of the support pattern is it for?"),
        queryset=PatternBlock.objects.none(),
        to_field_name="public_id",
        help_text=_("Leave the hours and the times below empty to work them out from these."),
    )
    hours = forms.DecimalField(
        label=_("Hours a week"),
        required=False,
        min_value=Decimal(0),
        max_value=Decimal(168),
        max_digits=5,
        decimal_places=2,
        help_text=_("For example 20 or 7.5. Leave empty for the total of the blocks ticked."),
        widget=forms.TextInput(attrs={"inputmode": "decimal", "class": "govuk-input--width-5"}),
        error_messages={
            "invalid": _("Enter the hours as a number, like 20 or 7.5."),
            "min_value": _("Hours can't be less than 0."),
            "max_value": _("A week has 168 hours; enter fewer."),
            "max_digits": _("Enter the hours as a number, like 20 or 7.5."),
            "max_decimal_places": _("Enter the hours to at most 2 decimal places."),
        },
    )
    pattern_text = forms.CharField(
        label=_("When the support is"),
        required=False,
        max_length=500,
        help_text=_("Leave empty to describe the blocks ticked, like “Tuesdays 09:00\u201315:00”."),
        error_messages={"max_length": TOO_LONG},
    )
    area = forms.CharField(
        label=_("Area (postcode district)"),
        required=False,
        max_length=8,
        help_text=_("Only the first part of the postcode, like LS6. Never the full postcode."),
        widget=forms.TextInput(attrs={"class": "govuk-input--width-5"}),
        error_messages={"max_length": _("Enter only the first part of the postcode, like LS6.")},
    )
    wanted_interests = TagChoices(label=_("Interests to share"), queryset=Tag.objects.none())
    new_interests = _labels_field(
        _("Other interests to share"), _("Separate them with commas, like baking, football.")
    )
    wanted_traits = TagChoices(
        label=_("What the worker should be like"), queryset=Tag.objects.none()
    )
    new_traits = _labels_field(
        _("Other things the worker should be like"), _("Separate them with commas.")
    )
    avoided_tags = TagChoices(label=_("What would not suit"), queryset=Tag.objects.none())
    new_avoided = _labels_field(
        _("Other things that would not suit"), _("Separate them with commas, like loud.")
    )
    skills = NamedChoices(label=_("Skills the worker needs"), queryset=Skill.objects.none())
    personal_care = forms.ChoiceField(
        label=_("Personal care"),
        choices=Vacancy.PersonalCare.choices,
        required=False,
        widget=forms.RadioSelect,
    )
    voice = forms.ChoiceField(
        label=_("How should the advert speak?"),
        choices=Vacancy.Voice.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose how the advert speaks.")},
    )
    in_my_words = forms.CharField(
        label=_("In my words"),
        required=False,
        max_length=3000,
        help_text=_(
            "What the person wants to tell applicants. Don't give their surname, address, "
            "health or date of birth."
        ),
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"max_length": TOO_LONG},
    )
    deciders = CircleChoices(
        label=_("Family members who decide with the person"),
        queryset=CircleMember.objects.none(),
        to_field_name="public_id",
        help_text=_("They approve the advert and meet applicants at the second stage."),
    )

    def __init__(
        self,
        *args: Any,
        blocks: QuerySet[PatternBlock],
        weeks: int,
        interests: QuerySet[Tag],
        traits: QuerySet[Tag],
        skills: QuerySet[Skill],
        family: QuerySet[CircleMember],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        set_choices(
            self,
            blocks=blocks,
            wanted_interests=interests,
            wanted_traits=traits,
            avoided_tags=traits,
            skills=skills,
            deciders=family,
        )
        block_field = self.fields["blocks"]
        assert isinstance(block_field, BlockChoices)
        block_field.weeks = weeks
        if not blocks.exists():
            del self.fields["blocks"]
        if not family.exists():
            del self.fields["deciders"]

    def clean_area(self) -> str:
        area = normalise_district(self.cleaned_data.get("area") or "")
        validate_postcode_district(area)
        return area

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for name in ("new_interests", "new_traits", "new_avoided"):
            if len(split_labels(data.get(name) or "")) > MAX_NEW_LABELS:
                self.add_error(name, _("Add at most 10 at a time."))
        return data

    def wishes(self) -> Wishes:
        data = self.cleaned_data
        hours = data.get("hours")
        return Wishes(
            kind=data["kind"],
            blocks=list(data.get("blocks") or []),
            minutes_per_week=None if hours is None else round(hours * 60),
            pattern_text=data.get("pattern_text") or None,
            area=data.get("area") or "",
            wanted_tags=[*(data.get("wanted_interests") or []), *(data.get("wanted_traits") or [])],
            avoided_tags=list(data.get("avoided_tags") or []),
            skills=list(data.get("skills") or []),
            personal_care=data.get("personal_care") or "",
            voice=data["voice"],
            in_my_words=data.get("in_my_words") or "",
            deciders=list(data.get("deciders") or []),
            new_interests=split_labels(data.get("new_interests") or ""),
            new_traits=split_labels(data.get("new_traits") or ""),
            new_avoided=split_labels(data.get("new_avoided") or ""),
        )


class QuestionForm(forms.Form):
    use_required_attribute = False

    text = forms.CharField(
        label=_("Question"),
        max_length=300,
        help_text=_("Something applicants can answer yes or no to, like “Can you swim?”"),
        error_messages={"required": _("Enter the question."), "max_length": TOO_LONG},
    )


class ApprovalForm(forms.Form):
    """The person or family: yes, or changes please, with their words."""

    use_required_attribute = False

    decision = forms.ChoiceField(
        label=_("Is the advert right?"),
        choices=[
            ("approve", _("Yes, put the advert out")),
            ("changes", _("No, it needs changes")),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose yes or no.")},
    )
    words = forms.CharField(
        label=_("What do you want to say?"),
        required=False,
        max_length=2000,
        help_text=_(
            "If it needs changes, say what. You can write as much or as little as you like."
        ),
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"max_length": TOO_LONG},
    )

    def __init__(self, *args: Any, on_behalf: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if on_behalf:
            self.fields["decision"].label = _("What did the person say about the advert?")
            self.fields["words"].label = _("What they said, in their words")
            self.fields["words"].help_text = _(
                "For example: “She said yes at our meeting, and likes the photo.”"
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("decision") == "changes" and not (data.get("words") or "").strip():
            self.add_error("words", _("Say what needs changing."))
        return data
