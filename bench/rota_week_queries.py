"""The organisation's week page (``rota:week``) at 1x (30 people, 150 staff) and 10x (300
people, 1500 staff): query count and render time. The query count must not grow with size.

Run: .venv/bin/python bench/rota_week_queries.py [--repeat N]. Prints a table; asserts nothing.
Each scale uses a fresh SQLite database in a temporary directory (migrations not timed); every
person has a week of shifts (two day shifts a day, one of them 2:1, and a sleep-in), most
places filled, a required skill on the 2:1 and training records, written with bulk_create.
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
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parents[1]
SCALES = [("1x", 30, 150), ("10x", 300, 1500)]
MONDAY = dt.date(2026, 11, 23)
LONDON = ZoneInfo("Europe/London")


def _at(day: dt.date, hour: int) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, tzinfo=LONDON)


def build(people: int, staff: int) -> object:
    """The organisation; returns its rota coordinator (a ``User``)."""
    from allauth.mfa.totp.internal.auth import TOTP
    from django.contrib.auth.hashers import make_password

    from ownterms.accounts.models import Role, RoleGrant, User
    from ownterms.core.models import Organisation
    from ownterms.people.models import Person
    from ownterms.rota.models import Assignment, Shift, ShiftKind
    from ownterms.staff.models import ManagerAssignment, StaffMember, TrainingRecord
    from ownterms.vocabulary.models import Skill

    org = Organisation.objects.create(name="Bench Support", slug="bench")
    coordinator = User.objects.create(
        email="coordinator@bench.example", display_name="Cory Coordinator", organisation=org
    )
    RoleGrant.objects.create(user=coordinator, role=Role.COORDINATOR)
    TOTP.activate(coordinator, "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP")
    skill = Skill.objects.create(organisation=org, name="Driving", key="driving")
    since = MONDAY - dt.timedelta(days=400)
    unusable = make_password(None)  # no hashing: staff here never sign in
    users = User.objects.bulk_create(
        [
            User(
                email=f"w{n}@bench.example",
                display_name=f"W{n}",
                organisation=org,
                password=unusable,
            )
            for n in range(staff)
        ]
    )
    workers = StaffMember.objects.bulk_create(
        [
            StaffMember(
                organisation=org,
                user=user,
                first_name=f"W{n}",
                last_name="Worker",
                job_title="Support worker",
                employment=StaffMember.Employment.PART_TIME,
                contract_minutes_per_week=30 * 60,
                starts_on=since,
            )
            for n, user in enumerate(users)
        ]
    )
    TrainingRecord.objects.bulk_create(
        [
            TrainingRecord(
                organisation=org,
                staff_member=worker,
                skill=skill,
                completed_on=since,
                expires_on=MONDAY + dt.timedelta(days=(n % 60) - 10),
            )
            for n, worker in enumerate(workers)
        ]
    )
    added = Person.objects.bulk_create(
        [
            Person(
                organisation=org,
                first_name=f"P{n}",
                last_name="Person",
                home=Person.Home.OTHER,
                town=("Leeds", "York", "Hull")[n % 3],
            )
            for n in range(people)
        ]
    )
    managers = workers[: max(people // 10, 1)]
    ManagerAssignment.objects.bulk_create(
        [
            ManagerAssignment(
                organisation=org, person=p, manager=managers[n % len(managers)], starts_on=since
            )
            for n, p in enumerate(added)
        ]
    )
    rows: list[Shift] = []
    for person in added:
        for d in range(7):
            day = MONDAY + dt.timedelta(days=d)
            for start, end, kind, headcount in (
                (_at(day, 8), _at(day, 15), ShiftKind.DAY, 2),
                (_at(day, 15), _at(day, 22), ShiftKind.DAY, 1),
                (_at(day, 22), _at(day + dt.timedelta(days=1), 8), ShiftKind.SLEEP_IN, 1),
            ):
                rows.append(
                    Shift(
                        organisation=org,
                        person=person,
                        on=day,
                        starts_at=start,
                        ends_at=end,
                        kind=kind,
                        headcount=headcount,
                    )
                )
    shifts = Shift.objects.bulk_create(rows)
    Shift.required_skills.through.objects.bulk_create(
        [
            Shift.required_skills.through(shift_id=s.pk, skill_id=skill.pk)
            for s in shifts
            if s.headcount == 2
        ]
    )
    assignments: list[Assignment] = []
    for n, s in enumerate(shifts):
        if n % 17 == 0:
            continue  # a gap now and then
        for place in range(s.headcount):
            assignments.append(Assignment(shift=s, staff_member=workers[(n + place * 7) % staff]))
    Assignment.objects.bulk_create(assignments, ignore_conflicts=True)
    return coordinator


def measure(user: object, repeat: int) -> tuple[int, float, int]:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    client = Client()
    client.force_login(user)  # type: ignore[arg-type]
    path = reverse("rota:week", kwargs={"org": "bench"}) + f"?week={MONDAY:%Y-%m-%d}"
    client.get(path)  # warm up: session, templates
    times: list[float] = []
    queries = 0
    size = 0
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(path)
            times.append(time.perf_counter() - started)
        assert response.status_code == 200, response.status_code
        queries, size = len(captured.captured_queries), len(response.content)
    return queries, statistics.median(times), size


def run_scale(people: int, staff: int, repeat: int) -> tuple[int, float, int]:
    import django
    from django.core.management import call_command
    from django.test.utils import setup_test_environment

    django.setup()
    setup_test_environment()
    call_command("migrate", "--no-input", verbosity=0)
    return measure(build(people, staff), repeat)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--scale", choices=[label for label, _, _ in SCALES])
    options = parser.parse_args()
    if options.scale:  # one scale per process: a fresh Django and database each time
        label, people, staff = next(s for s in SCALES if s[0] == options.scale)
        queries, seconds, size = run_scale(people, staff, options.repeat)
        print(f"{label}\t{people}\t{staff}\t{queries}\t{seconds:.3f}\t{size}")
        return
    import subprocess

    print(f"{'scale':<6}{'people':>8}{'staff':>8}{'queries':>9}{'render s':>10}{'KB':>8}")
    for label, _, _ in SCALES:
        with tempfile.TemporaryDirectory() as var:
            env = {
                **os.environ,
                "OWNTERMS_VAR_DIR": var,
                "DJANGO_SETTINGS_MODULE": "ownterms.settings",
            }
            env.pop("DATABASE_URL", None)
            out = (
                subprocess.run(
                    [sys.executable, __file__, "--scale", label, "--repeat", str(options.repeat)],
                    cwd=ROOT,
                    env=env,
                    check=True,
                    capture_output=True,
                    text=True,
                )
                .stdout.strip()
                .splitlines()[-1]
            )
        name, people, staff, queries, seconds, size = out.split("\t")
        print(
            f"{name:<6}{people:>8}{staff:>8}{queries:>9}{float(seconds):>10.3f}"
            f"{int(size) / 1024:>8.0f}"
        )
    print("render: median wall time of the whole request (Django test client, SQLite)")


if __name__ == "__main__":
    main()
