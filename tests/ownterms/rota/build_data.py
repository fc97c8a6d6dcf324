"""A small rota to build for the cast's person, shared by the build tests, the permission
matrix and the browser page list.

Next week (Monday to Sunday after the cast's today): Alex has a 09:00-15:00 day shift Monday to
Friday; the team is Tariq (core, the cast's team worker), Wren (core) and Reece (relief), all
available around the clock. Bilal has one shift and nobody in his team on that day except
Una; Nell (a third person, no team) has one shift, which stays uncovered with ``no_team``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse
from django.utils import timezone

from ownterms.accounts.models import Role, RoleGrant, User
from ownterms.leave import services as leave_services
from ownterms.people.models import Person
from ownterms.rota.models import Assignment, DraftAssignment, RotaRun, Shift, Swap
from ownterms.staff.models import StaffMember, TeamMembership
from tests.cast import Cast
from tests.ownterms.rota.factories import monday_of, shift, team_member

ALL_DAY = {day: [(0, 24 * 60)] for day in range(7)}


def next_monday(cast: Cast) -> dt.date:
    return monday_of(cast.today) + dt.timedelta(days=7)


def available(cast: Cast, member: StaffMember) -> StaffMember:
    leave_services.set_availability_pattern(
        actor=_manager(cast),
        staff_member=member,
        effective_from=member.starts_on,
        days=ALL_DAY,
    )
    return member


def _manager(cast: Cast) -> User:
    user = cast.user("manager")
    assert user is not None
    return user


def new_worker(cast: Cast, key: str, first: str) -> StaffMember:
    user = User.objects.create_user(
        email=f"{key}@example.org", organisation=cast.organisation, display_name=f"{first} Test"
    )
    RoleGrant.objects.create(user=user, role=Role.SUPPORT_WORKER)
    member = StaffMember.objects.create(
        organisation=cast.organisation,
        user=user,
        first_name=first,
        last_name="Test",
        job_title="Support worker",
        employment=StaffMember.Employment.PART_TIME,
        contract_minutes_per_week=24 * 60,
        starts_on=cast.today - dt.timedelta(days=400),
    )
    return available(cast, member)


@dataclass
class Scenario:
    monday: dt.date
    alex_shifts: list[Shift]
    bilal_shift: Shift
    nell: Person
    nell_shift: Shift
    tariq: StaffMember
    wren: StaffMember
    reece: StaffMember
    una: StaffMember


def scenario(cast: Cast) -> Scenario:
    monday = next_monday(cast)
    since = cast.today - dt.timedelta(days=400)
    tariq = available(cast, cast.staff["team_worker"])
    una = available(cast, cast.staff["outside_worker"])
    wren = new_worker(cast, "wren", "Wren")
    reece = new_worker(cast, "reece", "Reece")
    team_member(cast.person, wren, since=since)
    team_member(cast.person, reece, since=since, kind=TeamMembership.Kind.RELIEF)
    nell = Person.objects.create(
        organisation=cast.organisation,
        first_name="Nell",
        last_name="Noteam",
        home=Person.Home.OTHER,
    )
    return Scenario(
        monday=monday,
        alex_shifts=[shift(cast.person, monday + dt.timedelta(days=d)) for d in range(5)],
        bilal_shift=shift(cast.other_person, monday + dt.timedelta(days=2), 16, 4),
        nell=nell,
        nell_shift=shift(nell, monday + dt.timedelta(days=3)),
        tariq=tariq,
        wren=wren,
        reece=reece,
        una=una,
    )


def done_run(cast: Cast, *, people: list[Person] | None = None) -> RotaRun:
    """A finished run over next week for Alex whose draft gives every shift to Tariq."""
    monday = next_monday(cast)
    tariq = available(cast, cast.staff["team_worker"])
    shifts = [shift(cast.person, monday + dt.timedelta(days=d)) for d in range(3)]
    run = RotaRun.objects.create(
        organisation=cast.organisation,
        first_day=monday,
        last_day=monday + dt.timedelta(days=6),
        status=RotaRun.Status.DONE,
        result={
            "status": "optimal",
            "filled": 3,
            "wanted": 3,
            "uncovered": [],
            "warnings": [],
            "penalty_words": [],
            "errors": [],
        },
        finished_at=timezone.now(),
    )
    run.people.set(people or [cast.person])
    # The run was made after its shifts: move its creation time past their versions.
    RotaRun.objects.filter(pk=run.pk).update(created_at=timezone.now() + dt.timedelta(seconds=1))
    DraftAssignment.objects.bulk_create(
        DraftAssignment(run=run, shift=s, staff_member=tariq) for s in shifts
    )
    run.refresh_from_db()
    return run


def first_shift(run: RotaRun) -> Shift:
    found = Shift.objects.filter(person__in=run.people.all(), on__gte=run.first_day).first()
    assert found is not None
    return found


# URL parameters for the permission matrix and the browser page list ---------------------------


def run_kwargs(cast: Cast) -> dict[str, object]:
    return {"org": cast.organisation.slug, "run_id": done_run(cast).public_id}


def run_person_kwargs(cast: Cast) -> dict[str, object]:
    return {**run_kwargs(cast), "person_id": cast.person.public_id}


def run_worker_kwargs(cast: Cast) -> dict[str, object]:
    return {**run_kwargs(cast), "staff_id": cast.staff["team_worker"].public_id}


def run_shift_kwargs(cast: Cast) -> dict[str, object]:
    run = done_run(cast)
    return {
        "org": cast.organisation.slug,
        "run_id": run.public_id,
        "shift_id": first_shift(run).public_id,
    }


def live_shift_kwargs(cast: Cast) -> dict[str, object]:
    row = shift(cast.person, next_monday(cast))
    return {"org": cast.organisation.slug, "shift_id": row.public_id}


def page(name: str, kwargs: Callable[[Cast], dict[str, object]]) -> Callable[[Cast], str]:
    """The URL of a build page with its data in place (for the browser page list)."""

    def build(cast: Cast) -> str:
        return reverse(name, kwargs=kwargs(cast))

    return build


def org_kwargs(cast: Cast) -> dict[str, object]:
    return {"org": cast.organisation.slug}


def runs_kwargs(cast: Cast) -> dict[str, object]:
    """The organisation, with one run in its list."""
    done_run(cast)
    return org_kwargs(cast)


def api_run_kwargs(cast: Cast) -> dict[str, object]:
    return {"run_id": done_run(cast).public_id}


def worked_shift(cast: Cast) -> Shift:
    """A shift next week that the cast's team worker works (the live rota)."""
    row = shift(cast.person, next_monday(cast))
    Assignment.objects.create(shift=row, staff_member=cast.staff["team_worker"])
    return row


def swap_shift_kwargs(cast: Cast) -> dict[str, object]:
    return {"org": cast.organisation.slug, "shift_id": worked_shift(cast).public_id}


def a_swap(cast: Cast) -> Swap:
    colleague = StaffMember.objects.filter(first_name="Wren").first() or new_worker(
        cast, "wren", "Wren"
    )
    team_member(cast.person, colleague, since=cast.today - dt.timedelta(days=400))
    return Swap.objects.create(
        organisation=cast.organisation,
        shift=worked_shift(cast),
        from_staff=cast.staff["team_worker"],
        to_staff=colleague,
        reason="Family wedding",
    )


def swap_kwargs(cast: Cast) -> dict[str, object]:
    return {"org": cast.organisation.slug, "swap_id": a_swap(cast).public_id}
