"""Reads of a person's funding records: arrangements, sources, rates, the contract terms in
plain words, and the package and support pattern priced at the rates."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

from django.db.models import Prefetch, QuerySet
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ownterms.funding.models import (
    SUPPORT_KINDS,
    BankedCapKind,
    FeeKind,
    FundingArrangement,
    FundingSource,
    Rate,
)
from ownterms.funding.pricing import amount_for
from ownterms.lib.money import pounds
from ownterms.people.models import Person
from ownterms.people.selectors import package_on
from ownterms.rota.selectors import patterns as rota_patterns

#: The rota's name of each kind's weekly total (``rota.selectors.patterns.Totals``).
TOTAL_FIELDS = {
    "day": "day_minutes",
    "two_to_one": "two_to_one_minutes",
    "waking_night": "waking_night_minutes",
    "sleep_in": "sleep_in_nights",
}
KIND_LABELS = dict(SUPPORT_KINDS)


def day_text(day: dt.date) -> str:
    return date_format(day, "j F Y")


def period_text(starts_on: dt.date, ends_on: dt.date | None) -> str:
    """ "from 1 April 2026" or "from 1 April 2026 until 31 March 2027" (the last day included)."""
    if ends_on is None:
        return _("from %(start)s") % {"start": day_text(starts_on)}
    return _("from %(start)s until %(end)s") % {
        "start": day_text(starts_on),
        "end": day_text(ends_on - dt.timedelta(days=1)),
    }


def arrangements_of(person: Person) -> QuerySet[FundingArrangement]:
    """The person's arrangements, newest first, with their sources and rates."""
    return FundingArrangement.objects.filter(person=person).prefetch_related(
        Prefetch("sources", queryset=FundingSource.objects.order_by("starts_on", "pk")),
        Prefetch("rates", queryset=Rate.objects.order_by("kind", "starts_on")),
    )


def in_force(starts_on: dt.date, ends_on: dt.date | None, day: dt.date) -> bool:
    return starts_on <= day and (ends_on is None or ends_on > day)


def sources_in_force(arrangement: FundingArrangement, day: dt.date) -> list[FundingSource]:
    """From the prefetched sources (no query on a page over many arrangements)."""
    return [s for s in arrangement.sources.all() if in_force(s.starts_on, s.ends_on, day)]


def rate_on(arrangement: FundingArrangement, kind: str, day: dt.date) -> Rate | None:
    """The rate of ``kind`` in force on ``day`` (from the prefetched rates)."""
    for rate in arrangement.rates.all():
        if rate.kind == kind and in_force(rate.starts_on, rate.ends_on, day):
            return rate
    return None


@dataclass(frozen=True)
class Share:
    source: FundingSource
    #: The source's share of the weekly budget in percent, to one decimal place.
    percent: str


@dataclass(frozen=True)
class Budget:
    weekly_pence: int
    shares: tuple[Share, ...]


def budget_on(arrangement: FundingArrangement, day: dt.date) -> Budget:
    sources = sources_in_force(arrangement, day)
    total = sum(s.weekly_pence for s in sources)
    return Budget(
        total,
        tuple(Share(s, f"{s.weekly_pence * 100 / total:.1f}" if total else "0.0") for s in sources),
    )


def terms_text(arrangement: FundingArrangement) -> list[str]:
    """The contract terms in plain words, one sentence each."""
    row = arrangement
    every = row.paid_every_weeks
    lines = [
        ngettext(
            "Paid every week, %(when)s.",
            "Paid every %(n)s weeks, %(when)s.",
            every,
        )
        % {"n": every, "when": _("in advance") if row.paid_in_advance else _("in arrears")}
    ]
    if row.surplus_cap_hundredths is not None:
        cap = _weeks_text(row.surplus_cap_hundredths)
        if row.surplus_max_weeks is not None:
            lines.append(
                _("A surplus of up to %(cap)s' budget may be kept for up to %(n)s weeks.")
                % {"cap": cap, "n": row.surplus_max_weeks}
            )
        else:
            lines.append(_("A surplus of up to %(cap)s' budget may be kept.") % {"cap": cap})
    elif row.surplus_max_weeks is not None:
        lines.append(
            _("A surplus may be kept for up to %(n)s weeks.") % {"n": row.surplus_max_weeks}
        )
    else:
        lines.append(_("The contract sets no limit on a surplus."))
    if row.banked_cap_hundredths is not None:
        if row.banked_cap_kind == BankedCapKind.WEEKS:
            cap = _("%(weeks)s of support") % {"weeks": _weeks_text(row.banked_cap_hundredths)}
        else:
            cap = _("%(percent)s%% of the year's hours") % {
                "percent": _hundredths(row.banked_cap_hundredths)
            }
        lines.append(_("Unused hours may be banked, up to %(cap)s.") % {"cap": cap})
    else:
        lines.append(_("Unused hours may be banked with no limit."))
    if row.banked_expiry_months is not None:
        lines.append(
            ngettext(
                "Banked hours must be used within %(n)s month.",
                "Banked hours must be used within %(n)s months.",
                row.banked_expiry_months,
            )
            % {"n": row.banked_expiry_months}
        )
    lines.append(
        ngettext(
            "Either side gives %(n)s day's notice to end it.",
            "Either side gives %(n)s days' notice to end it.",
            row.notice_days,
        )
        % {"n": row.notice_days}
    )
    lines.append(fee_text(row))
    lines.append(
        _("Changes need the funder's approval.")
        if row.changes_need_funder_approval
        else _("Changes can be agreed with the person without the funder.")
    )
    return lines


