"""Builds the demo organisation, Harbour Lane Support: deterministic for a seed, fast at 10x.

Rows are created in bulk inside one transaction (hundreds of per-row service calls would make
the 10x benchmark scale slow); the whole build is recorded as one audit event.
"""

from __future__ import annotations

import random
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from django.contrib.auth.hashers import make_password
from django.db import connection, transaction
from django.db.models import Model, ProtectedError, QuerySet

from ownterms.accounts import demo as demo_accounts
from ownterms.accounts.models import MFA_REQUIRED_ROLES, Role, RoleGrant, User
from ownterms.audit.models import AuditEvent
from ownterms.core.models import Organisation
from ownterms.demo import names
from ownterms.demo.enrich import enrich
from ownterms.people.models import CircleMember, Consent, ConsentCategory, Person
from ownterms.staff.models import ManagerAssignment, OnCallDuty, StaffMember, TeamMembership

ORGANISATION_NAME = "Harbour Lane Support"
SLUG = demo_accounts.DEMO_ORGANISATION_SLUG
EMAIL_DOMAIN = demo_accounts.DEMO_EMAIL_DOMAIN
DEMO_PASSWORD = demo_accounts.DEMO_PASSWORD
DEFAULT_PEOPLE = 32
DEFAULT_STAFF = 150
DEFAULT_SEED = 2026
MAX_PEOPLE = 5_000
MAX_STAFF = 50_000
MIN_TEAM, MAX_TEAM = 3, 8
FULL_TIME_MINUTES = 37 * 60 + 30

# One sign-in per role (documented in docs/demo.md; printed by demo_sign_ins), plus the
# manager who is on call now.
SIGN_INS: dict[str, str] = {
    **{role.value: email for role, email in demo_accounts.DEMO_SIGN_INS.items()},
    "on_call_manager": f"on-call@{EMAIL_DOMAIN}",
}


SIGN_IN_EMAILS = frozenset(SIGN_INS.values())


class DemoError(ValueError):
    """Arguments the demo cannot be built from; the message says what to change."""


@dataclass
class Scale:
    people: int = DEFAULT_PEOPLE
    staff: int = DEFAULT_STAFF
    seed: int = DEFAULT_SEED
    #: Build and publish the month's rota with the engine (the slow part of the seed: tests of
    #: other areas switch it off with ``seed_demo --without-rota``).
    rota: bool = True

    @property
    def managers(self) -> int:
        return max(1, round(self.staff * 6 / DEFAULT_STAFF))

    @property
    def with_family(self) -> int:
        return round(self.people * 3 / DEFAULT_PEOPLE)

    def check(self) -> None:
        if not 1 <= self.people <= MAX_PEOPLE:
            raise DemoError(f"--people must be between 1 and {MAX_PEOPLE}, not {self.people}")
        if not 1 <= self.staff <= MAX_STAFF:
            raise DemoError(f"--staff must be between 1 and {MAX_STAFF}, not {self.staff}")
        if self.staff < self.people:
            raise DemoError(
                f"--staff ({self.staff}) must be at least --people ({self.people}): "
                "every person needs their own team"
            )
        if self.staff - self.managers < MIN_TEAM:
            raise DemoError(
                f"--staff ({self.staff}) is too small: after {self.managers} manager(s) at least "
                f"{MIN_TEAM} support workers are needed for a team"
            )
        if self.seed < 0:
            raise DemoError(f"--seed must be zero or more, not {self.seed}")


@dataclass
class Summary:
    organisation: Organisation
    counts: dict[str, int] = field(default_factory=dict)


def demo_organisation() -> Organisation | None:
    return Organisation.objects.filter(slug=SLUG).first()


