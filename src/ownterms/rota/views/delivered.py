"""Delivered support pages: confirm a shift as worked, delivered hours per person per week,
payroll (preview, CSV, close) and open shifts. Each view: parse → access → service/selector →
render."""

from __future__ import annotations

import csv
import datetime as dt
import io
import uuid
from decimal import ROUND_HALF_UP, Decimal
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ownterms.accounts.models import User
from ownterms.core.scoping import org_slug, organisation_view
from ownterms.leave.entitlement import hours_text
from ownterms.lib.dates import monday_of
from ownterms.people.form_pages import add_service_errors
from ownterms.people.selectors import is_office, people_visible_to
from ownterms.people.views import actor_of
from ownterms.rota.access import (
    access_shift,
    own_staff_member,
    require_payroll,
    require_rota_office,
)
from ownterms.rota.forms.delivered import (
    NEW,
    ClosePeriodForm,
    ConfirmWorkedForm,
    PayPeriodForm,
    clock_of,
    period_initial,
    service_field,
)
from ownterms.rota.models import Shift
from ownterms.rota.selectors import delivery as delivery_selectors
from ownterms.rota.selectors import offers as offer_selectors
from ownterms.rota.selectors.delivery import KINDS, SLEEP_IN, KindTotals, PayrollRow
from ownterms.rota.selectors.time_words import when_words
from ownterms.rota.services import delivery as delivery_services
from ownterms.rota.services import offers as offer_services
from ownterms.staff.models import StaffMember
from ownterms.staff.selectors import staff_member_of

# Confirm a shift as worked ----------------------------------------------------------------


def _confirmable(actor: User, shift_id: uuid.UUID) -> tuple[Shift, list[StaffMember], bool]:
    """The shift, whose confirmation the actor may record, and whether they are the office.
    The assigned worker confirms their own; the office (write access to the person's rota)
    confirms for anyone on it. Missing and forbidden are the same 404 (403 for readers)."""
    mine = staff_member_of(actor)
    own = None
    if mine is not None:
        own = (
            Shift.objects.filter(
                organisation_id=actor.organisation_id,
                public_id=shift_id,
                assignments__staff_member=mine,
            )
            .select_related("person")
            .first()
        )
    try:
        shift, _access = access_shift(actor, shift_id, write=True, page="rota.delivered")
    except (Http404, PermissionDenied):
        if own is None or mine is None:
            raise
        return own, [mine], False
    return shift, delivery_selectors.assigned_members(shift), True


def _worker_choice(request: HttpRequest, workers: list[StaffMember]) -> StaffMember | None:
    wanted = request.POST.get("worker") or request.GET.get("worker")
    for member in workers:
        if str(member.public_id) == wanted:
            return member
    return workers[0] if workers else None


def _keep_version(form: ConfirmWorkedForm, shift: Shift, member: StaffMember) -> None:
    """After a refused save, the form carries the version now stored, so saving again (having
    read the message) replaces it; nothing typed is lost."""
    current = delivery_selectors.delivery_of(shift, member)
    data = dict(form.data.items())
    data["seen"] = current.updated_at.isoformat() if current is not None else NEW
    form.data = data


