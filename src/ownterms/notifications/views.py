from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from ownterms.core.scoping import org_slug, organisation_view
from ownterms.notifications import selectors, services
from ownterms.people.views import actor_of

INBOX_LIMIT = 100


@require_GET
@organisation_view
def inbox(request: HttpRequest) -> HttpResponse:
    rows = list(selectors.notifications_of(actor_of(request))[:INBOX_LIMIT])
    return render(request, "notifications/inbox.html", {"rows": rows})


@require_POST
@organisation_view
def read_all(request: HttpRequest) -> HttpResponse:
    services.mark_all_read(user=actor_of(request))
    return redirect("notifications:inbox", org=org_slug(request))
