"""Turning a service's ``ValidationError`` into the API's 422 field errors."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError

from ownterms.api.errors import DjangoFieldErrors


def field_errors(exc: DjangoValidationError) -> DjangoFieldErrors:
    """``body.<field>`` for field errors, ``body`` for errors about the whole request."""
    if hasattr(exc, "error_dict"):
        fields = {
            ("" if name == "__all__" else name): messages
            for name, messages in exc.message_dict.items()
        }
    else:
        fields = {"": exc.messages}
    errors = DjangoFieldErrors({})
    errors.fields = {
        (f"body.{name}" if name else "body"): [str(m) for m in messages]
        for name, messages in fields.items()
    }
    return errors