@require_http_methods(["GET", "POST"])
@organisation_view
def confirm_worked(request: HttpRequest, shift_id: uuid.UUID) -> HttpResponse:
    actor = actor_of(request)
    shift, workers, office = _confirmable(actor, shift_id)
    chosen = _worker_choice(request, workers)
    existing = delivery_selectors.delivery_of(shift, chosen) if chosen is not None else None
    recorded = list(existing.disturbances.all()) if existing is not None else []
    form_kwargs: dict[str, Any] = {
        "shift": shift,
        "workers": workers,
        "disturbance_rows": len(recorded),
    }
    started = shift.starts_at <= timezone.now()
    if request.method == "POST":
        form = ConfirmWorkedForm(request.POST, **form_kwargs)
        if form.is_valid() and chosen is not None:
            data = form.cleaned_data
            member = data.get("worker_member") or chosen
            try:
                delivery_services.confirm_worked(
                    actor=actor,
                    shift=shift,
                    staff_member=member,
                    started_at=data["started_at"],
                    ended_at=data["ended_at"],
                    note=data["note"],
                    disturbances=data["disturbances"],
                    seen=data["seen_at"],
                    expect_new=data["expect_new"],
                )
            except ValidationError as error:
                add_service_errors(form, error, service_field)
                _keep_version(form, shift, member)
            else:
                messages.success(
                    request,
                    _("The shift on %(day)s is confirmed as worked.")
                    % {"day": date_format(shift.on, "l j F")},
                )
                if office:
                    return redirect(
                        f"{reverse('rota:delivered', kwargs={'org': org_slug(request)})}"
                        f"?week={monday_of(shift.on).isoformat()}"
                    )
                return redirect("core:organisation_home", org=org_slug(request))
    else:
        initial: dict[str, Any] = {
            "started": clock_of(existing.started_at if existing else shift.starts_at),
            "ended": clock_of(existing.ended_at if existing else shift.ends_at),
            "note": existing.note if existing else "",
            "seen": existing.updated_at.isoformat() if existing else NEW,
            "worker": str(chosen.public_id) if chosen else "",
        }
        for number, item in enumerate(recorded, start=1):
            initial[f"disturbance_{number}_woken"] = clock_of(item.started_at)
            initial[f"disturbance_{number}_back"] = clock_of(item.ended_at)
            initial[f"disturbance_{number}_reason"] = item.reason
        form = ConfirmWorkedForm(initial=initial, **form_kwargs)
    return render(
        request,
        "rota/delivered/confirm.html",
        {
            "org": org_slug(request),
            "shift": shift,
            "form": form,
            "workers": workers,
            "existing": existing,
            "started": started,
            "office": office,
            "planned_start": clock_of(shift.starts_at),
            "planned_end": clock_of(shift.ends_at),
        },
        status=400 if form.is_bound and form.errors else 200,
    )


# Delivered hours --------------------------------------------------------------------------


def _amount(value: int, nights: bool) -> str:
    if nights:
        return ngettext("%(n)s night", "%(n)s nights", value) % {"n": value}
    return _("%(h)s h") % {"h": hours_text(value)}


def _flags(totals: KindTotals, week_over: bool) -> list[str]:
    """Differences in words: planned against commissioned, delivered against planned."""
    nights = totals.is_nights
    flags = []
    if totals.commissioned is not None and totals.planned != totals.commissioned:
        gap = _amount(abs(totals.planned - totals.commissioned), nights)
        flags.append(
            _("Planned is %(gap)s under the commissioned amount.") % {"gap": gap}
            if totals.planned < totals.commissioned
            else _("Planned is %(gap)s over the commissioned amount.") % {"gap": gap}
        )
    if totals.delivered != totals.planned:
        gap = _amount(abs(totals.delivered - totals.planned), nights)
        if totals.delivered > totals.planned:
            flags.append(_("Delivered is %(gap)s more than planned.") % {"gap": gap})
        elif week_over:
            flags.append(_("Delivered is %(gap)s less than planned.") % {"gap": gap})
        else:
            flags.append(_("%(gap)s planned is not yet confirmed.") % {"gap": gap})
    return flags


def kind_label(kind: str) -> str:
    return {
        "day": _("Day 1:1"),
        "two_to_one": _("Day 2:1"),
        "waking_night": _("Waking nights"),
        SLEEP_IN: _("Sleep-in nights"),
    }[kind]


def _parse_week(text: str | None, today: dt.date) -> tuple[dt.date, str]:
    if not text:
        return monday_of(today), ""
    try:
        day = dt.date.fromisoformat(text.strip())
    except ValueError:
        return monday_of(today), _("Enter the week as a date, like 2026-11-16. Showing this week.")
    if not dt.date(2000, 1, 1) <= day <= dt.date(2100, 12, 31):
        return monday_of(today), _("Choose a week between 2000 and 2100. Showing this week.")
    return monday_of(day), ""


