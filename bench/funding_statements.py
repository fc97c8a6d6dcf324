"""Funding ledger timings (issue 9). Prints a table; asserts nothing.

1. Statements: 32 people, each with an arrangement (one pooled budget with two funders),
   rates that change mid-month, three months of delivered shifts (a 1:1 day shift, a 2:1
   shift and a sleep-in every day, confirmed), weekly funding receipts with a percentage fee:
   post delivered support for all, then the statement figures of last month for all 32
   (target <= 5 s), then issue them.
2. History: 320 people with 10 years of weekly movements (funding received and support,
   written with bulk_create: a read benchmark), then every person's balances per account,
   the surplus (a running balance over 10 years) and one month's statement.

Run: .venv/bin/python bench/funding_statements.py [--part statements|history]. A fresh SQLite
database in a temporary directory each run (set DATABASE_URL to use PostgreSQL instead).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import tempfile
import time
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parents[1]
LONDON = ZoneInfo("Europe/London")
TODAY = dt.date(2026, 11, 23)


def _setup() -> None:
    sys.path.insert(0, str(ROOT / "src"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ownterms.settings")
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", "--no-input", verbosity=0)


def _at(day: dt.date, hour: int) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, tzinfo=LONDON)


def _people(count: int, slug: str) -> list[object]:
    from ownterms.core.models import Organisation
    from ownterms.people.models import Person

    org = Organisation.objects.create(name=f"Bench {slug}", slug=slug)
    return list(
        Person.objects.bulk_create(
            Person(organisation=org, first_name=f"P{n}", last_name="Person", home="other")
            for n in range(count)
        )
    )


def _arrangement(person: object, start: dt.date, pooled: bool) -> object:
    from ownterms.funding.models import FundingArrangement, FundingSource, Rate

    row = FundingArrangement.objects.create(
        organisation_id=person.organisation_id,  # type: ignore[attr-defined]
        person=person,
        kind="pooled" if pooled else "isf",
        starts_on=start,
        review_on=start + dt.timedelta(days=365),
        management_fee_kind="percent",
        management_fee_value=750,
        surplus_cap_hundredths=400,
        surplus_max_weeks=12,
        banked_cap_hundredths=250,
        banked_expiry_months=12,
    )
    FundingSource.objects.create(
        organisation_id=row.organisation_id,
        arrangement=row,
        funder_kind="council",
        funder_name="Northshire Council",
        weekly_pence=180_000,
        starts_on=start,
    )
    if pooled:
        FundingSource.objects.create(
            organisation_id=row.organisation_id,
            arrangement=row,
            funder_kind="icb",
            funder_name="Northshire ICB",
            weekly_pence=90_000,
            starts_on=start,
        )
    change = TODAY.replace(day=1) - dt.timedelta(days=16)  # mid last month
    for kind, pence in (("day", 2_450), ("two_to_one", 2_450), ("sleep_in", 9_500)):
        Rate.objects.create(
            organisation_id=row.organisation_id,
            arrangement=row,
            kind=kind,
            pence=pence,
            starts_on=start,
            ends_on=change,
        )
        Rate.objects.create(
            organisation_id=row.organisation_id,
            arrangement=row,
            kind=kind,
            pence=pence + 50,
            starts_on=change,
        )
    return row


def statements() -> list[tuple[str, str]]:
    from django.contrib.auth.hashers import make_password

    from ownterms.accounts.models import User
    from ownterms.funding.selectors.statement import default_period, statement_figures
    from ownterms.funding.services import movements
    from ownterms.funding.services.statements import issue_statement
    from ownterms.rota.models import Delivery, Shift
    from ownterms.staff.models import StaffMember

    people = _people(32, "statements")
    start = TODAY - dt.timedelta(days=TODAY.weekday() + 91)
    org_id = people[0].organisation_id  # type: ignore[attr-defined]
    users = User.objects.bulk_create(
        User(
            email=f"w{n}@bench.example",
            display_name=f"W{n}",
            organisation_id=org_id,
            password=make_password(None),
        )
        for n in range(2)
    )
    workers = StaffMember.objects.bulk_create(
        StaffMember(
            organisation_id=org_id,
            user=user,
            first_name=f"W{n}",
            last_name="Worker",
            job_title="Support worker",
            starts_on=start,
            contract_minutes_per_week=0,
        )
        for n, user in enumerate(users)
    )
    shifts = []
    for person in people:
        day = start
        while day < TODAY:
            for begin, end, kind, headcount in (
                (_at(day, 8), _at(day, 15), "day", 2),
                (_at(day, 15), _at(day, 22), "day", 1),
                (_at(day, 22), _at(day + dt.timedelta(days=1), 8), "sleep_in", 1),
            ):
                shifts.append(
                    Shift(
                        organisation_id=org_id,
                        person=person,
                        on=day,
                        starts_at=begin,
                        ends_at=end,
                        kind=kind,
                        headcount=headcount,
                    )
                )
            day += dt.timedelta(days=1)
    shifts = Shift.objects.bulk_create(shifts, batch_size=2000)
    Delivery.objects.bulk_create(
        [
            Delivery(
                organisation_id=org_id,
                shift=s,
                staff_member=workers[i],
                started_at=s.starts_at,
                ended_at=s.ends_at,
            )
            for s in shifts
            for i in range(s.headcount)
        ],
        batch_size=2000,
    )
    arrangements = [_arrangement(p, start, n == 0) for n, p in enumerate(people)]
    for row in arrangements:
        for source in row.sources.all():  # type: ignore[attr-defined]
            monday = start
            while monday < TODAY:
                movements.record_funding(
                    actor=None,
                    arrangement=row,
                    source=source,  # type: ignore[arg-type]
                    amount_pence=source.weekly_pence,
                    on=monday,
                )
                monday += dt.timedelta(days=7)
    timings = []
    began = time.perf_counter()
    for row in arrangements:
        movements.post_delivered_support(actor=None, arrangement=row, through=TODAY)  # type: ignore[arg-type]
    timings.append(("post 3 months of delivered support, 32 people", time.perf_counter() - began))
    first, last = default_period(TODAY)
    began = time.perf_counter()
    for row in arrangements:
        statement_figures(row, first, last)  # type: ignore[arg-type]
    timings.append(("statement figures, 32 people, one month", time.perf_counter() - began))
    began = time.perf_counter()
    for row in arrangements:
        issue_statement(actor=None, arrangement=row, first=first, last=last, today=TODAY)  # type: ignore[arg-type]
    timings.append(("issue 32 statements (post + figures + save)", time.perf_counter() - began))
    return [(label, f"{seconds:.2f}") for label, seconds in timings]


def history() -> list[tuple[str, str]]:
    from ownterms.funding import ledger
    from ownterms.funding.models import Entry, Posting
    from ownterms.funding.selectors.money import balances, surplus
    from ownterms.funding.selectors.statement import default_period, statement_figures

    people = _people(320, "history")
    start = TODAY - dt.timedelta(days=TODAY.weekday() + 7 * 520)
    arrangements = [_arrangement(p, start, n % 10 == 0) for n, p in enumerate(people)]
    began = time.perf_counter()
    for row in arrangements:
        sources = list(row.sources.all())  # type: ignore[attr-defined]
        postings = []
        for week in range(520):
            monday = start + dt.timedelta(days=7 * week)
            for source in sources:
                postings.append(
                    Posting(
                        organisation_id=row.organisation_id,
                        arrangement=row,  # type: ignore[attr-defined]
                        kind="funding_received",
                        on=monday,
                        source=source,
                        description="Funding",
                    )
                )
            postings.append(
                Posting(
                    organisation_id=row.organisation_id,
                    arrangement=row,  # type: ignore[attr-defined]
                    kind="support_delivered",
                    on=monday,
                    support_kind="day",
                    quantity=60 * 70,
                    rate_pence=2_450,
                    description="Support",
                )
            )
        postings = Posting.objects.bulk_create(postings, batch_size=5000)
        entries = []
        for posting in postings:
            if posting.kind == "funding_received":
                amount = posting.source.weekly_pence  # type: ignore[union-attr]
                entries += [
                    Entry(
                        posting=posting,
                        arrangement=row,
                        on=posting.on,
                        account="fund",
                        source=posting.source,
                        amount_pence=amount,
                    ),
                    Entry(
                        posting=posting,
                        arrangement=row,
                        on=posting.on,
                        account="funding",
                        source=posting.source,
                        amount_pence=-amount,
                    ),
                ]
            else:
                cost = 70 * 2_450
                entries.append(
                    Entry(
                        posting=posting,
                        arrangement=row,
                        on=posting.on,
                        account="support",
                        amount_pence=cost,
                    )
                )
                for source, part in ledger.split(cost, sources):
                    entries.append(
                        Entry(
                            posting=posting,
                            arrangement=row,
                            on=posting.on,
                            account="fund",
                            source=source,
                            amount_pence=-part,
                        )
                    )
        Entry.objects.bulk_create(entries, batch_size=5000)
    written = time.perf_counter() - began
    timings = [
        (f"write {Posting.objects.count()} postings, {Entry.objects.count()} entries", written)
    ]
    began = time.perf_counter()
    for row in arrangements:
        balances(row)  # type: ignore[arg-type]
    timings.append(("balances of every account, 320 people", time.perf_counter() - began))
    began = time.perf_counter()
    for row in arrangements:
        surplus(row, TODAY)  # type: ignore[arg-type]
    timings.append(
        ("surplus (running balance over 10 years), 320 people", time.perf_counter() - began)
    )
    first, last = default_period(TODAY)
    began = time.perf_counter()
    for row in arrangements:
        statement_figures(row, first, last)  # type: ignore[arg-type]
    timings.append(("statement figures for one month, 320 people", time.perf_counter() - began))
    return [(label, f"{seconds:.2f}") for label, seconds in timings]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--part", choices=["statements", "history"])
    options = parser.parse_args()
    parts = [options.part] if options.part else ["statements", "history"]
    with tempfile.TemporaryDirectory() as var:
        os.environ["OWNTERMS_VAR_DIR"] = var
        _setup()
        for part in parts:
            for label, seconds in {"statements": statements, "history": history}[part]():
                print(f"{seconds:>8} s  {label}", flush=True)


if __name__ == "__main__":
    main()
