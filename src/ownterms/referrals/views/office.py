"""The office's intake pages (administrators and managers): the referrals list with counts,
one referral with everything submitted and the actions the pipeline allows next, and the
correction of what was submitted. Each action is its own POST; a refused one shows the
referral again with the error next to the action."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ownterms.accounts.models import User
from ownterms.core.scoping import org_slug, organisation_view
from ownterms.people.form_pages import add_service_errors
from ownterms.people.views import actor_of
from ownterms.referrals.access import access_referral, require_office
from ownterms.referrals.forms.intake import (
    DeclineForm,
    HoldersForm,
    ListFilterForm,
    MessageForm,
    ReferralForm,
    RequestInformationForm,
    WithdrawForm,
    contact_formset,
    put_service_errors,
    quiet,
    quiet_formset,
    with_another_row,
)
from ownterms.referrals.models import Referral, Status
from ownterms.referrals.selectors import intake as selectors
from ownterms.referrals.services import handling, intake, pipeline
from ownterms.referrals.services import messages as conversation
from ownterms.referrals.services.notices import office_users
from ownterms.referrals.views.shared import referral_context
from ownterms.vocabulary.selectors import skills_of

PAGE = "referrals.detail"
PAGE_SIZE = 50


def detail_url(org: str, referral: Referral) -> str:
    return reverse("referrals:detail", kwargs={"org": org, "referral_id": referral.public_id})


@require_GET
@organisation_view
def referral_list(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    require_office(actor)
    counts = selectors.status_counts(actor.organisation_id)
    filters = ListFilterForm(
        request.GET or None, statuses=[(status, label) for status, label, _n in counts]
    )
    status = source = ""
    if filters.is_valid():
        status = filters.cleaned_data["status"]
        source = filters.cleaned_data["source"]
    found = selectors.office_list(actor.organisation_id, status=status, source=source)
    page = Paginator(found, PAGE_SIZE).get_page(request.GET.get("page"))
    params = {key: value for key, value in (("status", status), ("source", source)) if value}
    return render(
        request,
        "referrals/intake/list.html",
        {
            "org": org_slug(request),
            "filters": filters,
            "counts": selectors.status_counts(actor.organisation_id, source=source)
            if source
            else counts,
            "page": page,
            "query_string": "&".join(f"{key}={value}" for key, value in params.items()),
            "filtered": bool(params),
        },
        status=400 if filters.is_bound and filters.errors else 200,
    )


def _holders_form(actor: User, referral: Referral, data: Any = None) -> HoldersForm:
    return HoldersForm(
        data,
        office=office_users(actor.organisation_id),
        managers=selectors.managers_of(actor.organisation_id),
        initial={
            "contact": referral.contact.public_id if referral.contact else None,
            "proposed_manager": referral.proposed_manager.public_id
            if referral.proposed_manager
            else None,
        },
    )


def _detail_page(
    request: HttpRequest,
    referral: Referral,
    *,
    status: int = 200,
    **bound: forms.Form,
) -> HttpResponse:
    actor = actor_of(request)
    can = {
        "request_information": referral.status == Status.INFORMATION_REQUESTED
        or pipeline.can_move(referral, Status.INFORMATION_REQUESTED),
        "start_assessment": pipeline.can_move(referral, Status.ASSESSMENT),
        "withdraw": pipeline.can_move(referral, Status.WITHDRAWN),
        "decline": referral.status in handling.EARLY,
    }
    context: dict[str, Any] = {
        "org": org_slug(request),
        **referral_context(referral, office=True),
        "can": can,
        "message_form": bound.get("message_form") or MessageForm(),
        "information_form": bound.get("information_form") or RequestInformationForm(),
        "withdraw_form": bound.get("withdraw_form") or WithdrawForm(),
        "decline_form": bound.get("decline_form") or DeclineForm(),
        "holders_form": bound.get("holders_form") or _holders_form(actor, referral),
        "open_action": next(iter(bound), ""),
    }
    return render(request, "referrals/intake/detail.html", context, status=status)


@require_GET
@organisation_view
def detail(request: HttpRequest, referral_id: uuid.UUID) -> HttpResponse:
    access = access_referral(actor_of(request), referral_id, page=PAGE, office_only=True)
    return _detail_page(request, access.referral)


def _office_access(request: HttpRequest, referral_id: uuid.UUID, page: str) -> Referral:
    return access_referral(actor_of(request), referral_id, page=page, office_only=True).referral


def _done(request: HttpRequest, referral: Referral, words: str, anchor: str = "") -> HttpResponse:
    messages.success(request, words)
    return redirect(detail_url(org_slug(request), referral) + anchor)


def _conflict(
    request: HttpRequest, referral: Referral, conflict: handling.Conflict
) -> HttpResponse:
    messages.error(request, conflict.message)
    return redirect(detail_url(org_slug(request), referral))


def _seen(request: HttpRequest) -> str | None:
    return request.POST.get("seen") or None


def _act(
    request: HttpRequest,
    referral: Referral,
    form: forms.Form,
    form_name: str,
    act: Callable[[dict[str, Any]], object],
    done: str,
    anchor: str = "",
) -> HttpResponse:
    """One of the detail page's form actions: on success back to the page with ``done``; a
    conflict back with its message; a refusal shows the page again with ``form``'s errors."""
    if form.is_valid():
        try:
            act(form.cleaned_data)
        except handling.Conflict as conflict:
            return _conflict(request, referral, conflict)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return _done(request, referral, done, anchor)
    return _detail_page(request, referral, status=400, **{form_name: form})


