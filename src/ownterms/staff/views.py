"""Staff pages. Each view: parse → access → selector → render."""

from __future__ import annotations

import uuid

from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from ownterms.core.scoping import organisation_url_kwargs, organisation_view
from ownterms.lib.photos import photo_response
from ownterms.people.selectors import roles_of
from ownterms.people.views import actor_of
from ownterms.staff.access import access_staff_member
from ownterms.staff.selectors import STAFF_RECORD_ROLES, staff_list, staff_teams

PAGE_SIZE = 50


@require_GET
@organisation_view
def staff_index(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    members = staff_list(actor)
    sees_all = bool(roles_of(actor) & STAFF_RECORD_ROLES)
    if not sees_all and not members.exists():
        raise Http404
    page = Paginator(members, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "staff/staff_list.html",
        {"page": page, "sees_all": sees_all, "org": organisation_url_kwargs(request)["org"]},
    )


@require_GET
@organisation_view
def staff_detail(request: HttpRequest, staff_id: uuid.UUID) -> HttpResponse:
    actor = actor_of(request)
    access = access_staff_member(actor, staff_id)
    member = access.staff_member
    return render(
        request,
        "staff/staff_detail.html",
        {
            "member": member,
            "access": access,
            "teams": list(staff_teams(member)),
            "hours": divmod(member.contract_minutes_per_week, 60),
            "org": organisation_url_kwargs(request)["org"],
        },
    )


@require_GET
@organisation_view
def staff_photo(request: HttpRequest, staff_id: uuid.UUID) -> FileResponse:
    """A member of staff's photo, for whoever may read their staff record."""
    member = access_staff_member(actor_of(request), staff_id).staff_member
    return photo_response(member.photo)
