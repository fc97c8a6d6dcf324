"""A person's own team: who is in it, the person's approval, the skills their support needs,
and the team health view. Pages about a person: access through ``access_person`` (ROTA)."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ownterms.accounts.models import User
from ownterms.core.scoping import org_slug, organisation_view
from ownterms.people.access import PersonAccess, access_person
from ownterms.people.form_pages import add_service_errors
from ownterms.people.models import ConsentCategory
from ownterms.people.record_tabs import record_header
from ownterms.people.selectors import roles_of
from ownterms.people.views import actor_of
from ownterms.staff.forms import EndMembershipForm, SkillNeedForm, TeamMemberForm
from ownterms.staff.models import SkillNeed, StaffMember, TeamMembership
from ownterms.staff.selectors import (
    LOOK_AHEAD,
    STAFF_RECORD_ROLES,
    person_team,
    skill_needs_of,
    team_health,
)
from ownterms.staff.services import (
    add_skill_need,
    add_team_membership,
    end_team_membership,
    record_person_approval,
    remove_skill_need,
)
from ownterms.staff.views import _form_page
from ownterms.vocabulary.selectors import skills_of

CATEGORY = ConsentCategory.ROTA
TAB = "team"


def _context(actor: User, access: PersonAccess, request: HttpRequest) -> dict[str, Any]:
    return {**record_header(actor, access, org_slug(request), current=TAB), "access": access}


def sees_staff_records(actor: User) -> bool:
    return bool(roles_of(actor) & STAFF_RECORD_ROLES)


@require_GET
@organisation_view
def team_detail(request: HttpRequest, person_id: uuid.UUID) -> HttpResponse:
    actor = actor_of(request)
    access = access_person(actor, person_id, category=CATEGORY, page="team")
    today = timezone.localdate()
    memberships = list(person_team(access.person))
    groups: dict[str, list[TeamMembership]] = {"current": [], "future": [], "ended": []}
    for membership in memberships:
        if membership.starts_on > today:
            groups["future"].append(membership)
        elif membership.ends_on is not None and membership.ends_on <= today:
            groups["ended"].append(membership)
        else:
            groups["current"].append(membership)
    return render(
        request,
        "staff/team_detail.html",
        {
            **_context(actor, access, request),
            "groups": groups,
            "needs": list(skill_needs_of(access.person)),
            "can_edit": access.can_write(),
            "can_see_health": sees_staff_records(actor),
            "is_self": access.basis.value == "self",
        },
    )


@require_GET
@organisation_view
def team_health_view(request: HttpRequest, person_id: uuid.UUID) -> HttpResponse:
    """For managers and administrators who may read the person's rota (it shows staff training)."""
    actor = actor_of(request)
    if not sees_staff_records(actor):
        raise Http404
    access = access_person(actor, person_id, category=CATEGORY, page="team.health")
    today = timezone.localdate()
    return render(
        request,
        "staff/team_health.html",
        {
            **_context(actor, access, request),
            "covers": team_health(access.person, today=today),
            "today": today,
            "later": today + LOOK_AHEAD,
            "can_edit": access.can_write(),
        },
    )


def _write(request: HttpRequest, person_id: uuid.UUID, page: str) -> tuple[User, PersonAccess]:
    actor = actor_of(request)
    return actor, access_person(actor, person_id, category=CATEGORY, write=True, page=page)


@require_http_methods(["GET", "POST"])
@organisation_view
def member_add(request: HttpRequest, person_id: uuid.UUID) -> HttpResponse:
    actor, access = _write(request, person_id, "team.add")
    person = access.person
    today = timezone.localdate()
    staff = (
        StaffMember.objects.filter(organisation_id=person.organisation_id)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gt=today))
        .order_by("first_name", "last_name", "pk")
    )
    if request.method == "POST":
        form = TeamMemberForm(request.POST, staff=staff)
        if form.is_valid():
            data = form.cleaned_data
            try:
                add_team_membership(
                    actor=actor,
                    person=person,
                    staff_member=data["staff_member"],
                    kind=data["kind"],
                    approved_by_person=data["approved_by_person"],
                    starts_on=data["starts_on"],
                    ends_on=data["ends_on"],
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request,
                    _("%(name)s has joined the team.") % {"name": data["staff_member"].name},
                )
                return redirect("team:detail", org=org_slug(request), person_id=person.public_id)
    else:
        form = TeamMemberForm(staff=staff, initial={"starts_on": today})
    return _form_page(
        request, "staff/team_member_add.html", form, **_context(actor, access, request)
    )


