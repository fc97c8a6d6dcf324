"""The ledger's one writer: ``post`` checks that a movement balances and records it, audited.

Services build the entries (which accounts, which sources) and call ``post`` inside their
transaction, holding the arrangement's row lock (``lock``) when what they post depends on
what was posted before, so two writers never both post the same movement. Postings are plain
inserts, so concurrent postings of different movements never lose one.

Rounding: amounts are whole pence. A cost split between the sources of a pooled budget is
shared in proportion to each source's weekly amount, by largest remainder, so the parts add
up to the whole exactly (``split``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, Sum

from ownterms.accounts.models import User
from ownterms.audit.services import record_change
from ownterms.funding.models import (
    Account,
    Entry,
    FundingArrangement,
    FundingSource,
    Posting,
)


@dataclass(frozen=True)
class Line:
    """One side of a movement: ``amount_pence`` is positive for a debit, negative a credit."""

    account: str
    amount_pence: int
    source: FundingSource | None = None


def lock(arrangement: FundingArrangement) -> FundingArrangement:
    """The arrangement's row, locked until the transaction ends (call inside ``atomic``)."""
    return FundingArrangement.objects.select_for_update(of=("self",)).get(pk=arrangement.pk)


def sources_on(arrangement: FundingArrangement, day: dt.date) -> list[FundingSource]:
    """The sources paying into the arrangement on ``day``, oldest first."""
    return list(
        arrangement.sources.filter(starts_on__lte=day)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gt=day))
        .order_by("starts_on", "pk")
    )


def split(amount_pence: int, sources: Sequence[FundingSource]) -> list[tuple[FundingSource, int]]:
    """``amount_pence`` shared between ``sources`` in proportion to their weekly amounts
    (equally when all are zero), by largest remainder: the parts always sum to the amount."""
    if not sources:
        raise ValidationError("No funding source pays into this arrangement on that day.")
    weights = [s.weekly_pence for s in sources]
    if not any(weights):
        weights = [1] * len(sources)
    total = sum(weights)
    sign = -1 if amount_pence < 0 else 1
    whole = abs(amount_pence)
    shares = [whole * w // total for w in weights]
    remainders = sorted(range(len(sources)), key=lambda i: (-(whole * weights[i] % total), i))
    for i in remainders[: whole - sum(shares)]:
        shares[i] += 1
    return [(source, sign * share) for source, share in zip(sources, shares, strict=True)]


def post(
    *,
    actor: User | None,
    arrangement: FundingArrangement,
    kind: str,
    on: dt.date,
    description: str,
    lines: Sequence[Line],
    **details: object,
) -> Posting:
    """Records one balanced movement (entries summing to zero) with its audit event.

    ``details`` are the posting's other fields (``source``, ``support_kind``, ``quantity``,
    ``rate_pence``, ``category``, ``payee``, ``receipt``, ``reverses``)."""
    if len(lines) < 2:
        raise ValidationError("A movement needs at least two entries.")
    if sum(line.amount_pence for line in lines) != 0:
        raise ValidationError("The entries of a movement must balance (sum to zero).")
    if any(line.account not in Account.values for line in lines):
        raise ValidationError("Unknown ledger account.")
    with transaction.atomic():
        posting = Posting(
            organisation_id=arrangement.organisation_id,
            arrangement=arrangement,
            kind=kind,
            on=on,
            description=description,
            created_by=actor,
            **details,
        )
        posting.full_clean()
        posting.save()
        Entry.objects.bulk_create(
            Entry(
                posting=posting,
                arrangement=arrangement,
                on=on,
                account=line.account,
                source=line.source,
                amount_pence=line.amount_pence,
            )
            for line in lines
            if line.amount_pence
        )
        record_change(
            actor=actor,
            organisation=arrangement.organisation,
            action=f"funding.{kind}",
            obj=posting,
            person=arrangement.person,
            changes={
                "on": on.isoformat(),
                "description": description,
                "amounts": {line.account: line.amount_pence for line in lines},
            },
        )
    return posting


def reverse(*, actor: User | None, posting: Posting, on: dt.date, reason: str) -> Posting:
    """A correction: a new posting with every entry of ``posting`` negated (at most once)."""
    if Posting.objects.filter(reverses=posting).exists():
        raise ValidationError("That movement has already been corrected.")
    return post(
        actor=actor,
        arrangement=posting.arrangement,
        kind="correction",
        on=on,
        description=f"Correction: {reason}"[:200],
        lines=[
            Line(account=e.account, amount_pence=-e.amount_pence, source=e.source)
            for e in posting.entries.all()
        ],
        reverses=posting,
    )


def balance(
    arrangement: FundingArrangement,
    account: str = Account.FUND,
    *,
    before: dt.date | None = None,
    through: dt.date | None = None,
) -> int:
    """The sum of ``account``'s entries (pence), optionally only before or through a day."""
    entries = Entry.objects.filter(arrangement=arrangement, account=account)
    if before is not None:
        entries = entries.filter(on__lt=before)
    if through is not None:
        entries = entries.filter(on__lte=through)
    return int(entries.aggregate(total=Sum("amount_pence"))["total"] or 0)
