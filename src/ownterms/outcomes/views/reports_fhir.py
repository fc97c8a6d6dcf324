"""A person's record as a FHIR R4 bundle: the page saying what it will hold, and the download."""

from __future__ import annotations

import json
import uuid

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from ownterms.core.scoping import org_slug, organisation_view
from ownterms.outcomes.services.fhir_export import (
    access_for_export,
    categories_for,
    export_bundle,
)
from ownterms.people.models import ConsentCategory
from ownterms.people.record_tabs import record_header
from ownterms.people.views import actor_of

FHIR_JSON = "application/fhir+json"


@require_GET
@organisation_view
def fhir_export(request: HttpRequest, person_id: uuid.UUID) -> HttpResponse:
    actor = actor_of(request)
    access = access_for_export(actor, person_id, page="outcomes.fhir")
    categories = categories_for(actor, access)
    return render(
        request,
        "outcomes/reports/fhir.html",
        {
            **record_header(actor, access, org_slug(request), current="outcomes"),
            "plans": ConsentCategory.PLANS in categories,
            "health": ConsentCategory.HEALTH in categories,
        },
    )


@require_GET
@organisation_view
def fhir_bundle(request: HttpRequest, person_id: uuid.UUID) -> HttpResponse:
    actor = actor_of(request)
    access = access_for_export(actor, person_id, page="outcomes.fhir.bundle")
    bundle = export_bundle(actor=actor, access=access)
    content = json.dumps(bundle, ensure_ascii=False, indent=2).encode("utf-8")
    response = HttpResponse(content, content_type=f"{FHIR_JSON}; charset=utf-8")
    stem = f"fhir-{access.person.public_id}-{timezone.localdate():%Y-%m-%d}"
    response["Content-Disposition"] = f'attachment; filename="{stem}.json"'
    response["Cache-Control"] = "private, no-store"
    return response
