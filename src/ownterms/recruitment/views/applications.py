"""Recruiters' pipeline pages (a vacancy's applications by stage, an applicant, an application
with its history and the next step), and the person's and family's easy-read second stage.

Access: ``recruitment.access`` (recruiters see everything; the person and the family they chose
see second-stage applicants only, and only what they need). Views of applicants are audited.
"""

from __future__ import annotations

import uuid
from typing import Any

from allauth.account.forms import ResetPasswordForm
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ownterms.audit.services import record_access, record_applicant_access
from ownterms.core.scoping import org_slug, organisation_view
from ownterms.core.selectors import today_for
from ownterms.people.views import actor_of
from ownterms.recruitment.access import (
    ApplicationAccess,
    Basis,
    access_applicant,
    access_application,
    access_vacancy,
    applications_visible_to,
)
from ownterms.recruitment.forms.applications import (
    CheckForm,
    ConsiderForm,
    MeetingForm,
    NoteForm,
    NotForMeForm,
    OfferForm,
    RejectForm,
    TheirViewForm,
)
from ownterms.recruitment.forms.vacancies import hours_value
from ownterms.recruitment.models import ENDED_STAGES, Check, Stage
from ownterms.recruitment.selectors import applications as selectors
from ownterms.recruitment.services import applications as services
from ownterms.recruitment.uploads import cv_response
from ownterms.recruitment.views.saving import posted, save


def _application_url(
    request: HttpRequest, application_id: object, name: str = "application"
) -> str:
    return reverse(
        f"recruitment:{name}",
        kwargs={"org": org_slug(request), "application_id": application_id},
    )


def _recruiter_access(request: HttpRequest, application_id: uuid.UUID) -> ApplicationAccess:
    access = access_application(actor_of(request), application_id)
    if not access.recruits:
        raise Http404
    return access


def _audit_view(request: HttpRequest, access: ApplicationAccess, page: str) -> None:
    record_applicant_access(
        actor=actor_of(request),
        applicant=access.application.applicant,
        page=page,
        basis=access.basis.value,
    )


# -- A vacancy's applications -------------------------------------------------------------------


@require_GET
@organisation_view
def applications(request: HttpRequest, vacancy_id: uuid.UUID) -> HttpResponse:
    """Recruiters: every application by stage. The person and family: the second stage."""
    actor = actor_of(request)
    access = access_vacancy(actor, vacancy_id)
    vacancy = access.vacancy
    record_access(
        actor=actor, person=vacancy.person, page="recruitment.applications", basis=access.basis
    )
    context: dict[str, Any] = {"vacancy": vacancy, "org": org_slug(request)}
    if access.recruits:
        groups = selectors.pipeline(vacancy)
        return render(
            request,
            "recruitment/applications/pipeline.html",
            {**context, "groups": groups, "total": sum(len(g.applications) for g in groups)},
        )
    found = selectors.second_stage(applications_visible_to(actor, access), vacancy, actor.pk)
    return render(
        request,
        "recruitment/applications/second_stage.html",
        {**context, "applicants": found, "is_person": access.basis is Basis.PERSON},
    )


# -- An applicant -------------------------------------------------------------------------------


@require_GET
@organisation_view
def applicant(request: HttpRequest, applicant_id: uuid.UUID) -> HttpResponse:
    actor = actor_of(request)
    found = access_applicant(actor, applicant_id)
    record_applicant_access(
        actor=actor, applicant=found, page="recruitment.applicant", basis=Basis.RECRUITER.value
    )
    return render(
        request,
        "recruitment/applications/applicant.html",
        {
            "applicant": found,
            "applications": selectors.applications_of(found),
            "tags": list(found.tags.order_by("kind", "label")),
            "skills": list(found.skills.order_by("name")),
            "org": org_slug(request),
        },
    )


@require_GET
@organisation_view
def applicant_cv(request: HttpRequest, applicant_id: uuid.UUID) -> FileResponse:
    actor = actor_of(request)
    found = access_applicant(actor, applicant_id)
    if not found.cv:
        raise Http404
    record_applicant_access(
        actor=actor, applicant=found, page="recruitment.applicant_cv", basis=Basis.RECRUITER.value
    )
    return cv_response(found.cv)


# -- An application -----------------------------------------------------------------------------


