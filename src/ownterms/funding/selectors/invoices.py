"""Invoices to funders: which are ready to issue, and what each funder owes for a period.

An arrangement is paid in periods of ``paid_every_weeks`` weeks from its start. Each funder of
the arrangement is invoiced once per period for the days its sources are in force, at their
weekly amounts: a source's share is ``weekly * days / 7``, rounded half up once per source row
(a change of amount mid-period is a second line). Paid in advance, an invoice is ready on the
period's first day; paid in arrears, on the day after its last day.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from fractions import Fraction

from django.db.models import Prefetch, Q, QuerySet

from ownterms.accounts.models import User
from ownterms.funding.access import MONEY
from ownterms.funding.models import FundingArrangement, FundingInvoice, FundingSource
from ownterms.funding.pricing import round_half_up
from ownterms.people.selectors import people_visible_to

#: Invoices become "ready" for periods whose issue date is at most this long ago, so turning
#: invoicing on for an old arrangement does not offer years of back invoices.
LOOKBACK = dt.timedelta(days=91)
WEEK = dt.timedelta(weeks=1)
DAY = dt.timedelta(days=1)


@dataclass(frozen=True)
class Period:
    first: dt.date
    #: Included.
    last: dt.date

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1


@dataclass(frozen=True)
class InvoiceLine:
    source_id: int
    first: dt.date
    last: dt.date
    days: int
    weekly_pence: int
    amount_pence: int

    def as_json(self) -> dict[str, object]:
        return {
            "source": self.source_id,
            "from": self.first.isoformat(),
            "to": self.last.isoformat(),
            "days": self.days,
            "weekly_pence": self.weekly_pence,
            "amount_pence": self.amount_pence,
        }


@dataclass(frozen=True)
class DraftInvoice:
    """An invoice ready to issue (nothing saved yet)."""

    arrangement: FundingArrangement
    funder_kind: str
    funder_name: str
    funder_reference: str
    period: Period
    issue_on: dt.date
    lines: tuple[InvoiceLine, ...]

    @property
    def amount_pence(self) -> int:
        return sum(line.amount_pence for line in self.lines)

    @property
    def key(self) -> tuple[int, str, str, dt.date]:
        return (self.arrangement.pk, self.funder_kind, self.funder_name, self.period.first)


def periods(arrangement: FundingArrangement, first: dt.date, last: dt.date) -> list[Period]:
    """The arrangement's payment periods that overlap ``first``..``last``, the last one clipped
    at the arrangement's end (its last day)."""
    length = WEEK * arrangement.paid_every_weeks
    start = arrangement.starts_on
    if first > start:
        start += length * ((first - start) // length)
    found = []
    while start <= last and (arrangement.ends_on is None or start <= arrangement.ends_on):
        end = start + length - DAY
        if arrangement.ends_on is not None:
            end = min(end, arrangement.ends_on)
        found.append(Period(start, end))
        start += length
    return found


def issue_day(arrangement: FundingArrangement, period: Period) -> dt.date:
    return period.first if arrangement.paid_in_advance else period.last + DAY


def lines_for(sources: list[FundingSource], period: Period) -> tuple[InvoiceLine, ...]:
    """One line per source row in force during ``period``, for the days it is in force."""
    lines = []
    for source in sorted(sources, key=lambda s: (s.starts_on, s.pk)):
        first = max(period.first, source.starts_on)
        last = period.last if source.ends_on is None else min(period.last, source.ends_on - DAY)
        if last < first:
            continue
        days = (last - first).days + 1
        amount = round_half_up(Fraction(source.weekly_pence * days, 7))
        lines.append(InvoiceLine(source.pk, first, last, days, source.weekly_pence, amount))
    return tuple(lines)


def drafts_for(
    arrangement: FundingArrangement, first: dt.date, last: dt.date
) -> list[DraftInvoice]:
    """One draft per funder and period overlapping ``first``..``last`` (prefetched sources)."""
    by_funder: dict[tuple[str, str], list[FundingSource]] = defaultdict(list)
    for source in arrangement.sources.all():
        by_funder[(source.funder_kind, source.funder_name)].append(source)
    drafts = []
    for period in periods(arrangement, first, last):
        for (kind, name), sources in sorted(by_funder.items()):
            lines = lines_for(sources, period)
            if not lines:
                continue
            reference = next((s.reference for s in reversed(sources) if s.reference), "")
            drafts.append(
                DraftInvoice(
                    arrangement,
                    kind,
                    name,
                    reference,
                    period,
                    issue_day(arrangement, period),
                    lines,
                )
            )
    return drafts


def _arrangements(actor: User) -> QuerySet[FundingArrangement]:
    return (
        FundingArrangement.objects.filter(person__in=people_visible_to(actor, MONEY))
        .select_related("person")
        .prefetch_related(Prefetch("sources", queryset=FundingSource.objects.order_by("pk")))
        .order_by("person__first_name", "person__last_name", "pk")
    )


def ready_to_issue(actor: User, today: dt.date) -> list[DraftInvoice]:
    """Invoices whose issue day has come (within ``LOOKBACK``) and which are not yet issued,
    for the arrangements of people whose money ``actor`` may read."""
    since = today - LOOKBACK
    arrangements = list(
        _arrangements(actor)
        .filter(starts_on__lte=today)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=since))
    )
    issued = set(
        FundingInvoice.objects.filter(arrangement__in=arrangements).values_list(
            "arrangement_id", "funder_kind", "funder_name", "period_starts_on"
        )
    )
    ready = []
    for arrangement in arrangements:
        # Periods that could have an issue day in range start up to one period before it.
        earliest = since - WEEK * arrangement.paid_every_weeks
        for draft in drafts_for(arrangement, earliest, today):
            if since <= draft.issue_on <= today and draft.key not in issued:
                ready.append(draft)
    return ready


def issued_invoices(actor: User, first: dt.date, last: dt.date) -> QuerySet[FundingInvoice]:
    """Invoices issued from ``first`` to ``last`` for people whose money ``actor`` may read."""
    return (
        FundingInvoice.objects.filter(
            arrangement__person__in=people_visible_to(actor, MONEY),
            issued_on__gte=first,
            issued_on__lte=last,
        )
        .select_related("arrangement__person")
        .order_by("-number")
    )


def person_initials(invoice: FundingInvoice) -> str:
    """The person as an invoice names them: initials beside the funder's own reference, so a
    funder can match it without the invoice carrying the full name."""
    person = invoice.arrangement.person
    return "".join(part[0].upper() for part in (person.first_name, person.last_name) if part)
