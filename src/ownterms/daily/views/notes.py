"""Pages of a person's daily records: the day's records, the start of a shift, daily notes and
handovers (write, read with every version, amend), acknowledging a handover, and the live
respectful-language check."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ownterms.accounts.models import User
from ownterms.core.scoping import org_slug, organisation_view
from ownterms.core.selectors import zone_of
from ownterms.daily.access import access_person_daily, access_record, may_amend
from ownterms.daily.forms.notes import (
    HandoverForm,
    LanguageCheckedForm,
    LanguageCheckForm,
    NoteForm,
)
from ownterms.daily.language import language_warnings
from ownterms.daily.models import DailyNote, DailyRecord, Handover
from ownterms.daily.selectors import notes as selectors
from ownterms.daily.selectors.amendments import versions_of
from ownterms.daily.selectors.behaviour import incidents_between, practices_between
from ownterms.daily.selectors.medicines import doses_between
from ownterms.daily.selectors.seizures import seizures_between
from ownterms.daily.services import notes as services
from ownterms.people.access import PersonAccess
from ownterms.people.form_pages import add_service_errors
from ownterms.people.record_tabs import record_header
from ownterms.people.views import actor_of
from ownterms.rota.models import Shift
from ownterms.staff.selectors import staff_member_of

TAB = "daily"


def _day_url(org: str, access: PersonAccess, day: dt.date | None = None) -> str:
    url = reverse("daily:person_daily", kwargs={"org": org, "person_id": access.person.public_id})
    return f"{url}?day={day.isoformat()}" if day is not None else url


def _start_url(org: str, access: PersonAccess, shift: Shift) -> str:
    return reverse(
        "daily:shift_start",
        kwargs={"org": org, "person_id": access.person.public_id, "shift_id": shift.public_id},
    )


def _record_url(org: str, access: PersonAccess, record: DailyRecord, suffix: str = "") -> str:
    if isinstance(record, DailyNote):
        name, key = "daily:note_detail", "note_id"
    else:
        name, key = "daily:handover_detail", "handover_id"
    if suffix:
        name = name.replace("_detail", "_" + suffix)
    return reverse(
        name, kwargs={"org": org, "person_id": access.person.public_id, key: record.public_id}
    )


def _parse_day(value: str | None, today: dt.date) -> dt.date:
    if not value:
        return today
    try:
        day = dt.date.fromisoformat(value)
    except ValueError:
        return today
    return day if dt.date(2000, 1, 1) <= day <= dt.date(2100, 1, 1) else today


def _local_day(access: PersonAccess) -> dt.date:
    return timezone.localdate(timezone.now(), timezone=zone_of(access.person.organisation))


@require_GET
@organisation_view
def person_daily(request: HttpRequest, person_id: uuid.UUID) -> HttpResponse:
    actor = actor_of(request)
    access = access_person_daily(actor, person_id, page="daily.person")
    org = org_slug(request)
    today = _local_day(access)
    day = _parse_day(request.GET.get("day"), today)
    start, end = selectors.day_bounds(day, zone_of(access.person.organisation))
    people = [access.person.pk]
    return render(
        request,
        "daily/person_daily.html",
        {
            **record_header(actor, access, org, current=TAB),
            # The day's other records, each opening its own page.
            "incidents": list(incidents_between(people, start, end)),
            "practices": list(practices_between(people, start, end)),
            "seizures": list(seizures_between(people, start, end)),
            "prn_doses": list(doses_between(access.person, day, day).filter(due_at__isnull=True)),
            "day": day,
            "today": today,
            "previous_day": day - dt.timedelta(days=1),
            "next_day": day + dt.timedelta(days=1),
            "groups": selectors.day_records(access.person, day),
            "can_write": access.can_write(),
        },
    )


@require_GET
@organisation_view
def shift_start(request: HttpRequest, person_id: uuid.UUID, shift_id: uuid.UUID) -> HttpResponse:
    """Before a shift: the handovers to read, what is planned, the behaviour support plan and
    the medicines due."""
    actor = actor_of(request)
    access = access_person_daily(actor, person_id, page="daily.shift_start")
    shift = selectors.shift_of(access.person, shift_id)
    org = org_slug(request)
    member = staff_member_of(actor)
    start = selectors.shift_start(access.person, shift, viewer_id=actor.pk, viewer_staff=member)
    return render(
        request,
        "daily/notes/shift_start.html",
        {
            **record_header(actor, access, org, current=TAB),
            "start": start,
            "shift": shift,
            "can_write": access.can_write(),
            "may_acknowledge": access.can_write() and member is not None,
            "now": timezone.now(),
            "day_url": _day_url(org, access, shift.on),
        },
    )


def _language_context(form: LanguageCheckedForm) -> dict[str, Any]:
    return {"warnings": form.warnings(), "warning_keys": form.all_warning_keys()}


def _form_page(
    request: HttpRequest,
    *,
    template: str,
    header: dict[str, Any],
    form: LanguageCheckedForm,
    **extra: Any,
) -> HttpResponse:
    form.live_check(reverse("daily:language_check", kwargs={"org": header["org"]}))
    context = {**header, "form": form, **_language_context(form), **extra}
    status = 400 if form.is_bound and form.errors else 200
    return render(request, template, context, status=status)


def _warn_first(form: LanguageCheckedForm) -> bool:
    """Whether to show the form again with warnings the writer has not seen yet."""
    return bool(form.new_warnings())


def _checked_save(
    request: HttpRequest,
    access: PersonAccess,
    *,
    template: str,
    header: dict[str, Any],
    form: LanguageCheckedForm,
    page: dict[str, Any],
    save: Callable[[], DailyRecord],
    done: str,
) -> HttpResponse:
    """The form page; on a valid POST, first the language warnings not yet seen, then ``save``:
    its record's page on success, the existing record's when it was already written, the form
    with the service's errors otherwise."""
    org = org_slug(request)
    if request.method == "POST" and form.is_valid():
        if _warn_first(form):
            return _form_page(
                request, template=template, header=header, form=form, checking=True, **page
            )
        try:
            record = save()
        except services.AlreadyWrittenError as error:
            messages.warning(request, error.messages[0])
            return redirect(_record_url(org, access, error.existing))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, done)
            return redirect(_record_url(org, access, record))
    return _form_page(request, template=template, header=header, form=form, **page)


