"""The commissioned support ("the package"): read by whoever may read plans (workers need to
know the hours), recorded by managers and administrators."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from ownterms.core.scoping import org_slug, organisation_view
from ownterms.people.access import access_person
from ownterms.people.form_pages import add_service_errors, render_form_page
from ownterms.people.forms import PackageForm
from ownterms.people.models import ConsentCategory
from ownterms.people.record_tabs import record_header
from ownterms.people.selectors import person_packages
from ownterms.people.services import add_package
from ownterms.people.views import actor_of

TAB = "package"
CATEGORY = ConsentCategory.PLANS


@require_GET
@organisation_view
def package(request: HttpRequest, person_id: uuid.UUID) -> HttpResponse:
    actor = actor_of(request)
    access = access_person(actor, person_id, category=CATEGORY, page="person.package")
    org = org_slug(request)
    today = timezone.localdate()
    periods = person_packages(access.person)
    current = next(
        (
            period
            for period in periods
            if period.package.starts_on <= today
            and (period.effective_until is None or period.effective_until > today)
        ),
        None,
    )
    upcoming = [period for period in periods if period.package.starts_on > today]
    return render(
        request,
        "people/package.html",
        {
            **record_header(actor, access, org, current=TAB),
            "current": current,
            "upcoming": upcoming,
            "periods": periods,
            "today": today,
            "can_edit": access.can_write(),
        },
    )


@require_http_methods(["GET", "POST"])
@organisation_view
def package_add(request: HttpRequest, person_id: uuid.UUID) -> HttpResponse:
    actor = actor_of(request)
    access = access_person(actor, person_id, category=CATEGORY, write=True, page="person.package")
    org = org_slug(request)
    back = reverse("people:package", kwargs={"org": org, "person_id": access.person.public_id})
    form = PackageForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            add_package(
                actor=actor, person=access.person, basis=access.basis.value, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The package has been recorded."))
            return redirect(back)
    return render_form_page(
        request,
        form=form,
        header=record_header(actor, access, org, current=TAB),
        title=_("Record a commissioned package"),
        submit=_("Record package"),
        cancel_url=back,
        intro=_(
            "The support commissioned each week. A package from a later date replaces the "
            "one before it from that date; earlier packages are kept."
        ),
    )
