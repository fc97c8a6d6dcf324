"""Pages about the people supported. Each view: parse → access → selector/service → render."""

from __future__ import annotations

import uuid
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from ownterms.accounts.models import User
from ownterms.audit.selectors import views_of_person
from ownterms.audit.services import record_access
from ownterms.core.scoping import org_slug, organisation_view
from ownterms.lib.photos import photo_response
from ownterms.people.access import access_person, may_read, person_bases
from ownterms.people.form_pages import add_service_errors
from ownterms.people.forms import PersonForm
from ownterms.people.models import ConsentCategory
from ownterms.people.record_tabs import record_header
from ownterms.people.selectors import (
    Basis,
    consent_is_current,
    people_visible_to,
    person_circle,
    person_managers,
    person_team,
)
from ownterms.people.services import EditConflictError, update_person

PAGE_SIZE = 50
SEARCH_MAX = 100

#: Who may read "who has looked at my record": the person and their managers (and admins).
WHO_LOOKED_BASES = frozenset({Basis.SELF, Basis.MANAGER, Basis.ADMINISTRATOR})
#: Who sees circle members' contact details (not other circle members or partners).
CONTACT_DETAIL_BASES = frozenset(
    {Basis.ADMINISTRATOR, Basis.MANAGER, Basis.TEAM, Basis.ON_CALL, Basis.SELF}
)

BASIS_WORDS = {
    Basis.ADMINISTRATOR: gettext_lazy("an administrator"),
    Basis.MANAGER: gettext_lazy("your manager"),
    Basis.SELF: gettext_lazy("you"),
    Basis.TEAM: gettext_lazy("someone in your staff team"),
    Basis.ON_CALL: gettext_lazy("the manager on call"),
    Basis.FINANCE: gettext_lazy("the finance team"),
    Basis.CIRCLE_CONSENT: gettext_lazy("someone in your circle of support, with your consent"),
    Basis.PARTNER_GRANT: gettext_lazy("a professional you agreed could see it"),
}
PAGE_WORDS = {
    "person": gettext_lazy("your main page"),
    "person.edit": gettext_lazy("the page for changing your details"),
    "person.who_looked": gettext_lazy("this page (who has looked at your record)"),
    "person.photo": gettext_lazy("your photo"),
    "team": gettext_lazy("your team"),
    "team.health": gettext_lazy("who in your team has the skills your support needs"),
    "team.add": gettext_lazy("the page for adding someone to your team"),
    "team.end": gettext_lazy("the page for ending someone's place in your team"),
    "team.approve": gettext_lazy("your yes to a member of your team"),
    "team.need_add": gettext_lazy("the page for adding a skill your support needs"),
    "team.need_remove": gettext_lazy("the skills your support needs"),
    "api.team": gettext_lazy("your team (through the API)"),
    "api.team.health": gettext_lazy("your team's skills (through the API)"),
    "person.export": gettext_lazy("a download of your whole record"),
}


def actor_of(request: HttpRequest) -> User:
    user = request.user
    if not isinstance(user, User):
        raise Http404
    return user


