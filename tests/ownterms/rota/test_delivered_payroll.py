"""Payroll: per-worker figures for a pay period, the CSV (totals recomputed independently from
the rows, formula injection, BOM, decimal dot) and closing a period into WorkedHours."""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from ownterms.leave.models import WorkedHours
from ownterms.rota.models import Delivery, Disturbance, Shift, ShiftKind
from ownterms.staff.models import StaffMember
from rota_engine.model import elapsed_minutes
from tests.cast import Cast
from tests.ownterms.rota.delivered_data import user
from tests.ownterms.rota.factories import assign, at, shift
from tests.queries import warm_up

pytestmark = pytest.mark.django_db

FIRST = dt.date(2026, 10, 19)
LAST = dt.date(2026, 10, 31)


def _worked(row: Shift, member: StaffMember, start: dt.datetime, end: dt.datetime) -> Delivery:
    return Delivery.objects.create(
        organisation_id=row.organisation_id,
        shift=row,
        staff_member=member,
        started_at=start,
        ended_at=end,
    )


def _bank(cast: Cast) -> StaffMember:
    member = cast.staff["former_worker"]
    StaffMember.objects.filter(pk=member.pk).update(
        employment=StaffMember.Employment.BANK,
        contract_minutes_per_week=0,
        first_name='=HYPERLINK("http://x")',
    )
    member.refresh_from_db()
    return member


def _period(cast: Cast) -> None:
    """October 2026 (a fixed past period, across the clock change) for two workers."""
    tariq, bank = cast.staff["team_worker"], _bank(cast)
    day = shift(cast.person, FIRST, 9, 6)
    assign(day, tariq)
    _worked(day, tariq, at(FIRST, 9, 10), at(FIRST, 15, 20))  # 6 h 10
    pair = shift(cast.person, FIRST + dt.timedelta(days=1), 10, 4, headcount=2)
    assign(pair, tariq, bank)
    _worked(pair, tariq, pair.starts_at, pair.ends_at)
    _worked(pair, bank, pair.starts_at, pair.ends_at - dt.timedelta(minutes=20))
    dst_night = shift(cast.person, dt.date(2026, 10, 24), 22, 11, kind=ShiftKind.WAKING_NIGHT)
    assign(dst_night, bank)
    _worked(dst_night, bank, dst_night.starts_at, dst_night.ends_at)  # 11 h
    sleep = shift(cast.person, dt.date(2026, 10, 26), 22, 9, kind=ShiftKind.SLEEP_IN)
    assign(sleep, bank)
    delivery = _worked(sleep, bank, sleep.starts_at, sleep.ends_at)
    for minutes in (0, 95):
        Disturbance.objects.create(
            delivery=delivery,
            started_at=sleep.starts_at + dt.timedelta(minutes=60 + minutes),
            ended_at=sleep.starts_at + dt.timedelta(minutes=77 + minutes),
            reason="Woke",
        )
    waiting = shift(cast.person, dt.date(2026, 10, 28), 9, 4)
    assign(waiting, tariq)
    outside = shift(cast.person, LAST + dt.timedelta(days=1), 9, 4)  # next period
    assign(outside, tariq)
    _worked(outside, tariq, outside.starts_at, outside.ends_at)


def _query() -> dict[str, int]:
    return {
        "first_day": FIRST.day,
        "first_month": FIRST.month,
        "first_year": FIRST.year,
        "last_day": LAST.day,
        "last_month": LAST.month,
        "last_year": LAST.year,
    }


def _client(cast: Cast, name: str = "finance") -> Client:
    client = Client()
    client.force_login(user(cast, name))
    return client


def _csv(cast: Cast) -> tuple[bytes, list[dict[str, str]]]:
    url = reverse("rota:payroll_csv", kwargs={"org": cast.organisation.slug})
    response = _client(cast).get(url, _query())
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    body = response.content
    return body, list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))


