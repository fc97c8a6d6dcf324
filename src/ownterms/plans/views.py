"""Pages of the person's plan. Each view: parse → access → selector/service → render.

Reads and writes go through ``people.access.access_person`` with the section's consent
category: missing or not allowed is 404, allowed to read but not to change is 403.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ownterms.core.scoping import org_slug, organisation_view
from ownterms.lib.photos import photo_response
from ownterms.people.access import PersonAccess, access_person, may_read, person_bases
from ownterms.people.form_pages import add_service_errors
from ownterms.people.models import ConsentCategory
from ownterms.people.record_tabs import record_header
from ownterms.people.selectors import person_circle, person_team
from ownterms.people.views import actor_of
from ownterms.plans import selectors, services
from ownterms.plans.forms import (
    ActivityForm,
    AspirationsForm,
    GoalForm,
    PolicyForm,
    ProfileForm,
    SessionForm,
    StrengthsForm,
)
from ownterms.plans.models import SECTIONS, PlanningSession
from ownterms.plans.services import EditConflictError

PROFILE = ConsentCategory.PROFILE
PLANS = ConsentCategory.PLANS
ROTA = ConsentCategory.ROTA

CONFLICT = gettext_lazy(
    "Someone else saved a change while you were editing. Nothing you entered has been "
    "saved: check the latest version and try again."
)


class Page:
    """What every page about the person needs: actor, access, org slug and the header."""

    def __init__(
        self,
        request: HttpRequest,
        person_id: uuid.UUID,
        *,
        category: str,
        page: str,
        tab: str,
        write: bool = False,
    ) -> None:
        self.request = request
        self.actor = actor_of(request)
        self.access: PersonAccess = access_person(
            self.actor, person_id, category=category, write=write, page=page
        )
        self.person = self.access.person
        self.org = org_slug(request)
        self.tab = tab

    @property
    def basis(self) -> str:
        return self.access.basis.value

    def context(self, **extra: Any) -> dict[str, Any]:
        return {
            **record_header(self.actor, self.access, self.org, current=self.tab),
            "access": self.access,
            "can_edit": self.access.can_write(),
            "today": timezone.localdate(),
            **extra,
        }

    def render(self, template: str, status: int = 200, **extra: Any) -> HttpResponse:
        return render(self.request, template, self.context(**extra), status=status)

    def form_page(self, template: str, form: forms.Form, **extra: Any) -> HttpResponse:
        status = 400 if form.is_bound and form.errors else 200
        return self.render(template, status=status, form=form, **extra)

    def redirect(self, name: str, **kwargs: Any) -> HttpResponse:
        response: HttpResponse = redirect(
            name, org=self.org, person_id=self.person.public_id, **kwargs
        )
        return response


def _save(form: forms.Form, write: Callable[[], object], **kwargs: Any) -> bool:
    """Runs ``write``; puts a conflict or the service's errors on the form. True if saved."""
    try:
        with transaction.atomic():
            write()
    except EditConflictError:
        form.add_error(None, CONFLICT)
    except ValidationError as error:
        add_service_errors(form, error, **kwargs)
    else:
        return True
    return False


# -- one-page profile, strengths and interests ------------------------------------------------


@require_GET
@organisation_view
def profile(request: HttpRequest, person_id: uuid.UUID) -> HttpResponse:
    page = Page(request, person_id, category=PROFILE, page="plans.profile", tab="profile")
    current = selectors.current_profile(page.person)
    plan = selectors.plan_of(page.person)
    return page.render(
        "plans/profile.html",
        current=current,
        due=current is not None and selectors.is_due(current.review_on),
        versions=list(selectors.profile_versions(page.person)),
        plan=plan,
        interests=selectors.interests_of(plan),
    )


@require_http_methods(["GET", "POST"])
@organisation_view
def profile_edit(request: HttpRequest, person_id: uuid.UUID) -> HttpResponse:
    page = Page(
        request, person_id, category=PROFILE, page="plans.profile.edit", tab="profile", write=True
    )
    current = selectors.current_profile(page.person)
    if request.method == "POST":
        form = ProfileForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data

            def write() -> object:
                return services.save_profile(
                    actor=page.actor,
                    person=page.person,
                    appreciated=data["appreciated"],
                    important=data["important"],
                    support=data["support"],
                    review_on=data["review_on"],
                    based_on=form.based_on_number(),
                    basis=page.basis,
                )

            if _save(form, write):
                messages.success(request, _("The one-page profile has been saved."))
                return page.redirect("plans:profile")
    else:
        initial: dict[str, Any] = {"based_on": current.number if current else 0}
        if current is not None:
            initial |= {
                "appreciated": current.appreciated,
                "important": current.important,
                "support": current.support,
                "review_on": current.review_on,
            }
        form = ProfileForm(initial=initial)
    return page.form_page("plans/profile_edit.html", form, current=current)


