"""Pages of seizure records: the list, a new record (with rescue medication checked against
the protocol and the worker's training), one record with its versions, and amending it."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from ownterms.core.scoping import org_slug, organisation_view
from ownterms.daily.access import access_person_daily, access_record, may_amend
from ownterms.daily.forms.seizures import AmendSeizureForm, SeizureForm
from ownterms.daily.models import Seizure
from ownterms.daily.selectors.amendments import versions_of
from ownterms.daily.selectors.medicines import current_medicines, local_zone
from ownterms.daily.selectors.seizures import rescue_givers, seizures_of
from ownterms.daily.services.seizures import amend_seizure, record_seizure
from ownterms.health.models import Medication
from ownterms.people.access import PersonAccess
from ownterms.people.form_pages import add_service_errors, render_form_page
from ownterms.people.record_tabs import record_header
from ownterms.people.views import actor_of

TAB = "daily"
FORM = "daily/medicines/form.html"
#: The list shows this many, newest first.
LIST_LIMIT = 200


def list_url(org: str, access: PersonAccess) -> str:
    return reverse("daily:seizures", kwargs={"org": org, "person_id": access.person.public_id})


def detail_url(org: str, access: PersonAccess, seizure: Seizure) -> str:
    return reverse(
        "daily:seizure_detail",
        kwargs={"org": org, "person_id": access.person.public_id, "seizure_id": seizure.public_id},
    )


@require_GET
@organisation_view
def seizures(request: HttpRequest, person_id: uuid.UUID) -> HttpResponse:
    actor = actor_of(request)
    access = access_person_daily(actor, person_id, page="daily.seizures")
    org = org_slug(request)
    return render(
        request,
        "daily/seizures/list.html",
        {
            **record_header(actor, access, org, current=TAB),
            "seizures": list(seizures_of(access.person)[:LIST_LIMIT]),
            "can_write": access.can_write(),
        },
    )


@require_http_methods(["GET", "POST"])
@organisation_view
def seizure_new(request: HttpRequest, person_id: uuid.UUID) -> HttpResponse:
    actor = actor_of(request)
    access = access_person_daily(actor, person_id, write=True, page="daily.seizures")
    org = org_slug(request)
    today = timezone.localdate()
    medicines = [
        m
        for m in current_medicines(access.person, today)
        if m.kind == Medication.Kind.PRN and m.prn_protocol.strip()
    ]
    now = timezone.localtime(timezone.now(), local_zone())
    form = SeizureForm(
        request.POST if request.method == "POST" else None,
        initial={"on": now.date()},
        medicines=medicines,
        team=rescue_givers(access.person, today),
    )
    if request.method == "POST" and form.is_valid():
        starts_at, ends_at = form.times()
        try:
            seizure = record_seizure(
                actor=actor,
                person=access.person,
                starts_at=starts_at,
                ends_at=ends_at,
                seizure_type=form.cleaned_data["seizure_type"],
                description=form.cleaned_data["description"],
                recovery=form.cleaned_data["recovery"],
                ambulance_called=form.cleaned_data["ambulance_called"],
                basis=access.basis.value,
                **form.rescue(),
            )
        except ValidationError as error:
            add_service_errors(form, error, rename=_form_name)
        else:
            if seizure.rescue_by_trained_worker is False:
                messages.warning(
                    request,
                    _(
                        "Saved. The worker who gave the rescue medication had no valid training "
                        "for it that day: this is flagged and the managers have been told."
                    ),
                )
            else:
                messages.success(request, _("The seizure has been recorded."))
            return redirect(detail_url(org, access, seizure))
    return render_form_page(
        request,
        form=form,
        header=record_header(actor, access, org, current=TAB),
        title=_("Record a seizure"),
        submit=_("Save the seizure record"),
        cancel_url=list_url(org, access),
        template=FORM,
        extra={"protocols": medicines},
    )


def _form_name(name: str) -> str:
    return {
        "starts_at": "starts_time",
        "ends_at": "ends_time",
        "rescue_given_at": "rescue_time",
    }.get(name, name)


def _seizure(
    request: HttpRequest, person_id: uuid.UUID, seizure_id: uuid.UUID, *, write: bool
) -> tuple[Seizure, PersonAccess]:
    return access_record(
        actor_of(request), person_id, Seizure, seizure_id, write=write, page="daily.seizures"
    )


@require_GET
@organisation_view
def seizure_detail(
    request: HttpRequest, person_id: uuid.UUID, seizure_id: uuid.UUID
) -> HttpResponse:
    actor = actor_of(request)
    seizure, access = _seizure(request, person_id, seizure_id, write=False)
    org = org_slug(request)
    return render(
        request,
        "daily/seizures/detail.html",
        {
            **record_header(actor, access, org, current=TAB),
            "seizure": seizure,
            "versions": versions_of(seizure),
            "can_amend": may_amend(actor, access, seizure),
            "back": list_url(org, access),
        },
    )


@require_http_methods(["GET", "POST"])
@organisation_view
def seizure_amend(
    request: HttpRequest, person_id: uuid.UUID, seizure_id: uuid.UUID
) -> HttpResponse:
    actor = actor_of(request)
    seizure, access = _seizure(request, person_id, seizure_id, write=True)
    if not may_amend(actor, access, seizure):
        raise PermissionDenied
    org = org_slug(request)
    starts = timezone.localtime(seizure.starts_at, local_zone())
    ends = timezone.localtime(seizure.ends_at, local_zone())
    form = AmendSeizureForm(
        request.POST if request.method == "POST" else None,
        initial={
            "on": starts.date(),
            "starts_time": f"{starts:%H:%M}",
            "ends_time": f"{ends:%H:%M}",
            "seizure_type": seizure.seizure_type,
            "description": seizure.description,
            "recovery": seizure.recovery,
            "ambulance_called": seizure.ambulance_called,
        },
    )
    back = detail_url(org, access, seizure)
    if request.method == "POST" and form.is_valid():
        starts_at, ends_at = form.times()
        values: dict[str, Any] = {
            "starts_at": starts_at,
            "ends_at": ends_at,
            "seizure_type": form.cleaned_data["seizure_type"],
            "description": form.cleaned_data["description"],
            "recovery": form.cleaned_data["recovery"],
            "ambulance_called": form.cleaned_data["ambulance_called"],
        }
        changes = {k: v for k, v in values.items() if getattr(seizure, k) != v}
        try:
            amend_seizure(
                actor=actor,
                record=seizure,
                changes=changes,
                reason=form.cleaned_data["amend_reason"],
            )
        except ValidationError as error:
            add_service_errors(form, error, rename=_form_name)
        else:
            messages.success(request, _("The seizure record has been amended."))
            return redirect(back)
    return render_form_page(
        request,
        form=form,
        header=record_header(actor, access, org, current=TAB),
        title=_("Amend the seizure record"),
        intro=_(
            "The record as it was is kept, with your reason. Rescue medication details stay "
            "as written."
        ),
        submit=_("Save the amendment"),
        cancel_url=back,
        template=FORM,
    )
