"""Pages of the health summary. Reading is ``health`` (the team, managers, the person, and
whoever the person consents to); changes are for managers and administrators."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from ownterms.core.scoping import org_slug, organisation_view
from ownterms.health.forms import ITEM_FORMS, MedicationForm, RemoveItemForm, StopMedicationForm
from ownterms.health.models import Medication
from ownterms.health.selectors import (
    CHANGE_WORDS,
    ITEM_KINDS,
    health_changes,
    health_summary,
    item_of,
    medication_of,
)
from ownterms.health.services import (
    add_item,
    add_medication,
    change_medication,
    remove_item,
    stop_medication,
    update_item,
)
from ownterms.people.access import PersonAccess, access_person, may_read
from ownterms.people.form_pages import add_service_errors, render_form_page
from ownterms.people.models import ConsentCategory
from ownterms.people.record_tabs import record_header
from ownterms.people.selectors import person_circle
from ownterms.people.views import CONTACT_DETAIL_BASES, actor_of
from ownterms.plans.selectors import current_profile

TAB = "health"
CATEGORY = ConsentCategory.HEALTH

ITEM_WORDS = {
    "condition": (gettext_lazy("Add a condition"), gettext_lazy("Change a condition")),
    "allergy": (gettext_lazy("Add an allergy"), gettext_lazy("Change an allergy")),
    "contact": (
        gettext_lazy("Add a GP or key professional"),
        gettext_lazy("Change a key professional"),
    ),
}


def _summary_url(org: str, access: PersonAccess) -> str:
    return reverse("health:summary", kwargs={"org": org, "person_id": access.person.public_id})


def _access(request: HttpRequest, person_id: uuid.UUID, *, write: bool, page: str) -> PersonAccess:
    return access_person(actor_of(request), person_id, category=CATEGORY, write=write, page=page)


@require_GET
@organisation_view
def summary(request: HttpRequest, person_id: uuid.UUID) -> HttpResponse:
    actor = actor_of(request)
    access = _access(request, person_id, write=False, page="person.health")
    org = org_slug(request)
    return render(
        request,
        "health/summary.html",
        {
            **record_header(actor, access, org, current=TAB),
            "health": health_summary(access.person),
            "can_edit": access.can_write(),
            # Who changed what: for those who change the summary (managers, administrators).
            "changes": [
                {
                    "event": event,
                    "what": CHANGE_WORDS.get(event.action, event.action),
                    "who": event.actor_label.split(" <")[0],
                }
                for event in health_changes(access.person)
            ]
            if access.can_write()
            else None,
        },
    )


@require_GET
@organisation_view
def passport(request: HttpRequest, person_id: uuid.UUID) -> HttpResponse:
    """One page to take to hospital: who I am, how to communicate and support me, my health."""
    actor = actor_of(request)
    access = _access(request, person_id, write=False, page="person.health.passport")
    org = org_slug(request)
    show_contacts = access.basis in CONTACT_DETAIL_BASES
    people = [
        member
        for member in person_circle(access.person).filter(is_paid=False)
        if member.phone or member.email
    ]
    # The one-page profile's "how best to support me", for those who may read the profile.
    profile = None
    if may_read(actor, access.person.public_id, ConsentCategory.PROFILE):
        profile = current_profile(access.person)
    return render(
        request,
        "health/passport.html",
        {
            **record_header(actor, access, org, current=TAB),
            "health": health_summary(access.person),
            "profile": profile,
            "family": people if show_contacts else [],
            "today": timezone.localdate(),
        },
    )


@require_http_methods(["GET", "POST"])
@organisation_view
def item_add(request: HttpRequest, person_id: uuid.UUID, kind: str) -> HttpResponse:
    model = ITEM_KINDS.get(kind)
    if model is None:
        raise Http404
    actor = actor_of(request)
    access = _access(request, person_id, write=True, page="person.health")
    org = org_slug(request)
    form = ITEM_FORMS[model](request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            add_item(
                actor=actor,
                person=access.person,
                model=model,
                basis=access.basis.value,
                **form.cleaned_data,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The health summary has been updated."))
            return redirect(_summary_url(org, access))
    return render_form_page(
        request,
        form=form,
        header=record_header(actor, access, org, current=TAB),
        title=str(ITEM_WORDS[kind][0]),
        submit=_("Save"),
        cancel_url=_summary_url(org, access),
    )


@require_http_methods(["GET", "POST"])
@organisation_view
def item_edit(
    request: HttpRequest, person_id: uuid.UUID, kind: str, item_id: uuid.UUID
) -> HttpResponse:
    actor = actor_of(request)
    access = _access(request, person_id, write=True, page="person.health")
    item = item_of(access.person, kind, item_id)
    org = org_slug(request)
    form = ITEM_FORMS[type(item)](request.POST if request.method == "POST" else None, instance=item)
    if request.method == "POST" and form.is_valid():
        try:
            update_item(actor=actor, item=item, basis=access.basis.value, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The health summary has been updated."))
            return redirect(_summary_url(org, access))
    return render_form_page(
        request,
        form=form,
        header=record_header(actor, access, org, current=TAB),
        title=str(ITEM_WORDS[kind][1]),
        submit=_("Save changes"),
        cancel_url=_summary_url(org, access),
    )


@require_http_methods(["GET", "POST"])
@organisation_view
def item_remove(
    request: HttpRequest, person_id: uuid.UUID, kind: str, item_id: uuid.UUID
) -> HttpResponse:
    actor = actor_of(request)
    access = _access(request, person_id, write=True, page="person.health")
    item = item_of(access.person, kind, item_id)
    org = org_slug(request)
    form = RemoveItemForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        remove_item(actor=actor, item=item, basis=access.basis.value)
        messages.success(request, _("It has been taken off the health summary."))
        return redirect(_summary_url(org, access))
    return render_form_page(
        request,
        form=form,
        header=record_header(actor, access, org, current=TAB),
        title=_("Take “%(item)s” off the health summary?") % {"item": item},
        intro=_(
            "It will no longer show on the summary. The record of it, and of who took it "
            "off, is kept."
        ),
        submit=_("Take it off"),
        cancel_url=_summary_url(org, access),
    )


@require_http_methods(["GET", "POST"])
@organisation_view
def medication_add(request: HttpRequest, person_id: uuid.UUID) -> HttpResponse:
    actor = actor_of(request)
    access = _access(request, person_id, write=True, page="person.health")
    org = org_slug(request)
    form = MedicationForm(
        request.POST if request.method == "POST" else None,
        organisation=access.person.organisation_id,
    )
    if request.method == "POST" and form.is_valid():
        try:
            add_medication(
                actor=actor, person=access.person, basis=access.basis.value, **form.values()
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The medicine has been added."))
            return redirect(_summary_url(org, access))
    return render_form_page(
        request,
        form=form,
        header=record_header(actor, access, org, current=TAB),
        title=_("Add a medicine"),
        intro=_("As prescribed: support staff never change doses."),
        submit=_("Add medicine"),
        cancel_url=_summary_url(org, access),
    )


def _initial(medication: Medication) -> dict[str, object]:
    return {
        name: getattr(medication, name)
        for name in (
            "name",
            "dose",
            "route",
            "kind",
            "frequency",
            "prn_protocol",
            "is_psychotropic",
            "psychotropic_reason",
            "review_on",
            "training_skill",
        )
    }


@require_http_methods(["GET", "POST"])
@organisation_view
def medication_change(
    request: HttpRequest, person_id: uuid.UUID, medication_id: uuid.UUID
) -> HttpResponse:
    actor = actor_of(request)
    access = _access(request, person_id, write=True, page="person.health")
    medication = medication_of(access.person, medication_id)
    org = org_slug(request)
    if request.method == "POST":
        form = MedicationForm(
            request.POST, changing=True, organisation=access.person.organisation_id
        )
        if form.is_valid():
            try:
                change_medication(
                    actor=actor,
                    medication=medication,
                    changes_on=form.cleaned_data["changes_on"],
                    basis=access.basis.value,
                    **form.values(),
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The change has been recorded."))
                return redirect(_summary_url(org, access))
    else:
        form = MedicationForm(
            initial={**_initial(medication), "changes_on": timezone.localdate()},
            changing=True,
            organisation=access.person.organisation_id,
        )
    return render_form_page(
        request,
        form=form,
        header=record_header(actor, access, org, current=TAB),
        title=_("Change %(medicine)s") % {"medicine": medication},
        intro=_(
            "A new dose, timing or review as prescribed. The entry as it is now stops on the "
            "day of the change and is kept in the medication history."
        ),
        submit=_("Record the change"),
        cancel_url=_summary_url(org, access),
    )


@require_http_methods(["GET", "POST"])
@organisation_view
def medication_stop(
    request: HttpRequest, person_id: uuid.UUID, medication_id: uuid.UUID
) -> HttpResponse:
    actor = actor_of(request)
    access = _access(request, person_id, write=True, page="person.health")
    medication = medication_of(access.person, medication_id)
    org = org_slug(request)
    if request.method == "POST":
        form = StopMedicationForm(request.POST)
        if form.is_valid():
            try:
                stop_medication(
                    actor=actor,
                    medication=medication,
                    stops_on=form.cleaned_data["stops_on"],
                    reason=form.cleaned_data["stop_reason"],
                    basis=access.basis.value,
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The medicine has been stopped."))
                return redirect(_summary_url(org, access))
    else:
        form = StopMedicationForm(initial={"stops_on": timezone.localdate()})
    return render_form_page(
        request,
        form=form,
        header=record_header(actor, access, org, current=TAB),
        title=_("Stop %(medicine)s") % {"medicine": medication},
        intro=_("The entry is kept in the medication history with the date it stopped."),
        submit=_("Stop the medicine"),
        cancel_url=_summary_url(org, access),
    )
