"""/api/v1/exports: the subject access export as JSON, for those who may change the person's
profile (as the button on the person page). Audited like the button: a view and a change."""

from __future__ import annotations

import json
import uuid
from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import Router

from ownterms.api.auth import actor
from ownterms.api.errors import envelope
from ownterms.api.schemas import ErrorOut
from ownterms.exports.selectors import ExportTooLargeError
from ownterms.exports.services import export_person
from ownterms.people.access import access_person
from ownterms.people.models import ConsentCategory

router = Router(tags=["exports"])
ERRORS: dict[int, type[ErrorOut]] = {
    401: ErrorOut,
    403: ErrorOut,
    404: ErrorOut,
    413: ErrorOut,
    422: ErrorOut,
}


@router.post(
    "/people/{uuid:public_id}",
    response={200: dict[str, Any], **ERRORS},
    summary="Everything held about one person (subject access), as record.json",
)
def export_person_record(
    request: HttpRequest, public_id: uuid.UUID
) -> dict[str, Any] | HttpResponse:
    user = actor(request)
    access = access_person(
        user, public_id, category=ConsentCategory.PROFILE, write=True, page="api.person.export"
    )
    try:
        export = export_person(
            actor=user, person=access.person, basis=access.basis.value, with_pdf=False
        )
    except ExportTooLargeError as error:
        return envelope(413, code="export_too_large", message=str(error))
    record: dict[str, Any] = json.loads(export.record_json)
    return record
