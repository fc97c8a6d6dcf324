"""The one save path of recruitment's form pages: a valid POST calls the service, a refusal
(``ValidationError``) goes on the form beside its fields so nothing typed is lost, and a save
adds its message; the view then redirects."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest

from ownterms.people.form_pages import add_service_errors

T = TypeVar("T")


@dataclass(frozen=True)
class Saved(Generic[T]):
    """What the service returned (the view may need it for its message or redirect)."""

    value: T


def posted(request: HttpRequest) -> Any:
    """The form's data: the POST, or ``None`` (unbound) for a GET."""
    return request.POST if request.method == "POST" else None


def save(
    request: HttpRequest,
    form: forms.BaseForm,
    call: Callable[[], T],
    message: str | Callable[[T], str],
    *,
    rename: Callable[[str], str] = str,
) -> Saved[T] | None:
    """Runs ``call`` when the form was posted and is valid; ``None`` when it was not, or when
    the service refused (its errors are then on the form)."""
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        value = call()
    except ValidationError as error:
        add_service_errors(form, error, rename)
        return None
    messages.success(request, message if isinstance(message, str) else message(value))
    return Saved(value)
