"""Vacancy pages: the list, a new vacancy from a person's wishes, one vacancy (its advert, the
approval route and its applications by stage), editing it and its questions, the person's or
family's approval; and the public job pages (no account): the organisation's open vacancies,
one advert, and the advert as an HTML or text file for job boards."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ownterms.accounts.models import User
from ownterms.audit.services import record_access
from ownterms.core.scoping import org_slug, organisation_view
from ownterms.people.form_pages import add_service_errors
from ownterms.people.models import ConsentCategory, Person
from ownterms.people.selectors import people_visible_to
from ownterms.people.views import actor_of
from ownterms.recruitment.access import VacancyAccess, access_vacancy, is_recruiter
from ownterms.recruitment.advert import advert_html, advert_text
from ownterms.recruitment.forms.vacancies import (
    ApprovalForm,
    PersonChoiceForm,
    QuestionForm,
    VacancyForm,
    hours_value,
)
from ownterms.recruitment.models import Question, Stage, Vacancy, VacancyStatus
from ownterms.recruitment.selectors import vacancies as selectors
from ownterms.recruitment.services import vacancies as services
from ownterms.rota.models import PatternBlock
from ownterms.vocabulary.models import Tag
from ownterms.vocabulary.selectors import skills_of, tags_of_kind

PAGE = "recruitment.vacancy"


def detail_url(org: str, vacancy: Vacancy) -> str:
    return reverse(
        "recruitment:vacancy_detail", kwargs={"org": org, "vacancy_id": vacancy.public_id}
    )


def _access(request: HttpRequest, vacancy_id: uuid.UUID, page: str) -> tuple[User, VacancyAccess]:
    actor = actor_of(request)
    access = access_vacancy(actor, vacancy_id)
    record_access(actor=actor, person=access.vacancy.person, page=page, basis=access.basis.value)
    return actor, access


def _recruiting(
    request: HttpRequest, vacancy_id: uuid.UUID, page: str
) -> tuple[User, VacancyAccess]:
    """A vacancy page only recruiters reach (the person and family: the same 404)."""
    actor = actor_of(request)
    access = access_vacancy(actor, vacancy_id)
    if not access.recruits:
        raise Http404
    record_access(actor=actor, person=access.vacancy.person, page=page, basis=access.basis.value)
    return actor, access


def _warn(request: HttpRequest, found: list[str]) -> None:
    if found:
        messages.warning(
            request,
            _(
                "Saved, but the advert's words could identify the person: %(found)s Change them "
                "before sending the advert for approval."
            )
            % {"found": " ".join(found)},
        )


# The list ------------------------------------------------------------------------------------


@require_GET
@organisation_view
def vacancies(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    recruits = is_recruiter(actor)
    groups = selectors.vacancy_groups(actor)
    if not recruits and not groups:
        raise Http404
    return render(
        request,
        "recruitment/vacancies/list.html",
        {"org": org_slug(request), "groups": groups, "recruits": recruits},
    )


# New and edit --------------------------------------------------------------------------------


def _form(person: Person, data: Any = None, initial: dict[str, Any] | None = None) -> VacancyForm:
    pattern, _blocks = selectors.pattern_blocks(person)
    org = person.organisation_id
    return VacancyForm(
        data,
        initial=initial,
        blocks=PatternBlock.objects.filter(pattern=pattern)
        if pattern is not None
        else PatternBlock.objects.none(),
        weeks=pattern.weeks if pattern is not None else 1,
        interests=tags_of_kind(org, Tag.Kind.INTEREST).order_by("label"),
        traits=tags_of_kind(org, Tag.Kind.TRAIT).order_by("label"),
        skills=skills_of(org).order_by("name"),
        family=selectors.family_of(person),
    )


def _person_for_new(actor: User, person_id: str) -> Person:
    try:
        parsed = uuid.UUID(person_id)
    except ValueError as exc:
        raise Http404 from exc
    person = selectors.people_to_recruit_for(actor.organisation_id).filter(public_id=parsed).first()
    if person is None:
        raise Http404
    return person


@require_http_methods(["GET", "POST"])
@organisation_view
def vacancy_new(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    if not is_recruiter(actor):
        raise Http404
    org = org_slug(request)
    person_id = request.GET.get("person", "")
    if not person_id:
        chooser = PersonChoiceForm(
            request.GET or None, people=selectors.people_to_recruit_for(actor.organisation_id)
        )
        return render(
            request,
            "recruitment/vacancies/choose_person.html",
            {"org": org, "form": chooser},
            status=400 if chooser.is_bound and chooser.errors else 200,
        )
    person = _person_for_new(actor, person_id)
    record_access(actor=actor, person=person, page=PAGE + "_new", basis="recruiter")
    suggestions = selectors.suggestions_for(person)
    form = _form(
        person,
        request.POST if request.method == "POST" else None,
        initial={
            "kind": Vacancy.Kind.CORE,
            "voice": Vacancy.Voice.PERSON,
            "personal_care": "",
            "area": suggestions.area,
            "wanted_interests": suggestions.interests,
            "wanted_traits": suggestions.traits,
            "skills": suggestions.skills,
            "blocks": suggestions.blocks,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            vacancy = services.create_vacancy(actor=actor, person=person, wishes=form.wishes())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("The vacancy is saved as a draft, with questions built from the wishes."),
            )
            _warn(request, selectors.identifying_details_of(vacancy))
            return redirect(detail_url(org, vacancy))
    return render(
        request,
        "recruitment/vacancies/form.html",
        {
            "org": org,
            "form": form,
            "person": person,
            "title": _("New vacancy for %(name)s") % {"name": person.called},
            "submit": _("Save the vacancy"),
            "cancel_url": reverse("recruitment:vacancies", kwargs={"org": org}),
            "suggestions": suggestions,
        },
        status=400 if form.is_bound and form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
@organisation_view
def vacancy_edit(request: HttpRequest, vacancy_id: uuid.UUID) -> HttpResponse:
    actor, access = _recruiting(request, vacancy_id, PAGE + "_edit")
    vacancy = selectors.vacancy_with_wishes(access.vacancy)
    org = org_slug(request)
    if vacancy.status == VacancyStatus.FILLED:
        messages.error(request, _("This vacancy has been filled; it can't be changed."))
        return redirect(detail_url(org, vacancy))
    wanted = list(vacancy.wanted_tags.all())
    form = _form(
        vacancy.person,
        request.POST if request.method == "POST" else None,
        initial={
            "kind": vacancy.kind,
            "blocks": list(vacancy.blocks.all()),
            "hours": hours_value(vacancy.minutes_per_week),
            "pattern_text": vacancy.pattern_text,
            "area": vacancy.area,
            "wanted_interests": [t for t in wanted if t.kind == Tag.Kind.INTEREST],
            "wanted_traits": [t for t in wanted if t.kind == Tag.Kind.TRAIT],
            "avoided_tags": list(vacancy.avoided_tags.all()),
            "skills": list(vacancy.skills.all()),
            "personal_care": vacancy.personal_care,
            "voice": vacancy.voice,
            "in_my_words": vacancy.in_my_words,
            "deciders": list(vacancy.deciders.all()),
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.update_vacancy(actor=actor, vacancy=vacancy, wishes=form.wishes())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if saved.needs_approval_again:
                messages.warning(
                    request,
                    _(
                        "Saved. The advert changed, so %(name)s needs to approve it again; it is "
                        "off the public pages until then."
                    )
                    % {"name": vacancy.person.called},
                )
            else:
                messages.success(request, _("The vacancy has been saved."))
            _warn(request, saved.warnings)
            return redirect(detail_url(org, vacancy))
    return render(
        request,
        "recruitment/vacancies/form.html",
        {
            "org": org,
            "form": form,
            "person": vacancy.person,
            "vacancy": vacancy,
            "title": _("Change the vacancy for %(name)s") % {"name": vacancy.person.called},
            "submit": _("Save the changes"),
            "cancel_url": detail_url(org, vacancy),
        },
        status=400 if form.is_bound and form.errors else 200,
    )


# One vacancy ---------------------------------------------------------------------------------


def _photo_url(actor: User, org: str, person: Person) -> str:
    if not person.photo:
        return ""
    if not people_visible_to(actor, ConsentCategory.PROFILE).filter(pk=person.pk).exists():
        return ""
    return reverse("people:photo", kwargs={"org": org, "person_id": person.public_id})


@require_GET
@organisation_view
def vacancy_detail(request: HttpRequest, vacancy_id: uuid.UUID) -> HttpResponse:
    actor, access = _access(request, vacancy_id, PAGE)
    vacancy = selectors.vacancy_with_wishes(access.vacancy)
    org = org_slug(request)
    counts = selectors.stage_counts([vacancy.pk]).get(vacancy.pk, {})
    context: dict[str, Any] = {
        "org": org,
        "vacancy": vacancy,
        "person": vacancy.person,
        "advert": selectors.advert_of(vacancy),
        "recruits": access.recruits,
        "is_decider": selectors.is_decider(actor, vacancy),
        "photo_url": _photo_url(actor, org, vacancy.person),
    }
    if access.recruits:
        context.update(
            {
                "warnings": selectors.identifying_details_of(vacancy),
                "by_stage": [
                    (Stage(stage).label, counts[stage]) for stage in Stage.values if stage in counts
                ],
                "interests": selectors.wanted_interests(vacancy),
                "traits": selectors.wanted_traits(vacancy),
                "avoided": selectors.avoided_traits(vacancy),
                "skills": selectors.skill_names(vacancy),
            }
        )
        return render(request, "recruitment/vacancies/detail.html", context)
    return render(request, "recruitment/vacancies/easy_read.html", context)


@require_POST
@organisation_view
def vacancy_status(request: HttpRequest, vacancy_id: uuid.UUID) -> HttpResponse:
    """Send for approval, close or re-open (recruiters)."""
    actor, access = _recruiting(request, vacancy_id, PAGE)
    org = org_slug(request)
    action = request.POST.get("action", "")
    done = {
        "send": (services.send_for_approval, _("The advert has been sent for approval.")),
        "close": (services.close_vacancy, _("The vacancy is closed.")),
        "reopen": (services.reopen_vacancy, _("The vacancy has been re-opened.")),
    }
    if action not in done:
        messages.error(request, _("Choose what to do with the vacancy."))
        return redirect(detail_url(org, access.vacancy))
    call, message = done[action]
    try:
        call(actor=actor, vacancy=access.vacancy)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, message)
    return redirect(detail_url(org, access.vacancy))


# Questions -----------------------------------------------------------------------------------


def _question(vacancy: Vacancy, question_id: uuid.UUID | str) -> Question:
    try:
        parsed = uuid.UUID(str(question_id))
    except ValueError as exc:
        raise Http404 from exc
    question = Question.objects.filter(vacancy=vacancy, public_id=parsed).first()
    if question is None:
        raise Http404
    return question


def _after_question_change(request: HttpRequest, vacancy: Vacancy, again: bool) -> None:
    if again:
        messages.warning(
            request,
            _(
                "The questions changed, so %(name)s needs to approve the advert again; it is off "
                "the public pages until then."
            )
            % {"name": vacancy.person.called},
        )


@require_http_methods(["GET", "POST"])
@organisation_view
def vacancy_questions(request: HttpRequest, vacancy_id: uuid.UUID) -> HttpResponse:
    actor, access = _recruiting(request, vacancy_id, PAGE + "_questions")
    vacancy = access.vacancy
    org = org_slug(request)
    here = reverse("recruitment:vacancy_questions", kwargs={"org": org, "vacancy_id": vacancy_id})
    form = QuestionForm()
    if request.method == "POST":
        action = request.POST.get("action", "")
        try:
            if action == "add":
                form = QuestionForm(request.POST)
                if form.is_valid():
                    again = services.add_question(
                        actor=actor, vacancy=vacancy, text=form.cleaned_data["text"]
                    )
                    messages.success(request, _("The question has been added."))
                    _after_question_change(request, vacancy, again)
                    return redirect(here)
            elif action == "regenerate":
                again = services.regenerate_questions(actor=actor, vacancy=vacancy)
                messages.success(request, _("The questions have been built again from the wishes."))
                _after_question_change(request, vacancy, again)
                return redirect(here)
            elif action in ("up", "down", "delete"):
                question = _question(vacancy, request.POST.get("question", ""))
                if action == "delete":
                    again = services.delete_question(actor=actor, question=question)
                    messages.success(request, _("The question has been deleted."))
                else:
                    again = services.move_question(
                        actor=actor, question=question, up=action == "up"
                    )
                _after_question_change(request, vacancy, again)
                return redirect(here)
            else:
                messages.error(request, _("Choose what to do with the questions."))
                return redirect(here)
        except ValidationError as error:
            add_service_errors(form, error)
    questions = list(Question.objects.filter(vacancy=vacancy).order_by("order", "pk"))
    return render(
        request,
        "recruitment/vacancies/questions.html",
        {
            "org": org,
            "vacancy": vacancy,
            "person": vacancy.person,
            "questions": questions,
            "form": form,
            "back": detail_url(org, vacancy),
        },
        status=400 if form.is_bound and form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
@organisation_view
def vacancy_question_edit(
    request: HttpRequest, vacancy_id: uuid.UUID, question_id: uuid.UUID
) -> HttpResponse:
    actor, access = _recruiting(request, vacancy_id, PAGE + "_questions")
    vacancy = access.vacancy
    question = _question(vacancy, question_id)
    org = org_slug(request)
    back = reverse("recruitment:vacancy_questions", kwargs={"org": org, "vacancy_id": vacancy_id})
    form = QuestionForm(
        request.POST if request.method == "POST" else None, initial={"text": question.text}
    )
    if request.method == "POST" and form.is_valid():
        try:
            again = services.change_question(
                actor=actor, question=question, text=form.cleaned_data["text"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The question has been changed."))
            _after_question_change(request, vacancy, again)
            return redirect(back)
    return render(
        request,
        "recruitment/vacancies/question_form.html",
        {
            "org": org,
            "vacancy": vacancy,
            "person": vacancy.person,
            "form": form,
            "cancel_url": back,
        },
        status=400 if form.is_bound and form.errors else 200,
    )


# Approval ------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@organisation_view
def vacancy_approval(request: HttpRequest, vacancy_id: uuid.UUID) -> HttpResponse:
    """The easy-read advert and the person's (or family's) yes or changes; a recruiter
    records the person's answer on their behalf."""
    actor, access = _access(request, vacancy_id, PAGE + "_approval")
    vacancy = selectors.vacancy_with_wishes(access.vacancy)
    org = org_slug(request)
    decider = selectors.is_decider(actor, vacancy)
    on_behalf = access.recruits and not decider
    can_answer = (decider or access.recruits) and (
        vacancy.status == VacancyStatus.AWAITING_APPROVAL
    )
    form = ApprovalForm(request.POST if request.method == "POST" else None, on_behalf=on_behalf)
    if request.method == "POST":
        if not (decider or access.recruits):
            raise PermissionDenied
        if form.is_valid():
            words = form.cleaned_data.get("words") or ""
            try:
                if form.cleaned_data["decision"] == "approve":
                    services.approve(actor=actor, vacancy=vacancy, words=words, on_behalf=on_behalf)
                    messages.success(request, _("Thank you. The advert is now open."))
                else:
                    services.ask_for_changes(
                        actor=actor, vacancy=vacancy, words=words, on_behalf=on_behalf
                    )
                    messages.success(
                        request, _("Thank you. The manager will change the advert and ask again.")
                    )
            except ValidationError as error:
                add_service_errors(form, error, rename=lambda name: "decision")
            else:
                return redirect(detail_url(org, vacancy))
    return render(
        request,
        "recruitment/vacancies/approval.html",
        {
            "org": org,
            "vacancy": vacancy,
            "person": vacancy.person,
            "advert": selectors.advert_of(vacancy),
            "form": form,
            "can_answer": can_answer,
            "on_behalf": on_behalf,
            "photo_url": _photo_url(actor, org, vacancy.person),
            "back": detail_url(org, vacancy),
        },
        status=400 if form.is_bound and form.errors else 200,
    )


