"""Pages of a person's support pattern and shifts. Reading is the person's rota (their team,
managers, coordinators, the person...); changes are for administrators, the person's managers
and coordinators. Each view: parse → access → service/selector → render."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ownterms.accounts.models import User
from ownterms.core.scoping import org_slug, organisation_view
from ownterms.lib.dates import monday_of
from ownterms.people.access import PersonAccess
from ownterms.people.form_pages import add_service_errors, render_form_page
from ownterms.people.record_tabs import record_header
from ownterms.people.selectors import person_team
from ownterms.people.views import actor_of
from ownterms.rota.access import access_person_rota, access_shift, can_edit_rota
from ownterms.rota.forms.patterns import (
    BlockForm,
    CancelForm,
    GenerateForm,
    PatternSettingsForm,
    ShiftForm,
    TimesMixin,
)
from ownterms.rota.models import MINUTES_PER_DAY, WEEKDAYS, PatternBlock, Shift
from ownterms.rota.selectors import patterns as selectors
from ownterms.rota.services import patterns as pattern_services
from ownterms.rota.services import shifts as shift_services
from ownterms.rota.services.inputs import input_from
from ownterms.rota.services.patterns import BlockInput
from ownterms.rota.services.shifts import ShiftInput
from ownterms.staff.models import StaffMember
from ownterms.vocabulary.selectors import skills_of

TAB = "pattern"
#: A week shown is at most this far from today (a typo in ?week= is not a page of nothing).
MAX_WEEKS_AWAY = 520

#: Form field names for the services' field names.
FIELD_NAMES = {"start_minute": "start", "end_minute": "end", "skills": "skills"}


def _rename(name: str) -> str:
    return FIELD_NAMES.get(name, name)


def _pattern_url(org: str, access: PersonAccess) -> str:
    return reverse("rota:pattern", kwargs={"org": org, "person_id": access.person.public_id})


def _shifts_url(org: str, access: PersonAccess, monday: dt.date | None = None) -> str:
    url = reverse("rota:person_shifts", kwargs={"org": org, "person_id": access.person.public_id})
    return f"{url}?week={monday.isoformat()}" if monday else url


def _team_members(access: PersonAccess) -> Any:
    ids = person_team(access.person).values("staff_member_id")
    return StaffMember.objects.filter(pk__in=ids).order_by("first_name", "last_name")


def _header(actor: User, access: PersonAccess, org: str) -> dict[str, Any]:
    return record_header(actor, access, org, current=TAB)


# The pattern ---------------------------------------------------------------------------------


@require_GET
@organisation_view
def pattern(request: HttpRequest, person_id: uuid.UUID) -> HttpResponse:
    actor = actor_of(request)
    access = access_person_rota(actor, person_id, page="rota.pattern")
    org = org_slug(request)
    today = timezone.localdate()
    support = selectors.pattern_of(access.person)
    blocks = list(support.blocks.all()) if support else []
    weeks = []
    if support is not None:
        for week in range(1, support.weeks + 1):
            days = [
                {
                    "name": name,
                    "blocks": [
                        {"block": b, "times": selectors.block_times(b)}
                        for b in blocks
                        if (b.week, b.weekday) == (week, i)
                    ],
                }
                for i, name in WEEKDAYS
            ]
            weeks.append({"number": week, "days": days})
    comparison = selectors.pattern_comparison(support, blocks, today) if support else None
    return render(
        request,
        "rota/patterns/pattern.html",
        {
            **_header(actor, access, org),
            "pattern": support,
            "weeks": weeks,
            "comparison": comparison,
            "warnings": selectors.two_to_one_warnings(access.person, blocks, today),
            "can_edit": can_edit_rota(access),
            "labels": selectors.kind_labels(),
            "today": today,
        },
    )


@require_http_methods(["GET", "POST"])
@organisation_view
def pattern_settings(request: HttpRequest, person_id: uuid.UUID) -> HttpResponse:
    actor = actor_of(request)
    access = access_person_rota(actor, person_id, write=True, page="rota.pattern")
    org = org_slug(request)
    support = selectors.pattern_of(access.person)
    initial = (
        {"weeks": support.weeks, "anchor_monday": support.anchor_monday, "note": support.note}
        if support
        else {"weeks": 1, "anchor_monday": monday_of(timezone.localdate())}
    )
    form = PatternSettingsForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            pattern_services.save_pattern(actor=actor, person=access.person, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The support pattern has been saved."))
            return redirect(_pattern_url(org, access))
    return render_form_page(
        request,
        form=form,
        header=_header(actor, access, org),
        title=_("Support pattern settings"),
        submit=_("Save"),
        cancel_url=_pattern_url(org, access),
    )


def _block_form(
    request: HttpRequest, access: PersonAccess, initial: dict[str, Any] | None = None
) -> BlockForm:
    support = selectors.pattern_of(access.person)
    return BlockForm(
        request.POST if request.method == "POST" else None,
        initial=initial or {"headcount": 1, "skill_mode": "each", "week": 1},
        weeks=support.weeks if support else 1,
        skills=skills_of(access.person.organisation_id),
        team=_team_members(access),
    )


@require_http_methods(["GET", "POST"])
@organisation_view
def block_new(request: HttpRequest, person_id: uuid.UUID) -> HttpResponse:
    actor = actor_of(request)
    access = access_person_rota(actor, person_id, write=True, page="rota.pattern")
    org = org_slug(request)
    form = _block_form(request, access)
    if request.method == "POST" and form.is_valid():
        try:
            pattern_services.add_block(
                actor=actor,
                person=access.person,
                data=input_from(BlockInput, {"week": 1, **form.cleaned_data}),
            )
        except ValidationError as error:
            add_service_errors(form, error, _rename)
        else:
            messages.success(request, _("The block has been added to the pattern."))
            return redirect(_pattern_url(org, access))
    return render_form_page(
        request,
        form=form,
        header=_header(actor, access, org),
        title=_("Add a block of support"),
        submit=_("Add the block"),
        cancel_url=_pattern_url(org, access),
    )


def _block(access: PersonAccess, block_id: uuid.UUID) -> PatternBlock:
    support = selectors.pattern_of(access.person)
    block = selectors.block_of(support, block_id) if support else None
    if block is None:
        raise Http404
    return block


def _block_initial(block: PatternBlock) -> dict[str, Any]:
    return {
        "week": block.week,
        "weekday": block.weekday,
        **TimesMixin.times_initial(block.start_minute, block.end_minute),
        "kind": block.kind,
        "headcount": block.headcount,
        "skills": list(block.required_skills.all()),
        "skill_mode": block.skill_mode,
        "preferred_staff": list(block.preferred_staff.all()),
        "preferred_tags": ", ".join(t.label for t in block.preferred_tags.all()),
        "activity": block.activity,
        "notes": block.notes,
    }


@require_http_methods(["GET", "POST"])
@organisation_view
def block_edit(request: HttpRequest, person_id: uuid.UUID, block_id: uuid.UUID) -> HttpResponse:
    actor = actor_of(request)
    access = access_person_rota(actor, person_id, write=True, page="rota.pattern")
    org = org_slug(request)
    block = _block(access, block_id)
    form = _block_form(request, access, _block_initial(block))
    if request.method == "POST" and form.is_valid():
        try:
            pattern_services.change_block(
                actor=actor,
                block=block,
                data=input_from(BlockInput, {"week": 1, **form.cleaned_data}),
            )
        except ValidationError as error:
            add_service_errors(form, error, _rename)
        else:
            messages.success(request, _("The block has been changed."))
            return redirect(_pattern_url(org, access))
    return render_form_page(
        request,
        form=form,
        header=_header(actor, access, org),
        title=_("Change a block of support"),
        submit=_("Save the block"),
        cancel_url=_pattern_url(org, access),
        intro=_("Shifts already generated from this block stay as they are."),
    )


@require_POST
@organisation_view
def block_remove(request: HttpRequest, person_id: uuid.UUID, block_id: uuid.UUID) -> HttpResponse:
    actor = actor_of(request)
    access = access_person_rota(actor, person_id, write=True, page="rota.pattern")
    pattern_services.remove_block(actor=actor, block=_block(access, block_id))
    messages.success(request, _("The block has been removed from the pattern."))
    return redirect(_pattern_url(org_slug(request), access))


# Shifts --------------------------------------------------------------------------------------


def _week(request: HttpRequest, today: dt.date) -> dt.date:
    text = request.GET.get("week", "")
    if not text:
        return monday_of(today)
    try:
        day = dt.date.fromisoformat(text)
    except ValueError:
        raise Http404 from None
    if abs((day - today).days) > MAX_WEEKS_AWAY * 7:
        raise Http404
    return monday_of(day)


@require_GET
@organisation_view
def person_shifts(request: HttpRequest, person_id: uuid.UUID) -> HttpResponse:
    actor = actor_of(request)
    access = access_person_rota(actor, person_id, page="rota.shifts")
    org = org_slug(request)
    today = timezone.localdate()
    monday = _week(request, today)
    sunday = monday + dt.timedelta(days=6)
    shifts = list(selectors.shifts_between(access.person, monday, sunday))
    zone = selectors.local_zone()
    days = []
    for index, name in WEEKDAYS:
        day = monday + dt.timedelta(days=index)
        items = [
            {
                "shift": s,
                "starts": s.starts_at.astimezone(zone),
                "ends": s.ends_at.astimezone(zone),
                "hours": selectors.shift_hours_text(s),
            }
            for s in shifts
            if s.on == day
        ]
        days.append({"name": name, "date": day, "items": items, "is_today": day == today})
    return render(
        request,
        "rota/patterns/person_shifts.html",
        {
            **_header(actor, access, org),
            "monday": monday,
            "sunday": sunday,
            "days": days,
            "comparison": selectors.week_comparison(access.person, shifts, monday),
            "previous_url": _shifts_url(org, access, monday - dt.timedelta(days=7)),
            "next_url": _shifts_url(org, access, monday + dt.timedelta(days=7)),
            "this_week_url": _shifts_url(org, access),
            "can_edit": can_edit_rota(access),
            "planned": Shift.Status.PLANNED,
            "has_pattern": selectors.pattern_of(access.person) is not None,
            "shown_today": monday <= today <= sunday,
        },
    )


@require_http_methods(["GET", "POST"])
@organisation_view
def generate_shifts(request: HttpRequest, person_id: uuid.UUID) -> HttpResponse:
    actor = actor_of(request)
    access = access_person_rota(actor, person_id, write=True, page="rota.shifts")
    org = org_slug(request)
    today = timezone.localdate()
    form = GenerateForm(
        request.POST if request.method == "POST" else None,
        initial={
            "first_day": monday_of(today),
            "last_day": monday_of(today) + dt.timedelta(days=27),
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            made = shift_services.generate_shifts(
                actor=actor, person=access.person, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("%(n)s new shifts were made from the pattern.") % {"n": made}
                if made
                else _("Every shift in those dates already exists; nothing was added."),
            )
            return redirect(_shifts_url(org, access, monday_of(form.cleaned_data["first_day"])))
    return render_form_page(
        request,
        form=form,
        header=_header(actor, access, org),
        title=_("Make shifts from the pattern"),
        submit=_("Make the shifts"),
        cancel_url=_shifts_url(org, access),
        intro=_(
            "Shifts that already exist, including ones changed on the day, are left as they "
            "are. At most 366 days at once."
        ),
    )


@require_http_methods(["GET", "POST"])
@organisation_view
def shift_new(request: HttpRequest, person_id: uuid.UUID) -> HttpResponse:
    actor = actor_of(request)
    access = access_person_rota(actor, person_id, write=True, page="rota.shifts")
    org = org_slug(request)
    form = ShiftForm(
        request.POST if request.method == "POST" else None,
        initial={"on": timezone.localdate(), "headcount": 1, "skill_mode": "each"},
        skills=skills_of(access.person.organisation_id),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            shift = shift_services.add_one_off_shift(
                actor=actor, person=access.person, data=input_from(ShiftInput, data)
            )
        except ValidationError as error:
            add_service_errors(form, error, _rename)
        else:
            messages.success(request, _("The shift has been added."))
            return redirect(_shifts_url(org, access, monday_of(shift.on)))
    return render_form_page(
        request,
        form=form,
        header=_header(actor, access, org),
        title=_("Add a one-off shift"),
        submit=_("Add the shift"),
        cancel_url=_shifts_url(org, access),
        intro=_("For an outing, an appointment or a holiday: the pattern stays as it is."),
    )


def _shift_initial(shift: Shift) -> dict[str, Any]:
    zone = selectors.local_zone()
    starts, ends = shift.starts_at.astimezone(zone), shift.ends_at.astimezone(zone)
    start_minute = starts.hour * 60 + starts.minute
    end_minute = ends.hour * 60 + ends.minute + (ends.date() - shift.on).days * MINUTES_PER_DAY
    return {
        "on": shift.on,
        **TimesMixin.times_initial(start_minute, end_minute),
        "kind": shift.kind,
        "headcount": shift.headcount,
        "skills": list(shift.required_skills.all()),
        "skill_mode": shift.skill_mode,
        "activity": shift.activity,
        "notes": shift.notes,
        "version": shift.updated_at.isoformat(),
    }


def _shift_page(
    request: HttpRequest,
    actor: User,
    access: PersonAccess,
    shift: Shift,
    form: ShiftForm,
    cancel_form: CancelForm,
    status: int | None = None,
) -> HttpResponse:
    org = org_slug(request)
    response = render_form_page(
        request,
        form=form,
        header=_header(actor, access, org),
        title=_("Change a shift"),
        submit=_("Save the shift"),
        cancel_url=_shifts_url(org, access, monday_of(shift.on)),
        intro=_("Only this day changes; the pattern stays as it is."),
        template="rota/patterns/shift_edit.html",
        extra={
            "shift": shift,
            "shift_words": shift_services.shift_words(shift),
            "cancel_form": cancel_form,
            "cancelled": shift.status == Shift.Status.CANCELLED,
            "assigned": [a.staff_member for a in shift.assignments.select_related("staff_member")],
        },
    )
    if status is not None:
        response.status_code = status
    return response


@require_http_methods(["GET", "POST"])
@organisation_view
def shift_edit(request: HttpRequest, shift_id: uuid.UUID) -> HttpResponse:
    actor = actor_of(request)
    shift, access = access_shift(actor, shift_id, write=True, page="rota.shifts")
    skills = skills_of(access.person.organisation_id)
    fixed = shift.block_id is not None
    form = ShiftForm(
        request.POST if request.method == "POST" else None,
        initial=_shift_initial(shift),
        skills=skills,
        fixed_day=fixed,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            shift_services.change_shift(
                actor=actor,
                shift=shift,
                data=input_from(ShiftInput, {**data, "on": data.get("on") or shift.on}),
                version=data["version"],
            )
        except shift_services.ShiftChangedError as error:
            # Keep what they typed; the next save is based on the shift as it is now.
            fresh = Shift.objects.get(pk=shift.pk)
            post = request.POST.copy()
            post["version"] = fresh.updated_at.isoformat()
            form = ShiftForm(post, skills=skills, fixed_day=fixed)
            form.is_valid()
            form.add_error(None, error.messages)
            cancel_form = CancelForm(initial={"version": fresh.updated_at.isoformat()})
            return _shift_page(request, actor, access, fresh, form, cancel_form, status=409)
        except ValidationError as error:
            add_service_errors(form, error, _rename)
        else:
            messages.success(request, _("The shift has been changed."))
            return redirect(_shifts_url(org_slug(request), access, monday_of(shift.on)))
    cancel_form = CancelForm(initial={"version": shift.updated_at.isoformat()})
    return _shift_page(request, actor, access, shift, form, cancel_form)


@require_POST
@organisation_view
def shift_cancel(request: HttpRequest, shift_id: uuid.UUID) -> HttpResponse:
    """Cancels the shift (with a reason) or, with ``action=restore``, puts it back."""
    actor = actor_of(request)
    shift, access = access_shift(actor, shift_id, write=True, page="rota.shifts")
    cancel_form = CancelForm(request.POST)
    if cancel_form.is_valid():
        version = cancel_form.cleaned_data["version"]
        try:
            if request.POST.get("action") == "restore":
                shift_services.restore_shift(actor=actor, shift=shift, version=version)
                done = _("The shift is back on.")
            else:
                shift_services.cancel_shift(
                    actor=actor,
                    shift=shift,
                    reason=cancel_form.cleaned_data["reason"],
                    version=version,
                )
                done = _("The shift has been cancelled.")
        except ValidationError as error:
            add_service_errors(cancel_form, error)
        else:
            messages.success(request, done)
            return redirect(_shifts_url(org_slug(request), access, monday_of(shift.on)))
    shift.refresh_from_db()
    form = ShiftForm(
        initial=_shift_initial(shift),
        skills=skills_of(access.person.organisation_id),
        fixed_day=shift.block_id is not None,
    )
    return _shift_page(request, actor, access, shift, form, cancel_form, status=400)
