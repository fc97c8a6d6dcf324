"""Rows for the delivered-support tests, the permission matrix and the browser page list: a
worked shift of the cast's person, an open offer, and a worker who is always available."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from ownterms.accounts.models import User
from ownterms.leave import services as leave_services
from ownterms.rota.models import Assignment, OpenShift, Shift, ShiftKind
from ownterms.staff.models import StaffMember
from tests.cast import Cast
from tests.ownterms.rota.factories import assign, shift

ANY_TIME = {day: [(0, 24 * 60)] for day in range(7)}


def user(cast: Cast, name: str) -> User:
    found = cast.user(name)
    assert found is not None
    return found


def always_available(cast: Cast, member: StaffMember) -> StaffMember:
    leave_services.set_availability_pattern(
        actor=user(cast, "manager"),
        staff_member=member,
        effective_from=member.starts_on,
        days=ANY_TIME,
    )
    return member


def past_shift(
    cast: Cast,
    *,
    days_ago: int = 2,
    start_hour: int = 9,
    hours: int = 6,
    kind: str = ShiftKind.DAY,
    headcount: int = 1,
    worker: str = "team_worker",
) -> Shift:
    """A shift of the cast's person that has ended, with ``worker`` on it."""
    row = shift(
        cast.person,
        timezone.localdate() - dt.timedelta(days=days_ago),
        start_hour,
        hours,
        kind=kind,
        headcount=headcount,
    )
    assign(row, cast.staff[worker])
    return row


def future_shift(cast: Cast, *, days_ahead: int = 3, headcount: int = 1) -> Shift:
    """A shift of the cast's person still to come, with nobody on it."""
    return shift(
        cast.person, timezone.localdate() + dt.timedelta(days=days_ahead), 9, 6, headcount=headcount
    )


def open_offer(cast: Cast, *, days_ahead: int = 3) -> OpenShift:
    """An open offer of a future shift; the team worker is always available, so eligible."""
    always_available(cast, cast.staff["team_worker"])
    row = future_shift(cast, days_ahead=days_ahead)
    return OpenShift.objects.create(
        organisation=cast.organisation, shift=row, created_by=user(cast, "manager")
    )


def worked_shift_id(cast: Cast) -> object:
    return past_shift(cast).public_id


def offerable_shift_id(cast: Cast) -> object:
    return future_shift(cast).public_id


def open_offer_id(cast: Cast) -> object:
    return open_offer(cast).public_id


def live(shift_row: Shift) -> list[StaffMember]:
    return [a.staff_member for a in Assignment.objects.filter(shift=shift_row)]


def worked_sleep_in_id(cast: Cast) -> object:
    """A sleep-in three nights ago, confirmed with one disturbance (for the browser suite)."""
    from ownterms.rota.models import Delivery, Disturbance

    row = past_shift(cast, days_ago=3, start_hour=22, hours=9, kind=ShiftKind.SLEEP_IN)
    delivery = Delivery.objects.create(
        organisation=cast.organisation,
        shift=row,
        staff_member=cast.staff["team_worker"],
        started_at=row.starts_at,
        ended_at=row.ends_at,
    )
    Disturbance.objects.create(
        delivery=delivery,
        started_at=row.starts_at + dt.timedelta(hours=2),
        ended_at=row.starts_at + dt.timedelta(hours=2, minutes=20),
        reason="Woke up",
    )
    return row.public_id


def last_month_worked(cast: Cast) -> None:
    """Shifts worked (and one not confirmed) in the previous calendar month."""
    from ownterms.rota.models import Delivery

    first = timezone.localdate().replace(day=1) - dt.timedelta(days=1)
    for offset, kind, hours, start in (
        (3, ShiftKind.DAY, 6, 9),
        (5, ShiftKind.WAKING_NIGHT, 10, 22),
        (8, ShiftKind.DAY, 4, 10),
    ):
        row = shift(cast.person, first.replace(day=offset), start, hours, kind=kind)
        assign(row, cast.staff["team_worker"])
        if offset != 8:
            Delivery.objects.create(
                organisation=cast.organisation,
                shift=row,
                staff_member=cast.staff["team_worker"],
                started_at=row.starts_at,
                ended_at=row.ends_at,
            )
