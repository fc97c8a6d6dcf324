"""A partner's pages (while their grant lasts): their referrals, the form to refer someone,
and one referral's status — what they sent, the timeline, the messages, our named contact,
the decision — with a reply box and a way to withdraw it."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ownterms.core.scoping import org_slug, organisation_view
from ownterms.people.form_pages import add_service_errors
from ownterms.people.views import actor_of
from ownterms.referrals.access import access_referral, require_referrer
from ownterms.referrals.forms.intake import (
    MessageForm,
    ReferralForm,
    WithdrawForm,
    contact_formset,
    put_service_errors,
    quiet,
    quiet_formset,
    with_another_row,
)
from ownterms.referrals.models import Referral
from ownterms.referrals.selectors import intake as selectors
from ownterms.referrals.services import handling, intake
from ownterms.referrals.services import messages as conversation
from ownterms.referrals.views.shared import referral_context
from ownterms.vocabulary.selectors import skills_of

PAGE = "referrals.status"


def status_url(org: str, referral: Referral) -> str:
    return reverse("referrals:status", kwargs={"org": org, "referral_id": referral.public_id})


@require_GET
@organisation_view
def mine(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    grant = require_referrer(actor)
    rows = list(selectors.referrals_of(actor))
    return render(
        request,
        "referrals/intake/mine.html",
        {
            "org": org_slug(request),
            "grant": grant,
            "rows": [(row, selectors.PLAIN_STATUS[row.status]) for row in rows],
        },
    )


@require_http_methods(["GET", "POST"])
@organisation_view
def new(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    grant = require_referrer(actor)
    org = org_slug(request)
    data = request.POST if request.method == "POST" else None
    adding = data is not None and "add_contact" in data
    if adding:
        data = with_another_row(data)
    last = selectors.the_partners_last(actor)
    form = ReferralForm(
        data,
        organisation_id=actor.organisation_id,
        skills=skills_of(actor.organisation_id).order_by("name"),
        initial={
            "referrer_role": last.referrer_role if last else "",
            "referrer_phone": last.referrer_phone if last else "",
        },
    )
    contacts = contact_formset(data)
    if adding:
        quiet(form)
        quiet_formset(contacts)
    elif data is not None and form.is_valid() and contacts.is_valid():
        try:
            referral = intake.submit(actor=actor, details=form.details(contacts.contacts()))
        except ValidationError as error:
            put_service_errors(error, form, contacts)
        else:
            messages.success(
                request,
                _("Thank you: we have your referral. Its reference is %(reference)s.")
                % {"reference": referral.reference},
            )
            return redirect(status_url(org, referral))
    return render(
        request,
        "referrals/intake/form.html",
        {
            "org": org,
            "grant": grant,
            "form": form,
            "contacts": contacts,
            "title": _("Refer someone"),
            "submit": _("Send the referral"),
            "cancel_url": reverse("referrals:mine", kwargs={"org": org}),
        },
        status=400
        if form.is_bound and not adding and (form.errors or contacts.total_error_count())
        else 200,
    )


def _status_page(
    request: HttpRequest,
    referral: Referral,
    *,
    message_form: MessageForm | None = None,
    withdraw_form: WithdrawForm | None = None,
    status: int = 200,
) -> HttpResponse:
    org = org_slug(request)
    context: dict[str, Any] = {
        "org": org,
        **referral_context(referral, office=False),
        "message_form": message_form or MessageForm(),
        "withdraw_form": withdraw_form or WithdrawForm(),
    }
    return render(request, "referrals/intake/status.html", context, status=status)


@require_GET
@organisation_view
def status(request: HttpRequest, referral_id: uuid.UUID) -> HttpResponse:
    actor = actor_of(request)
    access = access_referral(actor, referral_id, page=PAGE)
    if access.office:
        return redirect(
            reverse(
                "referrals:detail",
                kwargs={"org": org_slug(request), "referral_id": referral_id},
            )
        )
    require_referrer(actor)
    return _status_page(request, access.referral)


def _referrer_access(request: HttpRequest, referral_id: uuid.UUID, page: str) -> Referral:
    """A partner's own referral for a change (the office: the same 404 as anyone else)."""
    actor = actor_of(request)
    require_referrer(actor)
    access = access_referral(actor, referral_id, page=page)
    return access.referral


@require_POST
@organisation_view
def status_message(request: HttpRequest, referral_id: uuid.UUID) -> HttpResponse:
    referral = _referrer_access(request, referral_id, PAGE + "_message")
    form = MessageForm(request.POST)
    if form.is_valid():
        try:
            conversation.post_message(
                actor=actor_of(request), referral=referral, text=form.cleaned_data["text"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Your message is sent."))
            return redirect(status_url(org_slug(request), referral) + "#messages")
    return _status_page(request, referral, message_form=form, status=400)


@require_POST
@organisation_view
def status_withdraw(request: HttpRequest, referral_id: uuid.UUID) -> HttpResponse:
    referral = _referrer_access(request, referral_id, PAGE + "_withdraw")
    form = WithdrawForm(request.POST)
    if form.is_valid():
        try:
            handling.withdraw(
                actor=actor_of(request),
                referral=referral,
                reason=form.cleaned_data["reason"],
                seen=request.POST.get("seen") or None,
            )
        except handling.Conflict as conflict:
            messages.error(request, conflict.message)
            return redirect(status_url(org_slug(request), referral))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The referral is withdrawn."))
            return redirect(status_url(org_slug(request), referral))
    return _status_page(request, referral, withdraw_form=form, status=400)
