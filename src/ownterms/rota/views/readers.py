"""Pages for each reader of the live rota: the person (who is coming, easy read, and its PDF),
the worker (my shifts, their calendar feed), the rota office (the organisation's week) and a
printable team rota. Thin views: parse → access → selector/service → render."""

from __future__ import annotations

import datetime as dt
import math
import re
import uuid
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST, require_safe

from ownterms.core.scoping import org_slug, organisation_view
from ownterms.lib.dates import monday_of
from ownterms.people.access import PersonAccess
from ownterms.people.record_tabs import record_header
from ownterms.people.selectors import Basis, roles_of
from ownterms.people.views import actor_of
from ownterms.rota import ical
from ownterms.rota.access import access_person_rota, own_staff_member, require_rota_office
from ownterms.rota.forms.readers import WeekFilterForm
from ownterms.rota.models import CalendarFeed
from ownterms.rota.pdf import photo_data_uri, render_pdf
from ownterms.rota.selectors import readers as selectors
from ownterms.rota.selectors import week as week_selectors
from ownterms.rota.services.feeds import new_calendar_feed, revoke_calendar_feed
from ownterms.staff.selectors import STAFF_RECORD_ROLES


def _pdf_response(content: bytes, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{name}"'
    response["Cache-Control"] = "private, no-store"
    return response


# -- the person ----------------------------------------------------------------------------------


def _coming_context(access: PersonAccess, today: dt.date) -> dict[str, Any]:
    person = access.person
    days = selectors.who_is_coming(person, today=today)
    return {
        "first_name": person.called,
        "is_self": access.basis == Basis.SELF,
        "days": days,
        "anyone_missing": any(not day.visits for day in days),
        "today": today,
    }


@require_GET
@organisation_view
def who_is_coming(request: HttpRequest, person_id: uuid.UUID) -> HttpResponse:
    actor = actor_of(request)
    access = access_person_rota(actor, person_id, page="rota.who_is_coming")
    org = org_slug(request)
    context = {
        **record_header(actor, access, org, current="who_is_coming"),
        **_coming_context(access, timezone.localdate()),
    }
    return render(request, "rota/readers/who_is_coming.html", context)


@require_GET
@organisation_view
def who_is_coming_pdf(request: HttpRequest, person_id: uuid.UUID) -> HttpResponse:
    actor = actor_of(request)
    access = access_person_rota(actor, person_id, page="rota.who_is_coming_pdf")
    today = timezone.localdate()
    context = _coming_context(access, today)
    photos: dict[str, str] = {}
    for day in context["days"]:
        for visit in day.visits:
            for visitor in visit.visitors:
                if visitor.has_photo and visitor.public_id not in photos:
                    photos[visitor.public_id] = photo_data_uri(visitor.member.photo)
    context.update(person=access.person, photos=photos, printed=timezone.localtime())
    pdf = render_pdf("rota/readers/who_is_coming_pdf.html", context)
    return _pdf_response(pdf, f"who-is-coming-{today:%Y-%m-%d}.pdf")


# -- the worker ----------------------------------------------------------------------------------


@require_GET
@organisation_view
def my_shifts(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    member = own_staff_member(actor)
    shifts = selectors.my_shifts(actor, member, now=timezone.now())
    return render(
        request,
        "rota/readers/my_shifts.html",
        {"org": org_slug(request), "member": member, "shifts": shifts},
    )


def feed_url(feed: CalendarFeed) -> str:
    path = reverse("rota_feed:feed", kwargs={"token": feed.token})
    return settings.OWNTERMS_BASE_URL.rstrip("/") + path


@require_GET
@organisation_view
def my_calendar(request: HttpRequest) -> HttpResponse:
    member = own_staff_member(actor_of(request))
    feed = CalendarFeed.objects.filter(staff_member=member, revoked_at__isnull=True).first()
    url = feed_url(feed) if feed is not None else ""
    return render(
        request,
        "rota/readers/my_calendar.html",
        {
            "org": org_slug(request),
            "feed": feed,
            "url": url,
            "webcal": url.replace("https://", "webcal://", 1).replace("http://", "webcal://", 1),
        },
    )


@require_POST
@organisation_view
def my_calendar_new(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    member = own_staff_member(actor)
    new_calendar_feed(actor=actor, member=member)
    messages.success(
        request,
        _("Your calendar link is ready. Any link you had before has stopped working."),
    )
    return redirect("rota:my_calendar", org=org_slug(request))


@require_POST
@organisation_view
def my_calendar_revoke(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    member = own_staff_member(actor)
    if revoke_calendar_feed(actor=actor, member=member):
        messages.success(request, _("Your calendar link has stopped working."))
    else:
        messages.info(request, _("You had no calendar link to stop."))
    return redirect("rota:my_calendar", org=org_slug(request))


FEED_TOKEN = re.compile(r"[A-Za-z0-9_-]{1,64}")


@require_safe
def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """The worker's shifts as iCalendar, for the secret token alone (no sign-in)."""
    if not FEED_TOKEN.fullmatch(token):  # tokens are URL-safe base64 (no NUL for PostgreSQL)
        raise Http404
    feed = (
        CalendarFeed.objects.filter(token=token, revoked_at__isnull=True)
        .select_related("staff_member")
        .first()
    )
    now = timezone.now()
    if feed is None:
        raise Http404
    member = feed.staff_member
    if member.organisation_id != feed.organisation_id or (
        member.ends_on is not None and member.ends_on <= timezone.localdate(now)
    ):
        raise Http404
    body = ical.calendar_for(member, selectors.feed_shifts(member, now=now), now=now)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, max-age=900"
    response["Content-Disposition"] = 'inline; filename="shifts.ics"'
    response["X-Robots-Tag"] = "noindex"
    return response


# -- the rota office -----------------------------------------------------------------------------


#: People per page of the week's grid (the summary above it covers every page).
ROWS_PER_PAGE = 50
#: Warnings listed in the summary (the rest are counted; filters narrow them down).
WARNINGS_SHOWN = 25


@require_GET
@organisation_view
def week(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    require_rota_office(actor)
    today = timezone.localdate()
    form = WeekFilterForm(
        request.GET or None,
        managers=week_selectors.week_managers(actor, today=today),
        areas=week_selectors.week_areas(actor),
    )
    chosen = form.value("week")
    monday = monday_of(chosen if isinstance(chosen, dt.date) else today)
    manager_key = form.value("manager")
    filters = week_selectors.WeekFilters(
        manager=form.managers.get(str(manager_key)) if manager_key else None,
        area=str(form.value("area") or ""),
    )
    data = week_selectors.organisation_week(actor, monday, filters, today=today)
    keep = {
        key: value for key, value in (("manager", manager_key), ("area", filters.area)) if value
    }
    pages = max(math.ceil(len(data.rows) / ROWS_PER_PAGE), 1)
    page = min(int(str(form.value("page") or 1)), pages)
    first_row = (page - 1) * ROWS_PER_PAGE
    return render(
        request,
        "rota/readers/week.html",
        {
            "org": org_slug(request),
            "form": form,
            "week": data,
            "rows": data.rows[first_row : first_row + ROWS_PER_PAGE],
            "hours": data.hours[:WARNINGS_SHOWN],
            "hours_more": max(len(data.hours) - WARNINGS_SHOWN, 0),
            "training": data.training[:WARNINGS_SHOWN],
            "training_more": max(len(data.training) - WARNINGS_SHOWN, 0),
            "paging": {
                "page": page,
                "pages": pages,
                "first": first_row + 1,
                "last": min(first_row + ROWS_PER_PAGE, len(data.rows)),
                "total": len(data.rows),
                "previous": {**keep, "week": monday.isoformat(), "page": page - 1},
                "next": {**keep, "week": monday.isoformat(), "page": page + 1},
            },
            "sunday": monday + dt.timedelta(days=6),
            "previous": {**keep, "week": (monday - dt.timedelta(days=7)).isoformat()},
            "next": {**keep, "week": (monday + dt.timedelta(days=7)).isoformat()},
            "show_photos": bool(roles_of(actor) & STAFF_RECORD_ROLES),
            "has_errors": bool(form.is_bound and form.errors),
        },
    )


@require_GET
@organisation_view
def team_rota_pdf(request: HttpRequest, person_id: uuid.UUID) -> HttpResponse:
    actor = actor_of(request)
    access = access_person_rota(actor, person_id, page="rota.team_rota_pdf")
    form = WeekFilterForm(request.GET or None, managers=(), areas=())
    chosen = form.value("week")
    monday = monday_of(chosen if isinstance(chosen, dt.date) else timezone.localdate())
    shifts = list(selectors.person_shifts(access.person, monday, monday + dt.timedelta(days=6)))
    days = [
        {
            "day": monday + dt.timedelta(days=n),
            "shifts": [
                {
                    "shift": s,
                    "starts": selectors.local(s.starts_at),
                    "ends": selectors.local(s.ends_at),
                    "workers": selectors.workers_of(s),
                }
                for s in shifts
                if s.on == monday + dt.timedelta(days=n)
            ],
        }
        for n in range(7)
    ]
    pdf = render_pdf(
        "rota/readers/team_rota_pdf.html",
        {
            "person": access.person,
            "first_name": access.person.called,
            "monday": monday,
            "sunday": monday + dt.timedelta(days=6),
            "days": days,
            "printed": timezone.localtime(),
        },
    )
    return _pdf_response(pdf, f"team-rota-{monday:%Y-%m-%d}.pdf")
