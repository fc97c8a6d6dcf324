"""The circle of support: who is in it, and what the person consents to share with each.

Reading is ``profile``; changes are for whoever may change the profile (managers and
administrators). Consent given here drives access (``people.selectors.basis_conditions``).
"""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ownterms.core.scoping import org_slug, organisation_view
from ownterms.people.access import access_person
from ownterms.people.form_pages import add_service_errors, render_form_page
from ownterms.people.forms import CircleMemberForm, ConsentEndForm, ConsentForm
from ownterms.people.models import ConsentCategory
from ownterms.people.record_tabs import record_header
from ownterms.people.selectors import (
    circle_member_of,
    consent_of,
    consent_state,
    person_circle,
)
from ownterms.people.services import (
    add_circle_member,
    end_consent,
    give_consent,
    update_circle_member,
    withdraw_consent,
)
from ownterms.people.views import CONTACT_DETAIL_BASES, actor_of

TAB = "circle"
CATEGORY = ConsentCategory.PROFILE


def _circle_url(org: str, person_id: uuid.UUID) -> str:
    return reverse("people:circle", kwargs={"org": org, "person_id": person_id})


@require_GET
@organisation_view
def circle(request: HttpRequest, person_id: uuid.UUID) -> HttpResponse:
    actor = actor_of(request)
    access = access_person(actor, person_id, category=CATEGORY, page="person.circle")
    org = org_slug(request)
    members = list(person_circle(access.person))
    for member in members:
        member.consent_rows = [  # type: ignore[attr-defined]
            {"consent": consent, "state": consent_state(consent)}
            for consent in sorted(member.consents.all(), key=lambda c: (c.category, c.starts_on))
        ]
    return render(
        request,
        "people/circle.html",
        {
            **record_header(actor, access, org, current=TAB),
            "members": members,
            "show_contacts": access.basis in CONTACT_DETAIL_BASES,
            "can_edit": access.can_write(),
        },
    )


@require_http_methods(["GET", "POST"])
@organisation_view
def circle_add(request: HttpRequest, person_id: uuid.UUID) -> HttpResponse:
    actor = actor_of(request)
    access = access_person(actor, person_id, category=CATEGORY, write=True, page="person.circle")
    org = org_slug(request)
    form = CircleMemberForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            add_circle_member(actor=actor, person=access.person, **form.changes())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("They have been added to the circle of support."))
            return redirect(_circle_url(org, access.person.public_id))
    return render_form_page(
        request,
        form=form,
        header=record_header(actor, access, org, current=TAB),
        title=_("Add someone to the circle of support"),
        submit=_("Add to the circle"),
        cancel_url=_circle_url(org, access.person.public_id),
        intro=_("After adding them, record what the person agrees to share with them."),
    )


@require_http_methods(["GET", "POST"])
@organisation_view
def circle_edit(request: HttpRequest, person_id: uuid.UUID, member_id: uuid.UUID) -> HttpResponse:
    actor = actor_of(request)
    access = access_person(actor, person_id, category=CATEGORY, write=True, page="person.circle")
    member = circle_member_of(access.person, member_id)
    org = org_slug(request)
    form = CircleMemberForm(request.POST if request.method == "POST" else None, instance=member)
    if request.method == "POST" and form.is_valid():
        try:
            update_circle_member(
                actor=actor, circle_member=member, basis=access.basis.value, **form.changes()
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The circle of support has been updated."))
            return redirect(_circle_url(org, access.person.public_id))
    # A rejected form must not show the unsaved values as if they were the record.
    member.refresh_from_db()
    return render_form_page(
        request,
        form=form,
        header=record_header(actor, access, org, current=TAB),
        title=_("Change %(name)s's details") % {"name": member.name},
        submit=_("Save changes"),
        cancel_url=_circle_url(org, access.person.public_id),
    )


@require_http_methods(["GET", "POST"])
@organisation_view
def consent_give(request: HttpRequest, person_id: uuid.UUID, member_id: uuid.UUID) -> HttpResponse:
    actor = actor_of(request)
    access = access_person(actor, person_id, category=CATEGORY, write=True, page="person.circle")
    member = circle_member_of(access.person, member_id)
    org = org_slug(request)
    form = ConsentForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            give_consent(actor=actor, circle_member=member, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The consent has been recorded."))
            return redirect(_circle_url(org, access.person.public_id))
    return render_form_page(
        request,
        form=form,
        header=record_header(actor, access, org, current=TAB),
        title=_("What may %(name)s see?") % {"name": member.name},
        submit=_("Record consent"),
        cancel_url=_circle_url(org, access.person.public_id),
        intro=_(
            "Record one part of the record at a time. They can see it from the start date "
            "until the day before the end date."
        ),
    )


@require_http_methods(["GET", "POST"])
@organisation_view
def consent_end(request: HttpRequest, person_id: uuid.UUID, consent_id: uuid.UUID) -> HttpResponse:
    actor = actor_of(request)
    access = access_person(actor, person_id, category=CATEGORY, write=True, page="person.circle")
    consent = consent_of(access.person, consent_id)
    org = org_slug(request)
    form = ConsentEndForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            end_consent(actor=actor, consent=consent, ends_on=form.cleaned_data["ends_on"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The consent will end on the date you gave."))
            return redirect(_circle_url(org, access.person.public_id))
    return render_form_page(
        request,
        form=form,
        header=record_header(actor, access, org, current=TAB),
        title=_("End what %(name)s may see: %(category)s")
        % {"name": consent.circle_member.name, "category": consent.get_category_display()},
        submit=_("End consent"),
        cancel_url=_circle_url(org, access.person.public_id),
        template="people/consent_end.html",
        extra={"consent": consent, "state": consent_state(consent)},
    )


@require_POST
@organisation_view
def consent_withdraw(
    request: HttpRequest, person_id: uuid.UUID, consent_id: uuid.UUID
) -> HttpResponse:
    actor = actor_of(request)
    access = access_person(actor, person_id, category=CATEGORY, write=True, page="person.circle")
    consent = consent_of(access.person, consent_id)
    withdraw_consent(actor=actor, consent=consent)
    messages.success(request, _("The consent has been withdrawn: it has stopped now."))
    return redirect(_circle_url(org_slug(request), access.person.public_id))
