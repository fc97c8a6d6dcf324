"""Pages of a person's daily records: the day's records, notes and handovers."""

from __future__ import annotations

import uuid

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from ownterms.core.scoping import org_slug, organisation_view
from ownterms.daily.access import access_person_daily
from ownterms.people.record_tabs import record_header
from ownterms.people.views import actor_of

TAB = "daily"


@require_GET
@organisation_view
def person_daily(request: HttpRequest, person_id: uuid.UUID) -> HttpResponse:
    actor = actor_of(request)
    access = access_person_daily(actor, person_id, page="daily.person")
    return render(
        request,
        "daily/person_daily.html",
        {**record_header(actor, access, org_slug(request), current=TAB)},
    )
