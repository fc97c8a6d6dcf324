"""Forms of the assessment: rating a component, and a block of the draft support pattern. They
parse what people type; the services check the rules again and write."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy

from ownterms.referrals import questions
from ownterms.referrals.models import Rating
from ownterms.referrals.services.assessment import MAX_ACTIVITY, MAX_EVIDENCE
from ownterms.rota.forms.patterns import HEADCOUNTS, TimesMixin
from ownterms.rota.models import WEEKDAYS, ShiftKind

ANSWER_PREFIX = "q_"


class RatingForm(forms.Form):
    rating = forms.ChoiceField(
        label=gettext_lazy("Rating"),
        choices=Rating.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": gettext_lazy("Choose met, partly met or not met."),
            "invalid_choice": gettext_lazy("Choose met, partly met or not met."),
        },
    )
    evidence = forms.CharField(
        label=gettext_lazy("Evidence"),
        help_text=gettext_lazy(
            "What you found and where: conversations, visits, documents, the figures above."
        ),
        max_length=MAX_EVIDENCE,
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={
            "required": gettext_lazy(
                "Write the evidence for this rating: what you found and where."
            )
        },
    )

    def __init__(self, *args: Any, component: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.component = component
        asked: dict[str, forms.Field] = {}
        for question in questions.questions_for(component):
            asked[ANSWER_PREFIX + question.key] = forms.ChoiceField(
                label=str(question.text),
                help_text=str(question.hint),
                choices=question.choices,
                widget=forms.RadioSelect,
                error_messages={
                    "required": gettext_lazy(
                        "Answer this question (“We don't know yet” is an answer)."
                    ),
                    "invalid_choice": gettext_lazy("Choose one of the answers given."),
                },
            )
        # The questions come first: answering them is how the rating is reached.
        self.fields = {**asked, **self.fields}

    @property
    def answers(self) -> dict[str, str]:
        return {
            name.removeprefix(ANSWER_PREFIX): value
            for name, value in self.cleaned_data.items()
            if name.startswith(ANSWER_PREFIX)
        }

    @staticmethod
    def field_for(service_field: str) -> str:
        """The form's name for a service error's field ("answers.achievable" → "q_achievable")."""
        if service_field.startswith("answers."):
            return ANSWER_PREFIX + service_field.removeprefix("answers.")
        return service_field


class DraftBlockForm(TimesMixin):
    weekday = forms.TypedChoiceField(
        label=gettext_lazy("Day"),
        choices=WEEKDAYS,
        coerce=int,
        error_messages={
            "required": gettext_lazy("Choose the day."),
            "invalid_choice": gettext_lazy("Choose a day from the list."),
        },
    )
    kind = forms.ChoiceField(
        label=gettext_lazy("Kind of support"),
        choices=ShiftKind.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": gettext_lazy("Choose the kind of support."),
            "invalid_choice": gettext_lazy("Choose the kind of support from the list."),
        },
    )
    headcount = forms.TypedChoiceField(
        label=gettext_lazy("Workers"),
        choices=HEADCOUNTS,
        coerce=int,
        initial=1,
        widget=forms.RadioSelect,
        error_messages={
            "required": gettext_lazy("Choose 1:1 or 2:1."),
            "invalid_choice": gettext_lazy("Choose 1:1 or 2:1."),
        },
    )
    activity = forms.CharField(
        label=gettext_lazy("What we're doing (optional)"),
        help_text=gettext_lazy("For example, Swimming, Cooking, or Volunteering at the café"),
        max_length=MAX_ACTIVITY,
        required=False,
    )
    developmental = forms.BooleanField(
        label=gettext_lazy("Developmental time: new skills, community or work"),
        required=False,
    )

    field_order = ["weekday", "start", "end", "next_day", "kind", "headcount", "activity"]
