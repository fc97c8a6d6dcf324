"""Movements of a person's money: funding received (with a percentage management fee), other
spending with its receipt, delivered support priced from the rota, fixed weekly fees and
corrections. All go through ``ledger.post`` (balanced, audited); every cost is split between
the sources in force that day (``ledger.split``), so every fund entry names its source.

Delivered support is posted by ``post_delivered_support``, which is idempotent: it prices
every day and kind from the arrangement's start, compares with what is already posted for that
day and kind, and posts only the difference. A late confirmation, a corrected delivery or a
corrected rate becomes a new posting; nothing posted is ever changed. It holds the
arrangement's row lock, so two runs at once never post the same difference twice.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from fractions import Fraction

from django.core.exceptions import ValidationError
from django.core.files.base import File
from django.db import transaction
from django.db.models import Q, Sum
from django.utils import timezone
from django.utils.formats import date_format

from ownterms.accounts.models import User
from ownterms.audit.services import record_change
from ownterms.funding import ledger
from ownterms.funding.ledger import Line
from ownterms.funding.models import (
    SUPPORT_KINDS,
    Account,
    Entry,
    FeeKind,
    FundingArrangement,
    FundingSource,
    Posting,
    PostingKind,
    SpendingCategory,
)
from ownterms.funding.pricing import PricedDay, RateTable, price, round_half_up
from ownterms.funding.receipts import prepare_receipt
from ownterms.lib.dates import monday_of
from ownterms.rota.selectors.delivery import delivered_days

KIND_LABELS = dict(SUPPORT_KINDS)


class Sources:
    """An arrangement's sources, read once, looked up by day."""

    def __init__(self, arrangement: FundingArrangement) -> None:
        self.arrangement = arrangement
        self._rows = list(arrangement.sources.order_by("starts_on", "pk"))

    def on(self, day: dt.date) -> list[FundingSource]:
        found = [
            s for s in self._rows if s.starts_on <= day and (s.ends_on is None or day < s.ends_on)
        ]
        if not found:
            raise ValidationError(
                f"No funding source pays into this arrangement on {day:%d %B %Y}: "
                "add one before recording costs for that day."
            )
        return found

    def cost_lines(self, account: str, amount_pence: int, day: dt.date) -> list[Line]:
        """A cost of ``amount_pence`` (negative to give back) to ``account``, drawn from the
        fund and shared between the sources in force on ``day``."""
        parts = ledger.split(amount_pence, self.on(day))
        return [Line(account, amount_pence), *(Line(Account.FUND, -p, s) for s, p in parts)]


def _day(day: dt.date) -> str:
    return date_format(day, "j M Y")


# Funding received and other spending ------------------------------------------------------


def record_funding(
    *,
    actor: User | None,
    arrangement: FundingArrangement,
    source: FundingSource,
    amount_pence: int,
    on: dt.date,
    description: str = "",
) -> Posting:
    """Money received from ``source``; with a percentage management fee, the fee is posted as
    its own movement (basis points of the receipt, rounded half up)."""
    if source.arrangement_id != arrangement.pk:
        raise ValidationError({"source": "Choose one of this arrangement's funders."})
    if amount_pence <= 0:
        raise ValidationError({"amount": "The amount received must be more than £0."})
    with transaction.atomic():
        posting = ledger.post(
            actor=actor,
            arrangement=arrangement,
            kind=PostingKind.FUNDING_RECEIVED,
            on=on,
            description=description or f"Funding from {source.funder_name}",
            lines=[
                Line(Account.FUND, amount_pence, source),
                Line(Account.FUNDING, -amount_pence, source),
            ],
            source=source,
        )
        if arrangement.management_fee_kind == FeeKind.PERCENT and arrangement.management_fee_value:
            fee = round_half_up(Fraction(amount_pence * arrangement.management_fee_value, 10_000))
            if fee:
                ledger.post(
                    actor=actor,
                    arrangement=arrangement,
                    kind=PostingKind.MANAGEMENT_FEE,
                    on=on,
                    description=(
                        f"Management fee {arrangement.management_fee_value / 100:g}% "
                        f"of funding from {source.funder_name}"
                    ),
                    lines=Sources(arrangement).cost_lines(Account.FEE, fee, on),
                    source=source,
                    rate_pence=arrangement.management_fee_value,
                )
    return posting


