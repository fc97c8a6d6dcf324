"""The public application form (/jobs/<org>/<vacancy>/apply/, no account) and its thank-you.

Spam resistance: a honeypot field, a signed "opened at" (sent within 3 seconds, or more than a
day later, is refused with a clear message), and a limit per client address (5 applications,
30 attempts an hour; ``services.rate_limit``, counted in the database so it holds across
processes), answered with a plain 429 page.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
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
from ownterms.recruitment.services import rate_limit


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


def _page(
    request: HttpRequest, vacancy: Vacancy, form: ApplyForm, days: int, status: int = 200
) -> HttpResponse:
    return render(
        request,
        "recruitment/apply/apply.html",
        {
            "vacancy": vacancy,
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
    if rate_limit.limited(vacancy.organisation_id, address):
        return render(
            request,
            "recruitment/apply/too_many.html",
            {"vacancy": vacancy, "org": vacancy.organisation.slug},
            status=429,
        )
    attempt = rate_limit.record_attempt(vacancy.organisation_id, address)
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
            rate_limit.record_application(attempt)
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