@require_GET
@organisation_view
def delivered(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    require_rota_office(actor)
    today = timezone.localdate()
    monday, error = _parse_week(request.GET.get("week"), today)
    people = list(
        people_visible_to(actor, "rota")
        .order_by("first_name", "last_name", "pk")
        .values_list("pk", flat=True)
    )
    weeks = delivery_selectors.delivered_week(people, monday)
    week_over = monday + dt.timedelta(days=7) <= today
    rows = []
    for person_id in people:
        week = weeks[person_id]
        kinds = []
        for kind in KINDS:
            totals = week.kinds[kind]
            nights = totals.is_nights
            kinds.append(
                {
                    "label": kind_label(kind),
                    "commissioned": (
                        _amount(totals.commissioned, nights)
                        if totals.commissioned is not None
                        else _("None")
                    ),
                    "planned": _amount(totals.planned, nights),
                    "delivered": _amount(totals.delivered, nights),
                    "flags": _flags(totals, week_over),
                }
            )
        rows.append({"week": week, "kinds": kinds})
    base = reverse("rota:delivered", kwargs={"org": org_slug(request)})
    return render(
        request,
        "rota/delivered/hours.html",
        {
            "org": org_slug(request),
            "rows": rows,
            "monday": monday,
            "sunday": monday + dt.timedelta(days=6),
            "error": error,
            "previous": f"{base}?week={(monday - dt.timedelta(days=7)).isoformat()}",
            "next": f"{base}?week={(monday + dt.timedelta(days=7)).isoformat()}",
        },
        status=400 if error else 200,
    )


# Payroll ----------------------------------------------------------------------------------

CSV_HEADER = (
    "Staff name",
    "Employee reference",
    "Day hours",
    "Waking night hours",
    "Sleep-ins",
    "Disturbance minutes",
    "Total paid hours",
    "Unconfirmed shifts",
    "Holiday accrual hours",
)
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def decimal_hours(minutes: int) -> str:
    """Minutes as hours with two decimals and a dot, rounded half up: 90 → "1.50"."""
    value = (Decimal(minutes) / Decimal(60)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return f"{value:.2f}"


def safe_cell(text: str) -> str:
    """Text a spreadsheet will not run as a formula (a leading ' keeps it text)."""
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def csv_row(row: PayrollRow) -> list[str]:
    accrual = row.holiday_accrual_minutes
    return [
        safe_cell(row.staff_member.name),
        safe_cell(str(row.staff_member.public_id)),
        decimal_hours(row.day_minutes),
        decimal_hours(row.waking_night_minutes),
        str(row.sleep_ins),
        str(row.disturbance_minutes),
        decimal_hours(row.paid_minutes),
        str(row.unconfirmed_shifts),
        decimal_hours(accrual) if accrual is not None else "",
    ]


def _period(request: HttpRequest) -> PayPeriodForm:
    if any(key.startswith(("first", "last")) for key in request.GET):
        return PayPeriodForm(request.GET)
    default = period_initial(timezone.localdate())
    return PayPeriodForm(period_query(default["first"], default["last"]))


def period_query(first: dt.date, last: dt.date) -> dict[str, str]:
    """The payroll pages' query parameters for a period (the date boxes' names)."""
    return {
        "first_day": str(first.day),
        "first_month": str(first.month),
        "first_year": str(first.year),
        "last_day": str(last.day),
        "last_month": str(last.month),
        "last_year": str(last.year),
    }


def _payroll_page(request: HttpRequest, form: PayPeriodForm, status: int = 200) -> HttpResponse:
    rows: list[PayrollRow] = []
    query = ""
    if form.is_valid():
        data = form.cleaned_data
        rows = delivery_selectors.payroll_rows(
            actor_of(request).organisation_id, data["first"], data["last"]
        )
        query = urlencode(period_query(data["first"], data["last"]))
    totals = {
        "day": decimal_hours(sum(r.day_minutes for r in rows)),
        "waking": decimal_hours(sum(r.waking_night_minutes for r in rows)),
        "sleep_ins": sum(r.sleep_ins for r in rows),
        "disturbance": sum(r.disturbance_minutes for r in rows),
        "paid": decimal_hours(sum(r.paid_minutes for r in rows)),
        "unconfirmed": sum(r.unconfirmed_shifts for r in rows),
    }
    return render(
        request,
        "rota/delivered/payroll.html",
        {
            "org": org_slug(request),
            "form": form,
            "rows": [{"row": r, "cells": csv_row(r)} for r in rows],
            "totals": totals,
            "query": query,
            "close_form": ClosePeriodForm(
                initial={"first": form.cleaned_data["first"], "last": form.cleaned_data["last"]}
            )
            if form.is_valid()
            else None,
            "can_close": any(r.irregular and r.paid_minutes for r in rows),
        },
        status=400 if form.is_bound and form.errors else status,
    )


@require_GET
@organisation_view
def payroll(request: HttpRequest) -> HttpResponse:
    require_payroll(actor_of(request))
    return _payroll_page(request, _period(request))


@require_GET
@organisation_view
def payroll_csv(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    require_payroll(actor)
    form = _period(request)
    if not form.is_valid():
        return _payroll_page(request, form)
    first, last = form.cleaned_data["first"], form.cleaned_data["last"]
    rows = delivery_selectors.payroll_rows(actor.organisation_id, first, last)
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_HEADER)
    writer.writerows(csv_row(row) for row in rows)
    response = HttpResponse(
        buffer.getvalue().encode("utf-8"), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = (
        f'attachment; filename="payroll-{first.isoformat()}-to-{last.isoformat()}.csv"'
    )
    return response


@require_POST
@organisation_view
def payroll_close(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    require_payroll(actor)
    form = ClosePeriodForm(request.POST)
    target = reverse("rota:payroll", kwargs={"org": org_slug(request)})
    if not form.is_valid():
        messages.error(request, _("Choose the pay period again, then close it."))
        return redirect(target)
    first, last = form.cleaned_data["first"], form.cleaned_data["last"]
    query = urlencode(period_query(first, last))
    try:
        delivery_services.check_pay_period(first, last)
        recorded = delivery_services.close_pay_period(
            actor=actor,
            organisation=actor.organisation,
            first=first,
            last=last,
            rows=delivery_selectors.payroll_rows(actor.organisation_id, first, last),
            today=timezone.localdate(),
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(
            request,
            ngettext(
                "Hours worked recorded for %(n)s irregular-hours worker.",
                "Hours worked recorded for %(n)s irregular-hours workers.",
                len(recorded),
            )
            % {"n": len(recorded)},
        )
    return redirect(f"{target}?{query}")


# Open shifts ------------------------------------------------------------------------------


@require_GET
@organisation_view
def open_shifts(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    office = is_office(actor)
    member = staff_member_of(actor)
    if not office and member is None:
        raise Http404
    context: dict[str, Any] = {"org": org_slug(request), "office": office, "member": member}
    if member is not None:
        context["mine"] = offer_selectors.offers_for_worker(member)
    if office:
        visible = people_visible_to(actor, "rota")
        context["offers"] = list(offer_selectors.office_offers(actor.organisation_id, visible))
        context["missing"] = list(
            offer_selectors.shifts_missing_a_place(actor.organisation_id, visible)
        )
    return render(request, "rota/delivered/open_shifts.html", context)


@require_POST
@organisation_view
def offer_shift(request: HttpRequest, shift_id: uuid.UUID) -> HttpResponse:
    actor = actor_of(request)
    shift, _access = access_shift(actor, shift_id, write=True, page="rota.open_shifts")
    try:
        offer_services.offer_shift(actor=actor, shift=shift)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(
            request,
            _("The shift on %(when)s is offered to the eligible workers.")
            % {"when": when_words(shift)},
        )
    return redirect("rota:open_shifts", org=org_slug(request))


@require_POST
@organisation_view
def offer_accept(request: HttpRequest, offer_id: uuid.UUID) -> HttpResponse:
    actor = actor_of(request)
    member = own_staff_member(actor)
    offer = offer_selectors.offer_in_organisation(actor, offer_id)
    try:
        offer_services.accept_offer(actor=actor, offer=offer, staff_member=member)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(
            request,
            _("The shift on %(when)s is yours.") % {"when": when_words(offer.shift)},
        )
    return redirect("rota:open_shifts", org=org_slug(request))
