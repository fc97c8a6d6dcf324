"""Access by legitimate relationship (issue 2 §5): the cast against every category."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone

from ownterms.accounts.models import Role, RoleGrant
from ownterms.audit.models import AuditEvent
from ownterms.people.access import access_person
from ownterms.people.models import Consent, ConsentCategory, Person
from ownterms.people.selectors import people_visible_to
from ownterms.staff.models import OnCallDuty, StaffMember, TeamMembership
from tests.cast import CAST_MEMBERS, CIRCLE_CONSENT_CATEGORY, PARTNER_CATEGORIES, Cast

ALL = set(ConsentCategory)
NOT_MONEY = ALL - {ConsentCategory.MONEY}

#: What each cast member may read of ``cast.person``, and with which basis.
READS: dict[str, tuple[set[str], str]] = {
    "administrator": (ALL, "administrator"),
    "manager": (ALL, "manager"),
    "other_manager": (set(), ""),
    "on_call_manager": (NOT_MONEY, "on_call"),
    "team_worker": (NOT_MONEY, "team"),
    "outside_worker": (set(), ""),
    "former_worker": (set(), ""),
    "finance": ({ConsentCategory.MONEY}, "finance"),
    "coordinator": ({ConsentCategory.ROTA}, "coordinator"),
    "person_user": (ALL, "self"),
    "circle_with_consent": ({CIRCLE_CONSENT_CATEGORY}, "circle_consent"),
    "circle_without_consent": (set(), ""),
    "partner_current": (set(PARTNER_CATEGORIES), "partner_grant"),
    "partner_expired": (set(), ""),
    "anonymous": (set(), ""),
    "other_org_admin": (set(), ""),
}

#: What each may change (categories), given they can read it.
WRITES: dict[str, set[str]] = {
    "administrator": ALL,
    "manager": ALL,
    "team_worker": {ConsentCategory.DAILY},
    "finance": {ConsentCategory.MONEY},
}


def test_table_covers_the_whole_cast() -> None:
    assert set(READS) == set(CAST_MEMBERS)


@pytest.mark.parametrize("member", CAST_MEMBERS)
def test_read_and_write_by_category(cast: Cast, member: str) -> None:
    actor = cast.user(member)
    readable, basis = READS[member]
    for category in ConsentCategory:
        if category in readable:
            access = access_person(actor, cast.person.public_id, category=category)
            assert access.person == cast.person
            assert access.basis == basis
            if category in WRITES.get(member, set()):
                access_person(actor, cast.person.public_id, category=category, write=True)
            else:
                with pytest.raises(PermissionDenied):
                    access_person(actor, cast.person.public_id, category=category, write=True)
        else:
            for write in (False, True):
                with pytest.raises(Http404):
                    access_person(actor, cast.person.public_id, category=category, write=write)


@pytest.mark.parametrize("member", CAST_MEMBERS)
def test_lists_mirror_access(cast: Cast, member: str) -> None:
    actor = cast.user(member)
    everyone = list(Person.objects.all())
    for category in ConsentCategory:
        visible = set(people_visible_to(actor, category)) if actor else set()
        for person in everyone:
            try:
                access_person(actor, person.public_id, category=category)
            except Http404:
                allowed = False
            else:
                allowed = True
            assert allowed == (person in visible), (member, category, person)


def test_no_selector_returns_another_organisations_rows(cast: Cast) -> None:
    for member in CAST_MEMBERS:
        actor = cast.user(member)
        if actor is None:
            continue
        for category in ConsentCategory:
            for person in people_visible_to(actor, category):
                assert person.organisation_id == actor.organisation_id
    other = cast.other_org_admin
    assert other is not None
    assert list(people_visible_to(other, ConsentCategory.PROFILE)) == [cast.other_org_person]
    with pytest.raises(Http404):
        access_person(other, cast.person.public_id, category=ConsentCategory.PROFILE)
    with pytest.raises(Http404):
        access_person(cast.administrator, cast.other_org_person.public_id, category="profile")


def test_on_call_view_is_audited_as_on_call(cast: Cast) -> None:
    actor = cast.on_call_manager
    access_person(actor, cast.other_person.public_id, category=ConsentCategory.HEALTH, page="p")
    event = AuditEvent.objects.get(actor=actor, kind=AuditEvent.Kind.ACCESS)
    assert (event.basis, event.person, event.page) == ("on_call", cast.other_person, "p")


def test_on_call_ends_with_the_duty(cast: Cast) -> None:
    OnCallDuty.objects.update(ends_at=timezone.now() - dt.timedelta(minutes=1))
    with pytest.raises(Http404):
        access_person(cast.on_call_manager, cast.person.public_id, category="profile")


def test_every_access_is_recorded_once_in_five_minutes(cast: Cast) -> None:
    for _ in range(3):
        access_person(cast.manager, cast.person.public_id, category="profile", page="person")
    assert AuditEvent.objects.filter(kind="access", actor=cast.manager).count() == 1


def test_refused_access_records_nothing(cast: Cast) -> None:
    with pytest.raises(Http404):
        access_person(cast.outside_worker, cast.person.public_id, category="profile")
    with pytest.raises(PermissionDenied):
        access_person(cast.team_worker, cast.person.public_id, category="profile", write=True)
    assert not AuditEvent.objects.filter(kind="access").exists()


#: A well-formed id of nothing (fixed: xdist needs the same test ids in every process).
UNKNOWN_ID = "0b8e5d3c-7f21-4a96-8c4e-1d2f3a4b5c6d"


@pytest.mark.parametrize(
    "public_id",
    [
        "",
        "not-a-uuid",
        "1",
        "' OR 1=1 --",
        "x" * 10_000,
        UNKNOWN_ID,
        None,
    ],
)
def test_malformed_or_unknown_ids_are_404(cast: Cast, public_id: object) -> None:
    with pytest.raises(Http404):
        access_person(cast.administrator, public_id, category="profile")  # type: ignore[arg-type]


def test_unknown_category_is_404(cast: Cast) -> None:
    with pytest.raises(Http404):
        access_person(cast.administrator, cast.person.public_id, category="everything")


def test_team_membership_must_be_approved_current_and_contract_current(cast: Cast) -> None:
    membership = TeamMembership.objects.get(staff_member__user=cast.team_worker)
    worker = cast.team_worker
    for change in (
        {"approved_by_person": False},
        {"ends_on": cast.today},
        {"starts_on": cast.today + dt.timedelta(days=1)},
    ):
        TeamMembership.objects.filter(pk=membership.pk).update(**change)
        with pytest.raises(Http404):
            access_person(worker, cast.person.public_id, category="profile")
        TeamMembership.objects.filter(pk=membership.pk).update(
            approved_by_person=True, ends_on=None, starts_on=cast.today
        )
        assert access_person(worker, cast.person.public_id, category="profile").basis == "team"
    StaffMember.objects.filter(user=worker).update(ends_on=cast.today)
    with pytest.raises(Http404):
        access_person(worker, cast.person.public_id, category="profile")


def test_consent_withdrawn_ended_or_not_started(cast: Cast) -> None:
    consent = Consent.objects.get(circle_member__user=cast.circle_with_consent)
    family = cast.circle_with_consent
    for change in (
        {"withdrawn_at": timezone.now()},
        {"ends_on": cast.today},
        {"starts_on": cast.today + dt.timedelta(days=1)},
    ):
        Consent.objects.filter(pk=consent.pk).update(**change)
        with pytest.raises(Http404):
            access_person(family, cast.person.public_id, category=CIRCLE_CONSENT_CATEGORY)
        Consent.objects.filter(pk=consent.pk).update(
            withdrawn_at=None, ends_on=cast.today + dt.timedelta(days=1), starts_on=cast.today
        )
        access_person(family, cast.person.public_id, category=CIRCLE_CONSENT_CATEGORY)


def test_relationship_without_the_role_gives_nothing(cast: Cast) -> None:
    RoleGrant.objects.filter(user=cast.circle_with_consent).delete()
    RoleGrant.objects.filter(user=cast.manager).delete()
    RoleGrant.objects.filter(user=cast.person_user).delete()
    for name in ("circle_with_consent", "manager", "person_user"):
        user = cast.user(name)
        assert user is not None
        user.refresh_from_db()
        with pytest.raises(Http404):
            access_person(user, cast.person.public_id, category=CIRCLE_CONSENT_CATEGORY)


def test_circle_role_does_not_use_a_professional_grant(cast: Cast) -> None:
    # The family member also holds the partner role: still only their own consent counts.
    family = cast.circle_with_consent
    assert family is not None
    RoleGrant.objects.create(user=family, role=Role.PARTNER)
    family.refresh_from_db()
    with pytest.raises(Http404):
        access_person(family, cast.person.public_id, category=ConsentCategory.HEALTH)


def test_inactive_user_sees_nothing(cast: Cast) -> None:
    admin = cast.administrator
    assert admin is not None
    admin.is_active = False
    with pytest.raises(Http404):
        access_person(admin, cast.person.public_id, category="profile")
    assert not people_visible_to(admin, "profile").exists()


def test_object_permissions_mirror_access(cast: Cast) -> None:
    for member in CAST_MEMBERS:
        user = cast.user(member)
        if user is None:
            continue
        readable, _basis = READS[member]
        for category in ConsentCategory:
            can_read = user.has_perm(f"people.view_person_{category}", cast.person)
            assert can_read == (category in readable), (member, category)
            can_change = user.has_perm(f"people.change_person_{category}", cast.person)
            assert can_change == (category in readable and category in WRITES.get(member, set())), (
                member,
                category,
            )
        assert user.has_perm("people.view_person", cast.person) == ("profile" in readable)
    assert not AuditEvent.objects.filter(kind="access").exists()
