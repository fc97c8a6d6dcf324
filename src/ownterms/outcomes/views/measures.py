"""Pages recording what has no source record: NHS use (``health``), connections and the
person's own measures (``plans``). Reading follows the record's categories; changes are for
those who change the category (managers and administrators). Each view: access → form →
service → redirect, or render."""

from __future__ import annotations

import uuid
from collections.abc import Callable
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
from ownterms.outcomes.forms.measures import (
    ConnectionForm,
    EndConnectionForm,
    HealthEventForm,
    MeasureRecordForm,
)
from ownterms.outcomes.measures_charts import figure
from ownterms.outcomes.selectors import measures_records as records
from ownterms.outcomes.services import records as services
from ownterms.people.access import PersonAccess, access_person
from ownterms.people.form_pages import add_service_errors, render_form_page
from ownterms.people.models import ConsentCategory, Person
from ownterms.people.record_tabs import record_header
from ownterms.people.views import actor_of

TAB = "outcomes"
FORM_TEMPLATE = "outcomes/measures/form_page.html"


def _access(
    request: HttpRequest, person_id: uuid.UUID, category: str, *, write: bool, page: str
) -> PersonAccess:
    return access_person(actor_of(request), person_id, category=category, write=write, page=page)


def _url(name: str, org: str, person: Person) -> str:
    return reverse(f"outcomes:{name}", kwargs={"org": org, "person_id": person.public_id})


def _list_page(
    request: HttpRequest, access: PersonAccess, template: str, **context: Any
) -> HttpResponse:
    org = org_slug(request)
    return render(
        request,
        template,
        {
            **record_header(actor_of(request), access, org, current=TAB),
            "can_edit": access.can_write(),
            "outcomes_url": _url("person_outcomes", org, access.person),
            **context,
        },
    )


def _form_page(
    request: HttpRequest,
    access: PersonAccess,
    *,
    form: forms.BaseForm,
    title: str,
    submit: str,
    back: str,
    intro: str = "",
    extra: dict[str, Any] | None = None,
) -> HttpResponse:
    org = org_slug(request)
    return render_form_page(
        request,
        form=form,
        header=record_header(actor_of(request), access, org, current=TAB),
        title=title,
        submit=submit,
        cancel_url=_url(back, org, access.person),
        intro=intro,
        extra={"back_url": _url(back, org, access.person), **(extra or {})},
        template=FORM_TEMPLATE,
    )


def _save(
    request: HttpRequest,
    form: forms.BaseForm,
    write: Callable[[], object],
    *,
    done: str,
    to: str,
    rename: Callable[[str], str] = str,
) -> HttpResponse | None:
    """Runs ``write`` for a valid posted form; the service's errors go on the form."""
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        write()
    except ValidationError as error:
        add_service_errors(form, error, rename)
        return None
    messages.success(request, done)
    return redirect(to)


# NHS use ------------------------------------------------------------------------------------

HEALTH_PAGE = "person.outcomes.nhs_use"


@require_GET
@organisation_view
def nhs_use(request: HttpRequest, person_id: uuid.UUID) -> HttpResponse:
    access = _access(request, person_id, ConsentCategory.HEALTH, write=False, page=HEALTH_PAGE)
    return _list_page(
        request,
        access,
        "outcomes/measures/nhs_use.html",
        events=list(records.health_events_of(access.person)),
    )


def _health_values(form: HealthEventForm) -> dict[str, Any]:
    data = form.cleaned_data
    return {
        "kind": data["kind"],
        "on": data["on"],
        "until": data.get("until"),
        "planned": bool(data.get("planned")),
        "note": data.get("note", ""),
    }


