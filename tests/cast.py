"""The fixed cast of issue 2 §5, shared by every test that checks who may do what.

``build_cast()`` creates two organisations and, in the first, the person at the centre
(``cast.person``) with everyone who has (or has lost, or never had) a relationship with them.
Each member is a ``User`` with the right ``RoleGrant``\\s; ``anonymous`` is ``None``.

Users have no usable password (hashing with Argon2 is slow); sign them in with
``client.force_login(user)``, or call ``user.set_password(...)`` in tests of the sign-in itself.
Everyone whose role requires MFA (staff and partners) is enrolled in TOTP with
``CAST_TOTP_SECRET``, so the MFA requirement lets them through as it would after enrolment.

Dates are relative to ``timezone.localdate()`` and the on-call duty spans "now", so the
cast is current whenever a test runs. End dates follow the project rule: a relationship
gives access from ``starts_on`` and stops on ``ends_on`` (the day it ends gives no access).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from allauth.mfa.totp.internal.auth import TOTP
from django.utils import timezone

from ownterms.accounts.models import MFA_REQUIRED_ROLES, Role, RoleGrant, User
from ownterms.core.models import Organisation
from ownterms.people.models import CircleMember, Consent, ConsentCategory, Person
from ownterms.staff.models import (
    ManagerAssignment,
    OnCallDuty,
    StaffMember,
    TeamMembership,
)

#: Every member of the cast, in the order matrices list them.
CAST_MEMBERS: tuple[str, ...] = (
    "administrator",
    "manager",
    "other_manager",
    "on_call_manager",
    "team_worker",
    "outside_worker",
    "former_worker",
    "finance",
    "coordinator",
    "person_user",
    "circle_with_consent",
    "circle_without_consent",
    "partner_current",
    "partner_expired",
    "anonymous",
    "other_org_admin",
)

#: The TOTP secret of every cast member who must use MFA.
CAST_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"

#: The category ``circle_with_consent`` has consented; they have no other.
CIRCLE_CONSENT_CATEGORY = ConsentCategory.PROFILE
#: The categories the current partner's grant covers.
PARTNER_CATEGORIES = (ConsentCategory.PROFILE, ConsentCategory.HEALTH)


@dataclass
class Cast:
    organisation: Organisation
    other_organisation: Organisation
    person: Person
    #: Someone else in the same organisation, managed by ``other_manager``.
    other_person: Person
    #: A person in the other organisation.
    other_org_person: Person
    users: dict[str, User | None] = field(default_factory=dict)
    staff: dict[str, StaffMember] = field(default_factory=dict)
    circle: dict[str, CircleMember] = field(default_factory=dict)
    today: dt.date = field(default_factory=timezone.localdate)

    def user(self, name: str) -> User | None:
        """The cast member called ``name`` (``None`` for anonymous)."""
        if name not in CAST_MEMBERS:
            raise KeyError(name)
        return self.users[name]

    def __getattr__(self, name: str) -> User | None:
        # Lets tests write ``cast.manager`` as well as ``cast.user("manager")``.
        if name in CAST_MEMBERS:
            return self.__dict__["users"][name]  # type: ignore[no-any-return]
        raise AttributeError(name)


def _user(org: Organisation, key: str, name: str, *roles: Role) -> User:
    user = User(email=f"{key}@{org.slug}.example", display_name=name, organisation=org)
    user.set_unusable_password()
    user.save()
    RoleGrant.objects.bulk_create([RoleGrant(user=user, role=role) for role in roles])
    if MFA_REQUIRED_ROLES & set(roles):
        TOTP.activate(user, CAST_TOTP_SECRET)
    return user


def _staff(
    user: User, title: str, starts_on: dt.date, ends_on: dt.date | None = None
) -> StaffMember:
    first, _, last = user.display_name.partition(" ")
    return StaffMember.objects.create(
        organisation=user.organisation,
        user=user,
        first_name=first,
        last_name=last or first,
        job_title=title,
        employment=StaffMember.Employment.FULL_TIME,
        contract_minutes_per_week=37 * 60 + 30,
        starts_on=starts_on,
        ends_on=ends_on,
    )


def build_cast() -> Cast:
    today = timezone.localdate()
    long_ago = today - dt.timedelta(days=400)
    now = timezone.now()

    org = Organisation.objects.create(name="Brookside Support", slug="brookside")
    other_org = Organisation.objects.create(name="Elsewhere Care", slug="elsewhere")

    person = Person.objects.create(
        organisation=org,
        first_name="Alexandra",
        last_name="Fairweather",
        preferred_name="Alex",
        date_of_birth=dt.date(1994, 5, 17),
        has_communication_needs=True,
        communication_summary="Short sentences, one question at a time; pictures help.",
        home=Person.Home.OWN_TENANCY,
    )
    other_person = Person.objects.create(
        organisation=org, first_name="Bilal", last_name="Hussain", home=Person.Home.WITH_FAMILY
    )
    other_org_person = Person.objects.create(
        organisation=other_org, first_name="Carys", last_name="Jones", home=Person.Home.OTHER
    )

    users: dict[str, User | None] = {"anonymous": None}
    users["administrator"] = _user(org, "admin", "Ada Administrator", Role.ADMINISTRATOR)
    users["manager"] = _user(org, "manager", "Mo Manager", Role.MANAGER)
    users["other_manager"] = _user(org, "other-manager", "Olu Othermanager", Role.MANAGER)
    users["on_call_manager"] = _user(org, "on-call", "Nia Oncall", Role.MANAGER)
    users["team_worker"] = _user(org, "team", "Tariq Teamworker", Role.SUPPORT_WORKER)
    users["outside_worker"] = _user(org, "outside", "Una Outsider", Role.SUPPORT_WORKER)
    users["former_worker"] = _user(org, "former", "Fern Former", Role.SUPPORT_WORKER)
    users["finance"] = _user(org, "finance", "Finn Finance", Role.FINANCE)
    users["coordinator"] = _user(org, "coordinator", "Cory Coordinator", Role.COORDINATOR)
    users["person_user"] = _user(org, "alex", "Alex Fairweather", Role.PERSON)
    users["circle_with_consent"] = _user(org, "mum", "Carol Fairweather", Role.CIRCLE)
    users["circle_without_consent"] = _user(org, "uncle", "Cedric Fairweather", Role.CIRCLE)
    users["partner_current"] = _user(org, "nurse", "Priya Partner", Role.PARTNER)
    users["partner_expired"] = _user(org, "old-nurse", "Pat Expired", Role.PARTNER)
    users["other_org_admin"] = _user(other_org, "admin", "Oscar Otherorg", Role.ADMINISTRATOR)

    person.user = users["person_user"]
    person.save(update_fields=["user"])

    def u(name: str) -> User:
        user = users[name]
        assert user is not None
        return user

    staff = {
        name: _staff(u(name), title, long_ago)
        for name, title in [
            ("manager", "Service manager"),
            ("other_manager", "Service manager"),
            ("on_call_manager", "Service manager"),
            ("team_worker", "Support worker"),
            ("outside_worker", "Support worker"),
            ("former_worker", "Support worker"),
        ]
    }
    ManagerAssignment.objects.bulk_create(
        [
            ManagerAssignment(
                organisation=org, person=person, manager=staff["manager"], starts_on=long_ago
            ),
            ManagerAssignment(
                organisation=org,
                person=other_person,
                manager=staff["other_manager"],
                starts_on=long_ago,
            ),
        ]
    )
    OnCallDuty.objects.create(
        organisation=org,
        manager=staff["on_call_manager"],
        starts_at=now - dt.timedelta(hours=2),
        ends_at=now + dt.timedelta(hours=10),
    )
    TeamMembership.objects.bulk_create(
        [
            TeamMembership(
                organisation=org,
                person=person,
                staff_member=staff["team_worker"],
                kind=TeamMembership.Kind.CORE,
                approved_by_person=True,
                starts_on=long_ago,
            ),
            TeamMembership(
                organisation=org,
                person=other_person,
                staff_member=staff["outside_worker"],
                kind=TeamMembership.Kind.CORE,
                approved_by_person=True,
                starts_on=long_ago,
            ),
            TeamMembership(
                organisation=org,
                person=person,
                staff_member=staff["former_worker"],
                kind=TeamMembership.Kind.RELIEF,
                approved_by_person=True,
                starts_on=long_ago,
                ends_on=today - dt.timedelta(days=30),
            ),
        ]
    )

    def member(name: str, kind: str, relationship: str) -> CircleMember:
        user = u(name)
        return CircleMember.objects.create(
            organisation=org,
            person=person,
            user=user,
            name=user.display_name,
            kind=kind,
            relationship=relationship,
            is_paid=kind == CircleMember.Kind.PROFESSIONAL,
        )

    circle = {
        "circle_with_consent": member("circle_with_consent", CircleMember.Kind.FAMILY, "Mother"),
        "circle_without_consent": member(
            "circle_without_consent", CircleMember.Kind.FAMILY, "Uncle"
        ),
        "partner_current": member(
            "partner_current", CircleMember.Kind.PROFESSIONAL, "Community nurse"
        ),
        "partner_expired": member(
            "partner_expired", CircleMember.Kind.PROFESSIONAL, "Former community nurse"
        ),
    }
    consents = [
        Consent(
            organisation=org,
            circle_member=circle["circle_with_consent"],
            category=CIRCLE_CONSENT_CATEGORY,
            given_by=Consent.GivenBy.PERSON,
            starts_on=long_ago,
        )
    ]
    consents += [
        Consent(
            organisation=org,
            circle_member=circle["partner_current"],
            category=category,
            given_by=Consent.GivenBy.PERSON,
            starts_on=long_ago,
            ends_on=today + dt.timedelta(days=90),
        )
        for category in PARTNER_CATEGORIES
    ]
    consents += [
        Consent(
            organisation=org,
            circle_member=circle["partner_expired"],
            category=category,
            given_by=Consent.GivenBy.BEST_INTERESTS,
            decision_note="Best-interests meeting, recorded in the plan.",
            starts_on=long_ago,
            ends_on=today - dt.timedelta(days=1),
        )
        for category in PARTNER_CATEGORIES
    ]
    Consent.objects.bulk_create(consents)

    return Cast(
        organisation=org,
        other_organisation=other_org,
        person=person,
        other_person=other_person,
        other_org_person=other_org_person,
        users=users,
        staff=staff,
        circle=circle,
        today=today,
    )
