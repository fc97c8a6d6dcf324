"""/api/v1 for outcome reports: a person's record as a FHIR R4 bundle (as the download, with
the same access and audit), and the regulator's evidence pack (administrators and managers)."""

from __future__ import annotations

import uuid
from typing import Any

from django.http import HttpRequest
from ninja import Router

from ownterms.api.auth import actor
from ownterms.api.schemas import ErrorOut
from ownterms.outcomes.services.fhir_export import access_for_export, export_bundle

router = Router(tags=["outcomes: reports"])
ERRORS: dict[int, type[ErrorOut]] = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


@router.get(
    "/people/{uuid:public_id}/fhir",
    response={200: dict[str, Any], **ERRORS},
    summary="A person's record as a FHIR R4 Bundle (collection), with what the caller may read",
)
def outcomes_fhir_bundle(request: HttpRequest, public_id: uuid.UUID) -> dict[str, Any]:
    user = actor(request)
    access = access_for_export(user, public_id, page="api.outcomes.fhir")
    return export_bundle(actor=user, access=access)
