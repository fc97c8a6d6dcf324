"""Reading people, and the one definition of who may see whose record (issue 2 §5).

Every relationship that gives access is a *basis*. ``basis_conditions`` turns the actor's
roles and relationships into one database condition per basis; lists (``people_visible_to``)
filter by their union and ``people.access.access_person`` annotates them on a single row to
name the basis it used, so a page, a list and the API can never disagree.

Dates: a relationship gives access from ``starts_on`` and stops on ``ends_on`` (the day it ends
gives no access, so ending something "today" ends access at once). A consent also stops when
withdrawn.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef, Q, QuerySet
from django.db.models.expressions import Combinable
from django.http import Http404
from django.utils import timezone

from ownterms.accounts.models import OFFICE_ROLES, Role, RoleGrant, User
from ownterms.people.models import (
    CircleMember,
    CommissionedPackage,
    Consent,
    ConsentCategory,
    Person,
)
from ownterms.staff.models import ManagerAssignment, OnCallDuty, StaffMember, TeamMembership


class Basis(StrEnum):
    """Why someone may see a person's record; recorded on every access event."""

    ADMINISTRATOR = "administrator"
    MANAGER = "manager"
    SELF = "self"
    TEAM = "team"
    ON_CALL = "on_call"
    FINANCE = "finance"
    COORDINATOR = "coordinator"
    CIRCLE_CONSENT = "circle_consent"
    PARTNER_GRANT = "partner_grant"


#: When several bases apply, the first one here is the one recorded.
BASIS_PRECEDENCE: tuple[Basis, ...] = tuple(Basis)

ALL_CATEGORIES = frozenset(ConsentCategory)

#: Which categories each basis may read (circle and partners: only what consent allows).
READ_CATEGORIES: Mapping[Basis, frozenset[str]] = {
    Basis.ADMINISTRATOR: ALL_CATEGORIES,
    Basis.MANAGER: ALL_CATEGORIES,
    Basis.SELF: ALL_CATEGORIES,
    Basis.TEAM: ALL_CATEGORIES - {ConsentCategory.MONEY},
    # Out of hours the on-call manager needs everything but the money.
    Basis.ON_CALL: ALL_CATEGORIES - {ConsentCategory.MONEY},
    Basis.FINANCE: frozenset({ConsentCategory.MONEY}),
    # Rota coordinators build everyone's rota: who is coming, nothing else of the record.
    Basis.COORDINATOR: frozenset({ConsentCategory.ROTA}),
    Basis.CIRCLE_CONSENT: ALL_CATEGORIES,
    Basis.PARTNER_GRANT: ALL_CATEGORIES,
}

#: Which bases may change each category. The person can't edit their core record yet.
WRITE_BASES: Mapping[str, frozenset[Basis]] = {
    ConsentCategory.PROFILE: frozenset({Basis.ADMINISTRATOR, Basis.MANAGER}),
    ConsentCategory.ROTA: frozenset({Basis.ADMINISTRATOR, Basis.MANAGER}),
    ConsentCategory.PLANS: frozenset({Basis.ADMINISTRATOR, Basis.MANAGER}),
    ConsentCategory.HEALTH: frozenset({Basis.ADMINISTRATOR, Basis.MANAGER}),
    ConsentCategory.DAILY: frozenset({Basis.ADMINISTRATOR, Basis.MANAGER, Basis.TEAM}),
    ConsentCategory.MONEY: frozenset({Basis.ADMINISTRATOR, Basis.MANAGER, Basis.FINANCE}),
}


def roles_of(user: User) -> frozenset[str]:
    """The roles ``user`` holds (cached on the instance for the request)."""
    cached: frozenset[str] | None = getattr(user, "_ownterms_roles", None)
    if cached is None:
        cached = frozenset(RoleGrant.objects.filter(user=user).values_list("role", flat=True))
        user._ownterms_roles = cached  # type: ignore[attr-defined]
    return cached


def is_office(user: User) -> bool:
    """Whether ``user`` holds an office role (``accounts.models.OFFICE_ROLES``)."""
    return bool(roles_of(user) & OFFICE_ROLES)


def current(today: dt.date, prefix: str = "") -> Q:
    """Started, and not yet ended (``ends_on`` is the first day without access)."""
    return Q(**{f"{prefix}starts_on__lte": today}) & (
        Q(**{f"{prefix}ends_on__isnull": True}) | Q(**{f"{prefix}ends_on__gt": today})
    )


