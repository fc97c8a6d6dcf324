"""The subject access export button: a POST that answers with the ZIP to download."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from ownterms.core.scoping import org_slug, organisation_view
from ownterms.exports.selectors import ExportTooLargeError
from ownterms.exports.services import export_person
from ownterms.people.access import access_person
from ownterms.people.models import ConsentCategory
from ownterms.people.views import actor_of


@require_POST
@organisation_view
def export_record(request: HttpRequest, person_id: uuid.UUID) -> HttpResponse:
    """For those who may change the person's profile (their managers and administrators)."""
    actor = actor_of(request)
    access = access_person(
        actor, person_id, category=ConsentCategory.PROFILE, write=True, page="person.export"
    )
    try:
        export = export_person(actor=actor, person=access.person, basis=access.basis.value)
    except ExportTooLargeError as error:
        messages.error(request, str(error))
        org = org_slug(request)
        return redirect("people:detail", org=org, person_id=access.person.public_id)
    response = HttpResponse(export.zip_bytes(), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{export.file_stem}.zip"'
    response["Cache-Control"] = "no-store"
    return response
