"""/api/v1/staff: the same access rules as the web pages (staff.access, staff.selectors)."""

from __future__ import annotations

import uuid

from django.http import HttpRequest
from ninja import Query, Router

from ownterms.api.auth import actor
from ownterms.api.routers.paging import Paging, paginate
from ownterms.api.schemas import ErrorOut, Page, StaffDetailOut, StaffOut
from ownterms.staff.access import access_staff_member
from ownterms.staff.models import StaffMember
from ownterms.staff.selectors import staff_list

router = Router(tags=["staff"])
ERRORS: dict[int, type[ErrorOut]] = {401: ErrorOut, 404: ErrorOut, 422: ErrorOut}


@router.get("", response={200: Page[StaffOut], **ERRORS}, summary="Staff members you may see")
def list_staff(request: HttpRequest, paging: Query[Paging]) -> dict[str, object]:
    return paginate(staff_list(actor(request)), paging)


@router.get(
    "/{uuid:public_id}", response={200: StaffDetailOut, **ERRORS}, summary="One staff member"
)
def get_staff_member(request: HttpRequest, public_id: uuid.UUID) -> StaffMember:
    return access_staff_member(actor(request), public_id).staff_member