@require_http_methods(["GET", "POST"])
@organisation_view
def note_new(request: HttpRequest, person_id: uuid.UUID, shift_id: uuid.UUID) -> HttpResponse:
    actor = actor_of(request)
    access = access_person_daily(actor, person_id, write=True, page="daily.note")
    shift = selectors.shift_of(access.person, shift_id)
    org = org_slug(request)
    header = record_header(actor, access, org, current=TAB)
    existing = selectors.own_note(shift, actor.pk)
    goals = selectors.open_goals(access.person)
    day = shift.starts_at.astimezone(zone_of(access.person.organisation)).date()
    routine = selectors.routine_on(access.person, day)
    page: dict[str, Any] = {
        "shift": shift,
        "existing": existing,
        "prompts": selectors.prompts(list(goals), routine, shift.activity),
        "start_url": _start_url(org, access, shift),
        "cancel_url": _start_url(org, access, shift),
        "existing_url": _record_url(org, access, existing) if existing else "",
        "amend_url": _record_url(org, access, existing, "amend") if existing else "",
        "title": _("Daily note"),
        "submit": _("Save the note"),
    }
    form = NoteForm(request.POST if request.method == "POST" else None, goals=goals)
    if request.method == "POST" and existing is not None:
        messages.warning(request, _("You have already written this for this shift."))
        return redirect(_record_url(org, access, existing))
    return _checked_save(
        request,
        access,
        template="daily/notes/note_form.html",
        header=header,
        form=form,
        page=page,
        save=lambda: services.write_note(
            actor=actor,
            person=access.person,
            shift=shift,
            staff_member=staff_member_of(actor),
            mood=form.cleaned_data["mood"],
            activities=form.cleaned_data["activities"],
            how_they_were=form.cleaned_data["how_they_were"],
            what_mattered=form.cleaned_data["what_mattered"],
            goals=list(form.cleaned_data.get("goals") or []),
            basis=access.basis.value,
        ),
        done=_("The daily note has been saved."),
    )


def _versions(record: DailyRecord, labels: dict[str, str]) -> list[dict[str, Any]]:
    """Every version, oldest first, with who made it and the values it set in words."""
    versions = versions_of(record)
    names = {
        user.pk: user.display_name or user.email
        for user in User.objects.filter(pk__in={v.by_id for v in versions if v.by_id})
    }
    moods = dict(DailyNote.Mood.choices)
    rows = []
    for version in versions:
        values = [
            {
                "label": labels.get(name, name),
                "value": str(moods.get(value, value)) if name == "mood" else value,
            }
            for name, value in version.values.items()
        ]
        rows.append(
            {
                "version": version,
                "by": names.get(version.by_id or 0, _("Someone no longer with us")),
                "values": values,
            }
        )
    return rows