@require_POST
@organisation_view
def message(request: HttpRequest, referral_id: uuid.UUID) -> HttpResponse:
    referral = _office_access(request, referral_id, PAGE + "_message")
    return _act(
        request,
        referral,
        MessageForm(request.POST),
        "message_form",
        lambda data: conversation.post_message(
            actor=actor_of(request), referral=referral, text=data["text"]
        ),
        _("The message is sent."),
        "#messages",
    )


@require_POST
@organisation_view
def request_information(request: HttpRequest, referral_id: uuid.UUID) -> HttpResponse:
    referral = _office_access(request, referral_id, PAGE + "_request_information")
    return _act(
        request,
        referral,
        RequestInformationForm(request.POST),
        "information_form",
        lambda data: handling.request_information(
            actor=actor_of(request), referral=referral, text=data["text"], seen=_seen(request)
        ),
        _("The referrer is asked for more information."),
    )


@require_POST
@organisation_view
def start_assessment(request: HttpRequest, referral_id: uuid.UUID) -> HttpResponse:
    referral = _office_access(request, referral_id, PAGE + "_start_assessment")
    try:
        handling.start_assessment(actor=actor_of(request), referral=referral, seen=_seen(request))
    except handling.Conflict as conflict:
        return _conflict(request, referral, conflict)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(detail_url(org_slug(request), referral))
    return _done(request, referral, _("The assessment has started."))


@require_POST
@organisation_view
def withdraw(request: HttpRequest, referral_id: uuid.UUID) -> HttpResponse:
    referral = _office_access(request, referral_id, PAGE + "_withdraw")
    return _act(
        request,
        referral,
        WithdrawForm(request.POST),
        "withdraw_form",
        lambda data: handling.withdraw(
            actor=actor_of(request), referral=referral, reason=data["reason"], seen=_seen(request)
        ),
        _("The referral is withdrawn."),
    )


@require_POST
@organisation_view
def decline(request: HttpRequest, referral_id: uuid.UUID) -> HttpResponse:
    referral = _office_access(request, referral_id, PAGE + "_decline")
    return _act(
        request,
        referral,
        DeclineForm(request.POST),
        "decline_form",
        lambda data: handling.decline_early(
            actor=actor_of(request),
            referral=referral,
            reasons=data["reasons"],
            decline_reason=data["decline_reason"],
            seen=_seen(request),
        ),
        _("The referral is declined."),
    )


