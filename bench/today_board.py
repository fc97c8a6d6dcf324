"""The today board (``daily:today``, issue 5): server time and query count at demo scale and at
10x. Prints a table; asserts nothing. Target: <= 100 ms at demo scale, the same query count at
10x.

Run: .venv/bin/python bench/today_board.py [--repeat N] [--without-rota]. A fresh SQLite
database in a temporary directory (``OWNTERMS_VAR_DIR``; ``DATABASE_URL`` is ignored). Steps:

1. Seed the demo organisation (``seed_demo``: 32 people, 150 staff, its published rota) as of
   now.
2. On top of the demo's own daily records, two more days per person so every section of the
   board is full: an incident every other person, a restrictive practice for one in eight
   (some prone, some unauthorised), seizures for one in six, two regular medicines due 08:00
   and 20:00 (most doses given; some left late or missed) and PRN doses for one in four.
3. Render the board for the demo manager and the administrator: one warm-up, then the median
   of ``--repeat`` (default 20) renders with the Django test client; print time and queries.
4. 10x: clone every person nine times with their manager, team-free rota shifts (from
   yesterday to tomorrow, with their assignments and skills), medicines, schedules and
   records, in bulk; render again.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]


def _setup(var: str) -> None:
    os.environ["OWNTERMS_VAR_DIR"] = var
    os.environ.pop("DATABASE_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ownterms.settings")
    sys.path.insert(0, str(ROOT / "src"))
    import django
    from django.core.management import call_command
    from django.test.utils import setup_test_environment

    django.setup()
    setup_test_environment()
    call_command("migrate", "--no-input", verbosity=0)


def _seed(rota: bool) -> float:
    from django.test.utils import override_settings
    from django.utils import timezone

    from ownterms.demo import builders

    started = time.perf_counter()
    with override_settings(OWNTERMS_EMAIL_NOTIFICATIONS=False):
        builders.build_demo(scale=builders.Scale(rota=rota), now=timezone.now())
    return time.perf_counter() - started


def _records(people: list[Any], now: dt.datetime, staff: list[Any]) -> int:
    """Two days of daily records for ``people`` (bulk); returns how many rows."""
    from ownterms.core.selectors import zone_of
    from ownterms.daily.models import (
        DoseOutcome,
        DoseRecord,
        DoseSchedule,
        Incident,
        PracticeKind,
        RestrictivePracticeEvent,
        Seizure,
        SeizureType,
    )
    from ownterms.daily.selectors.doses_due import due_at
    from ownterms.health.models import Medication

    org = people[0].organisation
    zone = zone_of(org)
    today = now.astimezone(zone).date()
    long_ago = today - dt.timedelta(days=365)
    incidents, practices, seizures, doses = [], [], [], []
    medicines = Medication.objects.bulk_create(
        Medication(
            organisation=org,
            person=p,
            name=name,
            dose="1 tablet",
            route=Medication.Route.ORAL,
            kind=kind,
            frequency="twice a day" if kind == "regular" else "when needed",
            prn_protocol="" if kind == "regular" else "When very anxious",
            starts_on=long_ago,
        )
        for p in people
        for name, kind in (("Bench regular", "regular"), ("Bench PRN", "prn"))
    )
    regular = {m.person_id: m for m in medicines if m.kind == "regular"}
    prn = {m.person_id: m for m in medicines if m.kind == "prn"}
    DoseSchedule.objects.bulk_create(
        DoseSchedule(organisation=org, medication=m, time=dt.time(hour))
        for m in regular.values()
        for hour in (8, 20)
    )
    for n, person in enumerate(people):
        worker = staff[n % len(staff)]
        for back in (1, 0):
            day = today - dt.timedelta(days=back)
            start = dt.datetime.combine(day, dt.time(10 + n % 8), tzinfo=zone)
            if start > now:
                start = now - dt.timedelta(minutes=30 + n)
            if (n + back) % 2 == 0:
                incidents.append(
                    Incident(organisation=org, person=person, starts_at=start, intensity=n % 5 + 1)
                )
            if (n + back) % 8 == 0:
                practices.append(
                    RestrictivePracticeEvent(
                        organisation=org,
                        person=person,
                        kind=PracticeKind.PRONE if n % 16 == 0 else PracticeKind.PHYSICAL,
                        starts_at=start,
                        ends_at=start + dt.timedelta(minutes=3),
                        technique="Two-person escort",
                        alternatives_tried="Offered space",
                        injury_checks="None found",
                        recorded_by_staff=worker,
                    )
                )
            if (n + back) % 6 == 0:
                seizures.append(
                    Seizure(
                        organisation=org,
                        person=person,
                        starts_at=start,
                        ends_at=start + dt.timedelta(minutes=2),
                        seizure_type=SeizureType.TONIC_CLONIC,
                    )
                )
            for hour in (8, 20):
                moment = due_at(day, dt.time(hour), zone)
                if moment > now or (back == 0 and n % 5 == 0):
                    continue  # not due yet, or left late or missed
                doses.append(
                    DoseRecord(
                        organisation=org,
                        person=person,
                        medication=regular[person.pk],
                        due_at=moment,
                        at=moment + dt.timedelta(minutes=5),
                        outcome=DoseOutcome.GIVEN,
                        recorded_by_staff=worker,
                    )
                )
            if n % 4 == 0:
                doses.append(
                    DoseRecord(
                        organisation=org,
                        person=person,
                        medication=prn[person.pk],
                        at=start,
                        outcome=DoseOutcome.GIVEN,
                        reason="Very anxious",
                    )
                )
    Incident.objects.bulk_create(incidents)
    RestrictivePracticeEvent.objects.bulk_create(practices)
    Seizure.objects.bulk_create(seizures)
    DoseRecord.objects.bulk_create(doses)
    return len(medicines) + len(incidents) + len(practices) + len(seizures) + len(doses)


def _clone(now: dt.datetime, copies: int) -> int:
    """Nine more of every person (10x), with manager assignments, shifts from yesterday to
    tomorrow (assignments, required skills) and their daily records. Returns the people."""
    from ownterms.core.models import Organisation
    from ownterms.demo import builders
    from ownterms.people.models import Person
    from ownterms.rota.models import Assignment, Shift
    from ownterms.staff.models import ManagerAssignment, StaffMember

    org = Organisation.objects.get(slug=builders.SLUG)
    originals = list(Person.objects.filter(organisation=org).order_by("pk"))
    managers = {
        m.person_id: m
        for m in ManagerAssignment.objects.filter(organisation=org, ends_on__isnull=True)
    }
    window = (now - dt.timedelta(days=1), now + dt.timedelta(days=2))
    shifts = list(
        Shift.objects.filter(
            organisation=org, starts_at__gte=window[0], starts_at__lt=window[1]
        ).prefetch_related("required_skills")
    )
    on_shift: dict[int, list[int]] = {}
    for shift_id, member_id in Assignment.objects.filter(shift__in=shifts).values_list(
        "shift_id", "staff_member_id"
    ):
        on_shift.setdefault(shift_id, []).append(member_id)
    staff = list(StaffMember.objects.filter(organisation=org).order_by("pk")[:40])
    added: list[Person] = []
    for copy in range(1, copies):
        clones = Person.objects.bulk_create(
            Person(
                organisation=org,
                first_name=p.first_name,
                last_name=f"{p.last_name} {copy}",
                home=p.home,
                status=p.status,
                town=p.town,
            )
            for p in originals
        )
        mapping = {p.pk: c for p, c in zip(originals, clones, strict=True)}
        ManagerAssignment.objects.bulk_create(
            ManagerAssignment(
                organisation=org,
                person=mapping[m.person_id],
                manager_id=m.manager_id,
                starts_on=m.starts_on,
            )
            for m in managers.values()
            if m.person_id in mapping
        )
        new_shifts = Shift.objects.bulk_create(
            Shift(
                organisation=org,
                person=mapping[s.person_id],
                on=s.on,
                starts_at=s.starts_at,
                ends_at=s.ends_at,
                kind=s.kind,
                headcount=s.headcount,
                activity=s.activity,
                status=s.status,
            )
            for s in shifts
        )
        Assignment.objects.bulk_create(
            Assignment(shift=new, staff_member_id=member_id)
            for old, new in zip(shifts, new_shifts, strict=True)
            for member_id in on_shift.get(old.pk, [])
        )
        Shift.required_skills.through.objects.bulk_create(
            Shift.required_skills.through(shift_id=new.pk, skill_id=skill.pk)
            for old, new in zip(shifts, new_shifts, strict=True)
            for skill in old.required_skills.all()
        )
        _records(clones, now, staff)
        added.extend(clones)
    return len(originals) + len(added)


def _measure(email: str, repeat: int) -> tuple[int, float, float, int, dict[str, int]]:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse
    from django.utils import timezone

    from ownterms.accounts.models import User
    from ownterms.daily.selectors.today import board, board_scope
    from ownterms.demo import builders

    user = User.objects.get(email=email)
    client = Client()
    client.force_login(user)
    path = reverse("daily:today", kwargs={"org": builders.SLUG})
    assert client.get(path).status_code == 200  # warm up: session, templates, settings cache
    times: list[float] = []
    queries = 0
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(path)
            times.append(time.perf_counter() - started)
        assert response.status_code == 200, response.status_code
        queries = len(captured.captured_queries)
    now = timezone.now()
    scope = board_scope(user, user.organisation, now)
    assert scope is not None
    counts = board(scope, now).counts.as_dict()
    return (
        queries,
        statistics.median(times) * 1000,
        min(times) * 1000,
        len(response.content),
        counts,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--without-rota", action="store_true")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as var:
        _setup(var)
        from django.utils import timezone

        from ownterms.demo import builders
        from ownterms.people.models import Person
        from ownterms.staff.models import StaffMember

        seconds = _seed(rota=not options.without_rota)
        print(f"seeded the demo in {seconds:.1f} s")
        now = timezone.now()
        people = list(Person.objects.filter(organisation__slug=builders.SLUG).order_by("pk"))
        staff = list(StaffMember.objects.filter(organisation__slug=builders.SLUG)[:40])
        rows = _records(people, now, staff)
        print(f"added {rows} daily records and medicines for {len(people)} people")
        who = {
            "manager": builders.SIGN_INS["manager"],
            "administrator": builders.SIGN_INS["administrator"],
        }
        header = (
            f"{'scale':<6}{'user':<15}{'people':>7}{'queries':>9}{'median ms':>11}"
            f"{'best ms':>9}{'KB':>6}  counts"
        )
        print(header)
        for scale in ("1x", "10x"):
            if scale == "10x":
                total = _clone(now, 10)
                print(f"cloned to {total} people")
            for label, email in who.items():
                queries, ms, best, size, counts = _measure(email, options.repeat)
                shown = ", ".join(
                    f"{k} {v}"
                    for k, v in counts.items()
                    if k in ("people", "incidents", "seizures", "missed_doses", "gaps")
                )
                print(
                    f"{scale:<6}{label:<15}{counts['people']:>7}{queries:>9}{ms:>11.1f}"
                    f"{best:>9.1f}{size / 1024:>6.0f}  {shown}"
                )
    print(
        "median/best ms: server time of the whole request (Django test client, SQLite); on a "
        "shared machine the best of the renders is the steadier figure"
    )
    print(f"load average when done: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")


if __name__ == "__main__":
    main()
