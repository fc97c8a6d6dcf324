"""Reads of budget plans: each plan's weekly total against the weekly budget, side by side."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet

from ownterms.funding.models import BudgetPlan, BudgetPlanLine, FundingArrangement
from ownterms.funding.selectors.arrangements import budget_on

LINE_KINDS = BudgetPlanLine.Kind


def plans_of(arrangement: FundingArrangement) -> QuerySet[BudgetPlan]:
    """The arrangement's plans, newest first, with their lines."""
    return (
        BudgetPlan.objects.filter(arrangement=arrangement)
        .prefetch_related(Prefetch("lines", queryset=BudgetPlanLine.objects.order_by("pk")))
        .order_by("-created_at", "-pk")
    )


@dataclass(frozen=True)
class PlanColumn:
    plan: BudgetPlan
    lines: tuple[BudgetPlanLine, ...]
    #: Weekly pence by line kind (every kind, zero when none).
    by_kind: dict[str, int]
    total_pence: int
    budget_pence: int

    @property
    def difference_pence(self) -> int:
        """Budget minus the plan: negative when the plan costs more than the budget."""
        return self.budget_pence - self.total_pence

    @property
    def over_budget(self) -> bool:
        return self.difference_pence < 0


def comparison(
    arrangement: FundingArrangement, plans: list[BudgetPlan], day: dt.date
) -> list[PlanColumn]:
    """One column per plan against the weekly budget on ``day`` (prefetched lines)."""
    budget = budget_on(arrangement, day).weekly_pence
    columns = []
    for plan in plans:
        lines = tuple(plan.lines.all())
        by_kind = dict.fromkeys(LINE_KINDS.values, 0)
        for line in lines:
            by_kind[line.kind] += line.weekly_pence
        columns.append(PlanColumn(plan, lines, by_kind, sum(by_kind.values()), budget))
    return columns