@require_POST
@organisation_view
def holders(request: HttpRequest, referral_id: uuid.UUID) -> HttpResponse:
    referral = _office_access(request, referral_id, PAGE + "_holders")
    actor = actor_of(request)
    form = _holders_form(actor, referral, request.POST)
    if form.is_valid():
        try:
            handling.set_holders(
                actor=actor,
                referral=referral,
                contact=form.cleaned_data["contact"],
                manager=form.cleaned_data["proposed_manager"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return _done(request, referral, _("Saved who holds the referral."))
    return _detail_page(request, referral, status=400, holders_form=form)


@require_http_methods(["GET", "POST"])
@organisation_view
def edit(request: HttpRequest, referral_id: uuid.UUID) -> HttpResponse:
    actor = actor_of(request)
    referral = _office_access(request, referral_id, PAGE + "_edit")
    org = org_slug(request)
    if not referral.is_open:
        messages.error(request, _("This referral is closed; its details can no longer change."))
        return redirect(detail_url(org, referral))
    full = selectors.with_everything(referral)
    details = intake.details_of(full)
    data = request.POST if request.method == "POST" else None
    adding = data is not None and "add_contact" in data
    if adding:
        data = with_another_row(data)
    initial: dict[str, Any] = {
        **details.values(),
        **{name: getattr(full, name) for name in intake.REFERRER_FIELDS},
        "skills": [skill.public_id for skill in details.skills],
    }
    form = ReferralForm(
        data,
        organisation_id=actor.organisation_id,
        skills=skills_of(actor.organisation_id).order_by("name"),
        office=True,
        before=full,
        initial=initial,
    )
    contacts = contact_formset(
        data,
        initial=[
            {**{name: getattr(c, name) for name in intake.CONTACT_FIELDS}, "public_id": c.public_id}
            for c in details.contacts
        ],
        removable=True,
    )
    if adding:
        quiet(form)
        quiet_formset(contacts)
    elif data is not None and form.is_valid() and contacts.is_valid():
        try:
            intake.update_details(
                actor=actor,
                referral=full,
                details=form.details(contacts.contacts()),
                referrer=form.referrer(),
            )
        except ValidationError as error:
            put_service_errors(error, form, contacts)
        else:
            return _done(request, full, _("The referral's details are saved."))
    return render(
        request,
        "referrals/intake/form.html",
        {
            "org": org,
            "form": form,
            "contacts": contacts,
            "referral": full,
            "title": _("Correct referral %(reference)s") % {"reference": full.reference},
            "submit": _("Save the details"),
            "cancel_url": detail_url(org, full),
        },
        status=400
        if form.is_bound and not adding and (form.errors or contacts.total_error_count())
        else 200,
    )


@require_http_methods(["GET", "POST"])
@organisation_view
def record_referral(request: HttpRequest) -> HttpResponse:
    """A referral received by phone, email or post, typed in by the office for the referrer."""
    actor = actor_of(request)
    require_office(actor)
    org = org_slug(request)
    data = request.POST if request.method == "POST" else None
    adding = data is not None and "add_contact" in data
    if adding:
        data = with_another_row(data)
    form = ReferralForm(
        data,
        organisation_id=actor.organisation_id,
        skills=skills_of(actor.organisation_id).order_by("name"),
        office=True,
    )
    contacts = contact_formset(data)
    if adding:
        quiet(form)
        quiet_formset(contacts)
    elif data is not None and form.is_valid() and contacts.is_valid():
        try:
            referral = intake.record_for_referrer(
                actor=actor, details=form.details(contacts.contacts()), referrer=form.referrer()
            )
        except ValidationError as error:
            put_service_errors(error, form, contacts)
        else:
            return _done(
                request,
                referral,
                _("The referral is recorded as %(reference)s.") % {"reference": referral.reference},
            )
    return render(
        request,
        "referrals/intake/form.html",
        {
            "org": org,
            "form": form,
            "contacts": contacts,
            "title": _("Record a referral"),
            "submit": _("Record the referral"),
            "cancel_url": reverse("referrals:list", kwargs={"org": org}),
        },
        status=400
        if form.is_bound and not adding and (form.errors or contacts.total_error_count())
        else 200,
    )
