"""seed_demo: exact counts, determinism, idempotency, bad arguments, small custom scales; and
the default demo's content (plans, leave, staff records, ...), read from one build of it.
"""

from __future__ import annotations

import datetime as dt
from io import StringIO
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from django.db.models import Count
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from ownterms.accounts import demo as demo_accounts
from ownterms.accounts.models import Role, RoleGrant, User
from ownterms.accounts.selectors import has_mfa
from ownterms.core.models import Organisation
from ownterms.demo import builders
from ownterms.leave.models import AvailabilityPattern, LeaveRequest, LeaveTerms, WorkedHours
from ownterms.leave.selectors import balance_of, unavailable_intervals
from ownterms.people.models import CircleMember, Consent, ConsentCategory, Person
from ownterms.people.selectors import people_visible_to
from ownterms.plans.models import (
    Goal,
    PersonPlan,
    PlanningSession,
    Policy,
    PolicyVersion,
    ProfileVersion,
    RoutineActivity,
)
from ownterms.staff.models import (
    ManagerAssignment,
    OnCallDuty,
    SkillNeed,
    StaffMember,
    TeamMembership,
    TrainingRecord,
)
from ownterms.staff.selectors import needs_training_attention, skill_states, team_health
from tests.ownterms.demo.helpers import levels

pytestmark = pytest.mark.django_db


def seed(*args: str, rota: bool = False) -> str:
    """Runs seed_demo; without the engine-built rota unless ``rota`` (it is the slow part)."""
    out = StringIO()
    call_command("seed_demo", *args, *(() if rota else ("--without-rota",)), stdout=out)
    return out.getvalue()


