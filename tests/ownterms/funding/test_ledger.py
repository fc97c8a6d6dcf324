"""The ledger's writer: balance, splitting between sources, corrections."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from ownterms.audit.models import AuditEvent
from ownterms.funding import ledger
from ownterms.funding.ledger import Line
from ownterms.funding.models import Account, FundingSource
from ownterms.funding.selectors.money import balances
from tests.cast import Cast
from tests.ownterms.funding.factories import arrangement, source


@given(
    amount=st.integers(min_value=-(10**9), max_value=10**9),
    weights=st.lists(st.integers(min_value=0, max_value=10**6), min_size=1, max_size=5),
)
def test_split_always_adds_up_and_follows_the_weights(amount: int, weights: list[int]) -> None:
    sources = [FundingSource(weekly_pence=w, funder_name=str(i)) for i, w in enumerate(weights)]
    parts = ledger.split(amount, sources)
    assert sum(part for _, part in parts) == amount
    total = sum(weights) or len(weights)
    for (_, part), weight in zip(parts, weights, strict=True):
        exact = abs(amount) * (weight if sum(weights) else 1) / total
        assert abs(abs(part) - exact) < 1


def test_split_needs_a_source() -> None:
    with pytest.raises(ValidationError, match="No funding source"):
        ledger.split(100, [])


def test_a_movement_must_balance_and_is_audited(cast: Cast) -> None:
    row = arrangement(cast.person, starts_on=cast.today)
    council = source(row, 150_000)
    with pytest.raises(ValidationError, match="balance"):
        ledger.post(
            actor=cast.manager,
            arrangement=row,
            kind="funding_received",
            on=cast.today,
            description="Payment",
            lines=[Line(Account.FUND, 100, council), Line(Account.FUNDING, -99, council)],
        )
    posting = ledger.post(
        actor=cast.manager,
        arrangement=row,
        kind="funding_received",
        on=cast.today,
        description="Payment",
        lines=[Line(Account.FUND, 600_000, council), Line(Account.FUNDING, -600_000, council)],
        source=council,
    )
    assert balances(row)[Account.FUND] == 600_000
    assert balances(row)[Account.FUNDING] == -600_000
    assert AuditEvent.objects.filter(action="funding.funding_received", person=cast.person).exists()
    correction = ledger.reverse(actor=cast.manager, posting=posting, on=cast.today, reason="typo")
    assert balances(row)[Account.FUND] == 0
    assert correction.reverses == posting
    with pytest.raises(ValidationError, match="already been corrected"):
        ledger.reverse(actor=cast.manager, posting=posting, on=cast.today, reason="again")
