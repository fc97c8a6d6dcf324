"""Issuing statements: finished periods only, once per period, frozen; a later movement for
an issued period shows in the next statement as a change to earlier statements."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from ownterms.audit.models import AuditEvent
from ownterms.funding.models import BudgetPlan
from ownterms.funding.selectors.statement import (
    StatementFigures,
    default_period,
    statement_figures,
)
from ownterms.funding.services import movements
from ownterms.funding.services.statements import issue_statement
from tests.cast import Cast
from tests.ownterms.funding.factories import arrangement, rate, source
from tests.ownterms.funding.money_data import worked
from tests.ownterms.rota.factories import shift

pytestmark = pytest.mark.django_db


def test_issue_freezes_the_figures_and_refuses_bad_periods(cast: Cast) -> None:
    first, last = default_period(cast.today)
    row = arrangement(cast.person, starts_on=first - dt.timedelta(days=40))
    council = source(row, 100_000)
    rate(row, "day", 2_400)
    worked(cast, shift(cast.person, first + dt.timedelta(days=2), 9, 4))
    movements.record_funding(
        actor=cast.finance, arrangement=row, source=council, amount_pence=400_000, on=first
    )
    BudgetPlan.objects.create(
        organisation_id=row.organisation_id,
        arrangement=row,
        name="More swimming",
        status="agreed",
        agreed_on=first + dt.timedelta(days=3),
        agreed_with="Alex and Carol",
    )
    for bad_first, bad_last, message in [
        (cast.today + dt.timedelta(days=1), cast.today + dt.timedelta(days=30), "future"),
        (first, cast.today, "not finished"),
        (last, first, "on or after"),
    ]:
        with pytest.raises(ValidationError, match=message):
            issue_statement(actor=cast.finance, arrangement=row, first=bad_first, last=bad_last)
    statement = issue_statement(actor=cast.finance, arrangement=row, first=first, last=last)
    figures = StatementFigures.from_json(statement.figures)
    assert figures.received == 400_000
    assert figures.support_cost == 4 * 2_400  # posted by issuing
    day = next(line for line in figures.support if line.kind == "day")
    assert (day.delivered, day.rates, day.cost) == (240, (2_400,), 9_600)
    assert figures.closing_balance == 400_000 - 9_600
    assert [p.name for p in figures.plan_changes] == ["More swimming"]
    assert AuditEvent.objects.filter(action="funding.statement_issued").count() == 1
    with pytest.raises(ValidationError, match="already been issued"):
        issue_statement(
            actor=cast.finance, arrangement=row, first=first + dt.timedelta(days=1), last=last
        )

    # A late receipt dated in an issued period changes nothing issued...
    before_first, before_last = default_period(first)
    earlier = issue_statement(
        actor=cast.finance, arrangement=row, first=before_first, last=before_last
    )
    movements.record_funding(
        actor=cast.finance, arrangement=row, source=council, amount_pence=5_000, on=before_last
    )
    earlier_figures = StatementFigures.from_json(earlier.figures)
    earlier.refresh_from_db()
    assert StatementFigures.from_json(earlier.figures) == earlier_figures
    # ...and the next statement shows it as a change to earlier statements.
    again = statement_figures(row, first, last)
    assert again.previous_closing == earlier_figures.closing_balance
    assert again.earlier_changes == 5_000
    assert again.opening_balance == earlier_figures.closing_balance + 5_000


def test_statement_figures_take_a_fixed_number_of_queries(cast: Cast) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    first, last = default_period(cast.today)
    row = arrangement(cast.person, starts_on=first - dt.timedelta(days=40))
    council = source(row, 100_000)
    rate(row, "day", 2_400)
    counts = []
    for extra in range(2):
        for offset in range(5):
            day = first + dt.timedelta(days=offset + 10 * extra)
            worked(cast, shift(cast.person, day, 9, 4))
            movements.record_spending(
                actor=None,
                arrangement=row,
                amount_pence=100,
                on=day,
                category="travel",
                payee="Bus",
                description="Bus",
            )
        movements.record_funding(
            actor=None, arrangement=row, source=council, amount_pence=10_000, on=first
        )
        movements.post_delivered_support(actor=None, arrangement=row, through=last)
        with CaptureQueriesContext(connection) as queries:
            statement_figures(row, first, last)
        counts.append(len(queries))
    assert counts[0] == counts[1] and counts[0] <= 20, counts
