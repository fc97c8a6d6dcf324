"""Pages of a person's funding records: the Funding page (arrangements, funders, terms, rates,
the package and pattern priced against the budget) and the forms that change them. Reading is
the money category of the record; changes are for administrators, the person's managers and
finance. Each view: parse → access → service/selector → render."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from ownterms.accounts.models import User
from ownterms.core.scoping import org_slug, organisation_view
from ownterms.funding.access import access_arrangement, access_person_funding
from ownterms.funding.forms.records import (
    ARRANGEMENT_FORM_NAMES,
    ArrangementForm,
    EndForm,
    RateForm,
    SourceForm,
    arrangement_initial,
)
from ownterms.funding.models import FundingArrangement, FundingSource, Rate
from ownterms.funding.selectors import arrangements as selectors
from ownterms.funding.selectors.money import surplus, warnings_at_cost
from ownterms.funding.selectors.plans import plans_of
from ownterms.funding.services import arrangements as services
from ownterms.people.access import PersonAccess
from ownterms.people.form_pages import add_service_errors, render_form_page
from ownterms.people.record_tabs import record_header
from ownterms.people.services import EditConflictError
from ownterms.people.views import actor_of

TAB = "funding"
CONFLICT = _("Someone else changed this while you were editing. Check their change and try again.")


def header(actor: User, access: PersonAccess, org: str) -> dict[str, Any]:
    return record_header(actor, access, org, current=TAB)


def funding_url(org: str, access: PersonAccess) -> str:
    return reverse(
        "funding:person_funding", kwargs={"org": org, "person_id": access.person.public_id}
    )


def save(form: forms.Form, write: Callable[[], object], rename: Callable[[str], str] = str) -> bool:
    """Runs ``write``; puts a conflict or the service's errors on the form. True if saved."""
    try:
        with transaction.atomic():
            write()
    except EditConflictError:
        form.add_error(None, str(CONFLICT))
    except ValidationError as error:
        add_service_errors(form, error, rename)
    else:
        return True
    return False


def form_step(
    request: HttpRequest,
    access: PersonAccess,
    form: forms.Form,
    write: Callable[[dict[str, Any]], object],
    *,
    done: str,
    title: str,
    submit: str,
    intro: str = "",
    rename: Callable[[str], str] = str,
    cancel_url: str = "",
    next_url: Callable[[], str] | None = None,
) -> HttpResponse:
    """A form page of funding records: on a valid POST, ``write`` gets the cleaned data; when
    the service accepts it, ``done`` is shown at the next page (the Funding page unless
    ``next_url``); else the page again with the errors (400)."""
    org = org_slug(request)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if save(form, lambda: write(data), rename):
            messages.success(request, done)
            return redirect(next_url() if next_url else funding_url(org, access))
    return render_form_page(
        request,
        form=form,
        header=header(actor_of(request), access, org),
        title=title,
        intro=intro,
        submit=submit,
        cancel_url=cancel_url or funding_url(org, access),
    )


@require_GET
@organisation_view
def person_funding(request: HttpRequest, person_id: uuid.UUID) -> HttpResponse:
    actor = actor_of(request)
    access = access_person_funding(actor, person_id, page="funding.records")
    org = org_slug(request)
    today = timezone.localdate()
    arrangements = list(selectors.arrangements_of(access.person).select_related("person"))
    current, past = selectors.current_and_past(arrangements, today)
    return render(
        request,
        "funding/records/person.html",
        {
            **header(actor, access, org),
            "current": [_summary(row, today) for row in current],
            "past": past,
            "can_edit": access.can_write(),
            "today": today,
        },
    )


def _summary(row: FundingArrangement, today: dt.date) -> dict[str, Any]:
    day = max(today, row.starts_on)
    agreed = next((p for p in plans_of(row) if p.status == "agreed"), None)
    cost = selectors.weekly_cost(row, day)
    return {
        "row": row,
        "day": day,
        "budget": selectors.budget_on(row, day),
        "sources": list(row.sources.all()),
        "terms": selectors.terms_text(row),
        "rates": selectors.rate_history(row, day),
        "cost": cost,
        # What following the support pattern would do to the money held (warned before it
        # breaks a cap, not after).
        "pattern_warnings": (
            warnings_at_cost(surplus(row, day), cost.pattern_pence) if cost.has_pattern else []
        ),
        "agreed": agreed,
    }


@require_http_methods(["GET", "POST"])
@organisation_view
def arrangement_new(request: HttpRequest, person_id: uuid.UUID) -> HttpResponse:
    actor = actor_of(request)
    access = access_person_funding(actor, person_id, write=True, page="funding.records")
    initial = {
        "paid_every_weeks": 4,
        "paid_in_advance": True,
        "notice_days": 28,
        "banked_cap_kind": "weeks",
        "management_fee_kind": "none",
        "changes_need_funder_approval": True,
    }
    form = ArrangementForm(request.POST if request.method == "POST" else None, initial=initial)
    return form_step(
        request,
        access,
        form,
        lambda data: services.create_arrangement(
            actor=actor, person=access.person, basis=access.basis.value, **form.service_fields()
        ),
        done=_("The funding arrangement has been added."),
        title=_("Add a funding arrangement"),
        submit=_("Add"),
        rename=lambda name: ARRANGEMENT_FORM_NAMES.get(name, name),
    )