def _recruiter_page(
    request: HttpRequest,
    access: ApplicationAccess,
    *,
    errors: list[str] | None = None,
    status: int = 200,
) -> HttpResponse:
    application = access.application
    following = services.next_stage(application.stage)
    return render(
        request,
        "recruitment/applications/application.html",
        {
            "application": application,
            "applicant": application.applicant,
            "vacancy": application.vacancy,
            **selectors.application_detail(application),
            "questions": selectors.second_stage_one(
                application, list(application.vacancy.questions.all()), set()
            ).answers,
            "next_stage": following,
            "next_label": following.label if following else "",
            "ended": application.stage in ENDED_STAGES,
            "meeting_stage": application.stage in (Stage.INTERVIEW, Stage.MEETING),
            "at_checks": application.stage == Stage.CHECKS,
            "note_form": NoteForm(),
            "errors": errors or [],
            "org": org_slug(request),
        },
        status=status,
    )


@require_GET
@organisation_view
def application(request: HttpRequest, application_id: uuid.UUID) -> HttpResponse:
    actor = actor_of(request)
    access = access_application(actor, application_id)
    _audit_view(request, access, "recruitment.application")
    if access.recruits:
        return _recruiter_page(request, access)
    return render(
        request,
        "recruitment/applications/their_applicant.html",
        {
            "vacancy": access.application.vacancy,
            "applicant": selectors.own_view_of(access.application, actor.pk),
            "form": TheirViewForm(),
            "org": org_slug(request),
        },
    )


@require_POST
@organisation_view
def application_move(request: HttpRequest, application_id: uuid.UUID) -> HttpResponse:
    """The next step along the stages (the offer and the start have their own pages)."""
    actor = actor_of(request)
    access = _recruiter_access(request, application_id)
    form = NoteForm(request.POST)
    to_stage = str(request.POST.get("to_stage", ""))
    if not form.is_valid():
        return _recruiter_page(
            request, access, errors=[str(e) for es in form.errors.values() for e in es], status=400
        )
    if to_stage == Stage.OFFER and services.next_stage(access.application.stage) == Stage.OFFER:
        return redirect(_application_url(request, application_id, "application_offer"))
    if to_stage == Stage.STARTED and services.next_stage(access.application.stage) == Stage.STARTED:
        return redirect(_application_url(request, application_id, "application_start"))
    try:
        moved = services.advance(
            actor=actor,
            application=access.application,
            to_stage=to_stage,
            note=form.cleaned_data["note"],
        )
    except ValidationError as error:
        return _recruiter_page(request, access, errors=list(error.messages), status=400)
    messages.success(request, _("Moved to “%(stage)s”.") % {"stage": Stage(moved.stage).label})
    return redirect(_application_url(request, application_id))


