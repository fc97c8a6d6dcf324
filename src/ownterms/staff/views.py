"""Staff pages. Each view: parse → access → selector/service → render."""

from __future__ import annotations

import contextlib
import uuid
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.forms import Form
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from ownterms.audit.services import record_staff_access
from ownterms.core.scoping import org_slug, organisation_view
from ownterms.lib.photos import photo_response
from ownterms.people.form_pages import add_service_errors
from ownterms.people.selectors import roles_of
from ownterms.people.services import EditConflictError
from ownterms.people.views import actor_of
from ownterms.staff.access import access_staff_member
from ownterms.staff.forms import SkillForm, StaffRecordForm, TrainingForm
from ownterms.staff.record_links import staff_links
from ownterms.staff.selectors import (
    STAFF_RECORD_ROLES,
    skill_states,
    staff_list,
    staff_teams,
)
from ownterms.staff.services import (
    add_training_record,
    update_staff_member,
)
from ownterms.vocabulary.selectors import skills_of
from ownterms.vocabulary.services import add_skill

PAGE_SIZE = 50


@require_GET
@organisation_view
def staff_index(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    today = timezone.localdate()
    attention = request.GET.get("training") == "attention"
    members = staff_list(actor, attention=attention, today=today)
    sees_all = bool(roles_of(actor) & STAFF_RECORD_ROLES)
    if not sees_all and not staff_list(actor).exists():
        raise Http404
    page = Paginator(members, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = []
    for member in page.object_list:
        states = skill_states(member.training.all(), today)
        rows.append(
            {
                "member": member,
                "expired": [s for s in states if s.state == "expired"],
                "expiring": [s for s in states if s.state == "expiring"],
                "has_training": bool(states),
            }
        )
    return render(
        request,
        "staff/staff_list.html",
        {
            "page": page,
            "rows": rows,
            "sees_all": sees_all,
            "attention": attention,
            "query_string": "training=attention" if attention else "",
            "org": org_slug(request),
        },
    )


@require_GET
@organisation_view
def staff_detail(request: HttpRequest, staff_id: uuid.UUID) -> HttpResponse:
    actor = actor_of(request)
    access = access_staff_member(actor, staff_id)
    member = access.staff_member
    if access.basis != "self":
        record_staff_access(actor=actor, staff_member=member, page="staff", basis=access.basis)
    today = timezone.localdate()
    tags = list(member.tags.order_by("label"))
    return render(
        request,
        "staff/staff_detail.html",
        {
            "member": member,
            "access": access,
            "teams": list(staff_teams(member)),
            "hours": divmod(member.contract_minutes_per_week, 60),
            "other_hours": divmod(member.other_employment_minutes_per_week, 60),
            "opt_out_in_force": member.opt_out_in_force_on(today),
            "skills": skill_states(member.training.select_related("skill"), today),
            "interests": [t for t in tags if t.kind == "interest"],
            "traits": [t for t in tags if t.kind == "trait"],
            "links": staff_links(org_slug(request), member.public_id),
            "org": org_slug(request),
        },
    )


@require_http_methods(["GET", "POST"])
@organisation_view
def staff_edit(request: HttpRequest, staff_id: uuid.UUID) -> HttpResponse:
    actor = actor_of(request)
    member = access_staff_member(actor, staff_id, write=True).staff_member
    org = org_slug(request)
    if request.method == "POST":
        form = StaffRecordForm(request.POST)
        if form.is_valid():
            try:
                update_staff_member(
                    actor=actor,
                    staff_member=member,
                    expected_updated_at=form.expected_updated_at(),
                    **form.changes(),
                )
            except EditConflictError:
                form.add_error(
                    None,
                    _(
                        "Someone else changed this record while you were editing it. "
                        "Nothing you entered has been saved: check the record and try again."
                    ),
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The staff record has been updated."))
                return redirect("staff:detail", org=org, staff_id=member.public_id)
    else:
        form = StaffRecordForm(initial=StaffRecordForm.initial_for(member))
    return _form_page(request, "staff/staff_edit.html", form, member=member, org=org)


def _form_page(request: HttpRequest, template: str, form: Form, **context: Any) -> HttpResponse:
    return render(
        request,
        template,
        {"form": form, **context},
        status=400 if form.is_bound and form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
@organisation_view
def training_add(request: HttpRequest, staff_id: uuid.UUID) -> HttpResponse:
    """Add training, or renew it (``?skill=<id>`` chooses the skill)."""
    actor = actor_of(request)
    member = access_staff_member(actor, staff_id, write=True).staff_member
    org = org_slug(request)
    skills = skills_of(member.organisation_id).order_by("name")
    if request.method == "POST":
        form = TrainingForm(request.POST, skills=skills)
        if form.is_valid():
            data = form.cleaned_data
            try:
                add_training_record(
                    actor=actor,
                    staff_member=member,
                    skill=data["skill"],
                    completed_on=data["completed_on"],
                    expires_on=data["expires_on"],
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The training has been recorded."))
                return redirect("staff:detail", org=org, staff_id=member.public_id)
    else:
        initial: dict[str, Any] = {}
        wanted = request.GET.get("skill", "")
        with contextlib.suppress(ValueError):
            initial["skill"] = skills.filter(public_id=uuid.UUID(wanted)).first()
        form = TrainingForm(initial=initial, skills=skills)
    return _form_page(
        request,
        "staff/training_add.html",
        form,
        member=member,
        org=org,
        has_skills=skills.exists(),
    )


@require_http_methods(["GET", "POST"])
@organisation_view
def skill_list(request: HttpRequest) -> HttpResponse:
    """The organisation's skills, and a form to add one (administrators and managers)."""
    actor = actor_of(request)
    if not roles_of(actor) & STAFF_RECORD_ROLES:
        raise Http404
    org = org_slug(request)
    if request.method == "POST":
        form = SkillForm(request.POST)
        if form.is_valid():
            try:
                skill = add_skill(
                    actor=actor,
                    organisation=actor.organisation,
                    name=form.cleaned_data["name"],
                    renew_every_months=form.cleaned_data["renew_every_months"],
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("“%(name)s” has been added.") % {"name": skill.name})
                return redirect("staff:skills", org=org)
    else:
        form = SkillForm()
    skills = list(skills_of(actor.organisation_id).order_by("name"))
    return _form_page(request, "staff/skill_list.html", form, skills=skills, org=org)


@require_GET
@organisation_view
def staff_photo(request: HttpRequest, staff_id: uuid.UUID) -> FileResponse:
    """A member of staff's photo, for whoever may read their staff record."""
    member = access_staff_member(actor_of(request), staff_id).staff_member
    return photo_response(member.photo)
