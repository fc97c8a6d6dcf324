"""Forms for reviews and check-ins. They parse shapes; the services check the rules."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ownterms.core.rendering import GovUKDateWidget
from ownterms.outcomes.models import CHECK_IN_TOPICS, Perspective, Review, ReviewPoint
from ownterms.outcomes.selectors.reviews import FACES

if TYPE_CHECKING:
    from django.utils.functional import _StrPromise as Promise

DATE_ERRORS = {"invalid": _("Enter a real date, for example 17 5 2027.")}


def date_field(
    label: str | Promise,
    *,
    required: bool = True,
    hint: str | Promise = "",
    required_message: str | Promise = "",
) -> forms.DateField:
    messages: dict[str, str | Promise] = {**DATE_ERRORS}
    if required_message:
        messages["required"] = required_message
    return forms.DateField(
        label=label,
        required=required,
        widget=GovUKDateWidget,
        help_text=hint or _("For example, 17 5 2027."),
        error_messages=messages,
    )


def text_area(
    label: str | Promise, *, max_length: int, rows: int = 4, required: bool = False, **kwargs: Any
) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        max_length=max_length,
        strip=False,
        widget=forms.Textarea(attrs={"rows": rows}),
        **kwargs,
    )


class AmendForm(forms.Form):
    """A form about a review; once the review is held it asks why it is being changed."""

    amend_reason = forms.CharField(
        label=_("Why are you changing this held review?"),
        help_text=_("For example, “Mum's view was missed from the notes”. This is kept."),
        max_length=500,
        required=False,
    )

    def __init__(self, *args: Any, held: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not held:
            del self.fields["amend_reason"]
        else:
            self.fields["amend_reason"].required = True
            self.fields["amend_reason"].error_messages["required"] = _(
                "This review has been held. Say why you are changing it."
            )
            # Asked last, after what is being changed.
            self.order_fields([*(n for n in self.fields if n != "amend_reason"), "amend_reason"])

    def reason(self) -> str:
        return str(self.cleaned_data.get("amend_reason") or "")


class PlanReviewForm(forms.Form):
    due_on = date_field(
        _("When should the review happen?"), required_message=_("Enter the date of the review.")
    )
    reason = forms.CharField(
        label=_("Why is a review needed now?"),
        help_text=_("For example, “Alex wants to move house” or “Two incidents this month”."),
        max_length=300,
        error_messages={"required": _("Say why this review is needed now.")},
    )


class DetailsForm(AmendForm):
    what_matters = text_area(_("What matters for the future"), max_length=6000, rows=5)
    questions = text_area(_("Questions to answer"), max_length=4000)
    budget_working = forms.ChoiceField(
        label=_("Is the budget working?"),
        choices=[("", _("Not talked about")), *Review.BudgetWorking.choices],
        widget=forms.RadioSelect,
        required=False,
    )
    budget_note = forms.CharField(label=_("About the budget"), max_length=1000, required=False)
    version = forms.CharField(widget=forms.HiddenInput, required=False)

    def expected_updated_at(self) -> dt.datetime | None:
        raw = self.cleaned_data.get("version") or ""
        try:
            return dt.datetime.fromisoformat(raw) if raw else None
        except ValueError:
            return None


SOMEONE_ELSE = "other"


class ParticipantForm(AmendForm):
    """Choose who took part from the person, their circle and their team, or type a name."""

    who = forms.ChoiceField(label=_("Who took part?"), widget=forms.RadioSelect)
    name = forms.CharField(
        label=_("Their name"),
        help_text=_("Only if you chose “someone else”."),
        max_length=150,
        required=False,
    )
    perspective = forms.ChoiceField(
        label=_("Whose view did they give?"),
        help_text=_("Only if you chose “someone else”."),
        choices=[("", _("Choose")), *Perspective.choices],
        required=False,
    )
    role = forms.CharField(
        label=_("Role or relationship"),
        max_length=150,
        required=False,
        help_text=_("For example, “Advocate” or “Neighbour”."),
    )

    def __init__(self, *args: Any, options: Sequence[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        who = self.fields["who"]
        assert isinstance(who, forms.ChoiceField)
        who.choices = [*options, (SOMEONE_ELSE, _("Someone else"))]
        who.error_messages["required"] = _("Choose who took part.")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("who") == SOMEONE_ELSE:
            if not (data.get("name") or "").strip():
                self.add_error("name", _("Enter the name of who took part."))
            if not data.get("perspective"):
                self.add_error("perspective", _("Choose whose view they gave."))
        return data


class PointForm(AmendForm):
    perspective = forms.ChoiceField(
        label=_("Whose view is it?"),
        choices=Perspective.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose whose view this is.")},
    )
    kind = forms.ChoiceField(
        label=_("What is it about?"),
        choices=ReviewPoint.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose working, not working or hopes for the future.")},
    )
    text = text_area(
        _("What was said"),
        max_length=2000,
        required=True,
        error_messages={"required": _("Write what was said.")},
    )
    verbatim = forms.BooleanField(
        label=_("These are the person's own words, exactly as they said them"),
        required=False,
    )


class TopForm(AmendForm):
    """One set of checkboxes per kind: the top two for working together for change."""

    def __init__(self, *args: Any, points: Sequence[ReviewPoint], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        labels = dict(ReviewPoint.Kind.choices)
        for kind in ReviewPoint.Kind.values:
            mine = [p for p in points if p.kind == kind]
            if not mine:
                continue
            self.fields[f"top_{kind}"] = forms.MultipleChoiceField(
                label=_("Top two: %(kind)s") % {"kind": labels[kind]},
                choices=[
                    (str(p.public_id), f"{p.get_perspective_display()}: {p.text}") for p in mine
                ],
                initial=[str(p.public_id) for p in mine if p.top_two],
                widget=forms.CheckboxSelectMultiple,
                required=False,
                help_text=_("Choose up to two."),
            )
        if "amend_reason" in self.fields:
            self.order_fields([*(n for n in self.fields if n != "amend_reason"), "amend_reason"])

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for name, value in data.items():
            if name.startswith("top_") and len(value) > 2:
                self.add_error(name, _("Choose at most two."))
        return data


class ActionForm(AmendForm):
    text = forms.CharField(
        label=_("Action"),
        max_length=300,
        required=False,
        help_text=_("What will be done. Leave empty if you link a goal below."),
    )
    owner = forms.CharField(
        label=_("Who will do it?"),
        max_length=150,
        required=False,
        help_text=_("Every action needs an owner, for example “Sam with Alex”."),
    )
    due_on = date_field(_("By when?"), required=False)
    goal = forms.ChoiceField(label=_("Or link a goal the person already has"), required=False)

    def __init__(self, *args: Any, goals: Sequence[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        goal = self.fields["goal"]
        assert isinstance(goal, forms.ChoiceField)
        goal.choices = [("", _("No: make a new goal")), *goals]
        if "amend_reason" in self.fields:
            self.order_fields([*(n for n in self.fields if n != "amend_reason"), "amend_reason"])


class HoldForm(forms.Form):
    held_on = date_field(
        _("When was the review held?"), required_message=_("Enter the date the review was held.")
    )


class RemoveForm(AmendForm):
    """Removing a participant, point or action: a POST with the amendment reason if held."""


# -- the person's easy-read check-in ----------------------------------------------------------


class SmileyWidget(forms.RadioSelect):
    """Radio buttons drawn as five faces, each with a word (see the check-in template)."""


class CheckInForm(forms.Form):
    on = date_field(_("Date"), required_message=_("Enter the date."))
    own_words = text_area(_("In my own words"), max_length=4000, rows=5)
    helped_by = forms.CharField(
        label=_("Who helped me?"),
        help_text=_("For example, “Sam, my support worker”. Leave empty if nobody helped."),
        max_length=150,
        required=False,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for topic, label in CHECK_IN_TOPICS:
            self.fields[f"topic_{topic}"] = forms.ChoiceField(
                label=str(label),
                choices=[
                    *((str(n), word) for n, word in FACES.items()),
                    ("", _("I don't want to say")),
                ],
                required=False,
                widget=SmileyWidget,
                error_messages={"invalid_choice": _("Choose a face from 1 to 5.")},
            )

    def answers(self) -> dict[str, object]:
        return {
            topic: self.cleaned_data.get(f"topic_{topic}") or None
            for topic, _label in CHECK_IN_TOPICS
        }

    def topic_fields(self) -> list[forms.BoundField]:
        return [self[f"topic_{topic}"] for topic, _label in CHECK_IN_TOPICS]