@require_http_methods(["GET", "POST"])
@organisation_view
def nhs_use_add(request: HttpRequest, person_id: uuid.UUID) -> HttpResponse:
    access = _access(request, person_id, ConsentCategory.HEALTH, write=True, page=HEALTH_PAGE)
    form = HealthEventForm(request.POST if request.method == "POST" else None)
    done = _save(
        request,
        form,
        lambda: services.add_health_event(
            actor=actor_of(request),
            person=access.person,
            basis=access.basis.value,
            **_health_values(form),
        ),
        done=_("The NHS use has been recorded."),
        to=_url("nhs_use", org_slug(request), access.person),
    )
    return done or _form_page(
        request,
        access,
        form=form,
        title=_("Record NHS use"),
        intro=_("A hospital admission, an A&E visit or another NHS contact."),
        submit=_("Save"),
        back="nhs_use",
    )


@require_http_methods(["GET", "POST"])
@organisation_view
def nhs_use_edit(request: HttpRequest, person_id: uuid.UUID, event_id: uuid.UUID) -> HttpResponse:
    access = _access(request, person_id, ConsentCategory.HEALTH, write=True, page=HEALTH_PAGE)
    event = records.health_event_of(access.person, event_id)
    initial = {name: getattr(event, name) for name in services.HEALTH_EVENT_FIELDS}
    form = HealthEventForm(request.POST if request.method == "POST" else None, initial=initial)
    done = _save(
        request,
        form,
        lambda: services.update_health_event(
            actor=actor_of(request), event=event, basis=access.basis.value, **_health_values(form)
        ),
        done=_("The NHS use has been changed."),
        to=_url("nhs_use", org_slug(request), access.person),
    )
    return done or _form_page(
        request,
        access,
        form=form,
        title=_("Change NHS use"),
        intro=_("To record the day someone came home from hospital, add it here."),
        submit=_("Save changes"),
        back="nhs_use",
    )


# Connections --------------------------------------------------------------------------------

PLANS_PAGE = "person.outcomes.connections"


def _rename_minutes(field: str) -> str:
    return "hours_per_week" if field == "minutes_per_week" else field


@require_GET
@organisation_view
def connections(request: HttpRequest, person_id: uuid.UUID) -> HttpResponse:
    access = _access(request, person_id, ConsentCategory.PLANS, write=False, page=PLANS_PAGE)
    rows = [
        (c, figure(c.minutes_per_week / 60) if c.minutes_per_week else "")
        for c in records.connections_of(access.person)
    ]
    return _list_page(
        request,
        access,
        "outcomes/measures/connections.html",
        current=[row for row in rows if row[0].ended_on is None],
        ended=[row for row in rows if row[0].ended_on is not None],
    )


@require_http_methods(["GET", "POST"])
@organisation_view
def connection_add(request: HttpRequest, person_id: uuid.UUID) -> HttpResponse:
    access = _access(request, person_id, ConsentCategory.PLANS, write=True, page=PLANS_PAGE)
    form = ConnectionForm(request.POST if request.method == "POST" else None)
    done = _save(
        request,
        form,
        lambda: services.add_connection(
            actor=actor_of(request), person=access.person, basis=access.basis.value, **form.values()
        ),
        done=_("The connection has been added."),
        to=_url("connections", org_slug(request), access.person),
        rename=_rename_minutes,
    )
    return done or _form_page(
        request,
        access,
        form=form,
        title=_("Add a connection"),
        intro=_(
            "A group or place in the community, a friendship or relationship, volunteering, "
            "work or learning."
        ),
        submit=_("Save"),
        back="connections",
    )


@require_http_methods(["GET", "POST"])
@organisation_view
def connection_edit(
    request: HttpRequest, person_id: uuid.UUID, connection_id: uuid.UUID
) -> HttpResponse:
    access = _access(request, person_id, ConsentCategory.PLANS, write=True, page=PLANS_PAGE)
    connection = records.connection_of(access.person, connection_id)
    initial = {
        "kind": connection.kind,
        "name": connection.name,
        "started_on": connection.started_on,
        "ended_on": connection.ended_on,
        "hours_per_week": (connection.minutes_per_week / 60) or None,
        "note": connection.note,
    }
    form = ConnectionForm(request.POST if request.method == "POST" else None, initial=initial)
    done = _save(
        request,
        form,
        lambda: services.update_connection(
            actor=actor_of(request),
            connection=connection,
            basis=access.basis.value,
            **form.values(),
        ),
        done=_("The connection has been changed."),
        to=_url("connections", org_slug(request), access.person),
        rename=_rename_minutes,
    )
    return done or _form_page(
        request,
        access,
        form=form,
        title=_("Change a connection"),
        submit=_("Save changes"),
        back="connections",
    )


