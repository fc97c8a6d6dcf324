"""Pages of the pre-employment training and mentoring route (recruiters only; everyone else
gets the same 404 as for a cohort that doesn't exist). Each view: access → form → service or
selector → render."""

from __future__ import annotations

import csv
import io
import uuid
from collections.abc import Iterable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from ownterms.core.scoping import org_slug, organisation_view
from ownterms.core.selectors import today_for
from ownterms.people.views import actor_of
from ownterms.recruitment.access import require_recruiter
from ownterms.recruitment.forms.cohorts import (
    CohortForm,
    LinkForm,
    SessionAttendanceForm,
    SessionForm,
    StatusForm,
    TraineeForm,
    grid_value,
    parse_grid,
)
from ownterms.recruitment.models import Applicant, Cohort, Trainee
from ownterms.recruitment.selectors import cohorts as selectors
from ownterms.recruitment.services import cohorts as services
from ownterms.recruitment.views.saving import posted, save

FORM_TEMPLATE = "recruitment/cohorts/form_page.html"
#: Spreadsheets run cells starting with these as formulas.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(text: str) -> str:
    """Text a spreadsheet will not run as a formula (a leading ' keeps it text)."""
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def csv_response(filename: str, rows: Iterable[list[str]]) -> HttpResponse:
    buffer = io.StringIO()
    buffer.write("\ufeff")  # Excel reads UTF-8 with the byte-order mark
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerows([safe_cell(cell) for cell in row] for row in rows)
    response = HttpResponse(
        buffer.getvalue().encode("utf-8"), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _status(form: forms.BaseForm) -> int:
    return 400 if form.is_bound and form.errors else 200


def _cohort_url(org: str, cohort: Cohort) -> str:
    return reverse("recruitment:cohort_detail", kwargs={"org": org, "cohort_id": cohort.public_id})


def _trainee_url(org: str, trainee: Trainee) -> str:
    return reverse(
        "recruitment:trainee_detail", kwargs={"org": org, "trainee_id": trainee.public_id}
    )


def _form_page(
    request: HttpRequest,
    *,
    form: forms.BaseForm,
    title: str,
    submit: str,
    cancel_url: str,
    cohort: Cohort | None = None,
    trainee: Trainee | None = None,
    intro: str = "",
) -> HttpResponse:
    return render(
        request,
        FORM_TEMPLATE,
        {
            "org": org_slug(request),
            "form": form,
            "title": title,
            "submit": submit,
            "cancel_url": cancel_url,
            "intro": intro,
            "cohort": cohort,
            "trainee": trainee,
        },
        status=_status(form),
    )


# Cohorts ------------------------------------------------------------------------------------


@require_GET
@organisation_view
def cohorts(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    require_recruiter(actor)
    return render(
        request,
        "recruitment/cohorts/list.html",
        {"org": org_slug(request), "cohorts": list(selectors.cohorts_of(actor.organisation_id))},
    )


def _cohort_values(form: CohortForm) -> dict[str, Any]:
    data = form.cleaned_data
    return {
        "name": data["name"],
        "starts_on": data["starts_on"],
        "ends_on": data["ends_on"],
        "place": data["place"],
        "mentor": data["mentor"],
    }


@require_http_methods(["GET", "POST"])
@organisation_view
def cohort_new(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    require_recruiter(actor)
    org = org_slug(request)
    mentors = selectors.mentors_of(actor.organisation_id, today_for(actor.organisation))
    form = CohortForm(posted(request), mentors=mentors)
    created = save(
        request,
        form,
        lambda: services.create_cohort(actor=actor, **_cohort_values(form)),
        _("The cohort has been added. Add its sessions next."),
    )
    if created:
        return redirect(_cohort_url(org, created.value))
    return _form_page(
        request,
        form=form,
        title=_("Add a cohort"),
        intro=_("A group of people new to care who train together, with a mentor."),
        submit=_("Add the cohort"),
        cancel_url=reverse("recruitment:cohorts", kwargs={"org": org}),
    )


@require_GET
@organisation_view
def cohort_detail(request: HttpRequest, cohort_id: uuid.UUID) -> HttpResponse:
    actor = actor_of(request)
    cohort = selectors.access_cohort(actor, cohort_id)
    selectors.record_trainee_access(actor, cohort, "recruitment.cohort")
    page = selectors.cohort_page(cohort)
    return render(
        request,
        "recruitment/cohorts/detail.html",
        {
            "org": org_slug(request),
            "cohort": cohort,
            "page": page,
            "today": today_for(actor.organisation),
        },
    )


@require_http_methods(["GET", "POST"])
@organisation_view
def cohort_edit(request: HttpRequest, cohort_id: uuid.UUID) -> HttpResponse:
    actor = actor_of(request)
    cohort = selectors.access_cohort(actor, cohort_id)
    org = org_slug(request)
    mentors = selectors.mentors_of(
        actor.organisation_id, today_for(actor.organisation), keep=cohort.mentor
    )
    form = CohortForm(
        posted(request),
        mentors=mentors,
        initial={
            "name": cohort.name,
            "starts_on": cohort.starts_on,
            "ends_on": cohort.ends_on,
            "place": cohort.place,
            "mentor": cohort.mentor.public_id if cohort.mentor else None,
        },
    )
    if save(
        request,
        form,
        lambda: services.update_cohort(actor=actor, cohort=cohort, **_cohort_values(form)),
        _("The cohort has been changed."),
    ):
        return redirect(_cohort_url(org, cohort))
    return _form_page(
        request,
        form=form,
        title=_("Change the cohort"),
        submit=_("Save changes"),
        cancel_url=_cohort_url(org, cohort),
        cohort=cohort,
    )


@require_http_methods(["GET", "POST"])
@organisation_view
def cohort_session_new(request: HttpRequest, cohort_id: uuid.UUID) -> HttpResponse:
    actor = actor_of(request)
    cohort = selectors.access_cohort(actor, cohort_id)
    org = org_slug(request)
    form = SessionForm(posted(request))
    if save(
        request,
        form,
        lambda: services.add_session(
            actor=actor, cohort=cohort, on=form.cleaned_data["on"], topic=form.cleaned_data["topic"]
        ),
        _("The session has been added."),
    ):
        return redirect(_cohort_url(org, cohort) + "#sessions")
    return _form_page(
        request,
        form=form,
        title=_("Add a session"),
        intro=_("Between %(first)s and %(last)s.")
        % {"first": f"{cohort.starts_on:%d/%m/%Y}", "last": f"{cohort.ends_on:%d/%m/%Y}"},
        submit=_("Add the session"),
        cancel_url=_cohort_url(org, cohort),
        cohort=cohort,
    )


@require_http_methods(["GET", "POST"])
@organisation_view
def cohort_trainee_new(request: HttpRequest, cohort_id: uuid.UUID) -> HttpResponse:
    actor = actor_of(request)
    cohort = selectors.access_cohort(actor, cohort_id)
    org = org_slug(request)
    today = today_for(actor.organisation)
    form = TraineeForm(
        posted(request), initial={"informed_on": today, "status": Trainee.Status.INFORMED}
    )

    def added(trainee: Trainee) -> str:
        if trainee.applicant_id is not None:
            return _("%(name)s has been added, and linked to their job application.") % {
                "name": trainee.name
            }
        return _("%(name)s has been added.") % {"name": trainee.name}

    if save(
        request,
        form,
        lambda: services.add_trainee(actor=actor, cohort=cohort, today=today, **form.cleaned_data),
        added,
    ):
        return redirect(_cohort_url(org, cohort) + "#trainees")
    return _form_page(
        request,
        form=form,
        title=_("Add a trainee"),
        intro=_("Someone new to care who has been told about the route, or has enrolled."),
        submit=_("Add the trainee"),
        cancel_url=_cohort_url(org, cohort),
        cohort=cohort,
    )


# Attendance ---------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@organisation_view
def cohort_attendance(request: HttpRequest, cohort_id: uuid.UUID) -> HttpResponse:
    """The whole grid: a row per trainee, a column per session held so far."""
    actor = actor_of(request)
    cohort = selectors.access_cohort(actor, cohort_id)
    org = org_slug(request)
    today = today_for(actor.organisation)
    selectors.record_trainee_access(actor, cohort, "recruitment.cohort_attendance")
    page = selectors.cohort_page(cohort)
    held = [s for s in page.sessions if s.on <= today]
    register = [row.trainee for row in page.grid if row.on_register]
    error = ""
    if request.method == "POST":
        try:
            present = parse_grid(request.POST.getlist("present"), held, register)
            changed = services.record_attendance_grid(
                actor=actor, cohort=cohort, present=present, today=today
            )
        except ValidationError as problem:
            error = " ".join(problem.messages)
        else:
            messages.success(
                request,
                _("Attendance saved: %(count)s marks changed.") % {"count": changed}
                if changed
                else _("Attendance saved: nothing changed."),
            )
            return redirect(_cohort_url(org, cohort) + "#attendance")
    rows = [
        {
            "trainee": row.trainee,
            "cells": [
                {
                    "session": cell.session,
                    "present": cell.present,
                    "value": grid_value(cell.session, row.trainee),
                }
                for cell in row.cells
                if cell.session.on <= today
            ],
        }
        for row in page.grid
        if row.on_register
    ]
    return render(
        request,
        "recruitment/cohorts/attendance.html",
        {
            "org": org,
            "cohort": cohort,
            "sessions": held,
            "rows": rows,
            "error": error,
            "future": len(page.sessions) - len(held),
        },
        status=400 if error else 200,
    )


@require_http_methods(["GET", "POST"])
@organisation_view
def cohort_session_attendance(
    request: HttpRequest, cohort_id: uuid.UUID, session_id: uuid.UUID
) -> HttpResponse:
    """One session's register, for a phone."""
    actor = actor_of(request)
    cohort = selectors.access_cohort(actor, cohort_id)
    session = selectors.access_session(actor, cohort, session_id)
    org = org_slug(request)
    today = today_for(actor.organisation)
    selectors.record_trainee_access(actor, cohort, "recruitment.cohort_attendance")
    register = Trainee.objects.filter(cohort=cohort, status__in=services.ON_REGISTER).order_by(
        "first_name", "last_name", "pk"
    )
    initial: dict[str, Any] = {}
    if request.method != "POST":
        marks = selectors.session_register(session)
        taken = any(mark is not None for _trainee, mark in marks)
        initial["present"] = [
            t.public_id for t, mark in marks if mark or (not taken and mark is None)
        ]
    form = SessionAttendanceForm(
        posted(request), register=register, session=session, initial=initial
    )
    if save(
        request,
        form,
        lambda: services.record_attendance(
            actor=actor, session=session, present=list(form.cleaned_data["present"]), today=today
        ),
        _("The register for %(topic)s has been saved.") % {"topic": session.topic},
    ):
        return redirect(_cohort_url(org, cohort) + "#sessions")
    return _form_page(
        request,
        form=form,
        title=_("Register: %(topic)s, %(day)s")
        % {"topic": session.topic, "day": f"{session.on:%d/%m/%Y}"},
        intro=_("Everyone enrolled is listed. Untick anyone who didn't come.")
        if register.exists()
        else _("Nobody on this cohort has enrolled yet: enrol trainees first."),
        submit=_("Save the register"),
        cancel_url=_cohort_url(org, cohort),
        cohort=cohort,
    )


# Trainees -----------------------------------------------------------------------------------


@require_GET
@organisation_view
def trainee_detail(request: HttpRequest, trainee_id: uuid.UUID) -> HttpResponse:
    actor = actor_of(request)
    trainee = selectors.access_trainee(actor, trainee_id)
    selectors.record_trainee_access(actor, trainee, "recruitment.trainee")
    attendance = selectors.trainee_attendance(trainee)
    marked = [mark for _session, mark in attendance if mark is not None]
    return render(
        request,
        "recruitment/cohorts/trainee.html",
        {
            "org": org_slug(request),
            "trainee": trainee,
            "cohort": trainee.cohort,
            "attendance": attendance,
            "rate": selectors.rate(sum(marked), len(marked)),
            "applications": selectors.trainee_applications(trainee),
            "can_move": bool(services.TRANSITIONS.get(trainee.status)),
        },
    )


@require_http_methods(["GET", "POST"])
@organisation_view
def trainee_status(request: HttpRequest, trainee_id: uuid.UUID) -> HttpResponse:
    actor = actor_of(request)
    trainee = selectors.access_trainee(actor, trainee_id)
    org = org_slug(request)
    form = StatusForm(posted(request), current=trainee.status)
    if save(
        request,
        form,
        lambda: services.change_trainee_status(
            actor=actor, trainee=trainee, status=form.cleaned_data["status"]
        ),
        _("%(name)s's status has been changed.") % {"name": trainee.name},
    ):
        return redirect(_trainee_url(org, trainee))
    return _form_page(
        request,
        form=form,
        title=_("Change %(name)s's status") % {"name": trainee.name},
        intro=_("Now: %(status)s.") % {"status": trainee.get_status_display()},
        submit=_("Change the status"),
        cancel_url=_trainee_url(org, trainee),
        cohort=trainee.cohort,
        trainee=trainee,
    )


@require_http_methods(["GET", "POST"])
@organisation_view
def trainee_applicant(request: HttpRequest, trainee_id: uuid.UUID) -> HttpResponse:
    """Link the trainee to the applicant they became, by the email address they applied with
    (or remove a wrong link)."""
    actor = actor_of(request)
    trainee = selectors.access_trainee(actor, trainee_id)
    org = org_slug(request)
    if request.method == "POST" and request.POST.get("action") == "unlink":
        form = LinkForm()
        if trainee.applicant_id is not None:
            services.link_trainee(actor=actor, trainee=trainee, applicant=None)
            messages.success(request, _("The link to the application has been removed."))
        return redirect(_trainee_url(org, trainee))
    form = LinkForm(posted(request))

    def link() -> Trainee:
        applicant = Applicant.objects.filter(
            organisation_id=actor.organisation_id,
            email_key=form.cleaned_data["email"].strip().casefold(),
        ).first()
        if applicant is None:
            raise ValidationError({"email": _("Nobody has applied with this email address.")})
        return services.link_trainee(actor=actor, trainee=trainee, applicant=applicant)

    if save(
        request,
        form,
        link,
        _("%(name)s is now linked to their application.") % {"name": trainee.name},
    ):
        return redirect(_trainee_url(org, trainee))
    return _form_page(
        request,
        form=form,
        title=_("Link %(name)s to their application") % {"name": trainee.name},
        intro=_("Use this when they applied with a different email address from the one we have."),
        submit=_("Link the application"),
        cancel_url=_trainee_url(org, trainee),
        cohort=trainee.cohort,
        trainee=trainee,
    )


# The route's report -------------------------------------------------------------------------


@require_GET
@organisation_view
def cohorts_report(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    require_recruiter(actor)
    report = selectors.route_report(actor.organisation_id)
    return render(
        request,
        "recruitment/cohorts/report.html",
        {"org": org_slug(request), "report": report, "headings": selectors.report_headings()},
    )


@require_GET
@organisation_view
def cohorts_report_csv(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    require_recruiter(actor)
    report = selectors.route_report(actor.organisation_id)
    today = today_for(actor.organisation)
    return csv_response(
        f"training-route-{today.isoformat()}.csv", selectors.report_csv_rows(report)
    )