@require_GET
@organisation_view
def person_list(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    query = request.GET.get("q", "")[:SEARCH_MAX].strip()
    people = people_visible_to(actor, ConsentCategory.PROFILE)
    if query:
        people = people.filter(
            Q(first_name__icontains=query)
            | Q(last_name__icontains=query)
            | Q(preferred_name__icontains=query)
        )
    page = Paginator(people.order_by("first_name", "last_name", "pk"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "people/person_list.html",
        {
            "page": page,
            "query": query,
            "query_string": urlencode({"q": query}) if query else "",
            "org": org_slug(request),
        },
    )


@require_GET
@organisation_view
def person_detail(request: HttpRequest, person_id: uuid.UUID) -> HttpResponse:
    actor = actor_of(request)
    access = access_person(actor, person_id, category=ConsentCategory.PROFILE, page="person")
    person = access.person
    show_team = may_read(actor, person_id, ConsentCategory.ROTA)
    circle = list(person_circle(person))
    for member in circle:
        member.current_consents = [  # type: ignore[attr-defined]
            consent for consent in member.consents.all() if consent_is_current(consent)
        ]
    org = org_slug(request)
    return render(
        request,
        "people/person_detail.html",
        {
            **record_header(actor, access, org, current="about"),
            "access": access,
            "team": list(person_team(person)) if show_team else None,
            "managers": list(person_managers(person)) if show_team else None,
            "circle": circle,
            "show_contacts": access.basis in CONTACT_DETAIL_BASES,
            "can_edit": access.can_write(),
            "can_see_who_looked": bool(access.bases & WHO_LOOKED_BASES),
        },
    )


@require_http_methods(["GET", "POST"])
@organisation_view
def person_edit(request: HttpRequest, person_id: uuid.UUID) -> HttpResponse:
    actor = actor_of(request)
    access = access_person(
        actor, person_id, category=ConsentCategory.PROFILE, write=True, page="person.edit"
    )
    person = access.person
    org = org_slug(request)
    if request.method == "POST":
        form = PersonForm(request.POST, request.FILES, instance=None, has_photo=bool(person.photo))
        if form.is_valid():
            try:
                with transaction.atomic():
                    update_person(
                        actor=actor,
                        person=person,
                        basis=access.basis.value,
                        expected_updated_at=form.expected_updated_at(),
                        **form.changes(),
                        photo=form.new_photo(),
                        remove_photo=form.photo_removed(),
                    )
            except EditConflictError:
                form.add_error(
                    None,
                    _(
                        "Someone else changed this record while you were editing it. "
                        "Nothing you entered has been saved: check the record and try again."
                    ),
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The record has been updated."))
                return redirect("people:detail", org=org, person_id=person.public_id)
    else:
        form = PersonForm(
            instance=person,
            initial={"version": person.updated_at.isoformat()},
            has_photo=bool(person.photo),
        )
    return render(
        request,
        "people/person_edit.html",
        {**record_header(actor, access, org, current="about"), "form": form},
        status=400 if form.is_bound and form.errors else 200,
    )


@require_GET
@organisation_view
def person_photo(request: HttpRequest, person_id: uuid.UUID) -> FileResponse:
    """The person's photo, for whoever may read their profile (audited as a view)."""
    actor = actor_of(request)
    person = person_bases(actor, person_id, category=ConsentCategory.PROFILE).person
    if not person.photo:
        raise Http404
    access = access_person(actor, person_id, category=ConsentCategory.PROFILE, page="person.photo")
    return photo_response(access.person.photo)


def _who(actor_id: int | None, label: str, viewer: User, basis: Basis) -> str:
    if actor_id == viewer.pk and basis == Basis.SELF:
        return _("You")
    # The label is "Name <email>"; the person needs the name only.
    return label.split(" <")[0] or _("Unknown")


def _basis_words(value: str) -> str:
    try:
        return str(BASIS_WORDS[Basis(value)])
    except (ValueError, KeyError):
        return value


@require_GET
@organisation_view
def who_looked(request: HttpRequest, person_id: uuid.UUID) -> HttpResponse:
    actor = actor_of(request)
    access = person_bases(actor, person_id, category=ConsentCategory.PROFILE)
    if not access.bases & WHO_LOOKED_BASES:
        raise Http404
    person = access.person
    record_access(actor=actor, person=person, page="person.who_looked", basis=access.basis.value)
    events = views_of_person(organisation_id=person.organisation_id, person_id=person.pk)
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [
        {
            "event": event,
            "who": _who(event.actor_id, event.actor_label, actor, access.basis),
            "because": _basis_words(event.basis),
            "what": PAGE_WORDS.get(event.page, event.page),
        }
        for event in page
    ]
    return render(
        request,
        "people/who_looked.html",
        {
            **record_header(actor, access, org_slug(request), current="about"),
            "page": page,
            "rows": rows,
            "is_self": access.basis == Basis.SELF,
        },
    )
