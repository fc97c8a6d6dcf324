"""Planning the move of an accepted referral (the office): what the person's record will hold,
the one action that creates it, and "Support has started"."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from ownterms.core.scoping import org_slug, organisation_view
from ownterms.core.selectors import today_for
from ownterms.oncall.selectors import on_call_managers
from ownterms.people.form_pages import add_service_errors
from ownterms.people.views import actor_of
from ownterms.referrals.access import access_referral
from ownterms.referrals.forms.decisions import CreateRecordForm
from ownterms.referrals.models import Referral, Status
from ownterms.referrals.selectors.conversion import transition_page
from ownterms.referrals.services.conversion import create_record, start_support

#: Statuses the transition page belongs to (after an acceptance).
AFTER_ACCEPTANCE = frozenset({Status.TRANSITION, Status.ACTIVE})


def _url(org: str, referral: Referral) -> str:
    return reverse("referrals:transition", kwargs={"org": org, "referral_id": referral.public_id})


@require_http_methods(["GET", "POST"])
@organisation_view
def transition(request: HttpRequest, referral_id: uuid.UUID) -> HttpResponse:
    actor = actor_of(request)
    referral = access_referral(
        actor, referral_id, page="referrals.transition", office_only=True
    ).referral
    org = org_slug(request)
    page = transition_page(referral)
    form = None
    if referral.status == Status.TRANSITION and referral.person_id is None:
        managers = on_call_managers(actor.organisation_id, today_for(actor.organisation))
        form = CreateRecordForm(
            request.POST if request.method == "POST" else None,
            managers=managers,
            initial={
                "starts_on": referral.start_wanted,
                "manager": referral.proposed_manager.public_id
                if referral.proposed_manager
                else None,
            },
        )
        if request.method == "POST" and form.is_valid():
            try:
                create_record(
                    actor=actor,
                    referral=referral,
                    starts_on=form.cleaned_data["starts_on"],
                    manager=form.cleaned_data["manager"],
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request,
                    _("%(name)s's record is ready: nothing needs typing again.")
                    % {"name": referral.called},
                )
                return redirect(_url(org, referral))
    elif request.method == "POST":
        # A second click after the record was made: it exists, show it.
        return redirect(_url(org, referral))
    return render(
        request,
        "referrals/decisions/transition.html",
        {
            "org": org,
            "referral": referral,
            "page": page,
            "form": form,
            "accepted": referral.status in AFTER_ACCEPTANCE,
        },
        status=400 if form is not None and form.is_bound and form.errors else 200,
    )


@require_POST
@organisation_view
def support_started(request: HttpRequest, referral_id: uuid.UUID) -> HttpResponse:
    actor = actor_of(request)
    referral = access_referral(
        actor, referral_id, page="referrals.support_started", office_only=True
    ).referral
    org = org_slug(request)
    try:
        start_support(actor=actor, referral=referral)
    except ValidationError as error:
        return render(
            request,
            "referrals/decisions/transition.html",
            {
                "org": org,
                "referral": referral,
                "page": transition_page(referral),
                "form": None,
                "accepted": referral.status in AFTER_ACCEPTANCE,
                "start_errors": error.messages,
            },
            status=400,
        )
    messages.success(request, _("%(name)s is supported now.") % {"name": referral.called})
    return redirect(_url(org, referral))
