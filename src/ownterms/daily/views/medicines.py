"""Pages of the medication administration record: the day's chart, recording doses (one tap
for "given"), PRN doses, stock counts, amending a dose, and dose times (managers)."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from ownterms.core.scoping import org_slug, organisation_view
from ownterms.daily.access import AMEND_OTHERS_BASES, access_person_daily, access_record, may_amend
from ownterms.daily.forms.medicines import (
    AmendDoseForm,
    DoseForm,
    DoseTimesForm,
    PrnForm,
    QuickDoseForm,
    StockCountForm,
)
from ownterms.daily.models import DoseRecord
from ownterms.daily.selectors.amendments import versions_of
from ownterms.daily.selectors.medicines import (
    current_medicines,
    dose_row,
    local_zone,
    medication_chart,
    recent_incidents,
    regular_medicine_of,
)
from ownterms.daily.selectors.medicines import (
    dose_times as dose_times_of,
)
from ownterms.daily.services.medicines import (
    amend_dose,
    record_dose,
    record_prn,
    record_stock_count,
    set_dose_times,
)
from ownterms.health.models import Medication
from ownterms.people.access import PersonAccess
from ownterms.people.form_pages import add_service_errors, render_form_page
from ownterms.people.record_tabs import record_header
from ownterms.people.views import actor_of

TAB = "daily"
FORM = "daily/medicines/form.html"


def chart_url(org: str, access: PersonAccess, day: dt.date | None = None) -> str:
    url = reverse("daily:mar", kwargs={"org": org, "person_id": access.person.public_id})
    return f"{url}?day={day.isoformat()}" if day else url


def _day(request: HttpRequest) -> dt.date:
    text = request.GET.get("day", "")
    try:
        day = parse_date(text) if text else None
    except ValueError:
        day = None
    return day or timezone.localdate()


def _office(access: PersonAccess) -> None:
    """Dose times are set by managers and administrators."""
    if not access.bases & AMEND_OTHERS_BASES:
        raise PermissionDenied


@require_GET
@organisation_view
def mar(request: HttpRequest, person_id: uuid.UUID) -> HttpResponse:
    actor = actor_of(request)
    access = access_person_daily(actor, person_id, page="daily.medicines")
    org = org_slug(request)
    chart = medication_chart(access.person, _day(request))
    return render(
        request,
        "daily/medicines/mar.html",
        {
            **record_header(actor, access, org, current=TAB),
            "chart": chart,
            "can_write": access.can_write(),
            "can_set_times": bool(access.bases & AMEND_OTHERS_BASES) and access.can_write(),
        },
    )


def _due(request: HttpRequest) -> dt.datetime:
    text = (request.POST.get("due") or request.GET.get("due") or "").strip()
    try:
        due = parse_datetime(text.replace(" ", "+")) if text else None
    except ValueError:
        due = None
    if due is None or timezone.is_naive(due):
        raise Http404
    return due


@require_http_methods(["GET", "POST"])
@organisation_view
def dose_record(
    request: HttpRequest, person_id: uuid.UUID, medication_id: uuid.UUID
) -> HttpResponse:
    actor = actor_of(request)
    access = access_person_daily(actor, person_id, write=True, page="daily.medicines")
    org = org_slug(request)
    medication = regular_medicine_of(access.person, medication_id)
    if medication is None:
        raise Http404
    due = _due(request)
    day = timezone.localtime(due, local_zone()).date()
    back = chart_url(org, access, day)
    if request.method == "POST" and request.POST.get("quick"):
        quick = QuickDoseForm(request.POST)
        said: list[str] = []
        ok = False
        if quick.is_valid():
            try:
                record_dose(
                    actor=actor,
                    person=access.person,
                    medication=medication,
                    due_at=quick.cleaned_data["due"],
                    outcome=quick.cleaned_data["outcome"],
                    reason=quick.cleaned_data["reason"],
                    basis=access.basis.value,
                )
            except ValidationError as error:
                said = error.messages
            else:
                ok = True
                said = [
                    _("%(medicine)s at %(time)s recorded.")
                    % {"medicine": medication.name, "time": f"{timezone.localtime(due):%H:%M}"}
                ]
        else:
            said = [_("This dose could not be recorded: reload the chart and try again.")]
        if request.htmx:  # type: ignore[attr-defined]
            # The chart's row again, in its new state, with what happened.
            row = dose_row(access.person, medication, due)
            if row is not None:
                return render(
                    request,
                    "daily/medicines/_dose_row.html",
                    {
                        "row": row,
                        "row_message": " ".join(said),
                        "person": access.person,
                        "org": org,
                        "can_write": True,
                    },
                )
        for message in said:
            (messages.success if ok else messages.error)(request, message)
        return redirect(f"{back}#dose-{medication.public_id}-{timezone.localtime(due):%H%M}")
    form = DoseForm(
        request.POST if request.method == "POST" else None,
        initial={"due": due, "outcome": request.GET.get("outcome", "")},
    )
    if request.method == "POST" and form.is_valid():
        try:
            record_dose(
                actor=actor,
                person=access.person,
                medication=medication,
                due_at=form.cleaned_data["due"],
                outcome=form.cleaned_data["outcome"],
                reason=form.cleaned_data["reason"],
                dose=form.cleaned_data["dose"],
                basis=access.basis.value,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The dose has been recorded."))
            return redirect(back)
    return render_form_page(
        request,
        form=form,
        header=record_header(actor, access, org, current=TAB),
        title=_("Record %(medicine)s due at %(time)s")
        % {
            "medicine": f"{medication.name} {medication.dose}",
            "time": f"{timezone.localtime(due):%H:%M %d %b}",
        },
        intro=medication.frequency,
        submit=_("Record the dose"),
        cancel_url=back,
        template=FORM,
    )


def _dose(
    request: HttpRequest, person_id: uuid.UUID, dose_id: uuid.UUID, *, write: bool
) -> tuple[DoseRecord, PersonAccess]:
    return access_record(
        actor_of(request), person_id, DoseRecord, dose_id, write=write, page="daily.medicines"
    )


@require_GET
@organisation_view
def dose_detail(request: HttpRequest, person_id: uuid.UUID, dose_id: uuid.UUID) -> HttpResponse:
    actor = actor_of(request)
    record, access = _dose(request, person_id, dose_id, write=False)
    org = org_slug(request)
    return render(
        request,
        "daily/medicines/dose_detail.html",
        {
            **record_header(actor, access, org, current=TAB),
            "record": record,
            "versions": versions_of(record),
            "can_amend": may_amend(actor, access, record),
            "back": chart_url(org, access, timezone.localtime(record.at, local_zone()).date()),
        },
    )


@require_http_methods(["GET", "POST"])
@organisation_view
def dose_amend(request: HttpRequest, person_id: uuid.UUID, dose_id: uuid.UUID) -> HttpResponse:
    actor = actor_of(request)
    record, access = _dose(request, person_id, dose_id, write=True)
    if not may_amend(actor, access, record):
        raise PermissionDenied
    org = org_slug(request)
    local = timezone.localtime(record.at, local_zone())
    form = AmendDoseForm(
        request.POST if request.method == "POST" else None,
        initial={
            "outcome": record.outcome,
            "on": local.date(),
            "at_time": f"{local:%H:%M}",
            "dose": record.dose,
            "reason": record.reason,
        },
    )
    detail = reverse(
        "daily:dose_detail",
        kwargs={"org": org, "person_id": access.person.public_id, "dose_id": record.public_id},
    )
    if request.method == "POST" and form.is_valid():
        changes: dict[str, Any] = {
            "outcome": form.cleaned_data["outcome"],
            "at": form.when(),
            "dose": form.cleaned_data["dose"],
            "reason": form.cleaned_data["reason"],
        }
        changes = {k: v for k, v in changes.items() if getattr(record, k) != v}
        try:
            amend_dose(
                actor=actor,
                record=record,
                changes=changes,
                reason=form.cleaned_data["amend_reason"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The dose record has been amended."))
            return redirect(detail)
    return render_form_page(
        request,
        form=form,
        header=record_header(actor, access, org, current=TAB),
        title=_("Amend the dose record"),
        intro=_("The record as it was is kept, with your reason."),
        submit=_("Save the amendment"),
        cancel_url=detail,
        template=FORM,
    )


def _now_initial() -> dict[str, Any]:
    now = timezone.localtime(timezone.now(), local_zone())
    return {"on": now.date(), "at_time": f"{now:%H:%M}"}


@require_http_methods(["GET", "POST"])
@organisation_view
def prn_new(request: HttpRequest, person_id: uuid.UUID) -> HttpResponse:
    actor = actor_of(request)
    access = access_person_daily(actor, person_id, write=True, page="daily.medicines")
    org = org_slug(request)
    today = timezone.localdate()
    medicines = [
        m
        for m in current_medicines(access.person, today)
        if m.kind == Medication.Kind.PRN and m.prn_protocol.strip()
    ]
    form = PrnForm(
        request.POST if request.method == "POST" else None,
        initial={**_now_initial(), "medication": request.GET.get("medication", "")},
        medicines=medicines,
        incidents=recent_incidents(access.person, timezone.now()),
    )
    if request.method == "POST" and form.is_valid():
        try:
            record_prn(
                actor=actor,
                person=access.person,
                medication=form.chosen_medicine(),
                reason=form.cleaned_data["reason"],
                at=form.when(),
                dose=form.cleaned_data["dose"],
                incident=form.chosen_incident(),
                basis=access.basis.value,
            )
        except ValidationError as error:
            add_service_errors(form, error, rename=lambda name: "at_time" if name == "at" else name)
        else:
            messages.success(request, _("The when-needed dose has been recorded."))
            return redirect(chart_url(org, access))
    return render_form_page(
        request,
        form=form,
        header=record_header(actor, access, org, current=TAB),
        title=_("Record a when-needed (PRN) dose"),
        intro=_("Check the protocol first. Support staff never change doses."),
        submit=_("Record the dose"),
        cancel_url=chart_url(org, access),
        template=FORM,
        extra={"protocols": medicines, "today": today},
    )


@require_http_methods(["GET", "POST"])
@organisation_view
def stock_count_new(request: HttpRequest, person_id: uuid.UUID) -> HttpResponse:
    actor = actor_of(request)
    access = access_person_daily(actor, person_id, write=True, page="daily.medicines")
    org = org_slug(request)
    medicines = list(current_medicines(access.person, timezone.localdate()))
    form = StockCountForm(
        request.POST if request.method == "POST" else None,
        initial={**_now_initial(), "medication": request.GET.get("medication", "")},
        medicines=medicines,
    )
    if request.method == "POST" and form.is_valid():
        try:
            record_stock_count(
                actor=actor,
                person=access.person,
                medication=form.chosen_medicine(),
                quantity=form.cleaned_data["quantity"],
                counted_at=form.when(),
                note=form.cleaned_data["note"],
                basis=access.basis.value,
            )
        except ValidationError as error:
            add_service_errors(
                form, error, rename=lambda name: "at_time" if name == "counted_at" else name
            )
        else:
            messages.success(request, _("The stock count has been recorded."))
            return redirect(chart_url(org, access))
    return render_form_page(
        request,
        form=form,
        header=record_header(actor, access, org, current=TAB),
        title=_("Record a stock count"),
        submit=_("Record the count"),
        cancel_url=chart_url(org, access),
        template=FORM,
    )


@require_GET
@organisation_view
def dose_times(request: HttpRequest, person_id: uuid.UUID) -> HttpResponse:
    actor = actor_of(request)
    access = access_person_daily(actor, person_id, write=True, page="daily.medicines")
    _office(access)
    org = org_slug(request)
    return render(
        request,
        "daily/medicines/dose_times.html",
        {
            **record_header(actor, access, org, current=TAB),
            "medicines": dose_times_of(access.person, timezone.localdate()),
            "back": chart_url(org, access),
        },
    )


@require_http_methods(["GET", "POST"])
@organisation_view
def dose_times_edit(
    request: HttpRequest, person_id: uuid.UUID, medication_id: uuid.UUID
) -> HttpResponse:
    actor = actor_of(request)
    access = access_person_daily(actor, person_id, write=True, page="daily.medicines")
    _office(access)
    org = org_slug(request)
    today = timezone.localdate()
    timed = next(
        (t for t in dose_times_of(access.person, today) if t.medication.public_id == medication_id),
        None,
    )
    if timed is None:
        raise Http404
    medication = timed.medication
    current = timed.times or timed.previous_times
    form = DoseTimesForm(
        request.POST if request.method == "POST" else None,
        initial={
            "times": ", ".join(f"{row.time:%H:%M}" for row in current),
            "from_day": max(today, medication.starts_on),
        },
    )
    back = reverse("daily:dose_times", kwargs={"org": org, "person_id": access.person.public_id})
    if request.method == "POST" and form.is_valid():
        try:
            set_dose_times(
                actor=actor,
                medication=medication,
                times=form.cleaned_data["times"],
                from_day=form.cleaned_data["from_day"],
                basis=access.basis.value,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The dose times have been saved."))
            return redirect(back)
    return render_form_page(
        request,
        form=form,
        header=record_header(actor, access, org, current=TAB),
        title=_("Dose times for %(medicine)s")
        % {"medicine": f"{medication.name} {medication.dose}"},
        intro=_("Prescribed: %(frequency)s. Records already made are never changed.")
        % {"frequency": medication.frequency},
        submit=_("Save the times"),
        cancel_url=back,
        template=FORM,
    )
