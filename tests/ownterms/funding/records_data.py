"""Funding records for the permission matrix and the browser pages: one arrangement of the
cast's person with a pooled pair of funders, rates, a package, the week's pattern and two plans."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ownterms.funding.models import BudgetPlan, BudgetPlanLine, FundingArrangement
from ownterms.people.models import CommissionedPackage
from tests.cast import Cast
from tests.ownterms.funding.factories import arrangement, rate, source
from tests.ownterms.rota.patterns_data import give_package, week_pattern


def funded(cast: Cast) -> FundingArrangement:
    existing = FundingArrangement.objects.filter(person=cast.person, reference="ISF-2001").first()
    if existing is not None:
        return existing
    row = arrangement(
        cast.person,
        starts_on=cast.today - dt.timedelta(days=90),
        kind="pooled",
        reference="ISF-2001",
        surplus_cap_hundredths=400,
        surplus_max_weeks=12,
        banked_cap_hundredths=250,
        banked_expiry_months=3,
        management_fee_kind="percent",
        management_fee_value=750,
    )
    source(row, 180_000)
    source(row, 60_000, funder_kind="icb", funder_name="Harbourside ICB")
    rate(row, "day", 2450, ends_on=cast.today - dt.timedelta(days=30))
    rate(row, "day", 2550, starts_on=cast.today - dt.timedelta(days=30))
    rate(row, "sleep_in", 9000)
    if not CommissionedPackage.objects.filter(person=cast.person).exists():
        give_package(cast)
    week_pattern(cast)
    for name, status in (("Now", "agreed"), ("More evenings out", "draft")):
        plan = BudgetPlan.objects.create(
            organisation_id=row.organisation_id,
            arrangement=row,
            name=name,
            status=status,
            agreed_on=cast.today if status == "agreed" else None,
            agreed_with="Alex and her mum" if status == "agreed" else "",
        )
        BudgetPlanLine.objects.create(
            plan=plan,
            kind="support",
            description="Day support",
            support_kind="day",
            quantity=98 * 60,
            weekly_pence=249_900,
        )
        BudgetPlanLine.objects.create(
            plan=plan, kind="activity", description="Swimming", weekly_pence=1_500
        )
    return row


def arrangement_kwargs(cast: Cast) -> dict[str, Any]:
    row = funded(cast)
    return {
        "org": cast.organisation.slug,
        "person_id": cast.person.public_id,
        "arrangement_id": row.public_id,
    }


def source_kwargs(cast: Cast) -> dict[str, Any]:
    kwargs = arrangement_kwargs(cast)
    return {**kwargs, "source_id": funded(cast).sources.order_by("pk")[0].public_id}


def rate_kwargs(cast: Cast) -> dict[str, Any]:
    kwargs = arrangement_kwargs(cast)
    return {**kwargs, "rate_id": funded(cast).rates.order_by("pk")[0].public_id}


def plan_kwargs(cast: Cast, status: str = "draft") -> dict[str, Any]:
    kwargs = arrangement_kwargs(cast)
    plan = BudgetPlan.objects.get(arrangement=funded(cast), status=status)
    return {**kwargs, "plan_id": plan.public_id}
