"""Building the rota: start an auto-fill, watch it, read and edit its draft, publish it, and
change who works a published shift. Each view: parse → access → service/selector → render."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ownterms.accounts.models import User
from ownterms.core.scoping import org_slug, organisation_view
from ownterms.people.form_pages import add_service_errors
from ownterms.people.models import Person
from ownterms.people.selectors import people_visible_to
from ownterms.people.views import actor_of
from ownterms.rota.access import ROTA, access_run, access_shift, require_rota_office
from ownterms.rota.access_swaps import access_own_shift, access_swap
from ownterms.rota.forms.build import (
    BuildForm,
    ShiftWorkersForm,
    SicknessForm,
    SwapDecisionForm,
    SwapForm,
)
from ownterms.rota.models import RotaRun, Shift
from ownterms.rota.selectors import build as selectors
from ownterms.rota.selectors.time_words import when_words
from ownterms.rota.services import build as services
from ownterms.rota.services import cover, swaps
from ownterms.staff.models import StaffMember

RECENT_RUNS = 30
DEFAULT_WEEKS = 4


def _visible(actor: User) -> QuerySet[Person]:
    return people_visible_to(actor, ROTA).order_by("first_name", "last_name", "pk")


@require_http_methods(["GET", "POST"])
@organisation_view
def build(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    require_rota_office(actor)
    people = _visible(actor)
    if request.method == "POST":
        form = BuildForm(request.POST, people=people)
        if form.is_valid():
            try:
                run = services.start_run(
                    actor=actor,
                    first_day=form.cleaned_data["first_day"],
                    last_day=form.cleaned_data["last_day"],
                    people=list(form.cleaned_data["people"]),
                    time_limit_seconds=form.cleaned_data["time_limit_seconds"],
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                return redirect("rota:run", org=org_slug(request), run_id=run.public_id)
    else:
        today = timezone.localdate()
        monday = today + dt.timedelta(days=7 - today.weekday())
        form = BuildForm(
            people=people,
            initial={
                "first_day": monday,
                "last_day": monday + dt.timedelta(days=7 * DEFAULT_WEEKS - 1),
                "people": [p.public_id for p in people],
                "time_limit_seconds": 10,
            },
        )
    status = 400 if form.is_bound and form.errors else 200
    return render(
        request, "rota/build/build.html", {"form": form, "org": org_slug(request)}, status=status
    )


@require_GET
@organisation_view
def runs(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    require_rota_office(actor)
    rows = list(
        RotaRun.objects.filter(organisation_id=actor.organisation_id)
        .select_related("created_by")
        .order_by("-created_at", "-pk")[:RECENT_RUNS]
    )
    return render(request, "rota/build/runs.html", {"runs": rows, "org": org_slug(request)})


def _run_context(request: HttpRequest, run: RotaRun) -> dict[str, Any]:
    return {"run": run, "org": org_slug(request), "progress": selectors.progress_of(run)}


@require_GET
@organisation_view
def run(request: HttpRequest, run_id: uuid.UUID) -> HttpResponse:
    actor = actor_of(request)
    the_run = access_run(actor, run_id)
    context = _run_context(request, the_run)
    if the_run.status not in (RotaRun.Status.QUEUED, RotaRun.Status.RUNNING):
        context["summary"] = selectors.summary_of(the_run, visible=_visible(actor))
    return render(request, "rota/build/run.html", context)


@require_GET
@organisation_view
def run_progress(request: HttpRequest, run_id: uuid.UUID) -> HttpResponse:
    the_run = access_run(actor_of(request), run_id)
    response = render(request, "rota/build/_progress.html", _run_context(request, the_run))
    if the_run.status not in (RotaRun.Status.QUEUED, RotaRun.Status.RUNNING):
        # Finished: reload the whole page to show the summary.
        response["HX-Refresh"] = "true"
    return response


def _run_action(request: HttpRequest, run_id: uuid.UUID, action: Any, done: str) -> HttpResponse:
    actor = actor_of(request)
    the_run = access_run(actor, run_id)
    try:
        action(actor=actor, run=the_run)
    except ValidationError as error:
        for text in error.messages:
            messages.error(request, text)
    else:
        messages.success(request, done)
    return redirect("rota:run", org=org_slug(request), run_id=the_run.public_id)


@require_POST
@organisation_view
def run_cancel(request: HttpRequest, run_id: uuid.UUID) -> HttpResponse:
    return _run_action(request, run_id, services.request_cancel, _("Stopping the build."))


@require_POST
@organisation_view
def run_discard(request: HttpRequest, run_id: uuid.UUID) -> HttpResponse:
    return _run_action(request, run_id, services.discard_run, _("The draft has been discarded."))


@require_POST
@organisation_view
def publish(request: HttpRequest, run_id: uuid.UUID) -> HttpResponse:
    return _run_action(
        request,
        run_id,
        services.publish_run,
        _("The rota is published. Everyone affected has been told."),
    )


def _run_person(actor: User, the_run: RotaRun, person_id: uuid.UUID) -> Person:
    person = _visible(actor).filter(public_id=person_id).first()
    if person is None or not the_run.people.filter(pk=person.pk).exists():
        raise Http404
    return person


@require_GET
@organisation_view
def draft_person(request: HttpRequest, run_id: uuid.UUID, person_id: uuid.UUID) -> HttpResponse:
    actor = actor_of(request)
    the_run = access_run(actor, run_id)
    person = _run_person(actor, the_run, person_id)
    return render(
        request,
        "rota/build/draft_person.html",
        {
            "run": the_run,
            "person": person,
            "days": selectors.person_grid(the_run, person),
            "org": org_slug(request),
            "editable": the_run.status == RotaRun.Status.DONE,
        },
    )


@require_GET
@organisation_view
def draft_worker(request: HttpRequest, run_id: uuid.UUID, staff_id: uuid.UUID) -> HttpResponse:
    actor = actor_of(request)
    the_run = access_run(actor, run_id)
    member = StaffMember.objects.filter(
        organisation_id=actor.organisation_id, public_id=staff_id
    ).first()
    if member is None:
        raise Http404
    return render(
        request,
        "rota/build/draft_worker.html",
        {
            "run": the_run,
            "member": member,
            "weeks": selectors.worker_weeks(the_run, member, visible=_visible(actor)),
            "org": org_slug(request),
        },
    )


def _chosen(form: ShiftWorkersForm) -> list[StaffMember]:
    return list(form.cleaned_data["workers"]) if form.is_valid() else []


def _workers_page(
    request: HttpRequest,
    *,
    shift: Shift,
    form: ShiftWorkersForm,
    check: services.ChangeCheck | None,
    back: str,
    run: RotaRun | None,
) -> HttpResponse:
    status = 400 if form.is_bound and form.errors and request.method == "POST" else 200
    return render(
        request,
        "rota/build/shift_workers.html",
        {
            "shift": shift,
            "form": form,
            "check": check,
            "back": back,
            "run": run,
            "when": when_words(shift),
            "org": org_slug(request),
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
@organisation_view
def draft_shift(request: HttpRequest, run_id: uuid.UUID, shift_id: uuid.UUID) -> HttpResponse:
    actor = actor_of(request)
    the_run = access_run(actor, run_id)
    shift, _access = access_shift(actor, shift_id, write=True, page="rota draft")
    if not services.run_shift(the_run, shift):
        raise Http404
    team = services.eligible_team(shift)
    back = reverse(
        "rota:draft_person",
        kwargs={
            "org": org_slug(request),
            "run_id": the_run.public_id,
            "person_id": shift.person.public_id,
        },
    )
    if request.method == "POST":
        form = ShiftWorkersForm(request.POST, team=team)
        if form.is_valid():
            try:
                found = services.set_draft_workers(
                    actor=actor,
                    run=the_run,
                    shift=shift,
                    workers=_chosen(form),
                    confirmed=form.cleaned_data["confirm"],
                )
            except ValidationError as error:
                add_service_errors(form, error)
                check = _safe_check(
                    lambda: services.check_draft_change(
                        run=the_run, shift=shift, workers=_chosen(form)
                    )
                )
                return _workers_page(
                    request, shift=shift, form=form, check=check, back=back, run=the_run
                )
            _saved_message(request, found)
            return redirect(back)
        return _workers_page(request, shift=shift, form=form, check=None, back=back, run=the_run)
    if "check" in request.GET:
        form = ShiftWorkersForm(request.GET, team=team)
        check = None
        if form.is_valid():
            check = _safe_check(
                lambda: services.check_draft_change(run=the_run, shift=shift, workers=_chosen(form))
            )
        return render(request, "rota/build/_check.html", {"check": check})
    current = selectors.draft_workers(the_run, shift)
    form = ShiftWorkersForm(team=team, initial={"workers": [m.public_id for m in current]})
    return _workers_page(request, shift=shift, form=form, check=None, back=back, run=the_run)


def _safe_check(work: Any) -> services.ChangeCheck | None:
    """The rule check for a choice the form accepted; ``None`` when the choice itself is
    invalid (the form says why)."""
    try:
        result: services.ChangeCheck = work()
    except ValidationError:
        return None
    return result


def _saved_message(request: HttpRequest, found: services.ChangeCheck) -> None:
    if found.ok:
        messages.success(request, _("Saved. It keeps every working rule."))
    else:
        messages.warning(
            request,
            _("Saved, although it breaks a rule: %(rules)s") % {"rules": " ".join(found.problems)},
        )


@require_http_methods(["GET", "POST"])
@organisation_view
def shift_workers(request: HttpRequest, shift_id: uuid.UUID) -> HttpResponse:
    actor = actor_of(request)
    require_rota_office(actor)
    shift, _access = access_shift(actor, shift_id, write=True, page="rota shift workers")
    team = services.eligible_team(shift)
    back = reverse("rota:runs", kwargs={"org": org_slug(request)})
    if request.method == "POST":
        form = ShiftWorkersForm(request.POST, team=team)
        if form.is_valid():
            try:
                found = services.set_shift_workers(
                    actor=actor,
                    shift=shift,
                    workers=_chosen(form),
                    seen=form.cleaned_data["seen"],
                    confirmed=form.cleaned_data["confirm"],
                )
            except ValidationError as error:
                add_service_errors(form, error)
                check = _safe_check(
                    lambda: services.check_live_change(shift=shift, workers=_chosen(form))
                )
                return _workers_page(
                    request, shift=shift, form=form, check=check, back=back, run=None
                )
            _saved_message(request, found)
            return redirect(request.path)
        return _workers_page(request, shift=shift, form=form, check=None, back=back, run=None)
    if "check" in request.GET:
        form = ShiftWorkersForm(request.GET, team=team)
        check = None
        if form.is_valid():
            check = _safe_check(
                lambda: services.check_live_change(shift=shift, workers=_chosen(form))
            )
        return render(request, "rota/build/_check.html", {"check": check})
    form = ShiftWorkersForm(
        team=team,
        initial={
            "workers": [m.public_id for m in selectors.live_workers(shift)],
            "seen": shift.updated_at,
        },
    )
    return _workers_page(request, shift=shift, form=form, check=None, back=back, run=None)


_SICKNESS_FIELDS = {"starts_on": "first_day", "ends_on": "last_day"}


@require_http_methods(["GET", "POST"])
@organisation_view
def sickness(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    require_rota_office(actor)
    today = timezone.localdate()
    staff = StaffMember.objects.filter(organisation_id=actor.organisation_id).filter(
        Q(ends_on__isnull=True) | Q(ends_on__gt=today)
    )
    if request.method == "POST":
        form = SicknessForm(request.POST, staff=staff)
        if form.is_valid():
            try:
                proposal = cover.propose_cover(
                    actor=actor,
                    staff_member=form.cleaned_data["staff_member"],
                    first_day=form.cleaned_data["first_day"],
                    last_day=form.cleaned_data["last_day"],
                )
            except ValidationError as error:
                add_service_errors(form, error, lambda name: _SICKNESS_FIELDS.get(name, name))
            else:
                messages.success(
                    request, _("Sickness recorded. Check the cover below, then accept it.")
                )
                return redirect("rota:run", org=org_slug(request), run_id=proposal.public_id)
    else:
        form = SicknessForm(staff=staff, initial={"first_day": today, "last_day": today})
    status = 400 if form.is_bound and form.errors else 200
    return render(
        request, "rota/build/sickness.html", {"form": form, "org": org_slug(request)}, status=status
    )


@require_http_methods(["GET", "POST"])
@organisation_view
def swap_new(request: HttpRequest, shift_id: uuid.UUID) -> HttpResponse:
    actor = actor_of(request)
    shift, member = access_own_shift(actor, shift_id)
    colleagues = services.eligible_team(shift).exclude(pk=member.pk)
    if request.method == "POST":
        form = SwapForm(request.POST, colleagues=colleagues)
        if form.is_valid():
            try:
                swaps.request_swap(
                    actor=actor,
                    member=member,
                    shift=shift,
                    to_staff=form.cleaned_data["to_staff"],
                    reason=form.cleaned_data["reason"],
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Your request has gone to the person's manager."))
                return redirect(request.path)
    else:
        form = SwapForm(colleagues=colleagues)
    status = 400 if form.is_bound and form.errors else 200
    return render(
        request,
        "rota/build/swap_new.html",
        {"form": form, "shift": shift, "when": when_words(shift), "org": org_slug(request)},
        status=status,
    )


@require_http_methods(["GET", "POST"])
@organisation_view
def swap_decide(request: HttpRequest, swap_id: uuid.UUID) -> HttpResponse:
    actor = actor_of(request)
    swap = access_swap(actor, swap_id)
    if request.method == "POST" and swap.status == swap.Status.REQUESTED:
        form = SwapDecisionForm(request.POST)
        if form.is_valid():
            try:
                swaps.decide_swap(
                    actor=actor,
                    swap=swap,
                    approve=form.cleaned_data["decision"] == "approve",
                    reason=form.cleaned_data["reason"],
                    confirmed=form.cleaned_data["confirm"],
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Decided. Everyone affected has been told."))
                return redirect(request.path)
    else:
        form = SwapDecisionForm()
    check = _safe_check(lambda: swaps.check_swap(swap)) if swap.status == "requested" else None
    status = 400 if form.is_bound and form.errors else 200
    return render(
        request,
        "rota/build/swap_decide.html",
        {
            "form": form,
            "swap": swap,
            "check": check,
            "when": when_words(swap.shift),
            "org": org_slug(request),
        },
        status=status,
    )