@require_GET
@organisation_view
def profile_version(request: HttpRequest, person_id: uuid.UUID, number: int) -> HttpResponse:
    page = Page(request, person_id, category=PROFILE, page="plans.profile.version", tab="profile")
    version = selectors.profile_version(page.person, number)
    current = selectors.current_profile(page.person)
    return page.render(
        "plans/profile_version.html",
        version=version,
        is_current=current is not None and current.pk == version.pk,
    )


@require_http_methods(["GET", "POST"])
@organisation_view
def strengths_edit(request: HttpRequest, person_id: uuid.UUID) -> HttpResponse:
    page = Page(
        request,
        person_id,
        category=PROFILE,
        page="plans.strengths.edit",
        tab="profile",
        write=True,
    )
    plan = selectors.plan_of(page.person)
    if request.method == "POST":
        form = StrengthsForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data

            def write() -> object:
                return services.update_plan(
                    actor=page.actor,
                    person=page.person,
                    basis=page.basis,
                    expected_updated_at=form.expected_updated_at(),
                    strengths=data["strengths"],
                    interests=data["interests"],
                )

            if _save(form, write):
                messages.success(request, _("Strengths and interests have been saved."))
                return page.redirect("plans:profile")
    else:
        form = StrengthsForm(
            initial={
                "strengths": plan.strengths if plan else "",
                "interests": selectors.interests_of(plan),
                "version": plan.updated_at.isoformat() if plan else "",
            }
        )
    return page.form_page("plans/strengths_edit.html", form)


# -- aspirations, goals and planning sessions -------------------------------------------------


@require_GET
@organisation_view
def goals(request: HttpRequest, person_id: uuid.UUID) -> HttpResponse:
    page = Page(request, person_id, category=PLANS, page="plans.goals", tab="plans")
    return page.render(
        "plans/goals.html",
        plan=selectors.plan_of(page.person),
        goals=list(selectors.goals_of(page.person)),
        sessions=list(selectors.sessions_of(page.person)),
    )


@require_http_methods(["GET", "POST"])
@organisation_view
def aspirations_edit(request: HttpRequest, person_id: uuid.UUID) -> HttpResponse:
    page = Page(
        request, person_id, category=PLANS, page="plans.aspirations.edit", tab="plans", write=True
    )
    plan = selectors.plan_of(page.person)
    if request.method == "POST":
        form = AspirationsForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data

            def write() -> object:
                return services.update_plan(
                    actor=page.actor,
                    person=page.person,
                    basis=page.basis,
                    expected_updated_at=form.expected_updated_at(),
                    north_star=data["north_star"],
                    dreams=data["dreams"],
                )

            if _save(form, write):
                messages.success(request, _("The north star and dreams have been saved."))
                return page.redirect("plans:goals")
    else:
        form = AspirationsForm(
            initial={
                "north_star": plan.north_star if plan else "",
                "dreams": plan.dreams if plan else "",
                "version": plan.updated_at.isoformat() if plan else "",
            }
        )
    return page.form_page("plans/aspirations_edit.html", form)


@require_http_methods(["GET", "POST"])
@organisation_view
def goal_add(request: HttpRequest, person_id: uuid.UUID) -> HttpResponse:
    page = Page(request, person_id, category=PLANS, page="plans.goal.add", tab="plans", write=True)
    if request.method == "POST":
        form = GoalForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data

            def write() -> object:
                return services.add_goal(
                    actor=page.actor,
                    person=page.person,
                    title=data["title"],
                    owner=data["owner"],
                    next_step=data["next_step"],
                    due_on=data["due_on"],
                    status=data["status"],
                    achieved_on=data["achieved_on"],
                    basis=page.basis,
                )

            if _save(form, write):
                messages.success(request, _("The goal has been added."))
                return page.redirect("plans:goals")
    else:
        form = GoalForm()
    return page.form_page("plans/goal_form.html", form, goal=None)