def record_spending(
    *,
    actor: User | None,
    arrangement: FundingArrangement,
    amount_pence: int,
    on: dt.date,
    category: str,
    payee: str,
    description: str,
    receipt: File | None = None,  # type: ignore[type-arg]
) -> Posting:
    """Other spending (activities, equipment, another provider...), with its receipt."""
    errors: dict[str, str] = {}
    if amount_pence <= 0:
        errors["amount"] = "The amount spent must be more than £0."
    if category not in SpendingCategory.values:
        errors["category"] = "Choose what the money was spent on."
    if not description.strip():
        errors["description"] = "Say what the money was spent on."
    if errors:
        raise ValidationError(errors)
    stored = None
    if receipt is not None:
        try:
            stored = prepare_receipt(receipt)
        except ValidationError as error:
            raise ValidationError({"receipt": error.messages}) from None
    return ledger.post(
        actor=actor,
        arrangement=arrangement,
        kind=PostingKind.SPENDING,
        on=on,
        description=description.strip(),
        lines=Sources(arrangement).cost_lines(Account.OTHER_SPENDING, amount_pence, on),
        category=category,
        payee=payee.strip(),
        **({"receipt": stored} if stored is not None else {}),
    )


def attach_receipt(
    *,
    actor: User,
    posting: Posting,
    receipt: File,  # type: ignore[type-arg]
) -> Posting:
    """Adds the receipt for spending recorded without one (the money is not touched; a
    receipt already attached is never replaced: correct the spending instead)."""
    with transaction.atomic():
        locked = Posting.objects.select_for_update().get(pk=posting.pk)
        if locked.kind != PostingKind.SPENDING:
            raise ValidationError({"receipt": "Only spending has a receipt."})
        if locked.receipt:
            raise ValidationError(
                {"receipt": "This spending already has a receipt; correct it to change it."}
            )
        try:
            locked.receipt = prepare_receipt(receipt)
        except ValidationError as error:
            raise ValidationError({"receipt": error.messages}) from None
        locked.save(update_fields=["receipt"])
        record_change(
            actor=actor,
            organisation=locked.organisation,
            action="funding.receipt_attached",
            obj=locked,
            person=locked.arrangement.person,
            changes={"receipt": {"old": "", "new": locked.receipt.name}},
        )
    return locked


def can_correct(posting: Posting) -> bool:
    """Whether ``correct`` may reverse the posting (see there)."""
    worked_out = posting.kind == PostingKind.SUPPORT_DELIVERED or (
        posting.kind == PostingKind.MANAGEMENT_FEE and posting.source_id is None
    )
    return not worked_out and posting.kind != PostingKind.CORRECTION


def correct(
    *, actor: User | None, posting: Posting, reason: str, on: dt.date | None = None
) -> Posting:
    """Puts a movement right with a new posting that reverses it (dated today: an issued
    statement never changes; the correction shows in the period it is made). Delivered
    support and fixed fees are worked out from the rota and the contract, so they are put
    right there and the difference is posted by ``post_delivered_support``."""
    if not reason.strip():
        raise ValidationError({"reason": "Say why the movement is being corrected."})
    if posting.kind == PostingKind.CORRECTION:
        raise ValidationError("A correction cannot itself be corrected: record the movement again.")
    if not can_correct(posting):
        raise ValidationError(
            "This is worked out from the rota and the contract: correct the delivered shift "
            "or the rate, and the difference is posted automatically."
        )
    with transaction.atomic():
        ledger.lock(posting.arrangement)
        return ledger.reverse(
            actor=actor, posting=posting, on=on or timezone.localdate(), reason=reason.strip()
        )


# Delivered support and fixed weekly fees ---------------------------------------------------


@dataclass(frozen=True)
class SupportRun:
    """What ``post_delivered_support`` did: how many postings, and the days with delivered
    support of a kind that has no rate that day (not posted until a rate is added)."""

    postings: int
    unpriced: list[PricedDay] = field(default_factory=list)