NOTE_LABELS = {
    "mood": _("How they were, overall"),
    "activities": _("What they did"),
    "how_they_were": _("How they were"),
    "what_mattered": _("What mattered to them"),
}


@require_GET
@organisation_view
def note_detail(request: HttpRequest, person_id: uuid.UUID, note_id: uuid.UUID) -> HttpResponse:
    actor = actor_of(request)
    access = access_person_daily(actor, person_id, page="daily.note")
    note = selectors.note_of(access.person, note_id)
    org = org_slug(request)
    return render(
        request,
        "daily/notes/note_detail.html",
        {
            **record_header(actor, access, org, current=TAB),
            "note": note,
            "written_by": selectors.author_name(note),
            "versions": _versions(note, {k: str(v) for k, v in NOTE_LABELS.items()}),
            "may_amend": may_amend(actor, access, note),
            "day_url": _day_url(org, access, note.shift.on if note.shift else None),
            "amend_url": _record_url(org, access, note, "amend"),
            "warnings": {
                name: language_warnings(getattr(note, name))
                for name in ("activities", "how_they_were", "what_mattered")
            },
        },
    )


def _amend_access(
    request: HttpRequest, person_id: uuid.UUID, model: type[DailyRecord], record_id: uuid.UUID
) -> tuple[Any, PersonAccess]:
    actor = actor_of(request)
    record, access = access_record(
        actor, person_id, model, record_id, write=True, page=f"daily.{model._meta.model_name}"
    )
    if not may_amend(actor, access, record):
        raise PermissionDenied
    return record, access


@require_http_methods(["GET", "POST"])
@organisation_view
def note_amend(request: HttpRequest, person_id: uuid.UUID, note_id: uuid.UUID) -> HttpResponse:
    actor = actor_of(request)
    note, access = _amend_access(request, person_id, DailyNote, note_id)
    org = org_slug(request)
    header = record_header(actor, access, org, current=TAB)
    initial = {name: getattr(note, name) for name in services.NOTE_FIELDS}
    form = NoteForm(
        request.POST if request.method == "POST" else None, initial=initial, amending=True
    )
    page = {
        "note": note,
        "shift": note.shift,
        "cancel_url": _record_url(org, access, note),
        "title": _("Change the daily note"),
        "submit": _("Save the change"),
    }
    return _checked_save(
        request,
        access,
        template="daily/notes/note_amend.html",
        header=header,
        form=form,
        page=page,
        save=lambda: services.amend_note(
            actor=actor,
            note=note,
            changes={name: form.cleaned_data[name] for name in services.NOTE_FIELDS},
            reason=form.cleaned_data["reason"],
        ),
        done=_("The daily note has been changed; the original is kept."),
    )


@require_http_methods(["GET", "POST"])
@organisation_view
def handover_new(request: HttpRequest, person_id: uuid.UUID, shift_id: uuid.UUID) -> HttpResponse:
    actor = actor_of(request)
    access = access_person_daily(actor, person_id, write=True, page="daily.handover")
    shift = selectors.shift_of(access.person, shift_id)
    org = org_slug(request)
    header = record_header(actor, access, org, current=TAB)
    existing = selectors.own_handover(shift, actor.pk)
    page: dict[str, Any] = {
        "shift": shift,
        "existing": existing,
        "start_url": _start_url(org, access, shift),
        "cancel_url": _start_url(org, access, shift),
        "existing_url": _record_url(org, access, existing) if existing else "",
        "amend_url": _record_url(org, access, existing, "amend") if existing else "",
        "title": _("Handover"),
        "submit": _("Save the handover"),
    }
    form = HandoverForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and existing is not None:
        messages.warning(request, _("You have already written this for this shift."))
        return redirect(_record_url(org, access, existing))
    return _checked_save(
        request,
        access,
        template="daily/notes/handover_form.html",
        header=header,
        form=form,
        page=page,
        save=lambda: services.write_handover(
            actor=actor,
            person=access.person,
            shift=shift,
            staff_member=staff_member_of(actor),
            text=form.cleaned_data["text"],
            basis=access.basis.value,
        ),
        done=_("The handover has been saved."),
    )