def current_staff_member(user: User, today: dt.date) -> Q:
    """Conditions (from a ``StaffMember`` join prefix) for ``user`` under a current contract."""
    return Q(user=user) & current(today)


def current_consent(today: dt.date, category: str) -> Q:
    return current(today) & Q(withdrawn_at__isnull=True, category=category)


def basis_conditions(
    actor: User, category: str, *, now: dt.datetime | None = None
) -> dict[Basis, Combinable | Q]:
    """For each basis that could let ``actor`` read ``category``, a condition on ``Person``.

    Only bases the actor's roles allow are included; all are scoped to the actor's
    organisation. An empty result means the actor can see no one's ``category``.
    """
    if not actor.is_authenticated or not actor.is_active or category not in ALL_CATEGORIES:
        return {}
    now = now or timezone.now()
    today = timezone.localdate(now)
    roles = roles_of(actor)
    org = actor.organisation_id
    conditions: dict[Basis, Combinable | Q] = {}

    def allowed(basis: Basis) -> bool:
        return category in READ_CATEGORIES[basis]

    if Role.ADMINISTRATOR in roles and allowed(Basis.ADMINISTRATOR):
        conditions[Basis.ADMINISTRATOR] = Q(organisation_id=org)
    my_staff = StaffMember.objects.filter(current(today), organisation_id=org, user=actor)
    if Role.MANAGER in roles and allowed(Basis.MANAGER):
        conditions[Basis.MANAGER] = Exists(
            ManagerAssignment.objects.filter(
                current(today),
                organisation_id=org,
                person=OuterRef("pk"),
                manager__in=my_staff,
            )
        )
    if Role.PERSON in roles and allowed(Basis.SELF):
        conditions[Basis.SELF] = Q(user=actor)
    if allowed(Basis.TEAM):
        conditions[Basis.TEAM] = Exists(
            TeamMembership.objects.filter(
                current(today),
                organisation_id=org,
                person=OuterRef("pk"),
                staff_member__in=my_staff,
                approved_by_person=True,
            )
        )
    if allowed(Basis.ON_CALL):
        on_duty = OnCallDuty.objects.filter(
            organisation_id=org, manager__in=my_staff, starts_at__lte=now, ends_at__gt=now
        )
        # Not tied to the row: any person of the organisation, while the duty lasts.
        conditions[Basis.ON_CALL] = Exists(on_duty) & Q(organisation_id=org)
    if Role.FINANCE in roles and allowed(Basis.FINANCE):
        conditions[Basis.FINANCE] = Q(organisation_id=org)
    if Role.COORDINATOR in roles and allowed(Basis.COORDINATOR):
        conditions[Basis.COORDINATOR] = Q(organisation_id=org)
    for basis, role, professional in (
        (Basis.CIRCLE_CONSENT, Role.CIRCLE, False),
        (Basis.PARTNER_GRANT, Role.PARTNER, True),
    ):
        if role not in roles:
            continue
        kind = Q(circle_member__kind=CircleMember.Kind.PROFESSIONAL)
        consents = Consent.objects.filter(
            current_consent(today, category),
            kind if professional else ~kind,
            organisation_id=org,
            circle_member__person=OuterRef("pk"),
            circle_member__user=actor,
        )
        conditions[basis] = Exists(consents)
    return conditions


def _union(conditions: Mapping[Basis, Combinable | Q]) -> Q:
    combined = Q()
    for condition in conditions.values():
        combined |= condition if isinstance(condition, Q) else Q(condition)
    return combined


def people_visible_to(actor: User, category: str) -> QuerySet[Person]:
    """Everyone whose ``category`` ``actor`` may read, in the actor's organisation only."""
    conditions = basis_conditions(actor, category)
    if not conditions:
        return Person.objects.none()
    return Person.objects.filter(organisation_id=actor.organisation_id).filter(_union(conditions))


def readable_categories(
    actor: User, person_id: uuid.UUID, categories: set[str] | frozenset[str]
) -> set[str]:
    """Which of ``categories`` of the person ``actor`` may read, in one query (for the
    record header's section links, however many sections there are). Records no access."""
    annotations: dict[str, ExpressionWrapper[Q]] = {}
    for category in sorted(categories):
        conditions = basis_conditions(actor, category)
        if conditions:
            annotations[f"can_{category}"] = ExpressionWrapper(
                _union(conditions), output_field=BooleanField()
            )
    if not annotations:
        return set()
    row = (
        Person.objects.filter(organisation_id=actor.organisation_id, public_id=person_id)
        .annotate(**annotations)
        .values(*annotations)
        .first()
    )
    if row is None:
        return set()
    return {name.removeprefix("can_") for name, allowed in row.items() if allowed}


