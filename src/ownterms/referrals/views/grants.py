"""The office's pages for partners' access to refer: the grants (current, starting later,
ended), a new grant, and ending one."""

from __future__ import annotations

import datetime as dt
import uuid

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from ownterms.core.scoping import org_slug, organisation_view
from ownterms.people.form_pages import add_service_errors
from ownterms.people.views import actor_of
from ownterms.referrals.access import require_office
from ownterms.referrals.forms.intake import EndGrantForm, GrantForm
from ownterms.referrals.models import Source
from ownterms.referrals.selectors import intake as selectors
from ownterms.referrals.services import grants as services


def _list_url(org: str) -> str:
    return reverse("referrals:grants", kwargs={"org": org})


@require_GET
@organisation_view
def grants(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    require_office(actor)
    return render(
        request,
        "referrals/intake/grants.html",
        {
            "org": org_slug(request),
            "groups": selectors.grants_of(actor.organisation_id),
            "has_partners": selectors.partner_users(actor.organisation_id).exists(),
        },
    )


@require_http_methods(["GET", "POST"])
@organisation_view
def grant_new(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    require_office(actor)
    org = org_slug(request)
    today = timezone.localdate()
    form = GrantForm(
        request.POST if request.method == "POST" else None,
        partners=selectors.partner_users(actor.organisation_id),
        initial={
            "starts_on": today,
            "ends_on": today + dt.timedelta(days=365),
            "source": Source.COUNCIL,
        },
    )
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        try:
            grant = services.grant_access(
                actor=actor,
                user=data["user"],
                agency=data["agency"],
                source=data["source"],
                starts_on=data["starts_on"],
                ends_on=data["ends_on"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("%(name)s can refer people until %(day)s.")
                % {"name": grant.user.display_name, "day": f"{grant.ends_on:%d/%m/%Y}"},
            )
            return redirect(_list_url(org))
    return render(
        request,
        "referrals/intake/grant_form.html",
        {"org": org, "form": form},
        status=400 if form.is_bound and form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
@organisation_view
def grant_end(request: HttpRequest, grant_id: uuid.UUID) -> HttpResponse:
    actor = actor_of(request)
    require_office(actor)
    grant = selectors.grant_of(actor.organisation_id, grant_id)
    if grant is None:
        raise Http404
    org = org_slug(request)
    if grant.ends_on <= timezone.localdate():
        messages.info(request, _("This access has already ended."))
        return redirect(_list_url(org))
    form = EndGrantForm(request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        try:
            services.end_grant(actor=actor, grant=grant, ends_on=form.cleaned_data["ends_on"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("%(name)s's access to refer is ended.") % {"name": grant.user.display_name},
            )
            return redirect(_list_url(org))
    return render(
        request,
        "referrals/intake/grant_end.html",
        {"org": org, "form": form, "grant": grant},
        status=400 if form.is_bound and form.errors else 200,
    )