# Public pages --------------------------------------------------------------------------------


def _public(org: str, vacancy_id: uuid.UUID) -> Vacancy:
    organisation = selectors.public_organisation(org)
    if organisation is None:
        raise Http404
    vacancy = selectors.open_vacancies(organisation).filter(public_id=vacancy_id).first()
    if vacancy is None:
        raise Http404
    return vacancy


def _apply_url(request: HttpRequest, org: str, vacancy: Vacancy) -> str:
    return request.build_absolute_uri(
        reverse("jobs:apply", kwargs={"org": org, "vacancy_id": vacancy.public_id})
    )


@require_GET
def jobs_list(request: HttpRequest, org: str) -> HttpResponse:
    organisation = selectors.public_organisation(org)
    if organisation is None:
        raise Http404
    found = list(selectors.open_vacancies(organisation))
    return render(
        request,
        "recruitment/public/list.html",
        {
            "organisation": organisation,
            "jobs": [(v, selectors.advert_of(v)) for v in found],
            "org": org,
        },
    )


@require_GET
def jobs_advert(request: HttpRequest, org: str, vacancy_id: uuid.UUID) -> HttpResponse:
    vacancy = _public(org, vacancy_id)
    return render(
        request,
        "recruitment/public/advert.html",
        {
            "organisation": vacancy.organisation,
            "vacancy": vacancy,
            "advert": selectors.advert_of(vacancy),
            "org": org,
        },
    )