def annotate_bases(
    queryset: QuerySet[Person], conditions: Mapping[Basis, Combinable | Q]
) -> QuerySet[Person]:
    """Adds one boolean ``via_<basis>`` per condition (used by ``access_person``)."""
    return queryset.annotate(
        **{
            f"via_{basis.value}": ExpressionWrapper(
                condition if isinstance(condition, Q) else Q(condition),
                output_field=BooleanField(),
            )
            for basis, condition in conditions.items()
        }
    )


def person_team(person: Person, *, today: dt.date | None = None) -> QuerySet[TeamMembership]:
    """The person's current team, core before relief."""
    today = today or timezone.localdate()
    return (
        TeamMembership.objects.filter(current(today), organisation_id=person.organisation_id)
        .filter(person=person)
        .select_related("staff_member")
        .order_by("kind", "staff_member__first_name", "staff_member__last_name")
    )


def person_managers(person: Person, *, today: dt.date | None = None) -> QuerySet[StaffMember]:
    today = today or timezone.localdate()
    return StaffMember.objects.filter(
        organisation_id=person.organisation_id,
        manager_assignments__in=ManagerAssignment.objects.filter(current(today), person=person),
    ).distinct()


def person_circle(person: Person) -> QuerySet[CircleMember]:
    return (
        CircleMember.objects.filter(organisation_id=person.organisation_id, person=person)
        .prefetch_related("consents")
        .order_by("kind", "name")
    )


def consent_is_current(consent: Consent, today: dt.date | None = None) -> bool:
    today = today or timezone.localdate()
    return (
        consent.withdrawn_at is None
        and consent.starts_on <= today
        and (consent.ends_on is None or consent.ends_on > today)
    )


def consent_state(consent: Consent, today: dt.date | None = None) -> str:
    """``current``, ``future``, ``ended`` or ``withdrawn``."""
    today = today or timezone.localdate()
    if consent.withdrawn_at is not None:
        return "withdrawn"
    if consent.starts_on > today:
        return "future"
    if consent.ends_on is not None and consent.ends_on <= today:
        return "ended"
    return "current"


def circle_member_of(person: Person, member_id: uuid.UUID | str) -> CircleMember:
    """One member of the person's circle; ``Http404`` when it is not theirs."""
    member = (
        CircleMember.objects.filter(person=person, public_id=member_id)
        .select_related("person", "organisation")
        .first()
    )
    if member is None:
        raise Http404
    return member


def consent_of(person: Person, consent_id: uuid.UUID | str) -> Consent:
    """One consent given to a member of the person's circle; ``Http404`` otherwise."""
    consent = (
        Consent.objects.filter(circle_member__person=person, public_id=consent_id)
        .select_related("circle_member__person", "organisation")
        .first()
    )
    if consent is None:
        raise Http404
    return consent


@dataclass(frozen=True)
class PackagePeriod:
    package: CommissionedPackage
    #: The first day it no longer applies: its own end, or the start of the next package.
    effective_until: dt.date | None
    superseded: bool


def person_packages(person: Person) -> list[PackagePeriod]:
    """Every package recorded for the person, newest first, with when each stopped applying."""
    packages = list(
        CommissionedPackage.objects.filter(
            organisation_id=person.organisation_id, person=person
        ).order_by("-starts_on")
    )
    periods: list[PackagePeriod] = []
    next_start: dt.date | None = None
    for package in packages:
        until = package.ends_on
        superseded = False
        if next_start is not None and (until is None or next_start < until):
            until, superseded = next_start, True
        periods.append(PackagePeriod(package=package, effective_until=until, superseded=superseded))
        next_start = package.starts_on
    return periods


def package_on(person: Person, day: dt.date) -> CommissionedPackage | None:
    """The package that applies to ``person`` on ``day`` (the latest to have started, unless
    it had ended by then), or ``None``."""
    package = (
        CommissionedPackage.objects.filter(person=person, starts_on__lte=day)
        .order_by("-starts_on")
        .first()
    )
    if package is None or (package.ends_on is not None and package.ends_on <= day):
        return None
    return package