@require_http_methods(["GET", "POST"])
@organisation_view
def goal_edit(request: HttpRequest, person_id: uuid.UUID, goal_id: uuid.UUID) -> HttpResponse:
    page = Page(request, person_id, category=PLANS, page="plans.goal.edit", tab="plans", write=True)
    goal = selectors.goal_of(page.person, goal_id)
    if request.method == "POST":
        form = GoalForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            changes = {name: data[name] for name in services.GOAL_FIELDS}

            def write() -> object:
                return services.update_goal(
                    actor=page.actor,
                    goal=goal,
                    basis=page.basis,
                    expected_updated_at=form.expected_updated_at(),
                    **changes,
                )

            if _save(form, write):
                messages.success(request, _("The goal has been updated."))
                return page.redirect("plans:goals")
    else:
        form = GoalForm(
            initial={
                **{name: getattr(goal, name) for name in services.GOAL_FIELDS},
                "version": goal.updated_at.isoformat(),
            }
        )
    return page.form_page("plans/goal_form.html", form, goal=goal)


@require_http_methods(["GET", "POST"])
@organisation_view
def session_add(request: HttpRequest, person_id: uuid.UUID) -> HttpResponse:
    page = Page(
        request, person_id, category=PLANS, page="plans.session.add", tab="plans", write=True
    )
    method = request.GET.get("method", "")
    if method not in SECTIONS:
        return page.render("plans/session_choose.html", methods=PlanningSession.Method.choices)
    if request.method == "POST":
        form = SessionForm(request.POST, request.FILES, method=method)
        if form.is_valid():
            data = form.cleaned_data

            def write() -> object:
                return services.add_planning_session(
                    actor=page.actor,
                    person=page.person,
                    method=method,
                    held_on=data["held_on"],
                    participants=data["participants"],
                    sections=form.sections(),
                    graphic=data["graphic"],
                    basis=page.basis,
                )

            def rename(name: str) -> str:
                return f"section_{name}" if f"section_{name}" in form.fields else name

            if _save(form, write, rename=rename):
                messages.success(request, _("The session has been recorded."))
                return page.redirect("plans:goals")
    else:
        form = SessionForm(method=method)
    return page.form_page(
        "plans/session_form.html",
        form,
        method_label=PlanningSession.Method(method).label,
    )


@require_http_methods(["GET", "POST"])
@organisation_view
def session_edit(request: HttpRequest, person_id: uuid.UUID, session_id: uuid.UUID) -> HttpResponse:
    page = Page(
        request, person_id, category=PLANS, page="plans.session.edit", tab="plans", write=True
    )
    record = selectors.session_of(page.person, session_id)
    has_graphic = bool(record.graphic)
    if request.method == "POST":
        form = SessionForm(
            request.POST, request.FILES, method=record.method, has_graphic=has_graphic
        )
        if form.is_valid():
            data = form.cleaned_data

            def write() -> object:
                return services.update_planning_session(
                    actor=page.actor,
                    session=record,
                    held_on=data["held_on"],
                    participants=data["participants"],
                    sections=form.sections(),
                    graphic=data["graphic"],
                    remove_graphic=bool(data.get("remove_graphic")),
                    expected_updated_at=form.expected_updated_at(),
                    basis=page.basis,
                )

            def rename(name: str) -> str:
                return f"section_{name}" if f"section_{name}" in form.fields else name

            if _save(form, write, rename=rename):
                messages.success(request, _("The session record has been updated."))
                return page.redirect("plans:session", session_id=record.public_id)
    else:
        form = SessionForm(
            method=record.method,
            has_graphic=has_graphic,
            initial={
                "held_on": record.held_on,
                "participants": record.participants,
                "version": record.updated_at.isoformat(),
                **{f"section_{key}": text for key, text in record.sections.items()},
            },
        )
    return page.form_page(
        "plans/session_form.html",
        form,
        method_label=record.get_method_display(),
        record=record,
    )


@require_GET
@organisation_view
def session(request: HttpRequest, person_id: uuid.UUID, session_id: uuid.UUID) -> HttpResponse:
    page = Page(request, person_id, category=PLANS, page="plans.session", tab="plans")
    record = selectors.session_of(page.person, session_id)
    sections = [
        {"label": label, "text": record.sections.get(key, "")}
        for key, label in SECTIONS.get(record.method, ())
    ]
    return page.render("plans/session.html", record=record, sections=sections)


@require_GET
@organisation_view
def session_graphic(
    request: HttpRequest, person_id: uuid.UUID, session_id: uuid.UUID
) -> FileResponse:
    """The picture of a session's graphic, for whoever may read the person's plans."""
    actor = actor_of(request)
    person = person_bases(actor, person_id, category=PLANS).person
    record = selectors.session_of(person, session_id)
    if not record.graphic:
        raise Http404
    access_person(actor, person_id, category=PLANS, page="plans.session.graphic")
    return photo_response(record.graphic)


# -- weekly routine ---------------------------------------------------------------------------