#: The advert's files for job boards: extension → (writer, content type, disposition).
ADVERT_FILES: dict[str, tuple[Callable[..., str], str, str]] = {
    "html": (advert_html, "text/html", "attachment"),
    "txt": (advert_text, "text/plain", "inline"),
}


def _advert_file(request: HttpRequest, org: str, vacancy_id: uuid.UUID, ext: str) -> HttpResponse:
    """The open advert as a file, with the absolute apply link."""
    vacancy = _public(org, vacancy_id)
    write, content_type, disposition = ADVERT_FILES[ext]
    body = write(
        selectors.advert_of(vacancy),
        organisation=vacancy.organisation.name,
        apply_url=_apply_url(request, org, vacancy),
    )
    response = HttpResponse(body, content_type=f"{content_type}; charset=utf-8")
    name = f"advert-{str(vacancy.public_id)[:8]}.{ext}"
    response["Content-Disposition"] = f'{disposition}; filename="{name}"'
    return response


@require_GET
def jobs_advert_html(request: HttpRequest, org: str, vacancy_id: uuid.UUID) -> HttpResponse:
    return _advert_file(request, org, vacancy_id, "html")


@require_GET
def jobs_advert_text(request: HttpRequest, org: str, vacancy_id: uuid.UUID) -> HttpResponse:
    return _advert_file(request, org, vacancy_id, "txt")