def _posted_support(
    arrangement: FundingArrangement, last: dt.date
) -> dict[tuple[dt.date, str], tuple[int, int]]:
    """(quantity, amount) already posted per day and kind of delivered support."""
    posted: dict[tuple[dt.date, str], list[int]] = defaultdict(lambda: [0, 0])
    support = Q(arrangement=arrangement, kind=PostingKind.SUPPORT_DELIVERED, on__lte=last)
    for row in (
        Posting.objects.filter(support)
        .values("on", "support_kind")
        .annotate(quantity=Sum("quantity"))
    ):
        posted[(row["on"], row["support_kind"])][0] = row["quantity"]
    for row in (
        Entry.objects.filter(
            arrangement=arrangement,
            account=Account.SUPPORT,
            posting__kind=PostingKind.SUPPORT_DELIVERED,
            on__lte=last,
        )
        .values("on", "posting__support_kind")
        .annotate(amount=Sum("amount_pence"))
    ):
        posted[(row["on"], row["posting__support_kind"])][1] = int(row["amount"])
    return {key: (q, a) for key, (q, a) in posted.items()}


def last_day(arrangement: FundingArrangement, through: dt.date) -> dt.date:
    """The last day to post for: ``through``, or the arrangement's end (included) if sooner."""
    return min(through, arrangement.ends_on) if arrangement.ends_on else through


def post_delivered_support(
    *, actor: User | None, arrangement: FundingArrangement, through: dt.date
) -> SupportRun:
    """Posts the difference between delivered support priced at its rates and what is already
    posted, per day and kind, from the arrangement's start to ``through``; and the fixed
    weekly fee for each week started by then."""
    with transaction.atomic():
        arrangement = ledger.lock(arrangement)
        last = last_day(arrangement, through)
        if last < arrangement.starts_on:
            return SupportRun(0)
        rates = RateTable.of(arrangement)
        sources = Sources(arrangement)
        days = delivered_days([arrangement.person_id], arrangement.starts_on, last)
        priced = {(d.on, d.kind): price(d, rates) for d in days.values()}
        posted = _posted_support(arrangement, last)
        unpriced = [p for p in priced.values() if p.rate_pence is None and p.quantity]
        movements: list[ledger.Movement] = []
        for key in sorted(set(priced) | set(posted)):
            now = priced.get(key)
            if now is not None and now.rate_pence is None:
                continue
            quantity, amount = (now.quantity, now.amount_pence) if now else (0, 0)
            before_quantity, before_amount = posted.get(key, (0, 0))
            if (quantity, amount) == (before_quantity, before_amount):
                continue
            on, kind = key
            change = " (change)" if key in posted else ""
            movements.append(
                ledger.Movement(
                    kind=PostingKind.SUPPORT_DELIVERED,
                    on=on,
                    description=f"{KIND_LABELS[kind]} on {_day(on)}{change}",
                    lines=sources.cost_lines(Account.SUPPORT, amount - before_amount, on),
                    details={
                        "support_kind": kind,
                        "quantity": quantity - before_quantity,
                        "rate_pence": now.rate_pence if now else None,
                    },
                )
            )
        count = len(
            ledger.post_many(
                actor=actor,
                arrangement=arrangement,
                action="funding.support_delivered",
                movements=movements,
            )
        )
        count += _post_fixed_fees(actor, arrangement, sources, last)
    return SupportRun(count, unpriced)


def _post_fixed_fees(
    actor: User | None, arrangement: FundingArrangement, sources: Sources, last: dt.date
) -> int:
    if arrangement.management_fee_kind != FeeKind.FIXED_WEEKLY:
        return 0
    weekly = arrangement.management_fee_value
    posted = {
        row["on"]: int(row["amount"])
        for row in Entry.objects.filter(
            arrangement=arrangement,
            account=Account.FEE,
            posting__kind=PostingKind.MANAGEMENT_FEE,
            posting__source__isnull=True,
        )
        .values("on")
        .annotate(amount=Sum("amount_pence"))
    }
    count = 0
    monday = monday_of(arrangement.starts_on)
    while monday <= last:
        on = max(monday, arrangement.starts_on)
        difference = weekly - posted.get(on, 0)
        if difference:
            ledger.post(
                actor=actor,
                arrangement=arrangement,
                kind=PostingKind.MANAGEMENT_FEE,
                on=on,
                description=f"Management fee, week of {_day(monday)}",
                lines=sources.cost_lines(Account.FEE, difference, on),
                quantity=1,
                rate_pence=weekly,
            )
            count += 1
        monday += dt.timedelta(days=7)
    return count
