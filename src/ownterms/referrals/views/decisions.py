"""The decision page (the office) and the decision letters (the office, and the referrer for
their own referral while their grant lasts). Each view: access → form → service → render."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from ownterms.core.scoping import org_slug, organisation_view
from ownterms.people.form_pages import add_service_errors
from ownterms.people.views import actor_of
from ownterms.referrals.access import access_referral
from ownterms.referrals.forms.decisions import DecisionForm
from ownterms.referrals.models import Outcome, Referral, Status
from ownterms.referrals.selectors.decisions import Letter, decision_page, letter_of
from ownterms.referrals.services.decisions import decide
from ownterms.rota.pdf import render_pdf


def _url(name: str, org: str, referral: Referral) -> str:
    return reverse(f"referrals:{name}", kwargs={"org": org, "referral_id": referral.public_id})


@require_http_methods(["GET", "POST"])
@organisation_view
def decision(request: HttpRequest, referral_id: uuid.UUID) -> HttpResponse:
    actor = actor_of(request)
    referral = access_referral(
        actor, referral_id, page="referrals.decision", office_only=True
    ).referral
    org = org_slug(request)
    page = decision_page(referral)
    recommended = page.recommendation.outcome
    can_decide = (
        referral.status == Status.DECISION and page.decision is None and recommended is not None
    )
    form = None
    if can_decide and recommended is not None:
        form = DecisionForm(
            request.POST if request.method == "POST" else None, recommended=recommended
        )
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                made = decide(
                    actor=actor,
                    referral=referral,
                    outcome=data["outcome"],
                    reasons=data["reasons"],
                    conditions=data["conditions"],
                    decline_reasons=data["decline_reasons"],
                    differs_because=data["differs_because"],
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                if made.outcome == Outcome.DECLINE:
                    messages.success(request, _("The decision is recorded. Send the letter."))
                else:
                    messages.success(
                        request,
                        _("The decision is recorded. Send the letter, then plan the move."),
                    )
                return redirect(_url("decision", org, referral))
    elif request.method == "POST":
        messages.error(request, _("This referral can't be decided now: see why below."))
        return redirect(_url("decision", org, referral))
    return render(
        request,
        "referrals/decisions/decision.html",
        {
            "org": org,
            "referral": referral,
            "page": page,
            "form": form,
            "can_decide": can_decide,
        },
        status=400 if form is not None and form.is_bound and form.errors else 200,
    )


def _letter(request: HttpRequest, referral_id: uuid.UUID, page: str) -> tuple[Letter, bool]:
    """The letter of a decided referral and whether the reader is the office; 404 before a
    decision, as for a missing referral."""
    access = access_referral(actor_of(request), referral_id, page=page)
    letter = letter_of(access.referral)
    if letter is None:
        raise Http404
    return letter, access.office


def _pdf(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
@organisation_view
def letter(request: HttpRequest, referral_id: uuid.UUID) -> HttpResponse:
    found, office = _letter(request, referral_id, "referrals.letter")
    return render(
        request,
        "referrals/decisions/letter.html",
        {"org": org_slug(request), "letter": found, "referral": found.referral, "office": office},
    )


@require_GET
@organisation_view
def letter_pdf(request: HttpRequest, referral_id: uuid.UUID) -> HttpResponse:
    found, _office = _letter(request, referral_id, "referrals.letter_pdf")
    content = render_pdf("referrals/decisions/letter_pdf.html", {"letter": found})
    return _pdf(content, f"decision-{found.referral.reference}.pdf")


@require_GET
@organisation_view
def easy_read_letter(request: HttpRequest, referral_id: uuid.UUID) -> HttpResponse:
    found, office = _letter(request, referral_id, "referrals.easy_read_letter")
    return render(
        request,
        "referrals/decisions/easy_read_letter.html",
        {"org": org_slug(request), "letter": found, "referral": found.referral, "office": office},
    )


@require_GET
@organisation_view
def easy_read_letter_pdf(request: HttpRequest, referral_id: uuid.UUID) -> HttpResponse:
    found, _office = _letter(request, referral_id, "referrals.easy_read_letter_pdf")
    content = render_pdf("referrals/decisions/easy_read_pdf.html", {"letter": found})
    return _pdf(content, f"decision-easy-read-{found.referral.reference}.pdf")
