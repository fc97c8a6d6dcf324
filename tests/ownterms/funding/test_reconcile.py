"""The ledger and statements reconciled against an INDEPENDENT recomputation from the raw
records, over randomly generated histories.

The recomputation here is written from the rules in docs/funding.md, not from the ledger,
pricing or rota code: it walks the raw Delivery rows (elapsed minutes, a 2:1 worker's time
counting half, a night per worked sleep-in) against the raw Rate rows in force each day,
rounds each day and kind half up with ``Decimal``, and adds the receipts, fees and spending
the test itself recorded. Histories span several weeks, with a rate change mid-month, pooled
sources, late confirmations and a corrected delivery posted after a first run.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ownterms.funding.models import Account, FundingArrangement, Rate
from ownterms.funding.selectors import money
from ownterms.funding.selectors.statement import statement_figures
from ownterms.funding.services import movements
from ownterms.rota.models import Delivery, Shift
from tests.cast import Cast
from tests.ownterms.funding.factories import arrangement, rate, source
from tests.ownterms.rota.factories import shift

pytestmark = pytest.mark.django_db

WORKERS = ("team_worker", "outside_worker", "former_worker", "manager")


def _half_up(value: Decimal) -> int:
    return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))


@dataclass
class Recorded:
    receipts: list[tuple[dt.date, int, int]] = field(default_factory=list)  # day, source pk, p
    spending: list[tuple[dt.date, int]] = field(default_factory=list)


def expected_support(row: FundingArrangement, first: dt.date, last: dt.date) -> int:
    """Delivered support priced from the raw rows, days ``first`` to ``last``."""
    quantity: dict[tuple[dt.date, str], Decimal] = defaultdict(Decimal)
    nights: set[int] = set()
    for delivery in Delivery.objects.filter(
        shift__person=row.person,
        shift__status=Shift.Status.PLANNED,
        shift__on__gte=first,
        shift__on__lte=last,
    ).select_related("shift"):
        day_shift = delivery.shift
        if day_shift.kind == "sleep_in":
            if day_shift.pk not in nights:
                nights.add(day_shift.pk)
                quantity[(day_shift.on, "sleep_in")] += 1
            continue
        seconds = (delivery.ended_at - delivery.started_at).total_seconds()
        minutes = Decimal(int(seconds) // 60)
        if day_shift.kind == "day" and day_shift.headcount == 2:
            quantity[(day_shift.on, "two_to_one")] += minutes / 2
        else:
            quantity[(day_shift.on, str(day_shift.kind))] += minutes / day_shift.headcount
    total = 0
    for (day, kind), amount in quantity.items():
        rates = [
            r.pence
            for r in Rate.objects.filter(arrangement=row, kind=kind, starts_on__lte=day)
            if r.ends_on is None or r.ends_on > day
        ]
        assert len(rates) == 1, f"one rate in force for {kind} on {day}"
        # Multiply before dividing: amount x rate is exact, so a true half stays a half.
        priced = amount * rates[0] if kind == "sleep_in" else amount * rates[0] / 60
        total += _half_up(priced)
    return total


def expected_fees(
    row: FundingArrangement, recorded: Recorded, first: dt.date, last: dt.date
) -> int:
    return sum(
        _half_up(Decimal(pence) * row.management_fee_value / 10_000)
        for day, _source, pence in recorded.receipts
        if first <= day <= last
    )


@st.composite
def histories(draw: st.DrawFn) -> dict[str, object]:
    weeks = draw(st.integers(min_value=4, max_value=9))
    shifts = draw(
        st.lists(
            st.tuples(
                st.integers(min_value=0, max_value=weeks * 7 - 1),  # day offset
                st.sampled_from(["day", "pair", "waking_night", "sleep_in"]),
                st.integers(min_value=1, max_value=10),  # hours
                st.integers(min_value=0, max_value=59),  # minutes left early
                st.integers(min_value=0, max_value=2),  # workers confirming
                st.booleans(),  # confirmed late (after the first run)
            ),
            max_size=25,
        )
    )
    return {
        "weeks": weeks,
        "shifts": shifts,
        "pooled": draw(st.booleans()),
        "change_day": draw(st.integers(min_value=1, max_value=weeks * 7 - 1)),
        "rates": draw(st.lists(st.integers(min_value=1, max_value=9_999), min_size=5, max_size=5)),
        "fee_bp": draw(st.sampled_from([0, 750, 1_000, 333])),
        "receipts": draw(
            st.lists(
                st.tuples(
                    st.integers(min_value=0, max_value=weeks * 7 - 1),
                    st.booleans(),
                    st.integers(min_value=1, max_value=2_000_000),
                ),
                max_size=6,
            )
        ),
        "spending": draw(
            st.lists(
                st.tuples(
                    st.integers(min_value=0, max_value=weeks * 7 - 1),
                    st.integers(min_value=1, max_value=50_000),
                ),
                max_size=4,
            )
        ),
    }


def _deliver(cast: Cast, start: dt.date, spec: tuple[int, str, int, int, int, bool]) -> Shift:
    offset, kind, hours = spec[:3]
    day = start + dt.timedelta(days=offset)
    if kind == "pair":
        return shift(cast.person, day, 9, hours, kind="day", headcount=2)
    return shift(cast.person, day, 9 if kind == "day" else 21, hours, kind=kind)


def _confirm(cast: Cast, row: Shift, confirming: int, early: int) -> None:
    for index in range(min(confirming, row.headcount)):
        Delivery.objects.create(
            organisation_id=row.organisation_id,
            shift=row,
            staff_member=cast.staff[WORKERS[index]],
            started_at=row.starts_at,
            ended_at=row.ends_at - dt.timedelta(minutes=early),
        )


def _run(cast: Cast, history: dict[str, object]) -> None:
    weeks = int(history["weeks"])  # type: ignore[call-overload]
    start = cast.today - dt.timedelta(days=cast.today.weekday() + 7 * weeks)
    last = start + dt.timedelta(days=weeks * 7 - 1)
    fee_bp = int(history["fee_bp"])  # type: ignore[call-overload]
    row = arrangement(
        cast.person,
        starts_on=start,
        management_fee_kind="percent" if fee_bp else "none",
        management_fee_value=fee_bp,
    )
    council = source(row, 150_000)
    health = source(row, 70_001, funder_kind="icb", funder_name="NHS Northshire ICB")
    if not history["pooled"]:
        health.starts_on = last + dt.timedelta(days=1)
        health.save()
    change = start + dt.timedelta(days=int(history["change_day"]))  # type: ignore[call-overload]
    day_rate, new_day_rate, pair_rate, night_rate, sleep_rate = history["rates"]  # type: ignore[misc]
    rate(row, "day", day_rate, ends_on=change)
    rate(row, "day", new_day_rate, starts_on=change)
    rate(row, "two_to_one", pair_rate)
    rate(row, "waking_night", night_rate)
    rate(row, "sleep_in", sleep_rate)

    recorded = Recorded()
    for offset, from_health, pence in history["receipts"]:  # type: ignore[attr-defined]
        day = start + dt.timedelta(days=offset)
        paying = health if from_health and history["pooled"] else council
        movements.record_funding(
            actor=cast.finance, arrangement=row, source=paying, amount_pence=pence, on=day
        )
        recorded.receipts.append((day, paying.pk, pence))
    for offset, pence in history["spending"]:  # type: ignore[attr-defined]
        day = start + dt.timedelta(days=offset)
        movements.record_spending(
            actor=cast.finance,
            arrangement=row,
            amount_pence=pence,
            on=day,
            category="activity",
            payee="Leisure centre",
            description="Swimming",
        )
        recorded.spending.append((day, pence))

    late: list[tuple[Shift, tuple[int, str, int, int, int, bool]]] = []
    for spec in history["shifts"]:  # type: ignore[attr-defined]
        made = _deliver(cast, start, spec)
        if spec[5]:
            late.append((made, spec))
        else:
            _confirm(cast, made, spec[4], spec[3])
    movements.post_delivered_support(actor=None, arrangement=row, through=last)
    for made, spec in late:
        _confirm(cast, made, max(spec[4], 1), spec[3])
    corrected = Delivery.objects.filter(shift__person=cast.person).order_by("pk").first()
    if corrected is not None:
        length = int((corrected.ended_at - corrected.started_at).total_seconds() // 60)
        corrected.ended_at -= dt.timedelta(minutes=min(17, length - 1))
        corrected.save()
    movements.post_delivered_support(actor=None, arrangement=row, through=last)
    again = movements.post_delivered_support(actor=None, arrangement=row, through=last)
    assert again.postings == 0, "a second run posts nothing"

    # The whole history.
    support = expected_support(row, start, last)
    fees = expected_fees(row, recorded, start, last)
    received = sum(p for _d, _s, p in recorded.receipts)
    spent = sum(p for _d, p in recorded.spending)
    totals = money.balances(row)
    assert totals[Account.SUPPORT] == support
    assert totals[Account.FEE] == fees
    assert totals[Account.OTHER_SPENDING] == spent
    assert -totals[Account.FUNDING] == received
    assert totals[Account.FUND] == received - support - fees - spent
    assert sum(totals.values()) == 0

    # Each funder: what it paid in, and a share of every cost in proportion to its weekly
    # amount (within a penny per movement).
    shares = {s.source.pk: s for s in money.source_shares(row)}
    for paying in (council, health):
        paid = sum(p for _d, s, p in recorded.receipts if s == paying.pk)
        assert shares[paying.pk].received == paid
    assert sum(s.balance for s in shares.values()) == totals[Account.FUND]
    if not history["pooled"]:
        assert shares[health.pk].spent == 0

    # Each calendar month's statement.
    month = start.replace(day=1)
    while month <= last:
        following = (month + dt.timedelta(days=32)).replace(day=1)
        first, end = max(month, start), min(following - dt.timedelta(days=1), last)
        figures = statement_figures(row, first, end)
        month_support = expected_support(row, first, end)
        month_received = sum(p for d, _s, p in recorded.receipts if first <= d <= end)
        month_spent = sum(p for d, p in recorded.spending if first <= d <= end)
        month_fees = expected_fees(row, recorded, first, end)
        assert figures.support_cost == month_support
        assert sum(line.cost for line in figures.support) == month_support
        assert figures.received == month_received
        assert sum(line.received for line in figures.funding) == month_received
        assert figures.spending_total == month_spent
        assert sum(line.amount for line in figures.spending) == month_spent
        assert figures.fee == month_fees
        assert figures.closing_balance == figures.opening_balance + month_received - (
            month_support + month_spent + month_fees
        )
        assert figures.closing_balance == money.balances(row, through=end)[Account.FUND]
        month = following


@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(history=histories())
def test_ledger_and_statements_match_an_independent_recomputation(
    cast: Cast, history: dict[str, object]
) -> None:
    with transaction.atomic():
        _run(cast, history)
        transaction.set_rollback(True)