def _membership(access: PersonAccess, membership_id: uuid.UUID) -> TeamMembership:
    return get_object_or_404(
        TeamMembership.objects.select_related("staff_member", "person"),
        organisation_id=access.person.organisation_id,
        person=access.person,
        public_id=membership_id,
    )


@require_http_methods(["GET", "POST"])
@organisation_view
def member_end(
    request: HttpRequest, person_id: uuid.UUID, membership_id: uuid.UUID
) -> HttpResponse:
    actor, access = _write(request, person_id, "team.end")
    membership = _membership(access, membership_id)
    if request.method == "POST":
        form = EndMembershipForm(request.POST, starts_on=membership.starts_on)
        if form.is_valid():
            try:
                end_team_membership(
                    actor=actor, membership=membership, ends_on=form.cleaned_data["ends_on"]
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request,
                    _("%(name)s's membership of the team has been ended.")
                    % {"name": membership.staff_member.name},
                )
                return redirect(
                    "team:detail", org=org_slug(request), person_id=access.person.public_id
                )
    else:
        form = EndMembershipForm(
            starts_on=membership.starts_on,
            initial={"ends_on": max(timezone.localdate(), membership.starts_on)},
        )
    return _form_page(
        request,
        "staff/team_member_end.html",
        form,
        membership=membership,
        **_context(actor, access, request),
    )


@require_POST
@organisation_view
def member_approve(
    request: HttpRequest, person_id: uuid.UUID, membership_id: uuid.UUID
) -> HttpResponse:
    """Records that the person said yes to this member (or, with ``approved=no``, withdrew it)."""
    actor, access = _write(request, person_id, "team.approve")
    membership = _membership(access, membership_id)
    approved = request.POST.get("approved", "yes") != "no"
    record_person_approval(actor=actor, membership=membership, approved=approved)
    messages.success(
        request,
        (
            _("Recorded that %(person)s said yes to %(name)s.")
            if approved
            else _("Recorded that %(person)s no longer agrees to %(name)s.")
        )
        % {"person": access.person.name, "name": membership.staff_member.name},
    )
    return redirect("team:detail", org=org_slug(request), person_id=access.person.public_id)


@require_http_methods(["GET", "POST"])
@organisation_view
def need_add(request: HttpRequest, person_id: uuid.UUID) -> HttpResponse:
    actor, access = _write(request, person_id, "team.need_add")
    person = access.person
    skills = skills_of(person.organisation_id).order_by("name")
    if request.method == "POST":
        form = SkillNeedForm(request.POST, skills=skills)
        if form.is_valid():
            data = form.cleaned_data
            try:
                add_skill_need(
                    actor=actor,
                    person=person,
                    skill=data["skill"],
                    coverage=data["coverage"],
                    note=data["note"],
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The skill has been added to their needs."))
                return redirect("team:detail", org=org_slug(request), person_id=person.public_id)
    else:
        form = SkillNeedForm(skills=skills)
    return _form_page(
        request,
        "staff/skill_need_add.html",
        form,
        has_skills=skills.exists(),
        **_context(actor, access, request),
    )


@require_POST
@organisation_view
def need_remove(request: HttpRequest, person_id: uuid.UUID, need_id: uuid.UUID) -> HttpResponse:
    actor, access = _write(request, person_id, "team.need_remove")
    need = get_object_or_404(
        SkillNeed.objects.select_related("skill", "person", "organisation"),
        organisation_id=access.person.organisation_id,
        person=access.person,
        public_id=need_id,
    )
    remove_skill_need(actor=actor, need=need)
    messages.success(request, _("“%(skill)s” has been removed.") % {"skill": need.skill.name})
    return redirect("team:detail", org=org_slug(request), person_id=access.person.public_id)
