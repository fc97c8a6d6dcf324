"""The demo's funding (``enrich_funding``, run by ``seed_demo``): an arrangement for everyone
with a package, the kinds the issue asks for, rates with a mid-month uplift, three months of
balanced ledger, and one surplus close to its cap (none past it)."""

from __future__ import annotations

import itertools
from collections import Counter
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.db.models import Sum
from django.utils import timezone

from ownterms.demo.enrich_funding import ledger_start
from ownterms.funding.models import Account, Entry, FundingArrangement, PostingKind
from ownterms.funding.selectors.money import balances, money_summary
from ownterms.people.models import Person
from ownterms.people.selectors import package_on


@pytest.mark.demo_data
def test_demo_funding(db: Any) -> None:
    call_command(
        "seed_demo", "--people", "12", "--staff", "60", "--without-rota", stdout=StringIO()
    )
    today = timezone.localdate()
    funded = [p for p in Person.objects.filter(status="active") if package_on(p, today)]
    arrangements = list(FundingArrangement.objects.prefetch_related("sources", "rates"))
    assert sorted(a.person_id for a in arrangements) == sorted(p.pk for p in funded)
    kinds = {a.kind for a in arrangements}
    assert {"isf", "direct_payment"} <= kinds
    assert Counter(a.kind for a in arrangements).most_common(1)[0][0] == "isf"
    for arrangement in arrangements:
        assert arrangement.sources.all(), arrangement
        by_kind: dict[str, list[Any]] = {}
        for rate in arrangement.rates.all():
            by_kind.setdefault(rate.kind, []).append(rate)
        assert set(by_kind) == {"day", "two_to_one", "waking_night", "sleep_in"}
        for rates in by_kind.values():  # one period follows another, no gap or overlap
            for before, after in itertools.pairwise(rates):
                assert before.ends_on == after.starts_on
    assert Entry.objects.aggregate(total=Sum("amount_pence"))["total"] == 0
    first = min(e.on for e in Entry.objects.all())
    assert first == ledger_start(today) and (today - first).days > 80
    kinds_posted = set(Entry.objects.values_list("posting__kind", flat=True))
    assert {
        PostingKind.FUNDING_RECEIVED,
        PostingKind.SPENDING,
        PostingKind.MANAGEMENT_FEE,
    } <= kinds_posted
    weeks_held = [
        balances(a)[Account.FUND] / sum(s.weekly_pence for s in a.sources.all())
        for a in arrangements
    ]
    assert max(weeks_held) > 3
    # Exactly one person's surplus is near its cap, and no one's is past it.
    surpluses = [money_summary(a, today).surplus for a in arrangements]
    assert sum(s.near_cap for s in surpluses) == 1
    assert not any(s.over_cap for s in surpluses)
