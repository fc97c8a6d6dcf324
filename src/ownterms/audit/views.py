"""The audit page: managers and administrators search what was changed and viewed."""

from __future__ import annotations

from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from ownterms.accounts.models import User
from ownterms.audit.forms import EventSearchForm
from ownterms.audit.selectors import EventSearch, audit_roles_of, search_events
from ownterms.core.scoping import organisation_view

PAGE_SIZE = 50


@require_GET
@organisation_view
def event_list(request: HttpRequest) -> HttpResponse:
    actor = request.user
    if not isinstance(actor, User) or not audit_roles_of(actor):
        raise Http404
    form = EventSearchForm(request.GET or None)
    search = EventSearch()
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        search = EventSearch(
            person=data["person"],
            user=data["user"],
            action=data["action"],
            kind=data["kind"],
            date_from=data["date_from"],
            date_to=data["date_to"],
        )
    events = search_events(actor, search)
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    params = {key: value for key, value in request.GET.items() if key != "page" and value}
    return render(
        request,
        "audit/event_list.html",
        {
            "form": form if form.is_bound else EventSearchForm(),
            "page": page,
            "query_string": urlencode(params),
        },
        status=400 if form.is_bound and form.errors else 200,
    )
