"""The organisation outcome report's computation (issue 8): 320 people with 3 years of history.
Prints the timings; asserts nothing (target: the report in <= 5 s).

Each person has a package from 3 years ago and, per month: incidents and a restrictive practice
now and then, PRN doses of a psychotropic (falling for half of them), a regular psychotropic
given daily (for half of them, stopped after 2 years for some), NHS use, delivered shifts with
an activity, a check-in; goals achieved, connections (community, a friendship, work), and a
move into their own tenancy for some (an audited change of the record). Everything is written
with bulk_create.

Run: .venv/bin/python bench/outcomes_report.py [--keep DIR]. A fresh SQLite database in a
temporary directory each run; ``--keep DIR`` builds it in DIR once and reuses it after (set
DATABASE_URL to use PostgreSQL instead).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import sys
import tempfile
import time
from contextlib import ExitStack
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parents[1]
LONDON = ZoneInfo("Europe/London")
TODAY = dt.date(2026, 11, 23)
PEOPLE = 320
MONTHS = 36
SLUG = "bench-outcomes"


def _setup() -> None:
    sys.path.insert(0, str(ROOT / "src"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ownterms.settings")
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", "--no-input", verbosity=0)


def _at(day: dt.date, hour: int) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, tzinfo=LONDON)


def _month(n: int) -> dt.date:
    """The first day of the n-th month of the history (0: 36 months ago)."""
    index = TODAY.year * 12 + TODAY.month - 1 - MONTHS + n
    return dt.date(index // 12, index % 12 + 1, 1)


def _days(month: dt.date) -> int:
    following = dt.date(month.year + month.month // 12, month.month % 12 + 1, 1)
    return (following - month).days


def build() -> int:
    """The organisation with its history; returns its id (reused when it exists)."""
    from ownterms.accounts.models import User
    from ownterms.audit.models import AuditEvent
    from ownterms.core.models import Organisation
    from ownterms.daily.models import DoseOutcome, DoseRecord, Incident, RestrictivePracticeEvent
    from ownterms.health.models import Medication
    from ownterms.outcomes.models import CheckIn, Connection, HealthEvent
    from ownterms.people.models import CommissionedPackage, Person
    from ownterms.plans.models import Goal
    from ownterms.rota.models import Delivery, Shift
    from ownterms.staff.models import StaffMember

    found = Organisation.objects.filter(slug=SLUG).first()
    if found is not None:
        return found.pk
    rng = random.Random(8)
    org = Organisation.objects.create(name="Bench outcomes", slug=SLUG)
    user = User.objects.create(email="bea@bench.example", display_name="Bea", organisation=org)
    worker = StaffMember.objects.create(
        organisation=org, user=user, first_name="Bea", last_name="Worker",
        job_title="Support worker", employment="full_time", contract_minutes_per_week=2250,
        starts_on=_month(0),
    )  # fmt: skip
    people = Person.objects.bulk_create(
        Person(organisation=org, first_name=f"P{n}", last_name="Person", home="own_tenancy")
        for n in range(PEOPLE)
    )
    start = _month(0)
    CommissionedPackage.objects.bulk_create(
        CommissionedPackage(organisation=org, person=p, starts_on=start,
                            review_on=start + dt.timedelta(days=365), funder_name="Northshire",
                            funder_kind="council", day_minutes=105 * 60)
        for p in people
    )  # fmt: skip
    medicines = []
    for n, person in enumerate(people):
        medicines.append(
            Medication(organisation=org, person=person, name="Lorazepam", dose="0.5 mg",
                       route="oral", kind="prn", frequency="Twice a day at most",
                       prn_protocol="Very anxious", starts_on=start, is_psychotropic=True,
                       psychotropic_reason="Anxiety", review_on=TODAY)
        )  # fmt: skip
        if n % 2 == 0:
            medicines.append(
                Medication(organisation=org, person=person, name="Risperidone", dose="1 mg",
                           route="oral", kind="regular", frequency="Each evening", starts_on=start,
                           stops_on=_month(24) if n % 4 == 0 else None, is_psychotropic=True,
                           psychotropic_reason="Distress", review_on=TODAY)
            )  # fmt: skip
    medicines = Medication.objects.bulk_create(medicines)
    prn = {m.person_id: m for m in medicines if m.kind == "prn"}
    regular = {m.person_id: m for m in medicines if m.kind == "regular"}

    incidents, practices, doses, events, shifts, check_ins = [], [], [], [], [], []
    for n, person in enumerate(people):
        falling = n % 2 == 0
        for m in range(MONTHS):
            month = _month(m)
            days = _days(month)
            scale = max(0.2, 1 - m / MONTHS) if falling else 1.0
            for _ in range(rng.randint(0, round(6 * scale))):
                day = month + dt.timedelta(days=rng.randrange(days))
                incidents.append(Incident(organisation=org, person=person, starts_at=_at(day, 14)))
            if rng.random() < 0.3 * scale:
                day = month + dt.timedelta(days=rng.randrange(days))
                practices.append(
                    RestrictivePracticeEvent(organisation=org, person=person, kind="physical",
                                             starts_at=_at(day, 15), ends_at=_at(day, 15))
                )  # fmt: skip
            for _ in range(rng.randint(0, round(10 * scale))):
                day = month + dt.timedelta(days=rng.randrange(days))
                doses.append(
                    DoseRecord(organisation=org, person=person, medication=prn[person.pk],
                               at=_at(day, 16), outcome=DoseOutcome.GIVEN)
                )  # fmt: skip
            medicine = regular.get(person.pk)
            if medicine is not None and (medicine.stops_on is None or month < medicine.stops_on):
                for d in range(days):
                    moment = _at(month + dt.timedelta(days=d), 20)
                    doses.append(
                        DoseRecord(organisation=org, person=person, medication=medicine,
                                   due_at=moment, at=moment, outcome=DoseOutcome.GIVEN)
                    )  # fmt: skip
            if rng.random() < 0.6:
                kind = rng.choice(["gp", "gp", "community", "outpatient", "ae", "admission"])
                events.append(
                    HealthEvent(organisation=org, person=person, kind=kind,
                                on=month + dt.timedelta(days=rng.randrange(days)))
                )  # fmt: skip
            for _ in range(rng.randint(1, 5)):
                day = month + dt.timedelta(days=rng.randrange(days))
                shifts.append(
                    Shift(organisation=org, person=person, on=day, starts_at=_at(day, 10),
                          ends_at=_at(day, 16), kind="day", activity="Swimming")
                )  # fmt: skip
            check_ins.append(
                CheckIn(organisation=org, person=person, on=month + dt.timedelta(days=20),
                        answers={"home": rng.randint(2, 5), "life": rng.randint(2, 5)})
            )  # fmt: skip
    Incident.objects.bulk_create(incidents, batch_size=5000)
    RestrictivePracticeEvent.objects.bulk_create(practices, batch_size=5000)
    DoseRecord.objects.bulk_create(doses, batch_size=5000)
    HealthEvent.objects.bulk_create(events, batch_size=5000)
    CheckIn.objects.bulk_create(check_ins, batch_size=5000)
    shifts = Shift.objects.bulk_create(shifts, batch_size=5000)
    Delivery.objects.bulk_create(
        (Delivery(organisation=org, shift=s, staff_member=worker, started_at=s.starts_at,
                  ended_at=s.ends_at) for s in shifts),
        batch_size=5000,
    )  # fmt: skip
    Goal.objects.bulk_create(
        Goal(organisation=org, person=p, title=f"Goal {g}", owner="Them", status="achieved",
             achieved_on=_month(rng.randrange(MONTHS)) + dt.timedelta(days=9))
        for p in people
        for g in range(rng.randint(1, 8))
    )  # fmt: skip
    Connection.objects.bulk_create(
        Connection(organisation=org, person=p, kind=kind, name=name,
                   started_on=_month(rng.randrange(MONTHS)), minutes_per_week=minutes)
        for p in people
        for kind, name, minutes in (("community", "Club", 0), ("relationship", "Friend", 0),
                                    ("work", "Cafe", 600), ("learning", "College", 0))
    )  # fmt: skip
    AuditEvent.objects.bulk_create(
        AuditEvent(organisation=org, occurred_at=_at(_month(6), 12), kind="change",
                   action="person.update", actor_label="Bench", person_id=p.pk,
                   object_type="people.person", object_id=str(p.public_id),
                   changes={"home": {"old": "other", "new": "own_tenancy"}})
        for p in people[::3]
    )  # fmt: skip
    print(
        f"built: {PEOPLE} people, {MONTHS} months; {len(incidents)} incidents, "
        f"{len(practices)} restrictive practices, {len(doses)} doses, {len(events)} NHS uses, "
        f"{len(shifts)} delivered shifts, {len(check_ins)} check-ins",
        flush=True,
    )
    return org.pk


def measure(organisation_id: int, runs: int = 3) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from ownterms.outcomes.selectors.measures_org import organisation_report

    seconds = []
    for _ in range(runs):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            report = organisation_report(organisation_id, TODAY, LONDON)
            seconds.append(time.perf_counter() - started)
    incidents = next(m for m in report.measures if m.key == "incidents")
    print(f"database: {connection.vendor}")
    print(f"people: {report.people}, measures: {len(report.measures)}, queries: {len(captured)}")
    print(
        f"incidents: {incidents.better_count} people better, {incidents.worse_count} worse, "
        f"{incidents.same_count} about the same"
    )
    print(f"organisation report: median {statistics.median(seconds):.2f} s of {runs} runs "
          f"({', '.join(f'{s:.2f}' for s in seconds)}); target <= 5 s")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--keep", help="build the database in this directory and reuse it")
    options = parser.parse_args()
    with ExitStack() as stack:
        var = options.keep or stack.enter_context(tempfile.TemporaryDirectory())
        Path(var).mkdir(parents=True, exist_ok=True)
        os.environ["OWNTERMS_VAR_DIR"] = var
        _setup()
        started = time.perf_counter()
        organisation_id = build()
        print(f"data ready in {time.perf_counter() - started:.1f} s", flush=True)
        measure(organisation_id)


if __name__ == "__main__":
    main()
