"""Two clerks at once: overlapping rates added together, two plans agreed together. The
arrangement's row lock serialises them, so one rate is refused and one plan ends agreed."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction

from ownterms.funding.models import BudgetPlan, FundingArrangement, Rate
from ownterms.funding.services import arrangements as services
from ownterms.funding.services import plans as plan_services
from tests.cast import Cast
from tests.ownterms.funding.factories import arrangement

START = dt.date(2026, 4, 6)


def _at_once(calls: list[Callable[[], object]]) -> list[str]:
    """Runs each call in its own thread, database connection and transaction, together."""
    outcomes: list[str] = []
    start = threading.Barrier(len(calls))

    def attempt(call: Callable[[], object]) -> None:
        try:
            start.wait(timeout=10)
            with transaction.atomic():
                call()
            outcomes.append("saved")
        except ValidationError:
            outcomes.append("refused")
        except Exception as error:
            outcomes.append(f"error: {error!r}")
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return sorted(outcomes)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_overlapping_rates_added_at_once_one_is_refused(cast: Cast) -> None:
    row = arrangement(cast.person, starts_on=START)

    def add(starts: dt.date, ends: dt.date) -> Callable[[], object]:
        return lambda: services.add_rate(
            actor=cast.finance,  # type: ignore[arg-type]
            arrangement=FundingArrangement.objects.select_related("person").get(pk=row.pk),
            kind="day",
            pence=2500,
            starts_on=starts,
            ends_on=ends,
        )

    outcomes = _at_once(
        [add(START, dt.date(2026, 6, 1)), add(dt.date(2026, 5, 1), dt.date(2026, 7, 1))]
    )
    assert outcomes == ["refused", "saved"]
    assert Rate.objects.count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_plans_agreed_at_once_leave_one_agreed(cast: Cast) -> None:
    row = arrangement(cast.person, starts_on=START)
    plans = []
    for name in ("A", "B"):
        plan = plan_services.create_plan(actor=cast.manager, arrangement=row, name=name)  # type: ignore[arg-type]
        plan_services.add_line(
            actor=cast.manager,  # type: ignore[arg-type]
            plan=plan,
            kind="contingency",
            description="c",
            weekly_pence=100,
            on=START,
        )
        plans.append(plan)

    def agree(plan: BudgetPlan) -> Callable[[], object]:
        return lambda: plan_services.agree_plan(
            actor=cast.manager,  # type: ignore[arg-type]
            plan=BudgetPlan.objects.select_related("arrangement__person").get(pk=plan.pk),
            agreed_on=START,
            agreed_with="Alex",
        )

    outcomes = _at_once([agree(plans[0]), agree(plans[1])])
    assert all(outcome in ("saved", "refused") for outcome in outcomes), outcomes
    assert "saved" in outcomes
    assert BudgetPlan.objects.filter(arrangement=row, status="agreed").count() == 1
