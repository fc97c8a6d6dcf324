"""On-call pages. Each view: parse → access → service/selector → render."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ownterms.accounts.models import User
from ownterms.core.scoping import org_slug, organisation_view
from ownterms.core.selectors import zone_of
from ownterms.lib.dates import monday_of
from ownterms.oncall import selectors, services
from ownterms.oncall.access import (
    access_call,
    access_duty,
    may_close_follow_up,
    require_call_log,
    require_office,
)
from ownterms.oncall.forms import BuildForm, CallForm, FollowUpForm, HandOverForm, NumbersForm
from ownterms.oncall.models import CallLog
from ownterms.oncall.planning import Kind, Rotation, kind_of, real_hours
from ownterms.people.access import access_person
from ownterms.people.form_pages import add_service_errors
from ownterms.people.models import ConsentCategory
from ownterms.people.selectors import is_office, people_visible_to
from ownterms.people.views import actor_of
from ownterms.staff.models import OnCallDuty

PAST = dt.timedelta(weeks=4)
AHEAD = dt.timedelta(weeks=12)
CALLS_SHOWN = 200


def _status(form: Any) -> int:
    return 400 if form.is_bound and form.errors else 200


def _kind_label(kind: Kind | None) -> str:
    if kind == Kind.WEEKEND:
        return _("Weekend")
    if kind == Kind.WEEKDAY:
        return _("Weekday night")
    return _("Other")


@dataclass(frozen=True)
class DutyRow:
    duty: OnCallDuty
    kind: str
    starts: str
    ends: str
    now: bool
    past: bool
    may_hand_over: bool


# The rota --------------------------------------------------------------------------------


@require_GET
@organisation_view
def rota(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    require_office(actor)
    organisation = actor.organisation
    zone = zone_of(organisation)
    now, today = timezone.now(), timezone.localdate()
    rows = [
        DutyRow(
            duty=duty,
            kind=_kind_label(kind_of(duty.starts_at, duty.ends_at, zone)),
            starts=services.when(duty.starts_at, zone),
            ends=services.when(duty.ends_at, zone),
            now=duty.starts_at <= now < duty.ends_at,
            past=duty.ends_at <= now,
            may_hand_over=duty.ends_at > now,
        )
        for duty in selectors.duties_between(organisation.pk, now - PAST, now + AHEAD)
    ]
    return render(
        request,
        "oncall/rota.html",
        {
            "org": org_slug(request),
            "rows": rows,
            "fairness": selectors.weekends_this_year(organisation, today),
            "year": today.year,
            "numbers": selectors.numbers_of(organisation.pk),
        },
    )


def _build_form(request: HttpRequest, actor: User) -> BuildForm:
    managers = selectors.on_call_managers(actor.organisation_id, timezone.localdate())
    if request.method == "POST":
        return BuildForm(request.POST, managers=managers)
    next_monday = monday_of(timezone.localdate()) + dt.timedelta(weeks=1)
    everyone = list(managers)
    return BuildForm(
        managers=managers,
        initial={
            "starts_on": next_monday,
            "weeks": 12,
            "rotation": Rotation.WEEKLY.value,
            "weekend_team": everyone,
            "weekday_team": everyone,
        },
    )


@require_http_methods(["GET", "POST"])
@organisation_view
def build(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    require_office(actor)
    form = _build_form(request, actor)
    preview: services.Preview | None = None
    zone = zone_of(actor.organisation)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        arguments = {
            "organisation": actor.organisation,
            "starts_on": data["starts_on"],
            "weeks": data["weeks"],
            "weekend_team": list(data["weekend_team"]),
            "weekday_team": list(data["weekday_team"]),
            "rotation": data["rotation"],
        }
        try:
            if request.POST.get("action") == "confirm":
                duties = services.build_rota(actor=actor, **arguments)
                messages.success(
                    request,
                    _("The on-call rota has been saved: %(count)s duties.")
                    % {"count": len(duties)},
                )
                return redirect("oncall:rota", org=org_slug(request))
            preview = services.preview_rota(**arguments)
        except ValidationError as error:
            add_service_errors(form, error)
    rows = []
    if preview is not None:
        clashing = {id(c.planned) for c in preview.clashes}
        rows = [
            {
                "kind": _kind_label(item.slot.kind),
                "starts": services.when(item.slot.starts_at, zone),
                "ends": services.when(item.slot.ends_at, zone),
                "hours": round(real_hours(item.slot.starts_at, item.slot.ends_at), 1),
                "who": item.candidate.name if item.candidate else "",
                "clash": id(item) in clashing,
            }
            for item in preview.planned
        ]
    return render(
        request,
        "oncall/build.html",
        {"org": org_slug(request), "form": form, "preview": preview, "rows": rows},
        status=_status(form),
    )


@require_http_methods(["GET", "POST"])
@organisation_view
def swap(request: HttpRequest, duty_id: uuid.UUID) -> HttpResponse:
    actor = actor_of(request)
    duty = access_duty(actor, duty_id)
    managers = selectors.on_call_managers(actor.organisation_id, timezone.localdate()).exclude(
        pk=duty.manager_id
    )
    if request.method == "POST":
        form = HandOverForm(request.POST, managers=managers)
        if form.is_valid():
            try:
                services.hand_over(
                    actor=actor,
                    duty=duty,
                    to=form.cleaned_data["to"],
                    seen_manager=form.cleaned_data["seen"],
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request,
                    _("%(name)s now has the duty; you were both told.")
                    % {"name": form.cleaned_data["to"].name},
                )
                if is_office(actor):
                    return redirect("oncall:rota", org=org_slug(request))
                return redirect("core:home")
    else:
        form = HandOverForm(managers=managers, initial={"seen": duty.manager.public_id})
    zone = zone_of(actor.organisation)
    return render(
        request,
        "oncall/swap.html",
        {
            "org": org_slug(request),
            "form": form,
            "duty": duty,
            "starts": services.when(duty.starts_at, zone),
            "ends": services.when(duty.ends_at, zone),
            "office": is_office(actor),
        },
        status=_status(form),
    )


@require_http_methods(["GET", "POST"])
@organisation_view
def numbers(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    require_office(actor)
    current = selectors.numbers_of(actor.organisation_id)
    if request.method == "POST":
        form = NumbersForm(request.POST)
        if form.is_valid():
            try:
                services.save_numbers(
                    actor=actor, organisation=actor.organisation, **form.cleaned_data
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The on-call numbers have been saved."))
                return redirect("oncall:rota", org=org_slug(request))
    else:
        form = NumbersForm(
            initial={"on_call_phone": current.on_call_phone, "office_phone": current.office_phone}
        )
    return render(
        request,
        "oncall/numbers.html",
        {"org": org_slug(request), "form": form},
        status=_status(form),
    )


# The call log ----------------------------------------------------------------------------


@require_GET
@organisation_view
def calls(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    require_call_log(actor)
    open_only = request.GET.get("open") == "1"
    found = list(selectors.calls_of(actor.organisation_id, open_only=open_only)[:CALLS_SHOWN])
    readable = selectors.daily_readable_ids(actor)
    return render(
        request,
        "oncall/calls.html",
        {
            "org": org_slug(request),
            "calls": [
                (call, call.person_id is None or call.person_id in readable) for call in found
            ],
            "open_only": open_only,
            "office": is_office(actor),
            "limit": CALLS_SHOWN,
            "today": timezone.localdate(),
        },
    )


@require_http_methods(["GET", "POST"])
@organisation_view
def call_new(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    require_call_log(actor)
    managers = selectors.on_call_managers(actor.organisation_id, timezone.localdate())
    people = people_visible_to(actor, ConsentCategory.DAILY).order_by(
        "first_name", "last_name", "pk"
    )
    if request.method == "POST":
        form = CallForm(request.POST, managers=managers, people=people)
        if form.is_valid():
            data = form.cleaned_data
            try:
                call = services.log_call(
                    actor=actor,
                    received_at=data["received_at"],
                    caller=data["caller"],
                    person=data["person"],
                    what_happened=data["what_happened"],
                    action_taken=data["action_taken"],
                    follow_up_needed=data["follow_up_needed"],
                    follow_up_owner=data["follow_up_owner"],
                    follow_up_due=data["follow_up_due"],
                )
            except ValidationError as error:
                add_service_errors(
                    form,
                    error,
                    rename=lambda name: "received_time" if name == "received_at" else name,
                )
            else:
                messages.success(request, _("The call has been logged."))
                return redirect("oncall:call_detail", org=org_slug(request), call_id=call.public_id)
    else:
        now = timezone.localtime()
        form = CallForm(
            initial={"received_on": now.date(), "received_time": f"{now:%H:%M}"},
            managers=managers,
            people=people,
        )
    return render(
        request,
        "oncall/call_new.html",
        {"org": org_slug(request), "form": form, "office": is_office(actor)},
        status=_status(form),
    )


def _detail(
    request: HttpRequest, actor: User, call: CallLog, form: FollowUpForm, status: int = 200
) -> HttpResponse:
    readable = True
    if call.person is not None:
        try:
            access_person(
                actor, call.person.public_id, category=ConsentCategory.DAILY, page="on-call call"
            )
        except Http404:
            readable = False
    return render(
        request,
        "oncall/call_detail.html",
        {
            "org": org_slug(request),
            "call": call,
            "readable": readable,
            "form": form,
            "may_close": call.follow_up_open and may_close_follow_up(actor, call),
            "today": timezone.localdate(),
            "office": is_office(actor),
        },
        status=status,
    )


@require_GET
@organisation_view
def call_detail(request: HttpRequest, call_id: uuid.UUID) -> HttpResponse:
    actor = actor_of(request)
    return _detail(request, actor, access_call(actor, call_id), FollowUpForm())


@require_POST
@organisation_view
def follow_up_done(request: HttpRequest, call_id: uuid.UUID) -> HttpResponse:
    actor = actor_of(request)
    call = access_call(actor, call_id)
    if not may_close_follow_up(actor, call):
        raise PermissionDenied
    form = FollowUpForm(request.POST)
    if form.is_valid():
        try:
            services.close_follow_up(
                actor=actor, call=call, outcome=form.cleaned_data["follow_up_outcome"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The follow-up is marked done."))
            return redirect("oncall:call_detail", org=org_slug(request), call_id=call.public_id)
    return _detail(request, actor, call, form, status=400)