@require_GET
@organisation_view
def routine(request: HttpRequest, person_id: uuid.UUID) -> HttpResponse:
    page = Page(request, person_id, category=PROFILE, page="plans.routine", tab="routine")
    activities = list(selectors.routine_of(page.person))
    return page.render(
        "plans/routine.html", activities=activities, week=selectors.week_of(activities)
    )


def _activity_form_page(
    request: HttpRequest, page: Page, activity_id: uuid.UUID | None
) -> HttpResponse:
    activity = selectors.activity_of(page.person, activity_id) if activity_id else None
    org_id = page.person.organisation_id
    if request.method == "POST":
        form = ActivityForm(request.POST, organisation_id=org_id)
        if form.is_valid():
            changes = form.changes()

            def write() -> object:
                if activity is None:
                    return services.add_activity(
                        actor=page.actor, person=page.person, basis=page.basis, **changes
                    )
                return services.update_activity(
                    actor=page.actor,
                    activity=activity,
                    basis=page.basis,
                    expected_updated_at=form.expected_updated_at(),
                    **changes,
                )

            if _save(form, write):
                messages.success(request, _("The routine has been saved."))
                return page.redirect("plans:routine")
    elif activity is not None:
        form = ActivityForm(
            organisation_id=org_id,
            initial={
                **{
                    name: getattr(activity, name)
                    for name in services.ACTIVITY_FIELDS
                    if name not in {"skill", "interest"}
                },
                "skill": activity.skill.public_id if activity.skill else None,
                "interest": activity.interest.label if activity.interest else "",
                "version": activity.updated_at.isoformat(),
            },
        )
    else:
        form = ActivityForm(organisation_id=org_id)
    return page.form_page("plans/activity_form.html", form, activity=activity)


@require_http_methods(["GET", "POST"])
@organisation_view
def activity_add(request: HttpRequest, person_id: uuid.UUID) -> HttpResponse:
    page = Page(
        request, person_id, category=PROFILE, page="plans.routine.add", tab="routine", write=True
    )
    return _activity_form_page(request, page, None)


@require_http_methods(["GET", "POST"])
@organisation_view
def activity_edit(
    request: HttpRequest, person_id: uuid.UUID, activity_id: uuid.UUID
) -> HttpResponse:
    page = Page(
        request, person_id, category=PROFILE, page="plans.routine.edit", tab="routine", write=True
    )
    return _activity_form_page(request, page, activity_id)


@require_POST
@organisation_view
def activity_remove(
    request: HttpRequest, person_id: uuid.UUID, activity_id: uuid.UUID
) -> HttpResponse:
    page = Page(
        request,
        person_id,
        category=PROFILE,
        page="plans.routine.remove",
        tab="routine",
        write=True,
    )
    activity = selectors.activity_of(page.person, activity_id)
    services.remove_activity(actor=page.actor, activity=activity, basis=page.basis)
    messages.success(
        request, _("“%(name)s” has been taken off the routine.") % {"name": activity.name}
    )
    return page.redirect("plans:routine")


# -- individual policies ----------------------------------------------------------------------


@require_GET
@organisation_view
def policies(request: HttpRequest, person_id: uuid.UUID) -> HttpResponse:
    page = Page(request, person_id, category=PLANS, page="plans.policies", tab="policies")
    return page.render("plans/policies.html", policies=selectors.policies_of(page.person))


@require_http_methods(["GET", "POST"])
@organisation_view
def policy_add(request: HttpRequest, person_id: uuid.UUID) -> HttpResponse:
    page = Page(
        request, person_id, category=PLANS, page="plans.policy.add", tab="policies", write=True
    )
    if request.method == "POST":
        form = PolicyForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data

            def write() -> object:
                return services.add_policy(
                    actor=page.actor,
                    person=page.person,
                    kind=data["kind"],
                    title=data["title"],
                    text=data["text"],
                    owner=data["owner"],
                    review_on=data["review_on"],
                    basis=page.basis,
                )

            if _save(form, write):
                messages.success(request, _("The policy has been added."))
                return page.redirect("plans:policies")
    else:
        form = PolicyForm()
    return page.form_page("plans/policy_form.html", form, policy=None)


@require_GET
@organisation_view
def policy(request: HttpRequest, person_id: uuid.UUID, policy_id: uuid.UUID) -> HttpResponse:
    page = Page(request, person_id, category=PLANS, page="plans.policy", tab="policies")
    record = selectors.policy_of(page.person, policy_id)
    versions = list(selectors.policy_versions(record))
    current = versions[0] if versions else None
    return page.render(
        "plans/policy.html",
        policy=record,
        version=current,
        versions=versions,
        is_current=True,
        due=current is not None and selectors.is_due(current.review_on),
    )


