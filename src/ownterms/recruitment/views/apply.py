"""The public application form (/jobs/<org>/<vacancy>/apply/, no account) and its thank-you.

Spam resistance: a honeypot field, a signed "opened at" (sent within 3 seconds, or more than a
day later, is refused with a clear message), and a limit per client address (5 applications,
30 attempts an hour) kept in Django's cache, answered with a plain 429 page.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from ownterms.core.selectors import setting
from ownterms.core.setting_keys import RETENTION_DAYS
from ownterms.people.form_pages import add_service_errors
from ownterms.recruitment.forms.applications import HONEYPOT, ApplyForm
from ownterms.recruitment.models import Vacancy
from ownterms.recruitment.selectors import applications as selectors
from ownterms.recruitment.services import applications as services

#: Applications accepted from one client address in an hour.
APPLICATIONS_PER_HOUR = 5
#: Form submissions (accepted or not) from one client address in an hour.
ATTEMPTS_PER_HOUR = 30
WINDOW_SECONDS = 60 * 60


def client_address(request: HttpRequest) -> str:
    """The client's address: behind N trusted proxies, the Nth from the right of
    X-Forwarded-For; otherwise the connection's."""
    proxies = int(getattr(settings, "OWNTERMS_TRUSTED_PROXY_COUNT", 0) or 0)
    if proxies:
        forwarded = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        if len(forwarded) >= proxies:
            return str(forwarded[-proxies])
    return str(request.META.get("REMOTE_ADDR", ""))


def _key(kind: str, organisation_id: int, address: str) -> str:
    return f"recruitment.apply.{kind}:{organisation_id}:{address}"


def _count(key: str) -> int:
    return int(cache.get(key, 0) or 0)


def _bump(key: str) -> None:
    if not cache.add(key, 1, WINDOW_SECONDS):
        try:
            cache.incr(key)
        except ValueError:  # expired between the two calls
            cache.set(key, 1, WINDOW_SECONDS)


def _limited(organisation_id: int, address: str) -> bool:
    return (
        _count(_key("ok", organisation_id, address)) >= APPLICATIONS_PER_HOUR
        or _count(_key("try", organisation_id, address)) >= ATTEMPTS_PER_HOUR
    )


def _hours(minutes: int) -> str:
    hours = minutes / 60
    return f"{hours:g}"


def _page(
    request: HttpRequest, vacancy: Vacancy, form: ApplyForm, days: int, status: int = 200
) -> HttpResponse:
    return render(
        request,
        "recruitment/apply/apply.html",
        {
            "vacancy": vacancy,
            "hours": _hours(vacancy.minutes_per_week),
            "form": form,
            "days": days,
            "honeypot": form[HONEYPOT],
            "org": vacancy.organisation.slug,
        },
        status=status,
    )


def _details(form: ApplyForm) -> services.ApplicationDetails:
    data = form.cleaned_data
    return services.ApplicationDetails(
        first_name=data["first_name"],
        last_name=data["last_name"],
        email=data["email"],
        phone=data.get("phone", ""),
        postcode=data["postcode"],
        about_me=data.get("about_me", ""),
        tags=[*data.get("traits", []), *data.get("interests", [])],
        skills=list(data.get("skills", [])),
        available_minutes_per_week=int(data["hours_per_week"]) * 60,
        availability=data.get("availability", ""),
        drives=bool(data.get("drives")),
        new_to_care=bool(data.get("new_to_care")),
        gender=data.get("gender", ""),
        source=data.get("source", ""),
        answers=form.answers(),
    )


@require_http_methods(["GET", "POST"])
def apply(request: HttpRequest, org: str, vacancy_id: uuid.UUID) -> HttpResponse:
    vacancy = selectors.public_vacancy(org, vacancy_id)
    tags, skills = selectors.form_choices(vacancy.organisation_id)
    days = setting(vacancy.organisation, RETENTION_DAYS)
    kwargs: dict[str, Any] = {
        "vacancy": vacancy,
        "tags": tags,
        "skills": skills,
        "questions": list(vacancy.questions.all()),
    }
    if request.method != "POST":
        return _page(request, vacancy, ApplyForm(**kwargs), days)
    address = client_address(request)
    if _limited(vacancy.organisation_id, address):
        return render(
            request,
            "recruitment/apply/too_many.html",
            {"vacancy": vacancy, "org": vacancy.organisation.slug},
            status=429,
        )
    _bump(_key("try", vacancy.organisation_id, address))
    form = ApplyForm(request.POST, request.FILES, **kwargs)
    if form.is_valid():
        try:
            services.apply(vacancy=vacancy, details=_details(form), cv=form.cleaned_data.get("cv"))
        except services.AlreadyAppliedError:
            return render(
                request,
                "recruitment/apply/applied.html",
                {"vacancy": vacancy, "already": True, "org": vacancy.organisation.slug},
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            _bump(_key("ok", vacancy.organisation_id, address))
            return redirect(
                reverse(
                    "jobs:applied",
                    kwargs={"org": vacancy.organisation.slug, "vacancy_id": vacancy.public_id},
                )
            )
    form.refresh_token()
    return _page(request, vacancy, form, days, status=400)


@require_GET
def applied(request: HttpRequest, org: str, vacancy_id: uuid.UUID) -> HttpResponse:
    vacancy = selectors.public_vacancy(org, vacancy_id, open_only=False)
    return render(
        request,
        "recruitment/apply/applied.html",
        {"vacancy": vacancy, "already": False, "org": vacancy.organisation.slug},
    )
