"""Forms for daily notes and handovers. They validate input; the services check the rules again.

Each form checks its free text for disrespectful words (``daily.language``). Warnings never
block: a submit with warnings not seen before comes back once with them shown and a "Save as
written" button; the keys already shown travel in the hidden ``seen_warnings`` field."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from ownterms.daily.language import LanguageWarning, language_warnings
from ownterms.daily.models import DailyNote
from ownterms.plans.models import Goal

TEXT_LIMIT = 20000


def text_field(label: Any, *, hint: Any = "", required: bool = False, rows: int = 4) -> Any:
    return forms.CharField(
        label=label,
        required=required,
        max_length=TEXT_LIMIT,
        strip=True,
        help_text=hint,
        widget=forms.Textarea(attrs={"rows": rows, "data-language-check": "1"}),
        error_messages={
            "max_length": _(
                "This is too long: keep it under 20,000 characters "
                "(it has %(show_value)d). Save a shorter version; nothing else is lost."
            ),
            "required": _("Write this part."),
        },
    )


def reason_field() -> Any:
    return forms.CharField(
        label=_("Why are you changing it?"),
        max_length=500,
        help_text=_("For example: I put the wrong time; I missed out the walk after lunch."),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
        error_messages={
            "required": _("Say why you are changing this record."),
            "max_length": _("Keep the reason under 500 characters."),
        },
    )


class LanguageCheckedForm(forms.Form):
    """A form whose text fields (``LANGUAGE_FIELDS``) are checked for disrespectful words."""

    use_required_attribute = False
    LANGUAGE_FIELDS: tuple[str, ...] = ()

    seen_warnings = forms.CharField(required=False, widget=forms.HiddenInput)

    def warnings(self) -> dict[str, list[LanguageWarning]]:
        """Field name → warnings in what was typed (cleaned or not), or in the initial text."""
        found: dict[str, list[LanguageWarning]] = {}
        for name in self.LANGUAGE_FIELDS:
            if self.is_bound:
                value = self.data.get(self.add_prefix(name), "")
            else:  # an amendment starts from the record's words: show their warnings too
                value = self.initial.get(name, "")
            if isinstance(value, str):
                hits = language_warnings(value[: TEXT_LIMIT * 2])
                if hits:
                    found[name] = hits
        return found

    def new_warnings(self) -> set[str]:
        """Keys of warnings the writer has not been shown yet."""
        seen = set(str(self.data.get(self.add_prefix("seen_warnings"), "")).split(","))
        keys = {w.key for hits in self.warnings().values() for w in hits}
        return keys - seen

    def all_warning_keys(self) -> str:
        return ",".join(sorted({w.key for hits in self.warnings().values() for w in hits}))

    def live_check(self, url: str) -> None:
        """Makes each checked field ask ``url`` (htmx, debounced) for warnings as it is typed."""
        for name in self.LANGUAGE_FIELDS:
            if name in self.fields:
                self.fields[name].widget.attrs.update(
                    {
                        "hx-post": url,
                        "hx-trigger": "input changed delay:800ms",
                        "hx-target": f"#language-{name}",
                        "hx-swap": "innerHTML",
                        "hx-vals": f'{{"field": "{name}"}}',
                    }
                )

    def rows(self) -> list[dict[str, Any]]:
        """The visible fields in order, each with whether it is checked and its warnings."""
        warnings = self.warnings()
        return [
            {
                "field": field,
                "checked": field.name in self.LANGUAGE_FIELDS,
                "warnings": warnings.get(field.name, []),
            }
            for field in self.visible_fields()
        ]


def _goal_label(goal: Goal) -> str:
    return goal.title


class NoteForm(LanguageCheckedForm):
    LANGUAGE_FIELDS = ("activities", "how_they_were", "what_mattered")

    mood = forms.ChoiceField(
        label=_("How were they, overall?"),
        choices=DailyNote.Mood.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose how they were overall."),
            "invalid_choice": _("Choose how they were from the list."),
        },
    )
    activities = text_field(
        _("What did they do?"),
        hint=_("Where you went, what you did together, what they chose."),
    )
    how_they_were = text_field(
        _("How were they?"),
        hint=_("What they said and did, and what helped. Describe; don't label."),
    )
    what_mattered = text_field(
        _("What mattered to them?"),
        hint=_("What made them happy or worried, and anything to do differently next time."),
    )
    goals = forms.ModelMultipleChoiceField(
        label=_("Goals worked on"),
        queryset=Goal.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Tick any goal you worked on together today."),
        error_messages={
            "invalid_choice": _("Choose goals from the list."),
            "invalid_pk_value": _("Choose goals from the list."),
            "invalid_list": _("Choose goals from the list."),
        },
    )

    def __init__(
        self, *args: Any, goals: QuerySet[Goal] | None = None, amending: bool = False, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["goals"]
        assert isinstance(field, forms.ModelMultipleChoiceField)
        if goals is None or amending:
            del self.fields["goals"]
        else:
            field.queryset = goals
            field.label_from_instance = _goal_label  # type: ignore[method-assign,assignment]
            if not goals.exists():
                del self.fields["goals"]
        if amending:
            self.fields["reason"] = reason_field()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not any((data.get(name) or "").strip() for name in self.LANGUAGE_FIELDS) and not (
            self.has_error("activities")
            or self.has_error("how_they_were")
            or self.has_error("what_mattered")
        ):
            self.add_error(
                "activities", _("Write what they did, how they were or what mattered to them.")
            )
        return data


class HandoverForm(LanguageCheckedForm):
    LANGUAGE_FIELDS = ("text",)

    text = text_field(
        _("Handover"),
        hint=_(
            "What the next worker needs to know: how they are, anything still to do, "
            "appointments, medicines, money, anything that changed."
        ),
        required=True,
        rows=8,
    )

    def __init__(self, *args: Any, amending: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["text"]
        field.error_messages["required"] = _("Write the handover.")
        if amending:
            self.fields["reason"] = reason_field()


class LanguageCheckForm(forms.Form):
    """The live check as the worker types: which field, and what is in it."""

    field = forms.RegexField(regex=r"^[a-z_]{1,40}$")
