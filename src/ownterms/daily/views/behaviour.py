"""Pages of a person's behaviour support plan, incidents (ABC) and restrictive practices.

Reading is the ``daily`` category. Incidents and restrictive practices are written by the
team, managers and administrators; the plan and its authorisations only by managers and
administrators. Changes after writing are amendments (``may_amend``)."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.contrib import messages
from django.core.exceptions import FieldDoesNotExist, PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from ownterms.accounts.models import User
from ownterms.core.scoping import org_slug, organisation_view
from ownterms.core.selectors import zone_of
from ownterms.daily.access import (
    AMEND_OTHERS_BASES,
    access_person_daily,
    access_record,
    may_amend,
)
from ownterms.daily.forms.behaviour import (
    AuthorisedPracticeForm,
    CloseIncidentForm,
    EndPracticeForm,
    IncidentForm,
    PlanForm,
    RestrictivePracticeForm,
    event_initial,
    incident_initial,
    plan_initial,
)
from ownterms.daily.models import (
    BehaviourSupportPlan,
    DailyRecord,
    Incident,
    RestrictivePracticeEvent,
)
from ownterms.daily.selectors.amendments import versions_of
from ownterms.daily.selectors.behaviour import (
    ALERTING_KINDS,
    incident_practices,
    incident_prn_doses,
    incidents_of,
    is_current,
    missing_parts,
    plan_of,
    practice_of,
    practices_of,
    strategy_prompts,
    team_staff,
)
from ownterms.daily.services.behaviour import (
    add_authorised_practice,
    amend_plan,
    amend_restrictive_practice,
    close_incident,
    create_plan,
    end_authorised_practice,
    record_restrictive_practice,
    start_incident,
    update_incident,
)
from ownterms.people.access import PersonAccess, uuid_or_404
from ownterms.people.form_pages import add_service_errors, render_form_page
from ownterms.people.record_tabs import record_header
from ownterms.people.views import actor_of

TAB = "daily"
PAGE_SIZE = 50


def _url(name: str, org: str, access: PersonAccess, **kwargs: Any) -> str:
    return reverse(
        f"daily:{name}", kwargs={"org": org, "person_id": access.person.public_id, **kwargs}
    )


def _plan_writer(access: PersonAccess) -> None:
    """Only managers and administrators write the plan (the team reads it)."""
    if not (access.bases & AMEND_OTHERS_BASES):
        raise PermissionDenied


def _today(access: PersonAccess) -> dt.date:
    return timezone.localtime(timezone.now(), zone_of(access.person.organisation)).date()


def version_rows(record: DailyRecord) -> list[dict[str, Any]]:
    """Each version of ``record`` for the page: who, when, why and what it set."""
    versions = versions_of(record)
    names = dict(
        User.objects.filter(pk__in={v.by_id for v in versions if v.by_id}).values_list(
            "pk", "display_name"
        )
    )
    meta = type(record)._meta
    rows = []
    for version in versions:
        values = []
        for name, value in version.values.items():
            try:
                label = str(getattr(meta.get_field(name), "verbose_name", name))
            except FieldDoesNotExist:  # a field renamed since
                label = name
            values.append({"label": label[:1].upper() + label[1:], "value": value})
        rows.append(
            {
                "number": version.number,
                "by": names.get(version.by_id, _("Unknown")) if version.by_id else _("Unknown"),
                "at": version.at,
                "reason": version.reason,
                "values": values,
            }
        )
    return rows


def _version_of(form: Any) -> int | None:
    value = form.cleaned_data.get("version")
    return int(value) if value is not None else None


# Behaviour support plan --------------------------------------------------------------------


@require_GET
@organisation_view
def behaviour_plan(request: HttpRequest, person_id: uuid.UUID) -> HttpResponse:
    actor = actor_of(request)
    access = access_person_daily(actor, person_id, page="daily.behaviour_plan")
    org = org_slug(request)
    plan = plan_of(access.person)
    today = _today(access)
    practices = list(plan.authorised_practices.all()) if plan is not None else []
    return render(
        request,
        "daily/behaviour/plan.html",
        {
            **record_header(actor, access, org, current=TAB),
            "plan": plan,
            "prompts": strategy_prompts(plan),
            "review_overdue": plan is not None and plan.review_on < today,
            "current_practices": [
                {"practice": p, "review_overdue": p.review_on < today}
                for p in practices
                if is_current(p, today)
            ],
            "other_practices": [p for p in practices if not is_current(p, today)],
            "versions": version_rows(plan) if plan is not None else [],
            "can_edit": bool(access.bases & AMEND_OTHERS_BASES),
            "today": today,
        },
    )


@require_http_methods(["GET", "POST"])
@organisation_view
def behaviour_plan_edit(request: HttpRequest, person_id: uuid.UUID) -> HttpResponse:
    actor = actor_of(request)
    access = access_person_daily(actor, person_id, write=True, page="daily.behaviour_plan")
    _plan_writer(access)
    org = org_slug(request)
    plan = plan_of(access.person)
    amending = plan is not None
    if request.method == "POST":
        form = PlanForm(request.POST, amending=amending)
        if form.is_valid():
            try:
                if plan is None:
                    create_plan(
                        actor=actor,
                        person=access.person,
                        basis=access.basis.value,
                        **form.values(),
                    )
                else:
                    amend_plan(
                        actor=actor,
                        plan=plan,
                        changes=form.values(),
                        reason=form.cleaned_data["reason"],
                        expected_version=_version_of(form),
                    )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The behaviour support plan has been saved."))
                return redirect(_url("behaviour_plan", org, access))
    else:
        form = PlanForm(initial=plan_initial(plan) if plan is not None else None, amending=amending)
    return render_form_page(
        request,
        form=form,
        header=record_header(actor, access, org, current=TAB),
        title=_("Change the behaviour support plan")
        if amending
        else _("Write a behaviour support plan"),
        intro=_("The version before your change is kept, with your reason.") if amending else "",
        submit=_("Save the plan"),
        cancel_url=_url("behaviour_plan", org, access),
    )


def _plan_or_redirect(access: PersonAccess) -> BehaviourSupportPlan | None:
    return BehaviourSupportPlan.objects.filter(person=access.person).first()


@require_http_methods(["GET", "POST"])
@organisation_view
def authorised_practice_new(request: HttpRequest, person_id: uuid.UUID) -> HttpResponse:
    actor = actor_of(request)
    access = access_person_daily(actor, person_id, write=True, page="daily.behaviour_plan")
    _plan_writer(access)
    org = org_slug(request)
    plan = _plan_or_redirect(access)
    if plan is None:
        messages.info(request, _("Write the behaviour support plan first."))
        return redirect(_url("behaviour_plan_edit", org, access))
    form = AuthorisedPracticeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            add_authorised_practice(
                actor=actor, plan=plan, basis=access.basis.value, **form.values()
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The authorised practice has been added to the plan."))
            return redirect(_url("behaviour_plan", org, access))
    return render_form_page(
        request,
        form=form,
        header=record_header(actor, access, org, current=TAB),
        title=_("Authorise a restrictive practice"),
        intro=_(
            "Only with a legal basis, as a last resort, and with a plan to reduce it. "
            "Seclusion is never allowed in the community."
        ),
        submit=_("Add to the plan"),
        cancel_url=_url("behaviour_plan", org, access),
    )


@require_http_methods(["GET", "POST"])
@organisation_view
def authorised_practice_end(
    request: HttpRequest, person_id: uuid.UUID, practice_id: uuid.UUID
) -> HttpResponse:
    actor = actor_of(request)
    access = access_person_daily(actor, person_id, write=True, page="daily.behaviour_plan")
    _plan_writer(access)
    org = org_slug(request)
    plan = _plan_or_redirect(access)
    if plan is None:
        raise Http404
    practice = practice_of(plan, practice_id)
    if request.method == "POST":
        form = EndPracticeForm(request.POST)
        if form.is_valid():
            try:
                end_authorised_practice(
                    actor=actor,
                    practice=practice,
                    ends_on=form.cleaned_data["ends_on"],
                    basis=access.basis.value,
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The authorisation has been ended."))
                return redirect(_url("behaviour_plan", org, access))
    else:
        form = EndPracticeForm(initial={"ends_on": _today(access)})
    return render_form_page(
        request,
        form=form,
        header=record_header(actor, access, org, current=TAB),
        title=_("End the authorisation: %(practice)s") % {"practice": practice.get_kind_display()},
        intro=_("It stays on the plan as ended, with the date."),
        submit=_("End the authorisation"),
        cancel_url=_url("behaviour_plan", org, access),
    )


# Incidents ---------------------------------------------------------------------------------


@require_GET
@organisation_view
def incidents(request: HttpRequest, person_id: uuid.UUID) -> HttpResponse:
    actor = actor_of(request)
    access = access_person_daily(actor, person_id, page="daily.incidents")
    org = org_slug(request)
    page = Paginator(incidents_of(access.person), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "daily/behaviour/incidents.html",
        {
            **record_header(actor, access, org, current=TAB),
            "page": page,
            "can_write": access.can_write(),
        },
    )


def _incident_form_page(
    request: HttpRequest,
    *,
    form: IncidentForm,
    access: PersonAccess,
    title: str,
    submit: str,
    cancel_url: str,
    intro: str = "",
) -> HttpResponse:
    actor = actor_of(request)
    org = org_slug(request)
    return render_form_page(
        request,
        form=form,
        header=record_header(actor, access, org, current=TAB),
        title=title,
        intro=intro,
        submit=submit,
        cancel_url=cancel_url,
        template="daily/behaviour/incident_form.html",
        extra={"prompts": strategy_prompts(plan_of(access.person))},
    )


@require_http_methods(["GET", "POST"])
@organisation_view
def incident_new(request: HttpRequest, person_id: uuid.UUID) -> HttpResponse:
    actor = actor_of(request)
    access = access_person_daily(actor, person_id, write=True, page="daily.incidents")
    org = org_slug(request)
    zone = zone_of(access.person.organisation)
    if request.method == "POST":
        form = IncidentForm(request.POST, zone=zone)
        if form.is_valid():
            try:
                incident = start_incident(
                    actor=actor, person=access.person, basis=access.basis.value, **form.values()
                )
            except ValidationError as error:
                add_service_errors(form, error, rename=_time_field_name)
            else:
                messages.success(
                    request,
                    _("The incident has been saved as open. Close it when every part is done."),
                )
                return redirect(
                    _url("incident_detail", org, access, incident_id=incident.public_id)
                )
    else:
        now = timezone.localtime(timezone.now(), zone)
        form = IncidentForm(
            initial={"starts_on": now.date(), "start_time": now.time().replace(second=0)},
            zone=zone,
        )
    return _incident_form_page(
        request,
        form=form,
        access=access,
        title=_("Record an incident"),
        intro=_(
            "It is saved as open as soon as you enter when it started. Write what you saw, in "
            "plain and respectful words; you can finish it later."
        ),
        submit=_("Save the incident"),
        cancel_url=_url("incidents", org, access),
    )


def _time_field_name(name: str) -> str:
    return {"starts_at": "start_time", "ends_at": "end_time"}.get(name, name)


@require_GET
@organisation_view
def incident_detail(
    request: HttpRequest, person_id: uuid.UUID, incident_id: uuid.UUID
) -> HttpResponse:
    actor = actor_of(request)
    incident, access = access_record(actor, person_id, Incident, incident_id, page="daily.incident")
    org = org_slug(request)
    return render(
        request,
        "daily/behaviour/incident_detail.html",
        {
            **record_header(actor, access, org, current=TAB),
            "incident": incident,
            "missing": missing_parts(incident) if incident.status == Incident.Status.OPEN else {},
            "practices": incident_practices(incident),
            "prn_doses": incident_prn_doses(incident),
            "versions": version_rows(incident),
            "can_amend": may_amend(actor, access, incident),
            "can_write": access.can_write(),
        },
    )


@require_http_methods(["GET", "POST"])
@organisation_view
def incident_edit(
    request: HttpRequest, person_id: uuid.UUID, incident_id: uuid.UUID
) -> HttpResponse:
    actor = actor_of(request)
    incident, access = access_record(
        actor, person_id, Incident, incident_id, write=True, page="daily.incident"
    )
    if not may_amend(actor, access, incident):
        raise PermissionDenied
    org = org_slug(request)
    zone = zone_of(access.person.organisation)
    closed = incident.status == Incident.Status.CLOSED
    detail_url = _url("incident_detail", org, access, incident_id=incident.public_id)
    if request.method == "POST":
        form = IncidentForm(request.POST, zone=zone, amending=True, closed=closed)
        if form.is_valid():
            try:
                update_incident(
                    actor=actor,
                    incident=incident,
                    changes=form.values(),
                    reason=form.cleaned_data.get("reason") or "",
                    expected_version=_version_of(form),
                )
            except ValidationError as error:
                add_service_errors(form, error, rename=_time_field_name)
            else:
                messages.success(request, _("The incident has been updated."))
                return redirect(detail_url)
    else:
        form = IncidentForm(
            initial=incident_initial(incident, zone), zone=zone, amending=True, closed=closed
        )
    return _incident_form_page(
        request,
        form=form,
        access=access,
        title=_("Change the incident"),
        intro=_("The version before your change is kept.")
        if not closed
        else _("This incident is closed: say why you are changing it. Every version is kept."),
        submit=_("Save changes"),
        cancel_url=detail_url,
    )


@require_http_methods(["GET", "POST"])
@organisation_view
def incident_close(
    request: HttpRequest, person_id: uuid.UUID, incident_id: uuid.UUID
) -> HttpResponse:
    actor = actor_of(request)
    incident, access = access_record(
        actor, person_id, Incident, incident_id, write=True, page="daily.incident"
    )
    if not may_amend(actor, access, incident):
        raise PermissionDenied
    org = org_slug(request)
    detail_url = _url("incident_detail", org, access, incident_id=incident.public_id)
    if incident.status == Incident.Status.CLOSED:
        messages.info(request, _("This incident is already closed."))
        return redirect(detail_url)
    form = CloseIncidentForm(request.POST if request.method == "POST" else None)
    missing: dict[str, Any] = dict(missing_parts(incident))
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            close_incident(actor=actor, incident=incident)
        except ValidationError as error:
            missing = error.message_dict if hasattr(error, "error_dict") else {}
            if not missing:
                form.add_error(None, error.messages)
            status = 400
        else:
            messages.success(request, _("The incident has been closed."))
            return redirect(detail_url)
    return render(
        request,
        "daily/behaviour/incident_close.html",
        {
            **record_header(actor, access, org, current=TAB),
            "incident": incident,
            "form": form,
            "missing": [
                {"field": name, "message": message if isinstance(message, str) else message[0]}
                for name, message in missing.items()
            ],
            "tried": request.method == "POST",
            "edit_url": _url("incident_edit", org, access, incident_id=incident.public_id),
            "detail_url": detail_url,
        },
        status=status,
    )


# Restrictive practice events ---------------------------------------------------------------


@require_GET
@organisation_view
def restrictive_practices(request: HttpRequest, person_id: uuid.UUID) -> HttpResponse:
    actor = actor_of(request)
    access = access_person_daily(actor, person_id, page="daily.restrictive_practices")
    org = org_slug(request)
    page = Paginator(practices_of(access.person), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "daily/behaviour/practices.html",
        {
            **record_header(actor, access, org, current=TAB),
            "page": page,
            "alerting": ALERTING_KINDS,
            "can_write": access.can_write(),
        },
    )


def _incident_of(access: PersonAccess, raw: str | None) -> Incident | None:
    if not raw:
        return None
    found = Incident.objects.filter(person=access.person, public_id=uuid_or_404(raw)).first()
    if found is None:
        raise Http404
    return found


@require_http_methods(["GET", "POST"])
@organisation_view
def restrictive_practice_new(request: HttpRequest, person_id: uuid.UUID) -> HttpResponse:
    actor = actor_of(request)
    access = access_person_daily(actor, person_id, write=True, page="daily.restrictive_practices")
    org = org_slug(request)
    zone = zone_of(access.person.organisation)
    incident = _incident_of(access, request.GET.get("incident"))
    today = _today(access)
    if request.method == "POST":
        # Anyone ever in the team may be chosen; the service checks the day it happened.
        form = RestrictivePracticeForm(
            request.POST, zone=zone, staff_choices=team_staff(access.person, None)
        )
        if form.is_valid():
            try:
                event = record_restrictive_practice(
                    actor=actor,
                    person=access.person,
                    staff=list(form.cleaned_data["staff"]),
                    incident=incident,
                    basis=access.basis.value,
                    **form.values(),
                )
            except ValidationError as error:
                add_service_errors(form, error, rename=_time_field_name)
            else:
                if event.authorised_practice_id is None:
                    messages.warning(
                        request,
                        _(
                            "Saved. This practice is not authorised in the behaviour support "
                            "plan: the person's managers have been told."
                        ),
                    )
                else:
                    messages.success(request, _("The restrictive practice has been recorded."))
                return redirect(
                    _url("restrictive_practice_detail", org, access, event_id=event.public_id)
                )
    else:
        start = incident.starts_at if incident is not None else timezone.now()
        local = timezone.localtime(start, zone)
        form = RestrictivePracticeForm(
            initial={"starts_on": local.date(), "start_time": local.time().replace(second=0)},
            zone=zone,
            staff_choices=team_staff(access.person, today),
        )
    cancel = (
        _url("incident_detail", org, access, incident_id=incident.public_id)
        if incident is not None
        else _url("restrictive_practices", org, access)
    )
    return render_form_page(
        request,
        form=form,
        header=record_header(actor, access, org, current=TAB),
        title=_("Record a restrictive practice"),
        intro=_(
            "Record every use, even one the plan does not authorise: nothing is lost. A prone "
            "(face-down) hold or seclusion alerts the on-call manager straight away."
        ),
        submit=_("Save the record"),
        cancel_url=cancel,
    )


@require_GET
@organisation_view
def restrictive_practice_detail(
    request: HttpRequest, person_id: uuid.UUID, event_id: uuid.UUID
) -> HttpResponse:
    actor = actor_of(request)
    event, access = access_record(
        actor, person_id, RestrictivePracticeEvent, event_id, page="daily.restrictive_practice"
    )
    org = org_slug(request)
    event = practices_of(access.person).get(pk=event.pk)
    return render(
        request,
        "daily/behaviour/practice_detail.html",
        {
            **record_header(actor, access, org, current=TAB),
            "event": event,
            "alerting": event.kind in ALERTING_KINDS,
            "versions": version_rows(event),
            "can_amend": may_amend(actor, access, event),
        },
    )


@require_http_methods(["GET", "POST"])
@organisation_view
def restrictive_practice_amend(
    request: HttpRequest, person_id: uuid.UUID, event_id: uuid.UUID
) -> HttpResponse:
    actor = actor_of(request)
    event, access = access_record(
        actor,
        person_id,
        RestrictivePracticeEvent,
        event_id,
        write=True,
        page="daily.restrictive_practice",
    )
    if not may_amend(actor, access, event):
        raise PermissionDenied
    org = org_slug(request)
    zone = zone_of(access.person.organisation)
    detail_url = _url("restrictive_practice_detail", org, access, event_id=event.public_id)
    if request.method == "POST":
        form = RestrictivePracticeForm(request.POST, zone=zone, amending=True)
        if form.is_valid():
            try:
                amend_restrictive_practice(
                    actor=actor,
                    event=event,
                    changes=form.values(),
                    reason=form.cleaned_data["reason"],
                    expected_version=_version_of(form),
                )
            except ValidationError as error:
                add_service_errors(form, error, rename=_time_field_name)
            else:
                messages.success(request, _("The record has been changed."))
                return redirect(detail_url)
    else:
        form = RestrictivePracticeForm(initial=event_initial(event, zone), zone=zone, amending=True)
    return render_form_page(
        request,
        form=form,
        header=record_header(actor, access, org, current=TAB),
        title=_("Change the restrictive practice record"),
        intro=_("The version before your change is kept, with your reason."),
        submit=_("Save changes"),
        cancel_url=detail_url,
    )