def _form_page(
    request: HttpRequest,
    access: ApplicationAccess,
    form: Any,
    *,
    title: str,
    submit: str,
    intro: str = "",
    extra: dict[str, Any] | None = None,
    template: str = "recruitment/applications/form_page.html",
) -> HttpResponse:
    return render(
        request,
        template,
        {
            "application": access.application,
            "applicant": access.application.applicant,
            "vacancy": access.application.vacancy,
            "form": form,
            "title": title,
            "submit": submit,
            "intro": intro,
            "cancel_url": _application_url(request, access.application.public_id),
            "org": org_slug(request),
            **(extra or {}),
        },
        status=400 if form.is_bound and form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
@organisation_view
def application_reject(request: HttpRequest, application_id: uuid.UUID) -> HttpResponse:
    actor = actor_of(request)
    access = _recruiter_access(request, application_id)
    form = RejectForm(posted(request))
    if save(
        request,
        form,
        lambda: services.reject(
            actor=actor, application=access.application, reason=form.cleaned_data["reason"]
        ),
        _("The application is not taken forward."),
    ):
        return redirect(_application_url(request, application_id))
    return _form_page(
        request,
        access,
        form,
        title=_("Not taken forward"),
        submit=_("Save: not taken forward"),
        intro=_("You can still consider them for another person afterwards."),
    )


@require_POST
@organisation_view
def application_withdraw(request: HttpRequest, application_id: uuid.UUID) -> HttpResponse:
    actor = actor_of(request)
    access = _recruiter_access(request, application_id)
    form = NoteForm(request.POST)
    if not form.is_valid():
        return _recruiter_page(
            request, access, errors=[str(e) for es in form.errors.values() for e in es], status=400
        )
    try:
        services.withdraw(
            actor=actor, application=access.application, note=form.cleaned_data["note"]
        )
    except ValidationError as error:
        return _recruiter_page(request, access, errors=list(error.messages), status=400)
    messages.success(request, _("Recorded that they withdrew."))
    return redirect(_application_url(request, application_id))


@require_http_methods(["GET", "POST"])
@organisation_view
def application_meeting(request: HttpRequest, application_id: uuid.UUID) -> HttpResponse:
    actor = actor_of(request)
    access = _recruiter_access(request, application_id)
    found = access.application
    if found.stage not in (Stage.INTERVIEW, Stage.MEETING):
        raise Http404
    second = found.stage == Stage.MEETING
    today = today_for(found.vacancy.person.organisation)
    form = MeetingForm(
        posted(request),
        second_stage=second,
        staff=selectors.interviewers_to_choose(found.organisation_id, today),
        circle=found.vacancy.person.circle.order_by("name"),
        suggested=selectors.suggested_interviewers(found.vacancy, today),
    )

    def record() -> object:
        data = form.cleaned_data
        return services.record_meeting(
            actor=actor,
            application=found,
            held_on=data["held_on"],
            decision=data["decision"],
            decision_words=data.get("decision_words", ""),
            notes=data.get("notes", ""),
            interviewers=list(data.get("interviewers") or []),
            person_attended=bool(data.get("person_attended")),
            family=list(data.get("family") or []),
        )

    if save(request, form, record, _("The meeting has been recorded.")):
        return redirect(_application_url(request, application_id))
    return _form_page(
        request,
        access,
        form,
        title=_("Second-stage meeting") if second else _("Interview"),
        submit=_("Save the meeting"),
        intro=(
            _("The person's (or family's) view decides. Write their decision in their words.")
            if second
            else _("An interview with managers who know the person.")
        ),
    )


@require_http_methods(["GET", "POST"])
@organisation_view
def application_check(request: HttpRequest, application_id: uuid.UUID, kind: str) -> HttpResponse:
    actor = actor_of(request)
    access = _recruiter_access(request, application_id)
    found = access.application
    if kind not in Check.Kind.values or found.stage != Stage.CHECKS:
        raise Http404
    existing = found.checks.filter(kind=kind).first()
    initial = (
        {
            "requested_on": existing.requested_on,
            "cleared_on": existing.cleared_on,
            "failed": existing.failed,
            "note": existing.note,
        }
        if existing
        else {}
    )
    form = CheckForm(posted(request), initial=initial)

    def update() -> object:
        data = form.cleaned_data
        return services.update_check(
            actor=actor,
            application=found,
            kind=kind,
            requested_on=data.get("requested_on"),
            cleared_on=data.get("cleared_on"),
            failed=bool(data.get("failed")),
            note=data.get("note", ""),
        )

    if save(request, form, update, _("The check has been saved.")):
        return redirect(_application_url(request, application_id))
    return _form_page(
        request, access, form, title=str(Check.Kind(kind).label), submit=_("Save the check")
    )


@require_http_methods(["GET", "POST"])
@organisation_view
def application_offer(request: HttpRequest, application_id: uuid.UUID) -> HttpResponse:
    actor = actor_of(request)
    access = _recruiter_access(request, application_id)
    found = access.application
    if found.stage != Stage.CHECKS:
        raise Http404
    form = OfferForm(
        posted(request), initial={"hours": hours_value(found.vacancy.minutes_per_week)}
    )
    if save(
        request,
        form,
        lambda: services.advance(
            actor=actor,
            application=found,
            to_stage=Stage.OFFER,
            note=form.cleaned_data.get("note", ""),
            offered_minutes_per_week=form.minutes(),
            starts_on=form.cleaned_data["starts_on"],
        ),
        _("The offer has been recorded."),
        rename=lambda name: {"offered_minutes_per_week": "hours"}.get(name, name),
    ):
        return redirect(_application_url(request, application_id))
    return _form_page(
        request,
        access,
        form,
        title=_("Make an offer"),
        submit=_("Save the offer"),
        intro=_("Every required check must be cleared first."),
    )


def _invite(request: HttpRequest, email: str) -> bool:
    """Emails the new member of staff a link to set their password (the password reset)."""
    form = ResetPasswordForm(data={"email": email})
    if not form.is_valid():
        return False
    form.save(request)
    return True


@require_http_methods(["GET", "POST"])
@organisation_view
def application_start(request: HttpRequest, application_id: uuid.UUID) -> HttpResponse:
    actor = actor_of(request)
    access = _recruiter_access(request, application_id)
    found = access.application
    if found.stage != Stage.OFFER:
        raise Http404
    form = NoteForm(posted(request))

    def started_message(started: services.Started) -> str:
        invited = started.new_user is not None and _invite(request, started.new_user.email)
        said = _("%(name)s is now in %(person)s's team.") % {
            "name": started.staff_member.name,
            "person": found.vacancy.person.called,
        }
        return said + (
            " " + _("We have emailed them a link to set their password.") if invited else ""
        )

    if save(request, form, lambda: services.start(actor=actor, application=found), started_message):
        return redirect(_application_url(request, application_id))
    return _form_page(
        request,
        access,
        form,
        title=_("Start as a member of staff"),
        submit=_("Start"),
        template="recruitment/applications/start.html",
    )


@require_http_methods(["GET", "POST"])
@organisation_view
def application_consider(request: HttpRequest, application_id: uuid.UUID) -> HttpResponse:
    actor = actor_of(request)
    access = _recruiter_access(request, application_id)
    vacancies = selectors.open_vacancies_elsewhere(access.application)
    form = ConsiderForm(posted(request), vacancies=vacancies)
    created = save(
        request,
        form,
        lambda: services.consider_for(
            actor=actor, application=access.application, vacancy=form.cleaned_data["vacancy"]
        ),
        _("They are now an applicant for this vacancy too."),
    )
    if created:
        return redirect(_application_url(request, created.value.public_id))
    return _form_page(
        request,
        access,
        form,
        title=_("Consider for another person"),
        submit=_("Consider them"),
        intro=_(
            "They won't have to apply again. They start at “screened”; ask the person's "
            "questions at the interview."
        ),
        extra={"no_choices": not vacancies.exists()},
    )


# -- The person and family ----------------------------------------------------------------------


def _theirs(request: HttpRequest, application_id: uuid.UUID) -> ApplicationAccess:
    access = access_application(actor_of(request), application_id)
    if access.recruits:
        raise Http404
    return access


def _their_page(
    request: HttpRequest, access: ApplicationAccess, form: Any, template: str
) -> HttpResponse:
    return render(
        request,
        template,
        {
            "vacancy": access.application.vacancy,
            "applicant": selectors.own_view_of(access.application, actor_of(request).pk),
            "form": form,
            "org": org_slug(request),
        },
        status=400 if form.is_bound and form.errors else 200,
    )


def _back_to_list(request: HttpRequest, access: ApplicationAccess) -> HttpResponse:
    return redirect(
        reverse(
            "recruitment:applications",
            kwargs={
                "org": org_slug(request),
                "vacancy_id": access.application.vacancy.public_id,
            },
        )
    )


@require_POST
@organisation_view
def application_their_view(request: HttpRequest, application_id: uuid.UUID) -> HttpResponse:
    """What the person (or family member) thinks, in their words."""
    actor = actor_of(request)
    access = _theirs(request, application_id)
    form = TheirViewForm(request.POST)
    if save(
        request,
        form,
        lambda: services.record_their_view(
            actor=actor,
            access=access,
            decision=form.cleaned_data["decision"],
            words=form.cleaned_data.get("words", ""),
        ),
        _("Thank you. We have written down what you think."),
    ):
        return _back_to_list(request, access)
    return _their_page(request, access, form, "recruitment/applications/their_applicant.html")


@require_http_methods(["GET", "POST"])
@organisation_view
def application_not_for_me(request: HttpRequest, application_id: uuid.UUID) -> HttpResponse:
    actor = actor_of(request)
    access = _theirs(request, application_id)
    form = NotForMeForm(posted(request))
    if save(
        request,
        form,
        lambda: services.say_not_for_me(
            actor=actor, access=access, reason=form.cleaned_data.get("reason", "")
        ),
        _("Thank you. We will not ask you about them again."),
    ):
        return _back_to_list(request, access)
    return _their_page(request, access, form, "recruitment/applications/not_for_me.html")
