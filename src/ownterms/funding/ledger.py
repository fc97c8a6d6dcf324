"""The ledger's one writer: ``post`` checks that a movement balances and records it, audited;
``post_many`` does the same for a batch with one audit event. Balances are read by
``selectors.money.balances``.

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
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction

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


@dataclass(frozen=True)
class Movement:
    """One posting to make: its kind, day, words, entries and other fields (``details``:
    ``source``, ``support_kind``, ``quantity``, ``rate_pence``, ``category``, ``payee``,
    ``receipt``, ``reverses``)."""

    kind: str
    on: dt.date
    description: str
    lines: Sequence[Line]
    details: dict[str, object] = field(default_factory=dict)

    def check(self) -> None:
        if len(self.lines) < 2:
            raise ValidationError("A movement needs at least two entries.")
        if sum(line.amount_pence for line in self.lines) != 0:
            raise ValidationError("The entries of a movement must balance (sum to zero).")
        if any(line.account not in Account.values for line in self.lines):
            raise ValidationError("Unknown ledger account.")


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
    """Records one balanced movement (entries summing to zero) with its audit event."""
    movement = Movement(kind=kind, on=on, description=description, lines=lines, details=details)
    movement.check()
    with transaction.atomic():
        posting = _posting(actor, arrangement, movement)
        posting.full_clean()
        posting.save()
        Entry.objects.bulk_create(_entries(posting, movement))
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


def post_many(
    *,
    actor: User | None,
    arrangement: FundingArrangement,
    action: str,
    movements: Sequence[Movement],
) -> list[Posting]:
    """Records many balanced movements at once (bulk inserts) with ONE audit event naming the
    action, how many and their total per account: for movements worked out from records that
    are audited themselves, such as delivered support priced from confirmed shifts."""
    if not movements:
        return []
    for movement in movements:
        movement.check()
    with transaction.atomic():
        postings = Posting.objects.bulk_create(
            [_posting(actor, arrangement, movement) for movement in movements]
        )
        Entry.objects.bulk_create(
            [
                entry
                for posting, movement in zip(postings, movements, strict=True)
                for entry in _entries(posting, movement)
            ],
            batch_size=1000,
        )
        totals: dict[str, int] = {}
        for movement in movements:
            for line in movement.lines:
                totals[line.account] = totals.get(line.account, 0) + line.amount_pence
        record_change(
            actor=actor,
            organisation=arrangement.organisation,
            action=action,
            obj=arrangement,
            person=arrangement.person,
            changes={
                "movements": len(movements),
                "from": min(m.on for m in movements).isoformat(),
                "to": max(m.on for m in movements).isoformat(),
                "amounts": totals,
            },
        )
    return postings


def _posting(actor: User | None, arrangement: FundingArrangement, movement: Movement) -> Posting:
    return Posting(
        organisation_id=arrangement.organisation_id,
        arrangement=arrangement,
        kind=movement.kind,
        on=movement.on,
        description=movement.description,
        created_by=actor,
        **movement.details,
    )


def _entries(posting: Posting, movement: Movement) -> list[Entry]:
    return [
        Entry(
            posting=posting,
            arrangement_id=posting.arrangement_id,
            on=movement.on,
            account=line.account,
            source=line.source,
            amount_pence=line.amount_pence,
        )
        for line in movement.lines
        if line.amount_pence
    ]


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
