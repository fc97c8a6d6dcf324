"""Shared helpers for the simple form pages about a person (circle, consent, package...)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def add_service_errors(
    form: forms.BaseForm, error: ValidationError, rename: Callable[[str], str] = str
) -> None:
    """Puts a service's ``ValidationError`` on the form's fields (``rename`` maps a model field
    to the form's name for it), or on the form when no field matches."""
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            name = rename(field)
            form.add_error(name if name in form.fields else None, messages)
    else:
        form.add_error(None, error.messages)


def render_form_page(
    request: HttpRequest,
    *,
    form: forms.BaseForm,
    header: dict[str, Any],
    title: str,
    submit: str,
    cancel_url: str,
    intro: str = "",
    extra: dict[str, Any] | None = None,
    template: str = "people/form_page.html",
) -> HttpResponse:
    """One form page with the person's record header; 400 when the form has errors."""
    return render(
        request,
        template,
        {
            **header,
            "form": form,
            "title": title,
            "submit": submit,
            "cancel_url": cancel_url,
            "intro": intro,
            **(extra or {}),
        },
        status=400 if form.is_bound and form.errors else 200,
    )
