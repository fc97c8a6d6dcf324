"""Availability and leave for the cast, used by these tests, the permission matrix and the
browser suite's page list."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from ownterms.accounts.models import User
from ownterms.leave import services
from ownterms.leave.models import AvailabilityException, LeaveRequest
from ownterms.staff.models import StaffMember
from tests.cast import Cast

OFFICE_HOURS = {day: [(9 * 60, 17 * 60)] for day in range(5)}


def manager(cast: Cast) -> User:
    user = cast.user("manager")
    assert user is not None
    return user


def worker(cast: Cast) -> StaffMember:
    return cast.staff["team_worker"]


def with_pattern(cast: Cast, member: StaffMember | None = None) -> StaffMember:
    member = member or worker(cast)
    services.set_availability_pattern(
        actor=manager(cast),
        staff_member=member,
        effective_from=member.starts_on,
        days=OFFICE_HOURS,
    )
    return member


def an_exception(cast: Cast) -> AvailabilityException:
    return services.add_availability_exception(
        actor=manager(cast),
        staff_member=worker(cast),
        on=timezone.localdate() + dt.timedelta(days=10),
        available=False,
        reason="Hospital appointment",
    )


def a_request(
    cast: Cast,
    *,
    days_ahead: int = 20,
    length: int = 3,
    kind: str = LeaveRequest.Kind.ANNUAL,
    member: StaffMember | None = None,
) -> LeaveRequest:
    """A request of the team worker's (by default), waiting for a decision."""
    member = member or worker(cast)
    first = timezone.localdate() + dt.timedelta(days=days_ahead)
    return services.request_leave(
        actor=member.user,
        staff_member=member,
        kind=kind,
        starts_on=first,
        ends_on=first + dt.timedelta(days=length - 1),
    )


def staff_kwargs(cast: Cast) -> dict[str, object]:
    return {"org": cast.organisation.slug, "staff_id": worker(cast).public_id}


def request_kwargs(cast: Cast) -> dict[str, object]:
    return {**staff_kwargs(cast), "leave_id": a_request(cast).public_id}


def exception_kwargs(cast: Cast) -> dict[str, object]:
    return {**staff_kwargs(cast), "exception_id": an_exception(cast).public_id}
