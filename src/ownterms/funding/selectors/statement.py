"""The figures of a person's statement for a period, as one frozen dataclass that is also what
an issued statement stores (``Statement.figures``, JSON) and shows again unchanged.

Movements belong to the period of their day (``Posting.on``: the day support was given, the
day money arrived). A movement for a day in an earlier, already issued period (a late
confirmation) changes no issued statement: the next statement shows it as "changes to earlier
statements", so its opening balance is the last closing balance plus those changes.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from django.db.models import Q, Sum

from ownterms.funding.models import (
    SUPPORT_KINDS,
    Account,
    BudgetPlan,
    Entry,
    FundingArrangement,
    Posting,
    PostingKind,
    Statement,
)
from ownterms.funding.pricing import round_half_up
from ownterms.funding.selectors import money
from ownterms.rota.selectors.delivery import SLEEP_IN, delivered_days


@dataclass(frozen=True)
class FundingLine:
    funder: str
    funder_kind: str
    received: int
    spent: int


@dataclass(frozen=True)
class SupportLine:
    """One kind of support: minutes (nights for sleep-ins) planned on the rota and delivered,
    the rates in force (pence an hour or a night) and the cost posted."""

    kind: str
    label: str
    planned: int
    delivered: int
    rates: tuple[int, ...]
    cost: int

    @property
    def is_nights(self) -> bool:
        return self.kind == SLEEP_IN


@dataclass(frozen=True)
class SpendingLine:
    on: str
    description: str
    category: str
    payee: str
    amount: int


@dataclass(frozen=True)
class PlanChange:
    name: str
    agreed_on: str
    agreed_with: str


@dataclass(frozen=True)
class StatementFigures:
    person: str
    arrangement_kind: str
    reference: str
    starts_on: str
    ends_on: str
    previous_closing: int | None
    earlier_changes: int
    opening_balance: int
    funding: tuple[FundingLine, ...]
    received: int
    support: tuple[SupportLine, ...]
    support_cost: int
    spending: tuple[SpendingLine, ...]
    spending_total: int
    fee: int
    closing_balance: int
    surplus: int
    surplus_cap: int | None
    banked_minutes: int
    banked_cap_minutes: int | None
    banked_expires_on: str | None
    plan_changes: tuple[PlanChange, ...]

    @property
    def first(self) -> dt.date:
        return dt.date.fromisoformat(self.starts_on)

    @property
    def last(self) -> dt.date:
        return dt.date.fromisoformat(self.ends_on)

    @property
    def spent(self) -> int:
        return self.support_cost + self.spending_total + self.fee

    def as_json(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> StatementFigures:
        nested = {
            "funding": FundingLine,
            "support": SupportLine,
            "spending": SpendingLine,
            "plan_changes": PlanChange,
        }
        values = dict(data)
        for name, kind in nested.items():
            values[name] = tuple(
                kind(**{**row, "rates": tuple(row["rates"])} if name == "support" else row)
                for row in data[name]
            )
        return cls(**values)


def default_period(today: dt.date) -> tuple[dt.date, dt.date]:
    """Last calendar month (the default statement period)."""
    last = today.replace(day=1) - dt.timedelta(days=1)
    return last.replace(day=1), last


def _account_totals(
    arrangement: FundingArrangement, first: dt.date, last: dt.date
) -> dict[str, int]:
    totals = dict.fromkeys(Account.values, 0)
    for row in (
        Entry.objects.filter(arrangement=arrangement, on__gte=first, on__lte=last)
        .values("account")
        .annotate(total=Sum("amount_pence"))
    ):
        totals[row["account"]] = int(row["total"])
    return totals


def _support_lines(
    arrangement: FundingArrangement, first: dt.date, last: dt.date
) -> tuple[SupportLine, ...]:
    days = delivered_days([arrangement.person_id], first, last).values()
    cost = {
        row["posting__support_kind"]: int(row["total"])
        for row in Entry.objects.filter(
            arrangement=arrangement,
            account=Account.SUPPORT,
            on__gte=first,
            on__lte=last,
        )
        .values("posting__support_kind")
        .annotate(total=Sum("amount_pence"))
    }
    rates: dict[str, set[int]] = {}
    for rate in arrangement.rates.filter(starts_on__lte=last):
        if rate.ends_on is None or rate.ends_on > first:
            rates.setdefault(rate.kind, set()).add(rate.pence)
    return tuple(
        SupportLine(
            kind=kind,
            label=str(label),
            planned=round_half_up(sum((d.planned for d in days if d.kind == kind), Fraction())),
            delivered=round_half_up(sum((d.delivered for d in days if d.kind == kind), Fraction())),
            rates=tuple(sorted(rates.get(kind, ()))),
            cost=cost.get(kind, 0),
        )
        for kind, label in SUPPORT_KINDS
    )


def statement_figures(
    arrangement: FundingArrangement, first: dt.date, last: dt.date
) -> StatementFigures:
    """The statement for days ``first`` to ``last`` (included), from the ledger as it is."""
    totals = _account_totals(arrangement, first, last)
    previous = (
        Statement.objects.filter(arrangement=arrangement, ends_on__lt=first)
        .order_by("-ends_on")
        .first()
    )
    opening = money.balances(arrangement, through=first - dt.timedelta(days=1))[Account.FUND]
    previous_closing = earlier = None
    if previous is not None:
        previous_closing = int(previous.figures["closing_balance"])
        earlier = int(
            Entry.objects.filter(
                arrangement=arrangement,
                account=Account.FUND,
                on__lte=previous.ends_on,
                posting__created_at__gt=previous.issued_at,
            ).aggregate(total=Sum("amount_pence"))["total"]
            or 0
        )
    spending = (
        Posting.objects.filter(
            arrangement=arrangement, kind=PostingKind.SPENDING, on__gte=first, on__lte=last
        )
        .annotate(
            amount=Sum("entries__amount_pence", filter=Q(entries__account=Account.OTHER_SPENDING))
        )
        .order_by("on", "pk")
    )
    banked = money.banked_hours(arrangement, last + dt.timedelta(days=1))
    held = money.surplus(arrangement, last)
    return StatementFigures(
        person=arrangement.person.called,
        arrangement_kind=arrangement.get_kind_display(),
        reference=arrangement.reference,
        starts_on=first.isoformat(),
        ends_on=last.isoformat(),
        previous_closing=previous_closing,
        earlier_changes=earlier or 0,
        opening_balance=opening,
        funding=tuple(
            FundingLine(s.source.funder_name, s.source.funder_kind, s.received, s.spent)
            for s in money.source_shares(arrangement, first=first, last=last)
            if s.received or s.spent
        ),
        received=-totals[Account.FUNDING],
        support=_support_lines(arrangement, first, last),
        support_cost=totals[Account.SUPPORT],
        spending=tuple(
            SpendingLine(
                p.on.isoformat(),
                p.description,
                p.get_category_display(),
                p.payee,
                int(p.amount or 0),
            )
            for p in spending
        ),
        spending_total=totals[Account.OTHER_SPENDING],
        fee=totals[Account.FEE],
        closing_balance=opening + totals[Account.FUND],
        surplus=held.surplus,
        surplus_cap=held.cap_pence,
        banked_minutes=banked.minutes,
        banked_cap_minutes=banked.cap_minutes,
        banked_expires_on=banked.earliest_expiry.isoformat() if banked.earliest_expiry else None,
        plan_changes=tuple(
            PlanChange(p.name, p.agreed_on.isoformat(), p.agreed_with)
            for p in BudgetPlan.objects.filter(
                arrangement=arrangement, agreed_on__gte=first, agreed_on__lte=last
            ).order_by("agreed_on", "pk")
            if p.agreed_on
        ),
    )