@pytest.fixture(scope="class")
def default_demo(django_db_setup: Any, django_db_blocker: Any) -> Any:
    """The default demo, built once for the read-only tests of a class, then rolled back."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            seed(rota=True)
            yield builders.demo_organisation()
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.mark.demo_data
@pytest.mark.usefixtures("default_demo")
class TestDefaultDemo:
    def test_exact_counts(self) -> None:
        org = Organisation.objects.get(slug="harbour-lane")
        assert org.name == "Harbour Lane Support"
        people = Person.objects.filter(organisation=org)
        assert people.count() == 32
        assert people.filter(home=Person.Home.OWN_TENANCY).count() == 29
        assert people.filter(home=Person.Home.WITH_FAMILY).count() == 3
        assert StaffMember.objects.filter(organisation=org).count() == 150

    def test_managers_and_support_workers(self) -> None:
        staff = StaffMember.objects.filter(organisation__slug="harbour-lane")
        managers = staff.filter(user__role_grants__role=Role.MANAGER)
        assert 5 <= managers.count() <= 7
        workers = staff.filter(user__role_grants__role=Role.SUPPORT_WORKER)
        assert managers.count() + workers.count() == 150
        employment = set(workers.values_list("employment", flat=True))
        assert employment == {"full_time", "part_time", "bank"}

    def test_administrator_and_finance_are_not_staff(self) -> None:
        for role in (Role.ADMINISTRATOR, Role.FINANCE):
            users = User.objects.filter(organisation__slug="harbour-lane", role_grants__role=role)
            assert users.exists()
            assert not StaffMember.objects.filter(user__in=users).exists()

    def test_teams_of_three_to_eight_with_core_relief_and_former_members(self) -> None:
        today = timezone.localdate()
        current = TeamMembership.objects.filter(
            organisation__slug="harbour-lane", ends_on__isnull=True
        )
        sizes = current.values("person").annotate(n=Count("id")).values_list("n", flat=True)
        assert len(sizes) == 32
        assert min(sizes) >= 3 and max(sizes) <= 8
        assert {"core", "relief"} <= set(current.values_list("kind", flat=True))
        assert current.filter(approved_by_person=True).count() > current.count() * 0.8
        assert TeamMembership.objects.filter(
            organisation__slug="harbour-lane", ends_on__lt=today
        ).exists()
        duplicates = current.values("person", "staff_member").annotate(n=Count("id"))
        assert all(row["n"] == 1 for row in duplicates)

    def test_every_person_has_a_manager_who_holds_the_manager_role(self) -> None:
        assignments = ManagerAssignment.objects.filter(organisation__slug="harbour-lane")
        assert assignments.values("person").distinct().count() == 32
        assert all(
            RoleGrant.objects.filter(user=a.manager.user, role=Role.MANAGER).exists()
            for a in assignments.select_related("manager__user")
        )

    def test_circles_with_current_and_expired_consent(self) -> None:
        today = timezone.localdate()
        circle = CircleMember.objects.filter(organisation__slug="harbour-lane")
        kinds = set(circle.values_list("kind", flat=True))
        assert {"family", "friend", "advocate", "professional"} <= kinds
        consents = Consent.objects.filter(organisation__slug="harbour-lane")
        assert consents.filter(ends_on__lt=today).exists()
        assert consents.filter(ends_on__isnull=True).exists()
        assert consents.filter(ends_on__gt=today).exists()  # a partner's time-limited grant

    def test_an_on_call_duty_covers_now(self) -> None:
        now = timezone.now()
        duty = OnCallDuty.objects.get(
            organisation__slug="harbour-lane", starts_at__lte=now, ends_at__gt=now
        )
        assert duty.manager.user.email == builders.SIGN_INS["on_call_manager"]

    def test_one_sign_in_per_role_with_the_demo_password(self) -> None:
        for role in Role.values:
            assert RoleGrant.objects.filter(
                user__organisation__slug="harbour-lane", role=role
            ).exists(), role
        users = User.objects.filter(email__in=builders.SIGN_INS.values())
        assert users.count() == len(builders.SIGN_INS)
        # One Argon2 hash of the demo password is shared, so checking one checks them all.
        assert len({user.password for user in users}) == 1
        assert users[0].check_password(builders.DEMO_PASSWORD)
        assert not User.objects.get(email=builders.SIGN_INS["finance"]).check_password("wrong")

    def test_the_demo_accounts_have_the_relationships_they_are_for(self) -> None:
        person = Person.objects.get(user__email=builders.SIGN_INS["person"])
        worker = StaffMember.objects.get(user__email=builders.SIGN_INS["support_worker"])
        assert TeamMembership.objects.filter(
            person=person, staff_member=worker, ends_on__isnull=True
        ).exists()
        assert TeamMembership.objects.filter(staff_member=worker, ends_on__isnull=False).exists()
        family = CircleMember.objects.get(user__email=builders.SIGN_INS["circle"])
        assert family.person == person and family.consents.exists()
        partner = CircleMember.objects.get(user__email=builders.SIGN_INS["partner"])
        assert partner.kind == "professional"
        assert all(c.ends_on is not None for c in partner.consents.all())
        assert ManagerAssignment.objects.filter(
            person=person, manager__user__email=builders.SIGN_INS["manager"]
        ).exists()

    def test_the_demo_accounts_see_what_their_relationships_allow(self) -> None:
        profile = ConsentCategory.PROFILE
        person = Person.objects.get(user__email=builders.SIGN_INS["person"])

        def visible(role: str, category: str = profile) -> set[int]:
            user = User.objects.get(email=builders.SIGN_INS[role])
            return set(people_visible_to(user, category).values_list("pk", flat=True))

        assert len(visible("administrator")) == 32
        assert len(visible("on_call_manager")) == 32  # on call now
        assert person.pk in visible("manager") and len(visible("manager")) < 32
        assert len(visible("support_worker")) == 2  # core for one person, relief for another
        assert person.pk in visible("support_worker")
        assert visible("person") == {person.pk}
        assert visible("circle") == {person.pk}
        assert visible("circle", ConsentCategory.HEALTH) == set()  # that consent has expired
        assert visible("partner", ConsentCategory.HEALTH) == {person.pk}
        assert visible("finance") == set()

    def test_demo_sign_ins_prints_every_account_and_a_code(self) -> None:
        out = StringIO()
        call_command("demo_sign_ins", stdout=out)
        text = out.getvalue()
        for role in Role:
            assert f"{role.label}: " in text
        assert builders.DEMO_PASSWORD in text
        assert "code now:" in text and "no demo account" not in text
        assert demo_accounts.demo_totp_secret(builders.SIGN_INS["partner"]) in text
        staff_user = User.objects.get(email=builders.SIGN_INS["support_worker"])
        assert has_mfa(staff_user)
        assert not has_mfa(User.objects.get(email=builders.SIGN_INS["person"]))

    def test_names_are_from_our_own_lists_and_emails_are_fictional(self) -> None:
        from ownterms.demo import names

        for person in Person.objects.filter(organisation__slug="harbour-lane"):
            assert person.first_name in names.FIRST_NAMES
            assert person.last_name in names.LAST_NAMES
        domains = {
            e.split("@")[1]
            for e in User.objects.filter(organisation__slug="harbour-lane").values_list(
                "email", flat=True
            )
        }
        assert domains == {"harbour-lane.example"}

    def test_every_person_has_a_full_plan(self) -> None:
        org = Organisation.objects.get(slug="harbour-lane")
        people = Person.objects.filter(organisation=org)
        today = timezone.localdate()
        assert people.count() == 32
        for person in people:
            assert ProfileVersion.objects.filter(person=person).exists()
            assert PersonPlan.objects.get(person=person).interests.count() >= 2
            assert Goal.objects.filter(person=person).count() >= 2
            assert RoutineActivity.objects.filter(person=person).count() >= 3
            assert Policy.objects.filter(person=person).count() >= 2
        current = [
            ProfileVersion.objects.filter(person=person).order_by("-number").first()
            for person in people
        ]
        overdue = [v for v in current if v is not None and v.review_on <= today]
        assert 3 <= len(overdue) <= 10
        assert ProfileVersion.objects.filter(organisation=org, number__gt=1).exists()
        assert PolicyVersion.objects.filter(organisation=org, number=2).exists()
        assert PlanningSession.objects.filter(organisation=org, method="path").count() == 1
        names = set(RoutineActivity.objects.filter(organisation=org).values_list("name", flat=True))
        assert {"Dance class", "Coffee morning", "Exercise class"} <= names
        for model in (ProfileVersion, Goal, RoutineActivity, PolicyVersion):
            for row in model.objects.filter(organisation=org)[:200]:  # type: ignore[attr-defined]
                row.full_clean()
        # The person who signs in sees their own easy-read page with real content.
        me = people.exclude(user=None).get()
        client = Client()
        client.force_login(me.user)  # type: ignore[arg-type]
        page = client.get(
            reverse("plans:easy_about", kwargs={"org": org.slug, "person_id": me.public_id})
        )
        assert page.status_code == 200 and "I like" in page.content.decode()

    def test_leave_and_availability(self) -> None:
        org = builders.demo_organisation()
        assert org is not None
        staff = StaffMember.objects.filter(organisation=org)
        assert AvailabilityPattern.objects.filter(organisation=org).count() == staff.count()
        notes = set(AvailabilityPattern.objects.values_list("note", flat=True))
        assert {"No nights", "Part time", ""} <= notes
        assert LeaveTerms.objects.filter(organisation=org).exists()
        assert (
            WorkedHours.objects.filter(organisation=org).exists()
            or not staff.filter(employment="bank").exists()
        )

        today = timezone.localdate()
        leave = LeaveRequest.objects.filter(organisation=org)
        assert leave.filter(status="requested").count() >= 3
        monday = today - dt.timedelta(days=today.weekday())
        assert leave.filter(
            kind="sickness",
            status="approved",
            starts_on__lte=monday + dt.timedelta(days=6),
            ends_on__gte=monday,
        ).exists()
        assert (
            leave.filter(
                kind="annual", status="approved", starts_on__gte=today.replace(day=1)
            ).count()
            >= 10
        )
        for item in leave:
            item.full_clean()
            others = leave.filter(
                staff_member=item.staff_member,
                starts_on__lte=item.ends_on,
                ends_on__gte=item.starts_on,
            ).exclude(pk=item.pk)
            assert not others.exists(), item

        member = staff.order_by("pk").first()
        assert member is not None
        balance_of(member, today=today)
        start = timezone.now()
        unavailable_intervals(member, start, start + dt.timedelta(days=7))

        manager = User.objects.get(email=builders.SIGN_INS["manager"])
        client = Client()
        client.force_login(manager)
        response = client.get(reverse("leave:organisation", kwargs={"org": org.slug}))
        assert response.status_code == 200
        assert "Sickness" in response.content.decode()

    def test_staff_records(self) -> None:
        org = Organisation.objects.get(slug="harbour-lane")
        today = timezone.localdate()
        staff = StaffMember.objects.filter(organisation=org).prefetch_related(
            "training__skill", "tags"
        )
        assert staff.count() == 150
        states: dict[str, int] = {}
        for member in staff:
            assert member.training.all(), member
            assert {t.kind for t in member.tags.all()} == {"interest", "trait"}
            for state in skill_states(member.training.all(), today):
                states[state.state] = states.get(state.state, 0) + 1
        assert states["expired"] >= 10 and states["expiring"] >= 10 and states["valid"] > 500
        assert staff.filter(needs_training_attention(today)).count() >= 10
        assert 3 <= sum(m.opt_out_in_force_on(today) for m in staff) <= 30
        assert staff.exclude(profile_how_i_work="").count() >= 20
        assert (
            SkillNeed.objects.filter(
                organisation=org, skill__name="Epilepsy rescue medication", coverage="every_shift"
            ).count()
            >= 8
        )
        found = levels(org)
        assert found.get("single", 0) >= 1 and found.get("none", 0) >= 1 and found.get("ok", 0) >= 5
        # The person the demo's manager and person sign-ins see first has the single point of
        # failure.
        first = Person.objects.filter(organisation=org).order_by("pk").first()
        assert first is not None
        epilepsy = [c for c in team_health(first) if c.need.skill.name.startswith("Epilepsy")]
        assert epilepsy[0].level == "single"
        assert TrainingRecord.objects.filter(organisation=org).count() > 1000

    def test_rerun_without_flags_refuses_and_if_empty_does_nothing(self) -> None:
        with pytest.raises(CommandError, match="already exists"):
            seed()
        assert "nothing to do" in seed("--if-empty")
        assert Person.objects.filter(organisation__slug="harbour-lane").count() == 32


def _names() -> list[tuple[str, str]]:
    return list(
        Person.objects.filter(organisation__slug="harbour-lane")
        .order_by("id")
        .values_list("first_name", "last_name")
    ) + list(
        StaffMember.objects.filter(organisation__slug="harbour-lane")
        .order_by("id")
        .values_list("first_name", "last_name")
    )


@pytest.mark.skipif(connection.vendor != "sqlite", reason="--reset is for the SQLite demo")
def test_same_seed_same_names_and_reset_rebuilds(db: Any) -> None:
    seed("--people", "6", "--staff", "20", "--seed", "7")
    first = _names()
    seed("--reset", "--people", "6", "--staff", "20", "--seed", "7")
    assert _names() == first
    assert Organisation.objects.filter(slug="harbour-lane").count() == 1
    seed("--reset", "--people", "6", "--staff", "20", "--seed", "8")
    assert _names() != first


@pytest.mark.both_databases
def test_same_seed_same_names_on_any_database(db: Any) -> None:
    def build_and_roll_back(seed: int) -> list[tuple[str, str]]:
        with transaction.atomic():
            builders.build_demo(
                scale=builders.Scale(people=5, staff=12, seed=seed, rota=False), now=now
            )
            names = _names()
            transaction.set_rollback(True)
        return names

    now = timezone.now()
    first = build_and_roll_back(3)
    assert len(first) == 17
    assert build_and_roll_back(3) == first
    assert build_and_roll_back(4) != first


@pytest.mark.postgres
def test_reset_on_postgresql_refuses_clearly(db: Any) -> None:
    seed("--people", "2", "--staff", "6")
    with pytest.raises(CommandError, match="SQLite"):
        seed("--reset")


@pytest.mark.parametrize(
    ("people", "staff", "with_family"),
    [
        (1, 4, 0),
        (3, 5, 0),
        (11, 40, 1),
        pytest.param(64, 300, 6, marks=pytest.mark.demo_data),
    ],
)
def test_small_and_custom_scales(db: Any, people: int, staff: int, with_family: int) -> None:
    seed("--people", str(people), "--staff", str(staff), "--seed", "1")
    org = Organisation.objects.get(slug="harbour-lane")
    assert Person.objects.filter(organisation=org).count() == people
    assert StaffMember.objects.filter(organisation=org).count() == staff
    assert Person.objects.filter(organisation=org, home="with_family").count() == with_family
    current = TeamMembership.objects.filter(organisation=org, ends_on__isnull=True)
    sizes = list(current.values("person").annotate(n=Count("id")).values_list("n", flat=True))
    assert len(sizes) == people and min(sizes) >= 3


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--people", "0"], "--people"),
        (["--people", "-3"], "--people"),
        (["--staff", "0"], "--staff"),
        (["--people", "40", "--staff", "30"], "at least --people"),
        (["--people", "1", "--staff", "3"], "too small"),
        (["--seed", "-1"], "--seed"),
        (["--people", "999999"], "--people"),
    ],
)
def test_bad_arguments_are_clear_errors_and_create_nothing(
    db: Any, args: list[str], message: str
) -> None:
    with pytest.raises(CommandError, match=message):
        seed(*args)
    assert not Organisation.objects.filter(slug="harbour-lane").exists()


def test_demo_sign_ins_without_a_demo(db: Any) -> None:
    out = StringIO()
    call_command("demo_sign_ins", stdout=out)
    assert "seed_demo" in out.getvalue()


def test_refused_in_production_mode(db: Any, settings: Any) -> None:
    settings.PRODUCTION = True
    with pytest.raises(CommandError, match="production"):
        seed()
