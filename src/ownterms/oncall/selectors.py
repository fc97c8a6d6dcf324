"""Reading the on-call rota, who is on call now, and the call log."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from ownterms.accounts.models import Role, RoleGrant, User
from ownterms.core.models import Organisation
from ownterms.core.selectors import zone_of
from ownterms.leave.selectors import off_between
from ownterms.oncall.access import NOT_STAFF_ROLES
from ownterms.oncall.models import CallLog, OnCallNumbers
from ownterms.oncall.planning import Candidate, History, Kind, kind_of
from ownterms.people.models import ConsentCategory
from ownterms.people.selectors import current, people_visible_to
from ownterms.staff.models import OnCallDuty, StaffMember


def numbers_of(organisation_id: int) -> OnCallNumbers:
    """The organisation's numbers (an unsaved blank row when none were ever set)."""
    found = OnCallNumbers.objects.filter(organisation_id=organisation_id).first()
    return found or OnCallNumbers(organisation_id=organisation_id)


def duties_between(
    organisation_id: int, start: dt.datetime, end: dt.datetime
) -> QuerySet[OnCallDuty]:
    """Duties overlapping ``start``..``end``, in time order, with their manager."""
    return (
        OnCallDuty.objects.filter(
            organisation_id=organisation_id, starts_at__lt=end, ends_at__gt=start
        )
        .select_related("manager")
        .order_by("starts_at", "pk")
    )


def on_call_managers(organisation_id: int, today: dt.date) -> QuerySet[StaffMember]:
    """Current staff who hold the manager role: who can be on call and own follow-ups."""
    return (
        StaffMember.objects.filter(current(today), organisation_id=organisation_id)
        .filter(Exists(RoleGrant.objects.filter(user_id=OuterRef("user_id"), role=Role.MANAGER)))
        .order_by("first_name", "last_name", "pk")
    )


def year_history(organisation: Organisation, years: Iterable[int]) -> History:
    """Each manager's weekends and weekday nights in ``years`` (for the fair round-robin)."""
    zone = zone_of(organisation)
    wanted = sorted(set(years))
    start = dt.datetime(wanted[0], 1, 1, tzinfo=zone)
    end = dt.datetime(wanted[-1] + 1, 1, 1, tzinfo=zone)
    history = History()
    for duty in OnCallDuty.objects.filter(
        organisation_id=organisation.pk, starts_at__lt=end, ends_at__gt=start
    ).only("manager_id", "starts_at", "ends_at"):
        kind = kind_of(duty.starts_at, duty.ends_at, zone)
        if kind is not None:
            history.add(kind, duty.manager_id, duty.starts_at.astimezone(zone))
    return history


def weekends_this_year(organisation: Organisation, today: dt.date) -> list[tuple[StaffMember, int]]:
    """Weekends on call per current manager this calendar year (past and planned), most first."""
    history = year_history(organisation, [today.year])
    managers = list(on_call_managers(organisation.pk, today))
    counts = Counter({m.pk: history.count(Kind.WEEKEND, m.pk, today.year) for m in managers})
    return sorted(((m, counts[m.pk]) for m in managers), key=lambda row: (-row[1], row[0].name))


def candidates(
    organisation: Organisation, members: Iterable[StaffMember], first: dt.date, last: dt.date
) -> list[Candidate]:
    """The chosen managers with the days they can't be on call (approved leave, outside their
    contract) between ``first`` and ``last``."""
    members = list(members)
    off: dict[int, set[dt.date]] = {m.pk: set() for m in members}
    for leave in off_between(organisation.pk, first, last).filter(staff_member__in=members):
        day = max(leave.starts_on, first)
        while day <= min(leave.ends_on, last):
            off[leave.staff_member_id].add(day)
            day += dt.timedelta(days=1)
    result = []
    for member in members:
        day = first
        while day <= last:
            if day < member.starts_on or (member.ends_on is not None and day >= member.ends_on):
                off[member.pk].add(day)
            day += dt.timedelta(days=1)
        result.append(Candidate(member.pk, member.name, frozenset(off[member.pk])))
    return result


# Who is on call now ----------------------------------------------------------------------


def tel(phone: str) -> str:
    """A ``tel:`` target: the digits, with a leading + kept."""
    digits = "".join(ch for ch in phone if ch.isdigit())
    return f"+{digits}" if phone.strip().startswith("+") else digits


@dataclass(frozen=True)
class OnCallNow:
    name: str
    phone: str
    ends_at: dt.datetime

    @property
    def tel(self) -> str:
        return tel(self.phone)


@dataclass(frozen=True)
class Banner:
    """What the banner on every page says; ``show`` is False for users who are not staff."""

    show: bool
    on_call: OnCallNow | None = None
    office_phone: str = ""

    @property
    def office_tel(self) -> str:
        return tel(self.office_phone)


def banner_for(user: User, *, now: dt.datetime | None = None) -> Banner:
    """Who is on call now, the phones, and whether ``user`` is staff: in ONE query."""
    now = now or timezone.now()
    duty = OnCallDuty.objects.filter(
        organisation_id=OuterRef("pk"), starts_at__lte=now, ends_at__gt=now
    ).order_by("starts_at", "pk")
    phones = OnCallNumbers.objects.filter(organisation_id=OuterRef("pk"))
    row = (
        Organisation.objects.filter(pk=user.organisation_id)
        .annotate(
            is_staff_user=Exists(
                RoleGrant.objects.filter(user_id=user.pk).filter(~Q(role__in=NOT_STAFF_ROLES))
            ),
            first=Subquery(duty.values("manager__first_name")[:1]),
            last=Subquery(duty.values("manager__last_name")[:1]),
            ends_at=Subquery(duty.values("ends_at")[:1]),
            on_call_phone=Subquery(phones.values("on_call_phone")[:1]),
            office_phone=Subquery(phones.values("office_phone")[:1]),
        )
        .values("is_staff_user", "first", "last", "ends_at", "on_call_phone", "office_phone")
        .first()
    )
    if row is None or not row["is_staff_user"]:
        return Banner(show=False)
    on_call = None
    if row["first"] is not None:
        on_call = OnCallNow(
            name=f"{row['first']} {row['last']}".strip(),
            phone=row["on_call_phone"] or "",
            ends_at=row["ends_at"],
        )
    return Banner(show=True, on_call=on_call, office_phone=row["office_phone"] or "")


# The call log ----------------------------------------------------------------------------


def calls_of(organisation_id: int, *, open_only: bool = False) -> QuerySet[CallLog]:
    """Calls, newest first; with ``open_only`` just those whose follow-up is still open."""
    calls = CallLog.objects.filter(organisation_id=organisation_id)
    if open_only:
        calls = calls.filter(follow_up_needed=True, follow_up_done_at__isnull=True)
    return calls.select_related("taken_by", "person", "follow_up_owner").order_by(
        "-received_at", "-pk"
    )


def open_follow_ups(organisation_id: int) -> QuerySet[CallLog]:
    """Open follow-ups, the earliest due first."""
    return calls_of(organisation_id, open_only=True).order_by("follow_up_due", "received_at", "pk")


def daily_readable_ids(actor: User) -> frozenset[int]:
    """Ids of the people whose daily notes ``actor`` may read (one query, no access recorded):
    call details about anyone else stay hidden."""
    return frozenset(people_visible_to(actor, ConsentCategory.DAILY).values_list("pk", flat=True))
