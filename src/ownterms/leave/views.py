"""Availability and leave pages. Each view: parse → access → service/selector → render."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ownterms.core.scoping import org_slug, organisation_view
from ownterms.leave import selectors, services
from ownterms.leave.access import (
    SELF_KINDS,
    access_exception,
    access_leave_request,
    access_staff_leave,
    may_cancel,
    may_request,
    require_cancel,
    sees_everyone,
)
from ownterms.leave.entitlement import days_text, hours_text
from ownterms.leave.forms import (
    DecisionForm,
    ExceptionForm,
    LeaveRequestForm,
    PatternForm,
    TermsForm,
    WorkedHoursForm,
)
from ownterms.leave.models import WEEKDAYS, LeaveRequest, clock
from ownterms.lib.dates import monday_of
from ownterms.people.form_pages import add_service_errors
from ownterms.people.views import actor_of
from ownterms.staff.access import StaffAccess

HISTORY_LIMIT = 50


def _today() -> dt.date:
    return timezone.localdate()


def _page(
    request: HttpRequest, template: str, access: StaffAccess, context: dict[str, Any], **kw: Any
) -> HttpResponse:
    form = context.get("form")
    status = 400 if form is not None and form.is_bound and form.errors else 200
    return render(
        request,
        template,
        {"member": access.staff_member, "access": access, "org": org_slug(request), **context},
        status=kw.get("status", status),
    )


def _pattern_initial(access: StaffAccess) -> dict[str, Any]:
    current = selectors.pattern_in_force(selectors.patterns_of(access.staff_member), _today())
    initial: dict[str, Any] = {"effective_from": _today()}
    for index, name in enumerate(services.WEEKDAY_FIELDS):
        ranges = selectors.week_of(current)[index]
        initial[name] = ", ".join(
            f"{clock(item.start_minute)}-{clock(item.end_minute)}" for item in ranges
        )
    return initial


# Availability -----------------------------------------------------------------------------


@require_GET
@organisation_view
def availability(request: HttpRequest, staff_id: uuid.UUID) -> HttpResponse:
    access = access_staff_leave(actor_of(request), staff_id)
    member = access.staff_member
    today = _today()
    patterns = list(selectors.patterns_of(member)[:HISTORY_LIMIT])
    current = selectors.pattern_in_force(patterns, today)
    upcoming = [p for p in patterns if p.effective_from > today]
    week = [
        {"name": name, "ranges": ranges}
        for (_index, name), ranges in zip(WEEKDAYS, selectors.week_of(current), strict=True)
    ]
    exceptions = list(
        selectors.exceptions_of(member, since=today - dt.timedelta(days=30))[:HISTORY_LIMIT]
    )
    return _page(
        request,
        "leave/availability.html",
        access,
        {
            "current": current,
            "upcoming": upcoming,
            "week": week,
            "patterns": patterns,
            "exceptions": exceptions,
            "today": today,
        },
    )


@require_http_methods(["GET", "POST"])
@organisation_view
def pattern_new(request: HttpRequest, staff_id: uuid.UUID) -> HttpResponse:
    actor = actor_of(request)
    access = access_staff_leave(actor, staff_id, write=True)
    if request.method == "POST":
        form = PatternForm(request.POST)
        if form.is_valid():
            try:
                services.set_availability_pattern(
                    actor=actor,
                    staff_member=access.staff_member,
                    effective_from=form.cleaned_data["effective_from"],
                    days=form.cleaned_data["days"],
                    note=form.cleaned_data["note"],
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The weekly pattern has been saved."))
                return redirect(
                    "leave:availability",
                    org=org_slug(request),
                    staff_id=access.staff_member.public_id,
                )
    else:
        form = PatternForm(initial=_pattern_initial(access))
    return _page(request, "leave/pattern_form.html", access, {"form": form})


@require_http_methods(["GET", "POST"])
@organisation_view
def exception_new(request: HttpRequest, staff_id: uuid.UUID) -> HttpResponse:
    actor = actor_of(request)
    access = access_staff_leave(actor, staff_id, write=True)
    if request.method == "POST":
        form = ExceptionForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                exception = services.add_availability_exception(
                    actor=actor,
                    staff_member=access.staff_member,
                    on=data["on"],
                    available=data["available"],
                    start_minute=data["start"],
                    end_minute=data["end"],
                    reason=data["reason"],
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The exception has been saved."))
                if exception.on < _today():
                    messages.warning(
                        request,
                        _("%(day)s is in the past: this records what happened then.")
                        % {"day": date_format(exception.on, "j F Y")},
                    )
                return redirect(
                    "leave:availability",
                    org=org_slug(request),
                    staff_id=access.staff_member.public_id,
                )
    else:
        form = ExceptionForm(initial={"available": "no"})
    return _page(request, "leave/exception_form.html", access, {"form": form})


@require_POST
@organisation_view
def exception_remove(
    request: HttpRequest, staff_id: uuid.UUID, exception_id: uuid.UUID
) -> HttpResponse:
    actor = actor_of(request)
    exception = access_exception(actor, staff_id, exception_id)
    services.remove_availability_exception(actor=actor, exception=exception)
    messages.success(request, _("The exception has been removed."))
    return redirect("leave:availability", org=org_slug(request), staff_id=staff_id)


# Leave ------------------------------------------------------------------------------------


def _amounts(minutes: int, balance: Any) -> dict[str, str]:
    return {"hours": hours_text(minutes), "days": days_text(balance.days(minutes))}


@require_GET
@organisation_view
def staff_leave(request: HttpRequest, staff_id: uuid.UUID) -> HttpResponse:
    access = access_staff_leave(actor_of(request), staff_id)
    member = access.staff_member
    today = _today()
    view = selectors.balance_of(member, today=today)
    balance = view.balance
    rows = [
        {"leave": leave, "can_cancel": leave.is_active and may_cancel(access, leave, today)}
        for leave in selectors.leave_of(member)[:HISTORY_LIMIT]
    ]
    summary = [
        (_("Entitlement this leave year"), _amounts(balance.entitlement, balance)),
        (_("Taken"), _amounts(balance.taken, balance)),
        (_("Booked"), _amounts(balance.booked, balance)),
        (_("Remaining"), _amounts(balance.remaining, balance)),
        (_("Waiting for approval"), _amounts(balance.waiting, balance)),
    ]
    return _page(
        request,
        "leave/staff_leave.html",
        access,
        {
            "view": view,
            "summary": summary,
            "rows": rows,
            "worked": list(selectors.worked_hours_of(member)[:HISTORY_LIMIT])
            if view.irregular
            else [],
            "worked_total": hours_text(view.worked_minutes),
            "can_request": access.can_write or access.basis == "self",
            "today": today,
        },
    )


def _kinds(access: StaffAccess) -> list[tuple[str, Any]]:
    if access.can_write:
        return list(LeaveRequest.Kind.choices)
    return [(kind.value, kind.label) for kind in SELF_KINDS]


@require_http_methods(["GET", "POST"])
@organisation_view
def request_new(request: HttpRequest, staff_id: uuid.UUID) -> HttpResponse:
    actor = actor_of(request)
    access = access_staff_leave(actor, staff_id)
    if not (access.can_write or access.basis == "self"):
        raise PermissionDenied
    kinds = _kinds(access)
    if request.method == "POST":
        form = LeaveRequestForm(request.POST, kinds=kinds)
        if form.is_valid():
            data = form.cleaned_data
            if not may_request(access, data["kind"]):
                raise PermissionDenied
            # A manager recording sickness records a fact: it is approved at once.
            approve = access.can_write and data["kind"] == LeaveRequest.Kind.SICKNESS
            try:
                services.request_leave(
                    actor=actor,
                    staff_member=access.staff_member,
                    kind=data["kind"],
                    starts_on=data["starts_on"],
                    ends_on=data["ends_on"],
                    half_day_start=data["half_day_start"],
                    half_day_end=data["half_day_end"],
                    minutes=data["hours"],
                    note=data["note"],
                    approve=approve,
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request,
                    _("The leave has been recorded.")
                    if approve
                    else _("The leave has been requested. A manager will decide."),
                )
                if data["kind"] == LeaveRequest.Kind.ANNUAL:
                    _warn_if_over(request, access)
                return redirect(
                    "leave:staff_leave",
                    org=org_slug(request),
                    staff_id=access.staff_member.public_id,
                )
    else:
        form = LeaveRequestForm(kinds=kinds, initial={"kind": LeaveRequest.Kind.ANNUAL})
    return _page(request, "leave/request_form.html", access, {"form": form})


def _warn_if_over(request: HttpRequest, access: StaffAccess) -> None:
    """Annual leave beyond the entitlement is allowed (a manager decides) but said plainly."""
    balance = selectors.balance_of(access.staff_member, today=_today()).balance
    over = balance.booked + balance.taken + balance.waiting - balance.entitlement
    if over > 0:
        messages.warning(
            request,
            _(
                "Annual leave booked and asked for this leave year is now %(hours)s hours more "
                "than the entitlement."
            )
            % {"hours": hours_text(over)},
        )


@require_http_methods(["GET", "POST"])
@organisation_view
def decide(request: HttpRequest, staff_id: uuid.UUID, leave_id: uuid.UUID) -> HttpResponse:
    actor = actor_of(request)
    access, leave = access_leave_request(actor, staff_id, leave_id, write=True)
    if request.method == "POST":
        form = DecisionForm(request.POST)
        if form.is_valid():
            try:
                if form.cleaned_data["decision"] == "approve":
                    services.approve_leave(actor=actor, leave=leave)
                    messages.success(request, _("The leave has been approved."))
                else:
                    services.decline_leave(
                        actor=actor, leave=leave, reason=form.cleaned_data["reason"]
                    )
                    messages.success(request, _("The leave has been declined."))
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                if request.POST.get("next") == "organisation":
                    return redirect("leave:organisation", org=org_slug(request))
                return redirect(
                    "leave:staff_leave",
                    org=org_slug(request),
                    staff_id=access.staff_member.public_id,
                )
    else:
        form = DecisionForm()
    return _page(
        request,
        "leave/decide.html",
        access,
        {"form": form, "leave": leave, "next": request.GET.get("next", "")},
    )


@require_POST
@organisation_view
def cancel(request: HttpRequest, staff_id: uuid.UUID, leave_id: uuid.UUID) -> HttpResponse:
    actor = actor_of(request)
    access, leave = access_leave_request(actor, staff_id, leave_id)
    require_cancel(access, leave, _today())
    try:
        services.cancel_leave(actor=actor, leave=leave)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The leave has been cancelled."))
    return redirect("leave:staff_leave", org=org_slug(request), staff_id=staff_id)


@require_http_methods(["GET", "POST"])
@organisation_view
def terms(request: HttpRequest, staff_id: uuid.UUID) -> HttpResponse:
    actor = actor_of(request)
    access = access_staff_leave(actor, staff_id, write=True)
    if request.method == "POST":
        form = TermsForm(request.POST)
        if form.is_valid():
            try:
                services.set_leave_terms(
                    actor=actor,
                    staff_member=access.staff_member,
                    days_per_week=form.cleaned_data["days_per_week"],
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The working days have been saved."))
                return redirect(
                    "leave:staff_leave",
                    org=org_slug(request),
                    staff_id=access.staff_member.public_id,
                )
    else:
        form = TermsForm(initial={"days_per_week": selectors.days_per_week(access.staff_member)})
        form.initial["days_per_week"] = days_text(form.initial["days_per_week"])
    return _page(request, "leave/terms_form.html", access, {"form": form})


@require_http_methods(["GET", "POST"])
@organisation_view
def worked_hours_new(request: HttpRequest, staff_id: uuid.UUID) -> HttpResponse:
    actor = actor_of(request)
    access = access_staff_leave(actor, staff_id, write=True)
    if request.method == "POST":
        form = WorkedHoursForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.record_worked_hours(
                    actor=actor,
                    staff_member=access.staff_member,
                    starts_on=data["starts_on"],
                    ends_on=data["ends_on"],
                    minutes=data["hours"],
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The hours worked have been saved."))
                return redirect(
                    "leave:staff_leave",
                    org=org_slug(request),
                    staff_id=access.staff_member.public_id,
                )
    else:
        form = WorkedHoursForm()
    return _page(request, "leave/worked_hours_form.html", access, {"form": form})


@require_GET
@organisation_view
def organisation(request: HttpRequest) -> HttpResponse:
    """Leave waiting for a decision, and who is off this week (managers and administrators)."""
    actor = actor_of(request)
    if not sees_everyone(actor):
        raise Http404
    today = _today()
    monday = monday_of(today)
    sunday = monday + dt.timedelta(days=6)
    return render(
        request,
        "leave/organisation.html",
        {
            "org": org_slug(request),
            "waiting": list(selectors.waiting_for_approval(actor.organisation_id)[:200]),
            "off": list(selectors.off_between(actor.organisation_id, monday, sunday)[:500]),
            "monday": monday,
            "sunday": sunday,
        },
    )
