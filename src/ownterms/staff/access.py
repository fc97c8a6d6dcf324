"""Fetching a staff record for someone. Missing and not allowed both give ``Http404``;
a member of staff may read their own record but not change it (``PermissionDenied``)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.http import Http404

from ownterms.accounts.models import User
from ownterms.people.selectors import roles_of
from ownterms.staff.models import StaffMember
from ownterms.staff.selectors import STAFF_RECORD_ROLES


@dataclass(frozen=True)
class StaffAccess:
    staff_member: StaffMember
    #: "administrator", "manager" or "self".
    basis: str
    can_write: bool


def access_staff_member(
    actor: User | None, public_id: uuid.UUID | str, *, write: bool = False
) -> StaffAccess:
    if actor is None or not actor.is_authenticated or not actor.is_active:
        raise Http404
    try:
        key = public_id if isinstance(public_id, uuid.UUID) else uuid.UUID(str(public_id))
    except (ValueError, TypeError, AttributeError):
        raise Http404 from None
    member = (
        StaffMember.objects.filter(organisation_id=actor.organisation_id, public_id=key)
        .select_related("user")
        .first()
    )
    if member is None:
        raise Http404
    roles = roles_of(actor)
    if roles & STAFF_RECORD_ROLES:
        basis = "administrator" if "administrator" in roles else "manager"
        return StaffAccess(staff_member=member, basis=basis, can_write=True)
    if member.user_id == actor.pk:
        if write:
            raise PermissionDenied
        return StaffAccess(staff_member=member, basis="self", can_write=False)
    raise Http404