@require_http_methods(["GET", "POST"])
@organisation_view
def connection_end(
    request: HttpRequest, person_id: uuid.UUID, connection_id: uuid.UUID
) -> HttpResponse:
    access = _access(request, person_id, ConsentCategory.PLANS, write=True, page=PLANS_PAGE)
    connection = records.connection_of(access.person, connection_id)
    form = EndConnectionForm(request.POST if request.method == "POST" else None)
    done = _save(
        request,
        form,
        lambda: services.end_connection(
            actor=actor_of(request),
            connection=connection,
            ended_on=form.cleaned_data["ended_on"],
            basis=access.basis.value,
        ),
        done=_("The connection has been ended. It stays in the history."),
        to=_url("connections", org_slug(request), access.person),
    )
    return done or _form_page(
        request,
        access,
        form=form,
        title=_("End “%(name)s”") % {"name": connection.name},
        intro=_("It stays in the history and counts for the months it lasted."),
        submit=_("End it"),
        back="connections",
    )


# Recorded measures --------------------------------------------------------------------------

RECORDED_PAGE = "person.outcomes.recorded"


@require_GET
@organisation_view
def recorded_measures(request: HttpRequest, person_id: uuid.UUID) -> HttpResponse:
    access = _access(request, person_id, ConsentCategory.PLANS, write=False, page=RECORDED_PAGE)
    return _list_page(
        request,
        access,
        "outcomes/measures/recorded.html",
        records=list(records.measure_records_of(access.person)),
    )


def _record_values(form: MeasureRecordForm) -> dict[str, Any]:
    data = form.cleaned_data
    return {
        "measure": data["measure"],
        "on": data["on"],
        "value": data["value"],
        "note": data.get("note", ""),
    }


@require_http_methods(["GET", "POST"])
@organisation_view
def recorded_measure_add(request: HttpRequest, person_id: uuid.UUID) -> HttpResponse:
    access = _access(request, person_id, ConsentCategory.PLANS, write=True, page=RECORDED_PAGE)
    form = MeasureRecordForm(request.POST if request.method == "POST" else None)
    done = _save(
        request,
        form,
        lambda: services.record_measure(
            actor=actor_of(request),
            person=access.person,
            basis=access.basis.value,
            **_record_values(form),
        ),
        done=_("The value has been recorded."),
        to=_url("recorded_measures", org_slug(request), access.person),
    )
    return done or _form_page(
        request,
        access,
        form=form,
        title=_("Record a value"),
        intro=_(
            "For something the person wants to track that no record shows. Incidents, "
            "medicines, NHS use, goals and connections are counted from their own records."
        ),
        submit=_("Save"),
        back="recorded_measures",
        extra={"measure_names": records.measure_names_of(access.person)},
    )


@require_http_methods(["GET", "POST"])
@organisation_view
def recorded_measure_edit(
    request: HttpRequest, person_id: uuid.UUID, record_id: uuid.UUID
) -> HttpResponse:
    access = _access(request, person_id, ConsentCategory.PLANS, write=True, page=RECORDED_PAGE)
    record = records.measure_record_of(access.person, record_id)
    initial = {name: getattr(record, name) for name in services.MEASURE_RECORD_FIELDS}
    form = MeasureRecordForm(request.POST if request.method == "POST" else None, initial=initial)
    done = _save(
        request,
        form,
        lambda: services.update_measure_record(
            actor=actor_of(request), record=record, basis=access.basis.value, **_record_values(form)
        ),
        done=_("The value has been changed."),
        to=_url("recorded_measures", org_slug(request), access.person),
    )
    return done or _form_page(
        request,
        access,
        form=form,
        title=_("Change a recorded value"),
        submit=_("Save changes"),
        back="recorded_measures",
        extra={"measure_names": records.measure_names_of(access.person)},
    )