@require_GET
@organisation_view
def policy_version(
    request: HttpRequest, person_id: uuid.UUID, policy_id: uuid.UUID, number: int
) -> HttpResponse:
    page = Page(request, person_id, category=PLANS, page="plans.policy.version", tab="policies")
    record = selectors.policy_of(page.person, policy_id)
    version = selectors.policy_version(record, number)
    versions = list(selectors.policy_versions(record))
    return page.render(
        "plans/policy.html",
        policy=record,
        version=version,
        versions=versions,
        is_current=versions[0].pk == version.pk,
        due=False,
    )


@require_http_methods(["GET", "POST"])
@organisation_view
def policy_edit(request: HttpRequest, person_id: uuid.UUID, policy_id: uuid.UUID) -> HttpResponse:
    page = Page(
        request, person_id, category=PLANS, page="plans.policy.edit", tab="policies", write=True
    )
    record = selectors.policy_of(page.person, policy_id)
    current = selectors.policy_versions(record).first()
    if request.method == "POST":
        form = PolicyForm(request.POST, with_kind=False)
        if form.is_valid():
            data = form.cleaned_data

            def write() -> object:
                return services.revise_policy(
                    actor=page.actor,
                    policy=record,
                    title=data["title"],
                    text=data["text"],
                    owner=data["owner"],
                    review_on=data["review_on"],
                    based_on=form.based_on_number(),
                    basis=page.basis,
                )

            if _save(form, write):
                messages.success(request, _("A new version of the policy has been saved."))
                return page.redirect("plans:policy", policy_id=record.public_id)
    else:
        initial: dict[str, Any] = {"based_on": current.number if current else 0}
        if current is not None:
            initial |= {
                name: getattr(current, name) for name in ("title", "text", "owner", "review_on")
            }
        form = PolicyForm(initial=initial, with_kind=False)
    return page.form_page("plans/policy_form.html", form, policy=record)


# -- easy read, for the person themself -------------------------------------------------------


def _short_lines(text: str, limit: int = 8) -> list[str]:
    """Text as short lines: one idea per line (split at line breaks and full stops)."""
    lines: list[str] = []
    for part in text.replace("•", "\n").splitlines():
        for sentence in part.split(". "):
            sentence = sentence.strip(" -.;")
            if sentence:
                lines.append(sentence[0].upper() + sentence[1:] + ".")
    return lines[:limit]


@require_GET
@organisation_view
def easy_about(request: HttpRequest, person_id: uuid.UUID) -> HttpResponse:
    page = Page(request, person_id, category=PROFILE, page="plans.easy_read.about", tab="easy_read")
    current = selectors.current_profile(page.person)
    plan = selectors.plan_of(page.person)
    activities = list(selectors.routine_of(page.person))
    return page.render(
        "plans/easy_about.html",
        first_name=page.person.called,
        important=_short_lines(current.important) if current else [],
        interests=selectors.interests_of(plan),
        week=[day for day in selectors.week_of(activities) if day.activities],
        is_self=page.access.basis.value == "self",
    )


@require_GET
@organisation_view
def easy_people(request: HttpRequest, person_id: uuid.UUID) -> HttpResponse:
    page = Page(
        request, person_id, category=PROFILE, page="plans.easy_read.people", tab="easy_read"
    )
    circle = [
        {
            "first_name": member.name.split()[0] if member.name.split() else member.name,
            "relationship": member.relationship,
        }
        for member in person_circle(page.person)
    ]
    team = None
    if may_read(page.actor, person_id, ROTA):
        team = [
            {
                "first_name": membership.staff_member.first_name,
                "public_id": membership.staff_member.public_id,
                "has_photo": bool(membership.staff_member.photo),
            }
            for membership in person_team(page.person)
            if membership.approved_by_person
        ]
    return page.render(
        "plans/easy_people.html",
        first_name=page.person.called,
        circle=circle,
        team=team,
        is_self=page.access.basis.value == "self",
    )


@require_GET
@organisation_view
def team_photo(request: HttpRequest, person_id: uuid.UUID, staff_id: uuid.UUID) -> FileResponse:
    """A photo of someone in the person's current team, for whoever may see who is coming."""
    actor = actor_of(request)
    person = person_bases(actor, person_id, category=ROTA).person
    membership = person_team(person).filter(staff_member__public_id=staff_id).first()
    if membership is None or not membership.staff_member.photo:
        raise Http404
    access_person(actor, person_id, category=ROTA, page="plans.easy_read.team_photo")
    return photo_response(membership.staff_member.photo)
