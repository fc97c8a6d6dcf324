"""A form field for tags typed as a comma-separated list."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from ownterms.vocabulary.models import Tag, normalise

MAX_TAGS = 30


class TagsField(forms.CharField):
    """Comma-separated labels; cleans to a list of labels, rejecting repeats and long ones."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("max_length", 2000)
        kwargs.setdefault("help_text", _("Separate each one with a comma."))
        super().__init__(**kwargs)

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, list | tuple):
            return ", ".join(tag.label if isinstance(tag, Tag) else str(tag) for tag in value)
        return super().prepare_value(value)

    def clean(self, value: Any) -> list[str]:
        text = super().clean(value) or ""
        labels = [" ".join(part.split()) for part in text.split(",")]
        labels = [label for label in labels if label]
        seen: dict[str, str] = {}
        for label in labels:
            if len(label) > Tag._meta.get_field("label").max_length:  # type: ignore[operator]
                raise ValidationError(
                    _("“%(label)s” is too long: keep each one under 60 characters.")
                    % {"label": label[:60]}
                )
            if normalise(label) in seen:
                raise ValidationError(_("“%(label)s” is listed twice.") % {"label": label})
            seen[normalise(label)] = label
        if len(labels) > MAX_TAGS:
            raise ValidationError(_("Choose at most %(max)d.") % {"max": MAX_TAGS})
        return labels