class _Builder:
    def __init__(self, scale: Scale, now: datetime) -> None:
        self.scale = scale
        self.now = now
        self.today = now.date()
        self.rng = random.Random(scale.seed)  # noqa: S311 - reproducible demo data, not secrets
        self.password = make_password(DEMO_PASSWORD)
        self.users: list[User] = []
        self.grants: list[tuple[User, str]] = []
        self.used_emails: set[str] = set()

    # -- helpers ---------------------------------------------------------------------------
    def name(self) -> tuple[str, str]:
        return self.rng.choice(names.FIRST_NAMES), self.rng.choice(names.LAST_NAMES)

    def days_ago(self, low: int, high: int) -> date:
        return self.today - timedelta(days=self.rng.randint(low, high))

    def user(self, org: Organisation, email: str, display_name: str, *roles: str) -> User:
        email = email.lower()
        if email in self.used_emails:
            stem, domain = email.split("@")
            email = f"{stem}.{len(self.used_emails)}@{domain}"
        self.used_emails.add(email)
        user = User(
            email=email,
            display_name=display_name,
            organisation=org,
            password=self.password,
            date_joined=self.now,
        )
        self.users.append(user)
        self.grants.extend((user, role) for role in roles)
        return user

    # -- the build -------------------------------------------------------------------------
    def build(self) -> Summary:
        org = Organisation.objects.create(name=ORGANISATION_NAME, slug=SLUG)
        for role, label in [
            (Role.ADMINISTRATOR, "administrator"),
            (Role.FINANCE, "finance"),
            (Role.COORDINATOR, "coordinator"),
            (Role.RECRUITER, "recruiter"),
        ]:
            first, last = self.name()
            self.user(org, SIGN_INS[label], f"{first} {last}", role)

        managers, workers = self.staff(org)
        people = self.people(org)
        User.objects.bulk_create(self.users)
        RoleGrant.objects.bulk_create(RoleGrant(user=u, role=r) for u, r in self.grants)
        for member in managers + workers:
            member.user_id = member.user.pk
        StaffMember.objects.bulk_create(managers + workers)
        for person in people:
            person.user_id = person.user.pk if person.user else None
        Person.objects.bulk_create(people)

        memberships = self.teams(org, people, workers)
        assignments = self.management(org, people, managers)
        circle, consents = self.circles(org, people)
        self.enrol_mfa()
        OnCallDuty.objects.create(
            organisation=org,
            manager=managers[1] if len(managers) > 1 else managers[0],
            starts_at=self.now - timedelta(days=1),
            ends_at=self.now + timedelta(days=13),
        )
        counts = {
            "people": len(people),
            "staff": len(managers) + len(workers),
            "managers": len(managers),
            "users": len(self.users),
            "team_memberships": len(memberships),
            "manager_assignments": len(assignments),
            "circle_members": len(circle),
            "consents": len(consents),
            "on_call_duties": 1,
        }
        counts.update(enrich(org, self.scale.seed, self.today, rota=self.scale.rota))
        AuditEvent.objects.create(
            organisation=org,
            occurred_at=self.now,
            kind=AuditEvent.Kind.CHANGE,
            action="demo.seed",
            actor_label="seed_demo",
            object_type="core.organisation",
            object_id=str(org.public_id),
            changes={"seed": self.scale.seed, **counts},
        )
        return Summary(organisation=org, counts=counts)

    def enrol_mfa(self) -> None:
        needs_mfa = {u for u, role in self.grants if role in MFA_REQUIRED_ROLES}
        for user in self.users:
            if user.email in SIGN_IN_EMAILS and user in needs_mfa:
                demo_accounts.enrol_demo_user(user)

    def staff(self, org: Organisation) -> tuple[list[StaffMember], list[StaffMember]]:
        managers: list[StaffMember] = []
        workers: list[StaffMember] = []
        for i in range(self.scale.managers):
            first, last = self.name()
            email = (
                SIGN_INS["manager"]
                if i == 0
                else SIGN_INS["on_call_manager"]
                if i == 1
                else f"{first}.{last}@{EMAIL_DOMAIN}"
            )
            user = self.user(org, email, f"{first} {last}", Role.MANAGER)
            managers.append(
                StaffMember(
                    organisation=org,
                    user=user,
                    first_name=first,
                    last_name=last,
                    job_title="Service manager",
                    employment=StaffMember.Employment.FULL_TIME,
                    contract_minutes_per_week=FULL_TIME_MINUTES,
                    starts_on=self.days_ago(400, 3000),
                )
            )
        for i in range(self.scale.staff - self.scale.managers):
            first, last = self.name()
            email = SIGN_INS["support_worker"] if i == 0 else f"{first}.{last}@{EMAIL_DOMAIN}"
            user = self.user(org, email, f"{first} {last}", Role.SUPPORT_WORKER)
            roll = self.rng.random()
            if i == 0 or roll < 0.6:
                employment, minutes = StaffMember.Employment.FULL_TIME, FULL_TIME_MINUTES
            elif roll < 0.85:
                employment = StaffMember.Employment.PART_TIME
                minutes = self.rng.choice([16, 20, 24, 30]) * 60
            else:
                employment, minutes = StaffMember.Employment.BANK, 0
            workers.append(
                StaffMember(
                    organisation=org,
                    user=user,
                    first_name=first,
                    last_name=last,
                    job_title="Senior support worker"
                    if self.rng.random() < 0.1
                    else "Support worker",
                    employment=employment,
                    contract_minutes_per_week=minutes,
                    starts_on=self.days_ago(30, 2500),
                )
            )
        return managers, workers

    def people(self, org: Organisation) -> list[Person]:
        people: list[Person] = []
        family_every = self.scale.people / self.scale.with_family if self.scale.with_family else 0
        family_slots = {round(k * family_every) + 1 for k in range(self.scale.with_family)}
        for i in range(self.scale.people):
            first, last = self.name()
            user = None
            if i == 0:
                user = self.user(org, SIGN_INS["person"], f"{first} {last}", Role.PERSON)
            needs = self.rng.random() < 0.4
            people.append(
                Person(
                    organisation=org,
                    first_name=first,
                    last_name=last,
                    preferred_name=first[:3] if self.rng.random() < 0.15 else "",
                    date_of_birth=self.today - timedelta(days=self.rng.randint(19 * 365, 66 * 365)),
                    has_communication_needs=needs,
                    communication_summary=(
                        self.rng.choice(names.COMMUNICATION_NOTES) if needs else ""
                    ),
                    home=(
                        Person.Home.WITH_FAMILY
                        if i in family_slots and i != 0
                        else Person.Home.OWN_TENANCY
                    ),
                    status=Person.Status.ACTIVE,
                    user=user,
                )
            )
        # family_slots never includes 0, but rounding can land two slots on one index.
        shortfall = self.scale.with_family - sum(p.home == Person.Home.WITH_FAMILY for p in people)
        for person in reversed(people):
            if shortfall <= 0:
                break
            if person.home == Person.Home.OWN_TENANCY and person.user is None:
                person.home = Person.Home.WITH_FAMILY
                shortfall -= 1
        return people

    def teams(
        self, org: Organisation, people: list[Person], workers: list[StaffMember]
    ) -> list[TeamMembership]:
        rows: list[TeamMembership] = []
        core_pool = [w for w in workers[1:] if w.employment != StaffMember.Employment.BANK]
        relief_pool = [w for w in workers[1:] if w.employment != StaffMember.Employment.FULL_TIME]
        relief_pool = relief_pool or workers[1:] or workers
        core_pool = core_pool or workers
        self.rng.shuffle(core_pool)
        cursor = 0
        demo_worker = workers[0]

        def member(
            person: Person,
            staff: StaffMember,
            kind: str,
            *,
            approved: bool = True,
            starts_on: date | None = None,
            ends_on: date | None = None,
        ) -> None:
            start = max(staff.starts_on, starts_on or self.days_ago(20, 900))
            if ends_on is not None and ends_on <= start:
                return  # this former member's contract began too recently to have left
            rows.append(
                TeamMembership(
                    organisation=org,
                    person=person,
                    staff_member=staff,
                    kind=kind,
                    approved_by_person=approved,
                    starts_on=start,
                    ends_on=ends_on,
                )
            )

        for index, person in enumerate(people):
            size = self.rng.randint(MIN_TEAM, MAX_TEAM)
            relief = min(self.rng.randint(1, 2), size - 2)
            chosen: list[StaffMember] = []
            if index == 0:
                chosen.append(demo_worker)
            while len(chosen) < size - relief and len(chosen) < len(workers):
                candidate = core_pool[cursor % len(core_pool)]
                cursor += 1
                if candidate not in chosen:
                    chosen.append(candidate)
                elif len(core_pool) <= len(chosen):
                    break
            for staff in chosen:
                member(person, staff, TeamMembership.Kind.CORE)
            relief_chosen: list[StaffMember] = []
            if index == 1 and demo_worker not in chosen:
                relief_chosen.append(demo_worker)
            tries = 0
            while len(chosen) + len(relief_chosen) < size and tries < 50:
                tries += 1
                candidate = self.rng.choice(relief_pool)
                if candidate not in chosen and candidate not in relief_chosen:
                    relief_chosen.append(candidate)
            for n, staff in enumerate(relief_chosen):
                # The newest relief member in some teams is still waiting for the person's yes.
                pending = n == len(relief_chosen) - 1 and index % 5 == 3
                member(person, staff, TeamMembership.Kind.RELIEF, approved=not pending)
            # Some teams have a former member whose membership has ended.
            if index % 3 == 2 or index == 2:
                former = demo_worker if index == 2 else self.rng.choice(core_pool)
                if former not in chosen and former not in relief_chosen:
                    started = self.days_ago(700, 1500)
                    member(
                        person,
                        former,
                        TeamMembership.Kind.CORE,
                        starts_on=started,
                        ends_on=self.days_ago(30, 300),
                    )
        TeamMembership.objects.bulk_create(rows)
        return rows

    def management(
        self, org: Organisation, people: list[Person], managers: list[StaffMember]
    ) -> list[ManagerAssignment]:
        rows = [
            ManagerAssignment(
                organisation=org,
                person=person,
                manager=managers[index % len(managers)],
                starts_on=self.days_ago(60, 1200),
            )
            for index, person in enumerate(people)
        ]
        ManagerAssignment.objects.bulk_create(rows)
        return rows

    def circles(
        self, org: Organisation, people: list[Person]
    ) -> tuple[list[CircleMember], list[Consent]]:
        first_new_user = len(self.users)
        members: list[CircleMember] = []
        consent_specs: list[tuple[CircleMember, str, str, date, date | None]] = []
        for index, person in enumerate(people):
            family_count = 2 if person.home == Person.Home.WITH_FAMILY else self.rng.randint(0, 2)
            for n in range(family_count if index else max(family_count, 1)):
                relationship = (
                    self.rng.choice(["Mum", "Dad"])
                    if person.home == Person.Home.WITH_FAMILY and n < 2
                    else self.rng.choice(names.FAMILY_RELATIONSHIPS)
                )
                first = self.rng.choice(names.FIRST_NAMES)
                user = None
                if index == 0 and n == 0:
                    user = self.user(
                        org, SIGN_INS["circle"], f"{first} {person.last_name}", Role.CIRCLE
                    )
                circle = CircleMember(
                    organisation=org,
                    person=person,
                    user=user,
                    name=f"{first} {person.last_name}",
                    kind=CircleMember.Kind.FAMILY,
                    relationship=relationship,
                )
                members.append(circle)
                if (index == 0 and n == 0) or self.rng.random() < 0.5:
                    given_by = Consent.GivenBy.PERSON
                    if self.rng.random() < 0.2:
                        given_by = Consent.GivenBy.BEST_INTERESTS
                    started = self.days_ago(30, 700)
                    for category in (ConsentCategory.PROFILE, ConsentCategory.ROTA):
                        consent_specs.append((circle, category, given_by, started, None))
                    # Consent to share health information that has since expired.
                    consent_specs.append(
                        (circle, ConsentCategory.HEALTH, given_by, started, self.days_ago(1, 25))
                    )
            if self.rng.random() < 0.5:
                first, last = self.name()
                members.append(
                    CircleMember(
                        organisation=org,
                        person=person,
                        name=f"{first} {last}",
                        kind=CircleMember.Kind.FRIEND,
                        relationship="Friend",
                    )
                )
            if self.rng.random() < 0.25:
                first, last = self.name()
                members.append(
                    CircleMember(
                        organisation=org,
                        person=person,
                        name=f"{first} {last}",
                        kind=CircleMember.Kind.ADVOCATE,
                        relationship="Independent advocate",
                        role="Advocacy service",
                    )
                )
            if index == 0 or self.rng.random() < 0.3:
                first, last = self.name()
                job, service = self.rng.choice(names.PROFESSIONAL_ROLES)
                user = None
                if index == 0:
                    user = self.user(org, SIGN_INS["partner"], f"{first} {last}", Role.PARTNER)
                partner = CircleMember(
                    organisation=org,
                    person=person,
                    user=user,
                    name=f"{first} {last}",
                    kind=CircleMember.Kind.PROFESSIONAL,
                    relationship=job,
                    is_paid=True,
                    role=service,
                )
                members.append(partner)
                # A partner's grant is time-limited.
                started = self.days_ago(10, 90)
                ends = self.today + timedelta(days=self.rng.randint(30, 120))
                for category in (ConsentCategory.PROFILE, ConsentCategory.HEALTH):
                    consent_specs.append((partner, category, Consent.GivenBy.PERSON, started, ends))
        # The circle users were added after the first bulk insert of users.
        pending_users = self.users[first_new_user:]
        User.objects.bulk_create(pending_users)
        RoleGrant.objects.bulk_create(
            RoleGrant(user=u, role=r) for u, r in self.grants if any(u is p for p in pending_users)
        )
        for m in members:
            m.user_id = m.user.pk if m.user else None
            m.person_id = m.person.pk
        CircleMember.objects.bulk_create(members)
        consents = [
            Consent(
                organisation=org,
                circle_member=circle,
                category=category,
                given_by=given_by,
                decision_note=(
                    "Best-interests meeting with family and advocate; recorded in the care file."
                    if given_by == Consent.GivenBy.BEST_INTERESTS
                    else ""
                ),
                starts_on=starts_on,
                ends_on=ends_on,
            )
            for circle, category, given_by, starts_on, ends_on in consent_specs
        ]
        Consent.objects.bulk_create(consents)
        return members, consents


