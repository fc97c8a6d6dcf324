"""Prices delivered support at the arrangement's effective-dated rates, per day and kind.

A day of one kind is priced at the rate in force that day, so a rate change mid-month prices
each day at its own rate. Hourly kinds (day, 2:1, waking night): ``round_half_up(minutes *
pence_per_hour / 60)``, rounded once per day and kind from the exact minutes of support (a 2:1
worker's time counts half, so minutes can be fractional); sleep-ins: nights * pence a night.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from fractions import Fraction
from math import floor

from ownterms.funding.models import FundingArrangement, Rate
from ownterms.rota.selectors.delivery import SLEEP_IN, DaySupport


def round_half_up(value: Fraction) -> int:
    """The nearest whole number, halves away from zero."""
    whole = floor(abs(value) + Fraction(1, 2))
    return -whole if value < 0 else whole


@dataclass(frozen=True)
class PricedDay:
    """What one day of one kind of delivered support costs. ``quantity`` is whole minutes of
    support (rounded half up) or nights; ``rate_pence`` is ``None`` when no rate is in force
    that day (``amount_pence`` is then 0 and the day is reported as unpriced)."""

    on: dt.date
    kind: str
    quantity: int
    rate_pence: int | None
    amount_pence: int


class RateTable:
    """An arrangement's rates, read once, looked up by day and kind."""

    def __init__(self, rates: Iterable[Rate]) -> None:
        self._by_kind: dict[str, list[Rate]] = {}
        for rate in sorted(rates, key=lambda r: r.starts_on):
            self._by_kind.setdefault(rate.kind, []).append(rate)

    @classmethod
    def of(cls, arrangement: FundingArrangement) -> RateTable:
        return cls(Rate.objects.filter(arrangement=arrangement))

    def pence_on(self, kind: str, day: dt.date) -> int | None:
        for rate in reversed(self._by_kind.get(kind, [])):
            if rate.starts_on <= day and (rate.ends_on is None or day < rate.ends_on):
                return rate.pence
            if rate.starts_on <= day:
                return None
        return None


def amount_for(kind: str, quantity: int | Fraction, pence: int) -> int:
    """What ``quantity`` of ``kind`` costs at ``pence``: minutes times pence an hour over 60
    for hourly kinds, nights times pence for sleep-ins, from the exact value rounded half up
    once (delivered days, plan lines and weekly costs all price this way)."""
    exact = Fraction(quantity) * pence
    return round_half_up(exact if kind == SLEEP_IN else exact / 60)


def price(day: DaySupport, rates: RateTable) -> PricedDay:
    pence = rates.pence_on(day.kind, day.on)
    amount = 0 if pence is None else amount_for(day.kind, day.delivered, pence)
    return PricedDay(day.on, day.kind, round_half_up(day.delivered), pence, amount)
