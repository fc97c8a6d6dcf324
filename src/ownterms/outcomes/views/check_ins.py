"""The person's easy-read check-ins: their past ones, and a new one (on its own, or as their
part of a review). Readers of the person's plans see them; the person, their team, their
managers and administrators record them (``outcomes.reviews_access``)."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from ownterms.core.scoping import org_slug, organisation_view
from ownterms.outcomes.forms.reviews import CheckInForm
from ownterms.outcomes.models import Review
from ownterms.outcomes.reviews_access import access_check_ins, records_check_ins
from ownterms.outcomes.selectors import reviews as selectors
from ownterms.outcomes.services import check_ins as services
from ownterms.outcomes.views.reviews import TAB, save
from ownterms.people.access import PersonAccess
from ownterms.people.record_tabs import record_header
from ownterms.people.selectors import Basis
from ownterms.people.views import actor_of

FACE_WORDS = selectors.FACES


def _context(request: HttpRequest, access: PersonAccess, **extra: object) -> dict[str, object]:
    actor = actor_of(request)
    return {
        **record_header(actor, access, org_slug(request), current=TAB),
        "first_name": access.person.called,
        "is_self": access.basis == Basis.SELF,
        "records_check_ins": records_check_ins(access),
        "faces": [(value, word) for value, word in FACE_WORDS.items()],
        **extra,
    }


@require_GET
@organisation_view
def check_ins(request: HttpRequest, person_id: uuid.UUID) -> HttpResponse:
    access = access_check_ins(actor_of(request), person_id, page="outcomes.check_ins")
    entries = [(c, selectors.answers_of(c)) for c in selectors.check_ins_of(access.person)]
    return render(
        request, "outcomes/check_ins/list.html", _context(request, access, entries=entries)
    )


def _review(access: PersonAccess, raw: str) -> Review | None:
    if not raw:
        return None
    try:
        return selectors.review_of(access.person, raw)
    except (Http404, ValidationError):  # a malformed or unknown id: no review
        return None


@require_http_methods(["GET", "POST"])
@organisation_view
def check_in_new(request: HttpRequest, person_id: uuid.UUID) -> HttpResponse:
    actor = actor_of(request)
    access = access_check_ins(actor, person_id, write=True, page="outcomes.check_in.new")
    review = _review(access, request.GET.get("review", "") or request.POST.get("review", ""))
    if request.method == "POST":
        form = CheckInForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data

            def write() -> object:
                return services.record_check_in(
                    actor=actor,
                    person=access.person,
                    on=data["on"],
                    answers=form.answers(),
                    own_words=data["own_words"],
                    helped_by=data["helped_by"],
                    review=review,
                    basis=access.basis.value,
                )

            def rename(name: str) -> str:
                if name.startswith("answers."):
                    return "topic_" + name.removeprefix("answers.")
                return name

            if save(form, write, rename=rename):
                messages.success(
                    request,
                    _("Thank you. Your check-in has been saved.")
                    if access.basis == Basis.SELF
                    else _("The check-in has been saved."),
                )
                kwargs: dict[str, object] = {
                    "org": org_slug(request),
                    "person_id": access.person.public_id,
                }
                if review is None:
                    return HttpResponseRedirect(reverse("outcomes:check_ins", kwargs=kwargs))
                kwargs["review_id"] = review.public_id
                return HttpResponseRedirect(reverse("outcomes:review", kwargs=kwargs))
    else:
        form = CheckInForm(initial={"on": timezone.localdate()})
    status = 400 if form.is_bound and form.errors else 200
    return render(
        request,
        "outcomes/check_ins/new.html",
        _context(request, access, form=form, review=review),
        status=status,
    )
