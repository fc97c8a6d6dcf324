"""Who may see and change availability and leave.

It follows the staff record (``staff.access.access_staff_member``): administrators and managers
see and change everyone's, and decide leave; a member of staff sees their own, requests their
own leave (not sickness: a manager records that) and cancels their own leave before it starts.
Anyone else gets the same 404 as for a missing record.
"""

from __future__ import annotations

import datetime as dt
import uuid

from django.core.exceptions import PermissionDenied
from django.http import Http404

from ownterms.accounts.models import User
from ownterms.leave.models import AvailabilityException, LeaveRequest
from ownterms.people.selectors import roles_of
from ownterms.staff.access import StaffAccess, access_staff_member
from ownterms.staff.selectors import STAFF_RECORD_ROLES

#: Kinds a worker may ask for themself.
SELF_KINDS = tuple(kind for kind in LeaveRequest.Kind if kind != LeaveRequest.Kind.SICKNESS)


def sees_everyone(actor: User | None) -> bool:
    if actor is None or not actor.is_authenticated or not actor.is_active:
        return False
    return bool(roles_of(actor) & STAFF_RECORD_ROLES)


def access_staff_leave(
    actor: User | None, staff_id: uuid.UUID | str, *, write: bool = False
) -> StaffAccess:
    return access_staff_member(actor, staff_id, write=write)


def may_request(access: StaffAccess, kind: str) -> bool:
    return access.can_write or (access.basis == "self" and kind in SELF_KINDS)


def may_cancel(access: StaffAccess, leave: LeaveRequest, today: dt.date) -> bool:
    """Managers may (the service then refuses leave that is no longer active); a worker may
    cancel their own active leave before its first day."""
    if access.can_write:
        return True
    return access.basis == "self" and leave.is_active and leave.starts_on > today


def access_leave_request(
    actor: User | None, staff_id: uuid.UUID, leave_id: uuid.UUID | str, *, write: bool = False
) -> tuple[StaffAccess, LeaveRequest]:
    """The leave, if it belongs to that member of staff and the actor may see it."""
    access = access_staff_member(actor, staff_id, write=write)
    try:
        key = leave_id if isinstance(leave_id, uuid.UUID) else uuid.UUID(str(leave_id))
    except (ValueError, TypeError, AttributeError):
        raise Http404 from None
    leave = (
        LeaveRequest.objects.filter(staff_member=access.staff_member, public_id=key)
        .select_related("staff_member", "staff_member__organisation")
        .first()
    )
    if leave is None:
        raise Http404
    return access, leave


def access_leave_by_id(
    actor: User | None, leave_id: uuid.UUID | str, *, write: bool = False
) -> tuple[StaffAccess, LeaveRequest]:
    """The leave by its own id (for the API), with the same rules."""
    if actor is None or not actor.is_authenticated:
        raise Http404
    try:
        key = leave_id if isinstance(leave_id, uuid.UUID) else uuid.UUID(str(leave_id))
    except (ValueError, TypeError, AttributeError):
        raise Http404 from None
    leave = (
        LeaveRequest.objects.filter(organisation_id=actor.organisation_id, public_id=key)
        .select_related("staff_member")
        .first()
    )
    if leave is None:
        raise Http404
    return access_leave_request(actor, leave.staff_member.public_id, key, write=write)


def access_exception(
    actor: User | None, staff_id: uuid.UUID, exception_id: uuid.UUID
) -> AvailabilityException:
    access = access_staff_member(actor, staff_id, write=True)
    exception = AvailabilityException.objects.filter(
        staff_member=access.staff_member, public_id=exception_id
    ).first()
    if exception is None:
        raise Http404
    return exception


def require_cancel(access: StaffAccess, leave: LeaveRequest, today: dt.date) -> None:
    """Raises 403 when the actor may see the leave but not cancel it."""
    if not may_cancel(access, leave, today):
        raise PermissionDenied
