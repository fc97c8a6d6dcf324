"""/api/v1/people: the same access rules as the web pages (people.access, people.selectors)."""

from __future__ import annotations

import uuid

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import HttpRequest
from ninja import Query, Router
from ninja.errors import HttpError

from ownterms.api.auth import actor
from ownterms.api.errors import DjangoFieldErrors
from ownterms.api.routers.paging import Paging, paginate
from ownterms.api.schemas import ErrorOut, Page, PersonDetailOut, PersonOut, PersonUpdate
from ownterms.people.access import access_person
from ownterms.people.models import ConsentCategory, Person
from ownterms.people.selectors import people_visible_to
from ownterms.people.services import EditConflictError, update_person

router = Router(tags=["people"])
ERRORS: dict[int, type[ErrorOut]] = {401: ErrorOut, 404: ErrorOut, 422: ErrorOut}
CATEGORY = ConsentCategory.PROFILE
PAGE = "api.person"


@router.get(
    "", response={200: Page[PersonOut], **ERRORS}, summary="People whose record you may see"
)
def list_people(request: HttpRequest, paging: Query[Paging]) -> dict[str, object]:
    people = people_visible_to(actor(request), CATEGORY).order_by("first_name", "last_name", "pk")
    return paginate(people, paging)


@router.get(
    "/{uuid:public_id}", response={200: PersonDetailOut, **ERRORS}, summary="One person's record"
)
def get_person(request: HttpRequest, public_id: uuid.UUID) -> Person:
    return access_person(actor(request), public_id, category=CATEGORY, page=PAGE).person


@router.patch(
    "/{uuid:public_id}",
    response={200: PersonDetailOut, 403: ErrorOut, 409: ErrorOut, **ERRORS},
    summary="Change a person's core details",
)
def update_person_endpoint(
    request: HttpRequest, public_id: uuid.UUID, payload: PersonUpdate
) -> Person:
    user = actor(request)
    access = access_person(user, public_id, category=CATEGORY, write=True, page=PAGE)
    changes = payload.model_dump(exclude_unset=True)
    expected = changes.pop("updated_at", None)
    for required in (
        "first_name",
        "last_name",
        "home",
        "status",
        "has_communication_needs",
        "housing_provider_is_support_provider",
    ):
        if required in changes and changes[required] is None:
            raise DjangoFieldErrors({required: ["This field cannot be empty."]})
    for text in (
        "preferred_name",
        "communication_summary",
        "address_line_1",
        "address_line_2",
        "town",
        "postcode",
        "tenancy",
        "housing_provider",
    ):
        if text in changes and changes[text] is None:
            changes[text] = ""
    if "communication_formats" in changes and changes["communication_formats"] is None:
        changes["communication_formats"] = []
    try:
        return update_person(
            actor=user,
            person=access.person,
            basis=access.basis.value,
            expected_updated_at=expected,
            **changes,
        )
    except EditConflictError as exc:
        raise HttpError(409, "conflict") from exc
    except DjangoValidationError as exc:
        raise DjangoFieldErrors(exc.message_dict if hasattr(exc, "error_dict") else {}) from exc