def build_demo(*, scale: Scale, now: datetime) -> Summary:
    """Create the demo organisation. Raises DemoError if it exists or the scale is impossible."""
    scale.check()
    with transaction.atomic():
        if demo_organisation() is not None:
            raise DemoError(
                f"The demo organisation '{SLUG}' already exists; "
                "use --if-empty to leave it, or --reset to rebuild it"
            )
        return _Builder(scale, now).build()


def reset_supported() -> bool:
    # Audit events are append-only; on PostgreSQL a trigger rejects deleting them.
    return connection.vendor == "sqlite"


def delete_demo() -> bool:
    """Delete the demo organisation and everything in it (SQLite demo databases only)."""
    if not reset_supported():
        raise DemoError(
            "--reset deletes audit events, which are append-only; it is only for the embedded "
            "SQLite demo database. On PostgreSQL, create a fresh database instead."
        )
    with transaction.atomic():
        org = demo_organisation()
        if org is None:
            return False
        AuditEvent.objects.filter(organisation=org).delete()
        _purge(Organisation.objects.filter(pk=org.pk))
    return True


def _purge(queryset: QuerySet[Any]) -> None:
    """Delete rows and, first, whatever protects them from deletion (PROTECT foreign keys)."""
    for _attempt in range(50):
        try:
            queryset.delete()
        except ProtectedError as exc:
            blocking: dict[type[Model], list[Any]] = defaultdict(list)
            for obj in exc.protected_objects:
                blocking[type(obj)].append(obj.pk)
            for model, pks in blocking.items():
                _purge(model._base_manager.filter(pk__in=pks))
        else:
            return
    raise DemoError("Could not delete the demo organisation: too many protected rows")