def fee_text(row: FundingArrangement) -> str:
    if row.management_fee_kind == FeeKind.PERCENT:
        return _("Management fee: %(p)s%% of the funding received.") % {
            "p": _hundredths(row.management_fee_value)
        }
    if row.management_fee_kind == FeeKind.FIXED_WEEKLY:
        return _("Management fee: %(amount)s a week.") % {
            "amount": pounds(row.management_fee_value)
        }
    return _("No management fee.")


def _hundredths(value: int) -> str:
    """250 → "2.5", 400 → "4", 1234 → "12.34"."""
    whole, part = divmod(value, 100)
    return f"{whole}.{part:02d}".rstrip("0").rstrip(".")


def _weeks_text(hundredths: int) -> str:
    count = _hundredths(hundredths)
    return ngettext("%(n)s week", "%(n)s weeks", 1 if hundredths == 100 else 2) % {"n": count}


@dataclass(frozen=True)
class RateHistory:
    kind: str
    label: str
    #: Oldest first; ``current`` is the one in force on the day asked.
    rates: tuple[Rate, ...]
    current: Rate | None


def rate_history(arrangement: FundingArrangement, day: dt.date) -> list[RateHistory]:
    rows = []
    for kind, label in SUPPORT_KINDS:
        rates = tuple(r for r in arrangement.rates.all() if r.kind == kind)
        if rates:
            rows.append(RateHistory(kind, str(label), rates, rate_on(arrangement, kind, day)))
    return rows


def rate_text(rate: Rate) -> str:
    per = _("a night") if rate.kind == "sleep_in" else _("an hour")
    return f"{pounds(rate.pence)} {per}"


# The package and the pattern, priced ---------------------------------------------------------


@dataclass(frozen=True)
class PricedKind:
    kind: str
    label: str
    rate: Rate | None
    #: Minutes (hourly kinds) or nights a week; a fortnightly pattern's are averaged.
    pattern: Fraction | None
    package: Fraction | None
    pattern_pence: int | None
    package_pence: int | None


@dataclass(frozen=True)
class WeeklyCost:
    day: dt.date
    rows: tuple[PricedKind, ...]
    budget_pence: int
    has_pattern: bool
    has_package: bool
    #: Kinds with hours but no rate on the day: the totals leave them out.
    unpriced: tuple[str, ...]

    @property
    def pattern_pence(self) -> int:
        return sum(r.pattern_pence or 0 for r in self.rows)

    @property
    def package_pence(self) -> int:
        return sum(r.package_pence or 0 for r in self.rows)

    @property
    def pattern_difference(self) -> int:
        """Budget minus the pattern's cost: negative when the pattern costs more."""
        return self.budget_pence - self.pattern_pence


def quantity_text(kind: str, quantity: Fraction) -> str:
    if kind == "sleep_in":
        return rota_patterns.nights_text(quantity)
    return rota_patterns.hours_text(quantity)


def _price(kind: str, quantity: Fraction | None, rate: Rate | None) -> int | None:
    if quantity is None or rate is None:
        return None
    return amount_for(kind, quantity, rate.pence)


def weekly_cost(arrangement: FundingArrangement, day: dt.date) -> WeeklyCost:
    """The person's package and their support pattern's weekly totals, each priced at the
    rates in force on ``day``, against the weekly budget then."""
    person = arrangement.person
    pattern = rota_patterns.pattern_of(person)
    pattern_totals = (
        rota_patterns.pattern_totals(pattern, list(pattern.blocks.all())) if pattern else None
    )
    package = package_on(person, day)
    package_totals = rota_patterns.package_totals(package) if package else None
    rows = []
    unpriced = []
    for kind, label in SUPPORT_KINDS:
        field = TOTAL_FIELDS[kind]
        planned = getattr(pattern_totals, field) if pattern_totals else None
        commissioned = getattr(package_totals, field) if package_totals else None
        rate = rate_on(arrangement, kind, day)
        if rate is None and (planned or commissioned):
            unpriced.append(str(label))
        rows.append(
            PricedKind(
                kind,
                str(label),
                rate,
                planned,
                commissioned,
                _price(kind, planned, rate),
                _price(kind, commissioned, rate),
            )
        )
    return WeeklyCost(
        day,
        tuple(rows),
        budget_on(arrangement, day).weekly_pence,
        pattern is not None,
        package is not None,
        tuple(unpriced),
    )


def current_and_past(
    arrangements: Sequence[FundingArrangement], day: dt.date
) -> tuple[list[FundingArrangement], list[FundingArrangement]]:
    """Arrangements not yet ended on ``day`` (current or future; an arrangement's end date is
    its last day), and the ended ones."""
    live = [a for a in arrangements if a.ends_on is None or a.ends_on >= day]
    return live, [a for a in arrangements if a not in live]