@require_http_methods(["GET", "POST"])
@organisation_view
def arrangement_edit(
    request: HttpRequest, person_id: uuid.UUID, arrangement_id: uuid.UUID
) -> HttpResponse:
    actor = actor_of(request)
    row, access = access_arrangement(
        actor, person_id, arrangement_id, write=True, page="funding.records"
    )
    form = ArrangementForm(
        request.POST if request.method == "POST" else None, initial=arrangement_initial(row)
    )
    return form_step(
        request,
        access,
        form,
        lambda data: services.update_arrangement(
            actor=actor,
            arrangement=row,
            expected_updated_at=form.expected_updated_at(),
            basis=access.basis.value,
            **form.service_fields(),
        ),
        done=_("The funding arrangement has been saved."),
        title=_("Change the funding arrangement"),
        submit=_("Save"),
        rename=lambda name: ARRANGEMENT_FORM_NAMES.get(name, name),
    )


@require_http_methods(["GET", "POST"])
@organisation_view
def source_new(
    request: HttpRequest, person_id: uuid.UUID, arrangement_id: uuid.UUID
) -> HttpResponse:
    actor = actor_of(request)
    row, access = access_arrangement(
        actor, person_id, arrangement_id, write=True, page="funding.records"
    )
    form = SourceForm(
        request.POST if request.method == "POST" else None, initial={"starts_on": row.starts_on}
    )
    return form_step(
        request,
        access,
        form,
        lambda data: services.add_source(
            actor=actor, arrangement=row, basis=access.basis.value, **data
        ),
        done=_("The funder has been added."),
        title=_("Add a funder"),
        intro=_("A pooled budget has several funders at once; each pays a share of every cost."),
        submit=_("Add"),
    )


@require_http_methods(["GET", "POST"])
@organisation_view
def rate_new(request: HttpRequest, person_id: uuid.UUID, arrangement_id: uuid.UUID) -> HttpResponse:
    actor = actor_of(request)
    row, access = access_arrangement(
        actor, person_id, arrangement_id, write=True, page="funding.records"
    )
    form = RateForm(
        request.POST if request.method == "POST" else None,
        initial={"starts_on": max(row.starts_on, timezone.localdate())},
    )
    return form_step(
        request,
        access,
        form,
        lambda data: services.add_rate(
            actor=actor, arrangement=row, basis=access.basis.value, **data
        ),
        done=_("The rate has been added."),
        title=_("Add a rate"),
        intro=_(
            "A new rate after the current one replaces it from its start date; earlier "
            "support keeps the rate it had."
        ),
        submit=_("Add"),
    )


@require_http_methods(["GET", "POST"])
@organisation_view
def source_end(
    request: HttpRequest, person_id: uuid.UUID, arrangement_id: uuid.UUID, source_id: uuid.UUID
) -> HttpResponse:
    actor = actor_of(request)
    row, access = access_arrangement(
        actor, person_id, arrangement_id, write=True, page="funding.records"
    )
    source = row.sources.filter(public_id=source_id).first()
    if source is None:
        raise Http404
    return _end(
        request,
        access,
        source,
        source.funder_name,
        lambda ends_on: services.end_source(
            actor=actor, source=source, ends_on=ends_on, basis=access.basis.value
        ),
    )


@require_http_methods(["GET", "POST"])
@organisation_view
def rate_end(
    request: HttpRequest, person_id: uuid.UUID, arrangement_id: uuid.UUID, rate_id: uuid.UUID
) -> HttpResponse:
    actor = actor_of(request)
    row, access = access_arrangement(
        actor, person_id, arrangement_id, write=True, page="funding.records"
    )
    rate = row.rates.filter(public_id=rate_id).first()
    if rate is None:
        raise Http404
    return _end(
        request,
        access,
        rate,
        selectors.rate_text(rate),
        lambda ends_on: services.end_rate(
            actor=actor, rate=rate, ends_on=ends_on, basis=access.basis.value
        ),
    )


def _end(
    request: HttpRequest,
    access: PersonAccess,
    target: FundingSource | Rate,
    what: str,
    end: Callable[[dt.date], object],
) -> HttpResponse:
    return form_step(
        request,
        access,
        EndForm(request.POST if request.method == "POST" else None),
        lambda data: end(data["ends_on"]),
        done=_("The end date has been saved."),
        title=_("End %(what)s") % {"what": what},
        intro=selectors.period_text(target.starts_on, target.ends_on),
        submit=_("Save"),
    )
