"""/api/v1 for outcome reports: a person's record as a FHIR R4 bundle (as the download, with
the same access and audit), and the regulator's evidence pack (administrators and managers)."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema
from ninja.errors import ValidationError

from ownterms.api.auth import actor
from ownterms.api.schemas import ErrorOut
from ownterms.core.selectors import zone_of
from ownterms.outcomes.access import require_report_reader
from ownterms.outcomes.forms.evidence import default_period, period_errors
from ownterms.outcomes.selectors.evidence import as_mapping, evidence_pack
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


class EvidenceQuery(Schema):
    starts_on: dt.date | None = Field(None, description="First day; default: 11 months ago, 1st")
    ends_on: dt.date | None = Field(None, description="Last day, included; default: today")


@router.get(
    "/outcomes/evidence",
    response={200: dict[str, Any], **ERRORS},
    summary="The regulator's evidence pack for a period (anonymised counts, with evidence links)",
)
def outcomes_evidence_pack(request: HttpRequest, query: Query[EvidenceQuery]) -> dict[str, Any]:
    user = actor(request)
    require_report_reader(user)
    today = timezone.localtime(timezone.now(), zone_of(user.organisation)).date()
    first, last = default_period(today)
    first, last = query.starts_on or first, query.ends_on or last
    # Checked after access, so that only report readers learn what the endpoint accepts.
    errors = period_errors(first, last, today)
    if errors:
        raise ValidationError(
            [{"loc": ("query", name), "msg": message, "type": "value"}
             for name, message in errors.items()]
        )  # fmt: skip
    return dict(as_mapping(evidence_pack(user.organisation, first, last)))
