"""/api/v1/packages: a person's commissioned support, effective-dated (read: ``plans``;
record: managers and administrators), through the same services as the pages."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Literal

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Router, Schema, Status

from ownterms.api.auth import actor
from ownterms.api.routers.record_errors import field_errors
from ownterms.api.schemas import ErrorOut, Strict
from ownterms.people.access import access_person
from ownterms.people.models import CommissionedPackage, ConsentCategory
from ownterms.people.selectors import PackagePeriod, person_packages
from ownterms.people.services import add_package

router = Router(tags=["packages"])
ERRORS: dict[int, type[ErrorOut]] = {401: ErrorOut, 404: ErrorOut, 422: ErrorOut}
CATEGORY = ConsentCategory.PLANS
PAGE = "api.package"
MINUTES_IN_A_WEEK = 7 * 24 * 60


class PackageOut(Schema):
    public_id: uuid.UUID
    starts_on: dt.date
    review_on: dt.date
    ends_on: dt.date | None
    #: The first day it no longer applies (its end, or the start of the next package).
    effective_until: dt.date | None
    superseded: bool
    current: bool
    funder_name: str
    funder_kind: str
    reference: str
    day_minutes: int
    two_to_one_minutes: int
    waking_night_minutes: int
    sleep_in_nights: int


class PackageIn(Strict):
    starts_on: dt.date
    review_on: dt.date
    ends_on: dt.date | None = None
    funder_name: str = Field(min_length=1, max_length=150, strict=True)
    funder_kind: Literal["council", "icb", "joint", "education", "self"]
    reference: str = Field("", max_length=100, strict=True)
    day_minutes: int = Field(0, ge=0, le=MINUTES_IN_A_WEEK, strict=True)
    two_to_one_minutes: int = Field(0, ge=0, le=MINUTES_IN_A_WEEK, strict=True)
    waking_night_minutes: int = Field(0, ge=0, le=MINUTES_IN_A_WEEK, strict=True)
    sleep_in_nights: int = Field(0, ge=0, le=7, strict=True)


def _out(period: PackagePeriod, today: dt.date) -> dict[str, object]:
    package = period.package
    return {
        "public_id": package.public_id,
        "starts_on": package.starts_on,
        "review_on": package.review_on,
        "ends_on": package.ends_on,
        "effective_until": period.effective_until,
        "superseded": period.superseded,
        "current": package.starts_on <= today
        and (period.effective_until is None or period.effective_until > today),
        "funder_name": package.funder_name,
        "funder_kind": package.funder_kind,
        "reference": package.reference,
        "day_minutes": package.day_minutes,
        "two_to_one_minutes": package.two_to_one_minutes,
        "waking_night_minutes": package.waking_night_minutes,
        "sleep_in_nights": package.sleep_in_nights,
    }


@router.get(
    "/{uuid:person_id}",
    response={200: list[PackageOut], **ERRORS},
    summary="Every commissioned package of a person, newest first",
)
def list_packages(request: HttpRequest, person_id: uuid.UUID) -> list[dict[str, object]]:
    access = access_person(actor(request), person_id, category=CATEGORY, page=PAGE)
    today = timezone.localdate()
    return [_out(period, today) for period in person_packages(access.person)]


@router.post(
    "/{uuid:person_id}",
    response={201: PackageOut, 403: ErrorOut, **ERRORS},
    summary="Record a package from a date (it supersedes the previous one from then)",
)
def add_package_endpoint(
    request: HttpRequest, person_id: uuid.UUID, payload: PackageIn
) -> Status[dict[str, object]]:
    user = actor(request)
    access = access_person(user, person_id, category=CATEGORY, write=True, page=PAGE)
    try:
        package: CommissionedPackage = add_package(
            actor=user, person=access.person, basis=access.basis.value, **payload.model_dump()
        )
    except DjangoValidationError as exc:
        raise field_errors(exc) from exc
    today = timezone.localdate()
    period = next(p for p in person_packages(access.person) if p.package.pk == package.pk)
    return Status(201, _out(period, today))
