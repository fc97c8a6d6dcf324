"""The organisation's finance view: every readable person's budget health, funder totals and
the CSV export for the finance system. Only people the actor may read the money of."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q, Sum

from ownterms.accounts.models import User
from ownterms.funding.access import MONEY
from ownterms.funding.models import Account, BudgetPlanLine, Entry, FundingArrangement
from ownterms.funding.selectors.money import EXPIRY_WARNING_DAYS, MoneySummary, money_summary
from ownterms.people.selectors import people_visible_to

#: Spending is compared with the plan over this many whole weeks before today.
HEALTH_WEEKS = 4
CSV_HEADER = (
    "Date",
    "Person",
    "Contract reference",
    "Kind of funding",
    "Funder",
    "Funder reference",
    "Movement",
    "Description",
    "Amount (GBP)",
    "Movement id",
)


def current_arrangements(actor: User, today: dt.date) -> list[FundingArrangement]:
    return list(
        FundingArrangement.objects.filter(
            person__in=people_visible_to(actor, MONEY), starts_on__lte=today
        )
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=today))
        .select_related("person")
        .order_by("person__first_name", "person__last_name", "pk")
    )


@dataclass(frozen=True)
class HealthRow:
    arrangement: FundingArrangement
    summary: MoneySummary
    #: The weekly amount the agreed plan uses, else the weekly budget.
    weekly_target: int
    weekly_spent: int
    expiring_minutes: int

    @property
    def difference(self) -> int:
        """Positive: spending above the plan (or budget) a week; negative: under."""
        return self.weekly_spent - self.weekly_target


def budget_health(actor: User, today: dt.date) -> list[HealthRow]:
    arrangements = current_arrangements(actor, today)
    plans: dict[int, int] = defaultdict(int)
    for line in BudgetPlanLine.objects.filter(
        plan__arrangement__in=arrangements, plan__status="agreed"
    ).values("plan__arrangement_id", "weekly_pence"):
        plans[line["plan__arrangement_id"]] += line["weekly_pence"]
    since = today - dt.timedelta(days=7 * HEALTH_WEEKS)
    spent = {
        row["arrangement_id"]: int(row["total"])
        for row in Entry.objects.filter(
            arrangement__in=arrangements,
            account__in=(Account.SUPPORT, Account.OTHER_SPENDING, Account.FEE),
            on__gte=since,
            on__lt=today,
        )
        .values("arrangement_id")
        .annotate(total=Sum("amount_pence"))
    }
    soon = today + dt.timedelta(days=EXPIRY_WARNING_DAYS)
    rows = []
    for arrangement in arrangements:
        summary = money_summary(arrangement, today)
        rows.append(
            HealthRow(
                arrangement=arrangement,
                summary=summary,
                weekly_target=plans.get(arrangement.pk) or summary.surplus.weekly_budget,
                weekly_spent=spent.get(arrangement.pk, 0) // HEALTH_WEEKS,
                expiring_minutes=summary.banked.expiring_by(soon),
            )
        )
    return rows


@dataclass(frozen=True)
class FunderTotal:
    funder: str
    funder_kind: str
    received: int
    costs: int


def funder_totals(actor: User, first: dt.date, last: dt.date) -> list[FunderTotal]:
    """Per funder (by name): received and its share of costs, days ``first`` to ``last``."""
    totals: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
    for row in (
        Entry.objects.filter(
            arrangement__person__in=people_visible_to(actor, MONEY),
            on__gte=first,
            on__lte=last,
            source__isnull=False,
        )
        .values("source__funder_name", "source__funder_kind", "account")
        .annotate(total=Sum("amount_pence"))
    ):
        key = (row["source__funder_name"], row["source__funder_kind"])
        if row["account"] == Account.FUNDING:
            totals[key][0] -= int(row["total"])
        elif row["account"] == Account.FUND:
            totals[key][1] += int(row["total"])
    # A funder's fund entries are what it paid in less its share of the costs.
    return [
        FunderTotal(name, kind, received, received - fund)
        for (name, kind), (received, fund) in sorted(totals.items())
    ]


def csv_rows(actor: User, first: dt.date, last: dt.date) -> list[list[str]]:
    """One row per fund entry (a movement's part drawn from or paid by one funder)."""
    entries = (
        Entry.objects.filter(
            arrangement__person__in=people_visible_to(actor, MONEY),
            account=Account.FUND,
            on__gte=first,
            on__lte=last,
        )
        .select_related("posting", "source", "arrangement__person")
        .order_by("on", "posting_id", "pk")
    )
    return [
        [
            entry.on.isoformat(),
            entry.arrangement.person.name,
            entry.arrangement.reference,
            entry.arrangement.get_kind_display(),
            entry.source.funder_name if entry.source else "",
            entry.source.reference if entry.source else "",
            entry.posting.get_kind_display(),
            entry.posting.description,
            f"{Decimal(entry.amount_pence) / 100:.2f}",
            str(entry.posting.public_id),
        ]
        for entry in entries
    ]