def _hours(minutes: int) -> str:
    return str((Decimal(minutes) / 60).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def test_csv_totals_match_an_independent_recomputation(cast: Cast) -> None:
    _period(cast)
    body, rows = _csv(cast)
    assert body.startswith(b"\xef\xbb\xbf")
    by_ref = {row["Employee reference"]: row for row in rows}
    assert set(by_ref) == {str(cast.staff[n].public_id) for n in ("team_worker", "former_worker")}
    for member in StaffMember.objects.filter(pk__in=[s.pk for s in cast.staff.values()]):
        if str(member.public_id) not in by_ref:
            continue
        row = by_ref[str(member.public_id)]
        day = waking = sleep_ins = disturbed = 0
        for delivery in Delivery.objects.filter(
            staff_member=member, shift__on__gte=FIRST, shift__on__lte=LAST
        ).select_related("shift"):
            minutes = elapsed_minutes(delivery.started_at, delivery.ended_at)
            if delivery.shift.kind == ShiftKind.DAY:
                day += minutes
            elif delivery.shift.kind == ShiftKind.WAKING_NIGHT:
                waking += minutes
            else:
                sleep_ins += 1
                disturbed += sum(
                    elapsed_minutes(d.started_at, d.ended_at) for d in delivery.disturbances.all()
                )
        assert row["Day hours"] == _hours(day)
        assert row["Waking night hours"] == _hours(waking)
        assert row["Sleep-ins"] == str(sleep_ins)
        assert row["Disturbance minutes"] == str(disturbed)
        assert row["Total paid hours"] == _hours(day + waking + disturbed)
    tariq = by_ref[str(cast.staff["team_worker"].public_id)]
    assert (tariq["Day hours"], tariq["Unconfirmed shifts"]) == ("10.17", "1")
    assert tariq["Holiday accrual hours"] == ""
    bank = by_ref[str(cast.staff["former_worker"].public_id)]
    assert bank["Waking night hours"] == "11.00"  # across the October change
    assert bank["Disturbance minutes"] == "34"
    paid = 220 + 660 + 34
    assert bank["Total paid hours"] == _hours(paid)
    accrual = Decimal(bank["Holiday accrual hours"])
    assert abs(accrual - Decimal(paid) * Decimal("0.1207") / 60) < Decimal("0.02")


def test_csv_is_safe_against_formula_injection(cast: Cast) -> None:
    _period(cast)
    body, rows = _csv(cast)
    names = [row["Staff name"] for row in rows]
    assert '\'=HYPERLINK("http://x") Former' in names
    for row in rows:
        for value in row.values():
            assert not value.startswith(("=", "+", "@")), value
            assert not value.startswith("-") or value[1:].replace(".", "").isdigit()
    assert b"," in body and b";" not in body.split(b"\r\n")[0]


def test_preview_shows_rows_and_totals(cast: Cast) -> None:
    _period(cast)
    url = reverse("rota:payroll", kwargs={"org": cast.organisation.slug})
    page = _client(cast, "coordinator").get(url, _query())
    assert page.status_code == 200
    html = page.content.decode()
    assert "Tariq Teamworker" in html and "10.17" in html
    assert "Woke" not in html


@pytest.mark.parametrize(
    ("change", "words"),
    [
        ({"last_month": 12}, "at most 62 days"),
        ({"last_month": 9, "last_day": 30}, "on or after"),
        ({"first_day": 32}, "real date"),
        ({"first_day": ""}, "real date"),
    ],
)
def test_bad_period_is_explained(cast: Cast, change: dict[str, Any], words: str) -> None:
    url = reverse("rota:payroll_csv", kwargs={"org": cast.organisation.slug})
    page = _client(cast).get(url, {**_query(), **change})
    assert page.status_code == 400
    assert words in page.content.decode()


def test_default_period_is_last_month(cast: Cast) -> None:
    page = _client(cast).get(reverse("rota:payroll", kwargs={"org": cast.organisation.slug}))
    assert page.status_code == 200
    first = page.context["form"].cleaned_data["first"]
    assert first.day == 1 and first < cast.today


def test_close_records_worked_hours_once(cast: Cast) -> None:
    _period(cast)
    url = reverse("rota:payroll_close", kwargs={"org": cast.organisation.slug})
    data = {"first": FIRST.isoformat(), "last": LAST.isoformat()}
    response = _client(cast).post(url, data, follow=True)
    assert response.status_code == 200
    row = WorkedHours.objects.get()
    assert row.staff_member == cast.staff["former_worker"]
    assert (row.starts_on, row.ends_on, row.minutes) == (FIRST, LAST, 220 + 660 + 34)
    assert row.source == WorkedHours.Source.ROTA
    again = _client(cast).post(url, data, follow=True)
    assert "Hours are already recorded" in again.content.decode()
    assert WorkedHours.objects.count() == 1


def test_close_refuses_a_period_not_ended(cast: Cast) -> None:
    url = reverse("rota:payroll_close", kwargs={"org": cast.organisation.slug})
    data = {"first": cast.today.isoformat(), "last": cast.today.isoformat()}
    response = _client(cast, "administrator").post(url, data, follow=True)
    assert "once it has ended" in response.content.decode()
    assert not WorkedHours.objects.exists()


def test_managers_may_not_see_payroll(cast: Cast) -> None:
    for name in ("manager", "team_worker"):
        client = _client(cast, name)
        for view in ("rota:payroll", "rota:payroll_csv"):
            url = reverse(view, kwargs={"org": cast.organisation.slug})
            assert client.get(url).status_code == 404


def _more_workers(cast: Cast, count: int) -> None:
    from ownterms.accounts.models import User

    for index in range(count):
        account = User.objects.create(
            email=f"bank{index}-{StaffMember.objects.count()}@example.org",
            display_name=f"Bank {index}",
            organisation=cast.organisation,
        )
        member = StaffMember.objects.create(
            organisation=cast.organisation,
            user=account,
            first_name="Bank",
            last_name=f"Worker {index}",
            job_title="Support worker",
            employment=StaffMember.Employment.BANK,
            contract_minutes_per_week=0,
            starts_on=FIRST - dt.timedelta(days=100),
        )
        row = shift(cast.person, FIRST + dt.timedelta(days=index % 10), 9, 4)
        assign(row, member)
        _worked(row, member, row.starts_at, row.ends_at)
        night = shift(cast.person, FIRST + dt.timedelta(days=index % 10), 22, 9, kind="sleep_in")
        assign(night, member)


def test_payroll_query_count_does_not_grow(cast: Cast, django_assert_max_num_queries: Any) -> None:
    url = reverse("rota:payroll", kwargs={"org": cast.organisation.slug})
    client = _client(cast)
    _more_workers(cast, 2)
    client.get(url, _query())
    with django_assert_max_num_queries(20) as small:
        assert client.get(url, _query()).status_code == 200
    small_count = len(small.captured_queries)  # read before the next request clears the log
    _more_workers(cast, 10)
    warm_up(client, url, _query())
    with django_assert_max_num_queries(small_count):
        page = client.get(url, _query())
    assert page.content.decode().count("Bank Worker") == 12
    csv_url = reverse("rota:payroll_csv", kwargs={"org": cast.organisation.slug})
    with django_assert_max_num_queries(small_count):
        assert client.get(csv_url, _query()).status_code == 200
