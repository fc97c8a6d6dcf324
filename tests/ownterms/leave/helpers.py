"""Availability and leave for the cast, used by these tests, the permission matrix and the
browser suite's page list."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable

from django.urls import reverse
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


def api_staff_kwargs(cast: Cast) -> dict[str, object]:
    return {"staff_id": worker(cast).public_id}


def api_cancelled_kwargs(cast: Cast) -> dict[str, object]:
    """A leave nobody can decide or cancel any more: managers get 422, the worker 403."""
    leave = services.cancel_leave(actor=manager(cast), leave=a_request(cast))
    return {"leave_id": leave.public_id}


def random_exception_kwargs(cast: Cast) -> dict[str, object]:
    return {**staff_kwargs(cast), "exception_id": uuid.uuid4()}


def ensure_page_data(cast: Cast) -> None:
    """Enough for every leave page to show something (idempotent: the browser suite calls it
    for each page it visits)."""
    member = worker(cast)
    if member.availability_patterns.exists():
        return
    with_pattern(cast)
    an_exception(cast)
    services.add_availability_exception(
        actor=manager(cast),
        staff_member=member,
        on=timezone.localdate() - dt.timedelta(days=2),
        available=True,
        start_minute=18 * 60,
        end_minute=22 * 60,
        reason="Covered an evening",
    )
    a_request(cast, days_ahead=20)
    services.approve_leave(actor=manager(cast), leave=a_request(cast, days_ahead=40))
    services.request_leave(
        actor=manager(cast),
        staff_member=cast.staff["outside_worker"],
        kind=LeaveRequest.Kind.SICKNESS,
        starts_on=timezone.localdate(),
        ends_on=timezone.localdate(),
        approve=True,
    )


def page_url(name: str, **extra: object) -> Callable[[Cast], str]:
    """A leave page of the team worker's, with the page data in place."""

    def build(cast: Cast) -> str:
        ensure_page_data(cast)
        kwargs: dict[str, object] = {"org": cast.organisation.slug}
        if name != "leave:organisation":
            kwargs["staff_id"] = worker(cast).public_id
        for key, value in extra.items():
            kwargs[key] = value(cast) if callable(value) else value
        return reverse(name, kwargs=kwargs)

    return build


def waiting_leave_id(cast: Cast) -> object:
    leave = LeaveRequest.objects.filter(
        staff_member=worker(cast), status=LeaveRequest.Status.REQUESTED
    ).first()
    return (leave or a_request(cast, days_ahead=80)).public_id


def an_exception_id(cast: Cast) -> object:
    existing = AvailabilityException.objects.filter(staff_member=worker(cast)).first()
    return (existing or an_exception(cast)).public_id
