"""Reading the audit trail."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils import timezone

from ownterms.accounts.models import Role, RoleGrant, User
from ownterms.audit.models import AuditEvent

#: Who may search the audit trail: administrators (everything in their organisation) and
#: managers (events about the people they manage now).
AUDIT_ROLES = frozenset({Role.ADMINISTRATOR, Role.MANAGER})


def audit_roles_of(user: User) -> frozenset[str]:
    return frozenset(
        RoleGrant.objects.filter(user=user, role__in=AUDIT_ROLES).values_list("role", flat=True)
    )


def events_visible_to(actor: User) -> QuerySet[AuditEvent]:
    if not actor.is_active:
        return AuditEvent.objects.none()
    roles = audit_roles_of(actor)
    mine = AuditEvent.objects.filter(organisation_id=actor.organisation_id)
    if Role.ADMINISTRATOR in roles:
        return mine
    if Role.MANAGER in roles:
        today = timezone.localdate()
        # ``person.managers`` is staff.ManagerAssignment (audit sits below staff: no import).
        managed = Q(
            person__managers__manager__user=actor,
            person__managers__starts_on__lte=today,
        ) & (Q(person__managers__ends_on__isnull=True) | Q(person__managers__ends_on__gt=today))
        return mine.filter(pk__in=mine.filter(managed).values("pk"))
    return AuditEvent.objects.none()


@dataclass(frozen=True)
class EventSearch:
    person: str = ""
    user: str = ""
    action: str = ""
    kind: str = ""
    date_from: dt.date | None = None
    date_to: dt.date | None = None


def search_events(actor: User, search: EventSearch) -> QuerySet[AuditEvent]:
    events = events_visible_to(actor).select_related("person", "actor")
    if search.person:
        term = search.person.strip()
        events = events.filter(
            Q(person__first_name__icontains=term)
            | Q(person__last_name__icontains=term)
            | Q(person__preferred_name__icontains=term)
            | Q(object_id=term)
        )
    if search.user:
        term = search.user.strip()
        events = events.filter(
            Q(actor_label__icontains=term)
            | Q(actor__email__icontains=term)
            | Q(actor__display_name__icontains=term)
        )
    if search.action:
        events = events.filter(action__istartswith=search.action.strip())
    if search.kind:
        events = events.filter(kind=search.kind)
    zone = timezone.get_current_timezone()
    if search.date_from:
        start = dt.datetime.combine(search.date_from, dt.time.min, tzinfo=zone)
        events = events.filter(occurred_at__gte=start)
    if search.date_to:
        end = dt.datetime.combine(search.date_to + dt.timedelta(days=1), dt.time.min, tzinfo=zone)
        events = events.filter(occurred_at__lt=end)
    return events.order_by("-occurred_at", "-id")


def actions_in(organisation_id: int) -> list[str]:
    return sorted(
        set(
            AuditEvent.objects.filter(organisation_id=organisation_id)
            .values_list("action", flat=True)
            .distinct()
        )
    )


def views_of_person(*, organisation_id: int, person_id: int) -> QuerySet[AuditEvent]:
    """Every recorded view of the person's record, newest first."""
    return (
        AuditEvent.objects.filter(
            organisation_id=organisation_id, person_id=person_id, kind=AuditEvent.Kind.ACCESS
        )
        .select_related("actor")
        .order_by("-occurred_at", "-id")
    )