@require_GET
@organisation_view
def handover_detail(
    request: HttpRequest, person_id: uuid.UUID, handover_id: uuid.UUID
) -> HttpResponse:
    actor = actor_of(request)
    access = access_person_daily(actor, person_id, page="daily.handover")
    handover = selectors.handover_of(access.person, handover_id)
    org = org_slug(request)
    member = staff_member_of(actor)
    acknowledgements = list(handover.acknowledgements.all())
    return render(
        request,
        "daily/notes/handover_detail.html",
        {
            **record_header(actor, access, org, current=TAB),
            "handover": handover,
            "written_by": selectors.author_name(handover),
            "acknowledgements": acknowledgements,
            "mine": next(
                (a for a in acknowledgements if member and a.staff_member_id == member.pk), None
            ),
            "may_acknowledge": access.can_write()
            and member is not None
            and handover.recorded_by_id != actor.pk,
            "versions": _versions(handover, {"text": str(_("Handover"))}),
            "may_amend": may_amend(actor, access, handover),
            "day_url": _day_url(org, access, handover.shift.on if handover.shift else None),
            "amend_url": _record_url(org, access, handover, "amend"),
            "warnings": {"text": language_warnings(handover.text)},
        },
    )


@require_http_methods(["GET", "POST"])
@organisation_view
def handover_amend(
    request: HttpRequest, person_id: uuid.UUID, handover_id: uuid.UUID
) -> HttpResponse:
    actor = actor_of(request)
    handover, access = _amend_access(request, person_id, Handover, handover_id)
    org = org_slug(request)
    header = record_header(actor, access, org, current=TAB)
    form = HandoverForm(
        request.POST if request.method == "POST" else None,
        initial={"text": handover.text},
        amending=True,
    )
    page = {
        "handover": handover,
        "shift": handover.shift,
        "cancel_url": _record_url(org, access, handover),
        "title": _("Change the handover"),
        "submit": _("Save the change"),
    }
    return _checked_save(
        request,
        access,
        template="daily/notes/handover_amend.html",
        header=header,
        form=form,
        page=page,
        save=lambda: services.amend_handover(
            actor=actor,
            handover=handover,
            text=form.cleaned_data["text"],
            reason=form.cleaned_data["reason"],
        ),
        done=_("The handover has been changed; the original is kept."),
    )


@require_POST
@organisation_view
def handover_acknowledge(
    request: HttpRequest, person_id: uuid.UUID, handover_id: uuid.UUID
) -> HttpResponse:
    """ "I have read this": once per handover per member of staff (a repeat changes nothing)."""
    actor = actor_of(request)
    handover, access = access_record(
        actor, person_id, Handover, handover_id, write=True, page="daily.handover"
    )
    member = staff_member_of(actor)
    if member is None:
        raise PermissionDenied
    org = org_slug(request)
    shift: Shift | None = None
    shift_id = request.POST.get("shift", "")
    if shift_id:
        shift = selectors.shift_of(access.person, shift_id)
    error = ""
    try:
        _ack, created = services.acknowledge(
            actor=actor, handover=handover, staff_member=member, shift=shift
        )
    except ValidationError as problem:
        error = " ".join(problem.messages)
        created = False
    if request.htmx and shift is not None:  # type: ignore[attr-defined]
        # The shift start swaps the handover's card in place.
        item = selectors.handover_item(
            selectors.handover_of(access.person, handover.public_id),
            viewer_id=actor.pk,
            viewer_staff=member,
        )
        return render(
            request,
            "daily/notes/_handover_card.html",
            {
                "item": item,
                "shift": shift,
                "org": org,
                "person": access.person,
                "may_acknowledge": True,
                "error": error,
                "just_read": created,
            },
        )
    if error:
        messages.error(request, error)
    elif created:
        messages.success(request, _("Thank you: you have read this handover."))
    if shift is not None:
        return redirect(_start_url(org, access, shift) + f"#handover-{handover.public_id}")
    return redirect(_record_url(org, access, handover))


@require_POST
@organisation_view
def language_check(request: HttpRequest) -> HttpResponse:
    """The live check as the worker types (htmx): the warnings for one field's text."""
    form = LanguageCheckForm(request.POST)
    if not form.is_valid():
        return HttpResponse(status=400)
    name = form.cleaned_data["field"]
    text = request.POST.get(name, "")
    return render(
        request,
        "daily/notes/_language.html",
        {"field_warnings": language_warnings(text[:40000]), "live": True},
    )
