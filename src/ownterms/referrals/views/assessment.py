"""The assessment pages (the office only; everyone else, partners included, gets the same 404
as for a referral that does not exist). Each view: access → form → service or selector →
render."""

from __future__ import annotations

import uuid
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from ownterms.core.scoping import org_slug, organisation_view
from ownterms.people.form_pages import add_service_errors
from ownterms.people.views import actor_of
from ownterms.referrals.access import access_referral
from ownterms.referrals.draft import label_of, week_of
from ownterms.referrals.forms.assessment import ANSWER_PREFIX, DraftBlockForm, RatingForm
from ownterms.referrals.models import DraftBlock, Referral
from ownterms.referrals.selectors import assessment as selectors
from ownterms.referrals.services import assessment as services

BLOCK_NAMES = {"start_minute": "start", "end_minute": "end"}


def _access(request: HttpRequest, referral_id: uuid.UUID, page: str) -> Referral:
    return access_referral(
        actor_of(request), referral_id, page=f"referrals.{page}", office_only=True
    ).referral


def _url(name: str, org: str, referral: Referral, **extra: Any) -> str:
    return reverse(
        f"referrals:{name}", kwargs={"org": org, "referral_id": referral.public_id, **extra}
    )


def _status(form: forms.BaseForm) -> int:
    return 400 if form.is_bound and form.errors else 200


@require_http_methods(["GET"])
@organisation_view
def assessment(request: HttpRequest, referral_id: uuid.UUID) -> HttpResponse:
    referral = _access(request, referral_id, "assessment")
    page = selectors.assessment_page(referral)
    return render(
        request,
        "referrals/assessment/page.html",
        {"org": org_slug(request), "referral": referral, "page": page},
    )


@require_http_methods(["GET", "POST"])
@organisation_view
def assessment_rate(request: HttpRequest, referral_id: uuid.UUID, component: str) -> HttpResponse:
    part = selectors.component_or_404(component)
    referral = _access(request, referral_id, "assessment_rate")
    org = org_slug(request)
    found = selectors.ratings_of(referral).get(part)
    if request.method == "POST":
        form = RatingForm(request.POST, component=part)
        if form.is_valid():
            try:
                services.rate_component(
                    actor=actor_of(request),
                    referral=referral,
                    component=part,
                    rating=form.cleaned_data["rating"],
                    evidence=form.cleaned_data["evidence"],
                    answers=form.answers,
                )
            except ValidationError as error:
                add_service_errors(form, error, RatingForm.field_for)
            else:
                messages.success(request, _("“%(part)s” has been rated.") % {"part": part.label})
                return redirect(_url("assessment", org, referral) + f"#{part.value}")
    else:
        initial: dict[str, Any] = {}
        if found is not None:
            initial = {"rating": found.rating, "evidence": found.evidence}
            initial |= {ANSWER_PREFIX + k: v for k, v in found.answers.items()}
        form = RatingForm(component=part, initial=initial)
    page = selectors.assessment_page(referral)
    shown = next(p for p in page.parts if p.component == part)
    return render(
        request,
        "referrals/assessment/rate.html",
        {
            "org": org,
            "referral": referral,
            "part": shown,
            "form": form,
            "can_change": page.can_change,
        },
        status=_status(form),
    )


def _block_values(form: DraftBlockForm) -> services.DraftBlockInput:
    data = form.cleaned_data
    return services.DraftBlockInput(
        weekday=data["weekday"],
        start_minute=data["start_minute"],
        end_minute=data["end_minute"],
        kind=data["kind"],
        headcount=data["headcount"],
        activity=data["activity"],
        developmental=data["developmental"],
    )


def _rename(name: str) -> str:
    return BLOCK_NAMES.get(name, name)


def _pattern_page(
    request: HttpRequest,
    referral: Referral,
    form: DraftBlockForm,
    *,
    block: DraftBlock | None = None,
) -> HttpResponse:
    page = selectors.assessment_page(referral)
    return render(
        request,
        "referrals/assessment/pattern.html" if block is None else "referrals/assessment/block.html",
        {
            "org": org_slug(request),
            "referral": referral,
            "page": page,
            "week": week_of(page.blocks),
            "form": form,
            "draft_block": block,
            "block_label": label_of(block) if block else "",
        },
        status=_status(form),
    )


@require_http_methods(["GET", "POST"])
@organisation_view
def assessment_pattern(request: HttpRequest, referral_id: uuid.UUID) -> HttpResponse:
    referral = _access(request, referral_id, "assessment_pattern")
    if request.method == "POST":
        form = DraftBlockForm(request.POST)
        if form.is_valid():
            try:
                services.add_draft_block(
                    actor=actor_of(request), referral=referral, data=_block_values(form)
                )
            except ValidationError as error:
                add_service_errors(form, error, _rename)
            else:
                messages.success(request, _("The block has been added to the draft pattern."))
                return redirect(_url("assessment_pattern", org_slug(request), referral))
    else:
        form = DraftBlockForm(initial={"headcount": 1, "kind": "day"})
    return _pattern_page(request, referral, form)


@require_http_methods(["GET", "POST"])
@organisation_view
def assessment_block(
    request: HttpRequest, referral_id: uuid.UUID, block_id: uuid.UUID
) -> HttpResponse:
    referral = _access(request, referral_id, "assessment_block")
    block = selectors.draft_block_or_404(referral, block_id)
    if request.method == "POST":
        form = DraftBlockForm(request.POST)
        if form.is_valid():
            try:
                services.change_draft_block(
                    actor=actor_of(request), block=block, data=_block_values(form)
                )
            except ValidationError as error:
                add_service_errors(form, error, _rename)
            else:
                messages.success(request, _("The block has been changed."))
                return redirect(_url("assessment_pattern", org_slug(request), referral))
    else:
        form = DraftBlockForm(
            initial={
                "weekday": block.weekday,
                **DraftBlockForm.times_initial(block.start_minute, block.end_minute),
                "kind": block.kind,
                "headcount": block.headcount,
                "activity": block.activity,
                "developmental": block.developmental,
            }
        )
    return _pattern_page(request, referral, form, block=block)


@require_POST
@organisation_view
def assessment_block_remove(
    request: HttpRequest, referral_id: uuid.UUID, block_id: uuid.UUID
) -> HttpResponse:
    referral = _access(request, referral_id, "assessment_block_remove")
    block = selectors.draft_block_or_404(referral, block_id)
    try:
        services.remove_draft_block(actor=actor_of(request), block=block)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The block has been removed from the draft pattern."))
    return redirect(_url("assessment_pattern", org_slug(request), referral))


@require_POST
@organisation_view
def assessment_ready(request: HttpRequest, referral_id: uuid.UUID) -> HttpResponse:
    referral = _access(request, referral_id, "assessment_ready")
    try:
        services.ready_for_decision(actor=actor_of(request), referral=referral)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The assessment is complete: it is ready for a decision."))
    return redirect(_url("assessment", org_slug(request), referral))
