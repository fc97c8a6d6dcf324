"""Reading staff records, and who may see them: administrators and managers see every member
of staff of their organisation; a member of staff sees their own record."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q, QuerySet
from django.utils import timezone

from ownterms.accounts.models import Role, User
from ownterms.people.selectors import current, roles_of
from ownterms.staff.models import OnCallDuty, StaffMember, TeamMembership

#: Roles that see (and change) every staff record of their organisation.
STAFF_RECORD_ROLES = frozenset({Role.ADMINISTRATOR, Role.MANAGER})


def staff_visible_to(actor: User) -> QuerySet[StaffMember]:
    if not actor.is_authenticated or not actor.is_active:
        return StaffMember.objects.none()
    mine = StaffMember.objects.filter(organisation_id=actor.organisation_id)
    if roles_of(actor) & STAFF_RECORD_ROLES:
        return mine
    return mine.filter(user=actor)


def staff_list(actor: User) -> QuerySet[StaffMember]:
    return staff_visible_to(actor).order_by("first_name", "last_name", "pk")


def staff_member_of(user: User) -> StaffMember | None:
    return StaffMember.objects.filter(organisation_id=user.organisation_id, user=user).first()


def staff_teams(
    staff_member: StaffMember, *, today: dt.date | None = None
) -> QuerySet[TeamMembership]:
    """The teams this member of staff is in now (people they support)."""
    today = today or timezone.localdate()
    return (
        TeamMembership.objects.filter(current(today))
        .filter(organisation_id=staff_member.organisation_id, staff_member=staff_member)
        .select_related("person")
        .order_by("person__first_name", "person__last_name")
    )


def on_call_now(organisation_id: int, *, now: dt.datetime | None = None) -> QuerySet[OnCallDuty]:
    """Who is on call now (anyone in the organisation may see this)."""
    now = now or timezone.now()
    return (
        OnCallDuty.objects.filter(organisation_id=organisation_id)
        .filter(Q(starts_at__lte=now) & Q(ends_at__gt=now))
        .select_related("manager")
        .order_by("starts_at")
    )
