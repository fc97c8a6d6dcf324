"""Reading a person's money: balances per account and per source, banked hours, the surplus
against its cap, warnings and what is available in plain words.

Banked hours (hourly support only: day, 2:1 and waking night together, in minutes of support):
each whole week (Monday to Sunday, from the first Monday on or after the arrangement starts)
that has ended, unused = commissioned (the package in force on the Monday) - delivered (exact
minutes by the rota's counting rule, rounded half up once per week). Unused minutes are banked
until the cap is reached; a week above commissioned draws from the oldest banked minutes
first; each week's minutes expire ``banked_expiry_months`` after its Sunday (usable through
that day). Caps: ``weeks`` → cap_hundredths/100 * that week's commissioned minutes;
``percent_of_year`` → cap_hundredths/10000 * 52 * weekly minutes (rounded down).

Surplus: the fund balance less funding paid in advance for days still to come (a receipt of an
arrangement paid in advance covers ``paid_every_weeks`` from its day), above zero; its cap is
surplus_cap_hundredths/100 * the weekly budget (the sum of the sources' weekly amounts in
force), rounded down.
"""

from __future__ import annotations

import calendar
import datetime as dt
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from operator import itemgetter

from django.db.models import Sum
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ownterms.funding.models import (
    Account,
    BankedCapKind,
    Entry,
    FundingArrangement,
    FundingSource,
    PostingKind,
)
from ownterms.funding.pricing import round_half_up
from ownterms.funding.selectors.arrangements import budget_on
from ownterms.lib.money import pounds
from ownterms.people.models import CommissionedPackage
from ownterms.rota.selectors.delivery import SLEEP_IN, delivered_days

#: Banked hours expiring within this many days are warned about.
EXPIRY_WARNING_DAYS = 28
#: A cap is "near" from this share of it.
NEAR_CAP = Fraction(9, 10)


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` later (the month's last day if it is shorter)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _ended_by(arrangement: FundingArrangement, as_of: dt.date) -> dt.date:
    """The last day that counts: yesterday, or the arrangement's last day if sooner."""
    last = as_of - dt.timedelta(days=1)
    return min(last, arrangement.ends_on) if arrangement.ends_on else last


# Balances ----------------------------------------------------------------------------------


def balances(arrangement: FundingArrangement, *, through: dt.date | None = None) -> dict[str, int]:
    """Each account's balance (pence; debits positive), in one query."""
    entries = Entry.objects.filter(arrangement=arrangement)
    if through is not None:
        entries = entries.filter(on__lte=through)
    totals = dict.fromkeys(Account.values, 0)
    for row in entries.values("account").annotate(total=Sum("amount_pence")):
        totals[row["account"]] = int(row["total"])
    return totals


@dataclass(frozen=True)
class SourceShare:
    """One funder's part of a pooled budget: received from them, their share of the costs,
    and what is left of their money."""

    source: FundingSource
    received: int
    spent: int

    @property
    def balance(self) -> int:
        return self.received - self.spent


def source_shares(
    arrangement: FundingArrangement, *, first: dt.date | None = None, last: dt.date | None = None
) -> list[SourceShare]:
    """Per source: received and its share of costs between ``first`` and ``last``."""
    entries = Entry.objects.filter(arrangement=arrangement, source__isnull=False)
    if first is not None:
        entries = entries.filter(on__gte=first)
    if last is not None:
        entries = entries.filter(on__lte=last)
    received: dict[int, int] = defaultdict(int)
    fund: dict[int, int] = defaultdict(int)
    for row in entries.values("source_id", "account").annotate(total=Sum("amount_pence")):
        if row["account"] == Account.FUNDING:
            received[row["source_id"]] -= int(row["total"])
        elif row["account"] == Account.FUND:
            fund[row["source_id"]] += int(row["total"])
    return [
        SourceShare(source, received[source.pk], received[source.pk] - fund[source.pk])
        for source in arrangement.sources.order_by("starts_on", "pk")
    ]


# Banked hours ------------------------------------------------------------------------------


@dataclass(frozen=True)
class BankedLot:
    """Minutes banked from one week, left to use."""

    week_of: dt.date
    minutes: int
    expires_on: dt.date | None


@dataclass(frozen=True)
class BankedHours:
    lots: tuple[BankedLot, ...]
    cap_minutes: int | None
    used_minutes: int
    expired_minutes: int
    #: Weeks above commissioned with nothing banked left to draw from.
    over_minutes: int

    @property
    def minutes(self) -> int:
        return sum(lot.minutes for lot in self.lots)

    @property
    def earliest_expiry(self) -> dt.date | None:
        dates = [lot.expires_on for lot in self.lots if lot.expires_on]
        return min(dates) if dates else None

    def expiring_by(self, day: dt.date) -> int:
        return sum(lot.minutes for lot in self.lots if lot.expires_on and lot.expires_on <= day)


@dataclass
class _Lot:
    week_of: dt.date
    minutes: int
    expires_on: dt.date | None

    def expired(self, day: dt.date) -> bool:
        return self.expires_on is not None and self.expires_on < day


def _package_on(packages: list[CommissionedPackage], day: dt.date) -> CommissionedPackage | None:
    """The same rule as ``people.selectors.package_on``: the latest started, unless ended."""
    started = [p for p in packages if p.starts_on <= day]
    if not started:
        return None
    latest = max(started, key=lambda p: p.starts_on)
    return latest if latest.ends_on is None or latest.ends_on > day else None


def weekly_minutes(package: CommissionedPackage | None) -> int:
    if package is None:
        return 0
    return package.day_minutes + package.two_to_one_minutes + package.waking_night_minutes


def banked_cap(arrangement: FundingArrangement, weekly: int) -> int | None:
    if arrangement.banked_cap_hundredths is None:
        return None
    if arrangement.banked_cap_kind == BankedCapKind.PERCENT_OF_YEAR:
        return arrangement.banked_cap_hundredths * 52 * weekly // 10_000
    return arrangement.banked_cap_hundredths * weekly // 100


def banked_hours(arrangement: FundingArrangement, as_of: dt.date) -> BankedHours:
    """Banked minutes left on ``as_of`` from every whole week that has ended (see above)."""
    first = arrangement.starts_on + dt.timedelta(days=-arrangement.starts_on.weekday() % 7)
    last = _ended_by(arrangement, as_of)
    packages = list(CommissionedPackage.objects.filter(person_id=arrangement.person_id))
    delivered: dict[dt.date, Fraction] = defaultdict(Fraction)
    if first <= last:
        for day in delivered_days([arrangement.person_id], first, last).values():
            if day.kind != SLEEP_IN:
                delivered[day.on - dt.timedelta(days=day.on.weekday())] += day.delivered
    lots: list[_Lot] = []
    used = expired = over = 0
    monday = first
    while monday + dt.timedelta(days=6) <= last:
        expired += sum(lot.minutes for lot in lots if lot.expired(monday))
        lots = [lot for lot in lots if not lot.expired(monday)]
        weekly = weekly_minutes(_package_on(packages, monday))
        cap = banked_cap(arrangement, weekly)
        unused = weekly - round_half_up(delivered[monday])
        if unused > 0:
            held = sum(lot.minutes for lot in lots)
            bank = unused if cap is None else min(unused, max(cap - held, 0))
            if bank:
                months = arrangement.banked_expiry_months
                sunday = monday + dt.timedelta(days=6)
                lots.append(_Lot(monday, bank, add_months(sunday, months) if months else None))
        else:
            wanted = -unused
            while wanted and lots:
                take = min(wanted, lots[0].minutes)
                lots[0].minutes -= take
                wanted -= take
                used += take
                if not lots[0].minutes:
                    lots.pop(0)
            over += wanted
        monday += dt.timedelta(days=7)
    expired += sum(lot.minutes for lot in lots if lot.expired(as_of))
    left = tuple(
        BankedLot(lot.week_of, lot.minutes, lot.expires_on)
        for lot in lots
        if not lot.expired(as_of)
    )
    # The cap reported is today's: the package in force on ``as_of``.
    current_cap = banked_cap(arrangement, weekly_minutes(_package_on(packages, as_of)))
    return BankedHours(left, current_cap, used, expired, over)


# Surplus -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Surplus:
    #: The money held (the fund balance).
    balance: int
    #: Funding paid in advance for days after ``as_of``: held, but not surplus.
    paid_ahead: int
    weekly_budget: int
    cap_pence: int | None
    positive_since: dt.date | None
    max_weeks: int | None
    as_of: dt.date

    @property
    def surplus(self) -> int:
        return max(self.balance - self.paid_ahead, 0)

    @property
    def over_cap(self) -> bool:
        return self.cap_pence is not None and self.surplus > self.cap_pence

    @property
    def near_cap(self) -> bool:
        return (
            self.cap_pence is not None
            and not self.over_cap
            and self.surplus >= self.cap_pence * NEAR_CAP
        )

    @property
    def weeks_held(self) -> int:
        return 0 if self.positive_since is None else (self.as_of - self.positive_since).days // 7

    @property
    def held_too_long(self) -> bool:
        return self.max_weeks is not None and self.weeks_held > self.max_weeks


def _paid_ahead(
    arrangement: FundingArrangement, receipts: Sequence[tuple[dt.date, int]], day: dt.date
) -> int:
    """Funding paid in advance for the days after ``day``: each receipt covers the payment
    period from its day (``paid_every_weeks``); what is left of that period is not surplus.
    ``receipts`` are (day, amount) in date order; only those of the last period can count."""
    if not arrangement.paid_in_advance:
        return 0
    period = 7 * arrangement.paid_every_weeks
    first = bisect_right(receipts, day - dt.timedelta(days=period), key=itemgetter(0))
    last = bisect_right(receipts, day, key=itemgetter(0))
    ahead = 0
    for paid_on, amount in receipts[first:last]:
        left = (paid_on + dt.timedelta(days=period) - day).days - 1
        if left > 0:
            ahead += amount * min(left, period) // period
    return ahead


def surplus(arrangement: FundingArrangement, as_of: dt.date) -> Surplus:
    """The money held through ``as_of`` less funding paid in advance for later days, against
    the contract's surplus cap, and since when it has stayed above zero (two queries over the
    daily totals)."""
    fund = Entry.objects.filter(arrangement=arrangement, account=Account.FUND, on__lte=as_of)
    receipts = [
        (row["on"], int(row["total"]))
        for row in fund.filter(posting__kind=PostingKind.FUNDING_RECEIVED)
        .values("on")
        .annotate(total=Sum("amount_pence"))
        .order_by("on")
    ]
    running = 0
    since: dt.date | None = None
    for row in fund.values("on").annotate(total=Sum("amount_pence")).order_by("on"):
        running += int(row["total"])
        held = running - _paid_ahead(arrangement, receipts, row["on"])
        if held <= 0:
            since = None
        elif since is None:
            since = row["on"]
    ahead = _paid_ahead(arrangement, receipts, as_of)
    budget = budget_on(arrangement, as_of).weekly_pence
    hundredths = arrangement.surplus_cap_hundredths
    return Surplus(
        balance=running,
        paid_ahead=ahead,
        weekly_budget=budget,
        cap_pence=None if hundredths is None else hundredths * budget // 100,
        positive_since=since if running > ahead else None,
        max_weeks=arrangement.surplus_max_weeks,
        as_of=as_of,
    )


# Warnings and plain words ------------------------------------------------------------------


@dataclass(frozen=True)
class Warning:
    code: str
    text: str


def hours_words(minutes: int) -> str:
    hours, rest = divmod(minutes, 60)
    parts = []
    if hours:
        parts.append(f"{hours} hour{'s' if hours != 1 else ''}")
    if rest or not hours:
        parts.append(f"{rest} minute{'s' if rest != 1 else ''}")
    return " ".join(parts)


def _date_words(day: dt.date) -> str:
    return date_format(day, "j F Y")


def warnings_for(banked: BankedHours, money: Surplus) -> list[Warning]:
    """Caps near or over breach, a surplus held too long, banked hours expiring soon."""
    found: list[Warning] = []
    if money.over_cap:
        found.append(
            Warning(
                "surplus_over_cap",
                f"The surplus of {pounds(money.surplus)} is over the contract's cap of "
                f"{pounds(money.cap_pence or 0)}.",
            )
        )
    elif money.near_cap:
        found.append(
            Warning(
                "surplus_near_cap",
                f"The surplus of {pounds(money.surplus)} is close to the contract's cap of "
                f"{pounds(money.cap_pence or 0)}.",
            )
        )
    if money.held_too_long:
        found.append(
            Warning(
                "surplus_held_too_long",
                f"There has been a surplus for {money.weeks_held} weeks; the contract allows "
                f"{money.max_weeks}.",
            )
        )
    if banked.cap_minutes is not None and banked.minutes >= banked.cap_minutes * NEAR_CAP:
        reached = "has reached" if banked.minutes >= banked.cap_minutes else "is close to"
        found.append(
            Warning(
                "banked_near_cap",
                f"{hours_words(banked.minutes)} banked {reached} the cap of "
                f"{hours_words(banked.cap_minutes)}: unused hours will not be saved.",
            )
        )
    soon = money.as_of + dt.timedelta(days=EXPIRY_WARNING_DAYS)
    expiring = banked.expiring_by(soon)
    if expiring:
        found.append(
            Warning(
                "banked_expiring",
                f"{hours_words(expiring)} of banked support must be used by "
                f"{_date_words(banked.earliest_expiry or soon)}.",
            )
        )
    return found


def availability_words(name: str, banked: BankedHours, money: Surplus) -> list[str]:
    """What the person can use, in plain words: "Sam has 14 hours saved to use by 3 March"."""
    if banked.minutes:
        saved = f"{name} has {hours_words(banked.minutes)} saved"
        if banked.earliest_expiry:
            saved += f" to use by {_date_words(banked.earliest_expiry)}"
        lines = [saved + "."]
    else:
        lines = [f"{name} has no hours saved."]
    if money.surplus:
        lines.append(f"{name} has {pounds(money.surplus)} not yet spent.")
    elif money.balance - money.paid_ahead < 0:
        over = money.paid_ahead - money.balance
        lines.append(f"{name} has spent {pounds(over)} more than was paid in so far.")
    return lines


@dataclass(frozen=True)
class MoneySummary:
    balances: dict[str, int]
    shares: list[SourceShare]
    banked: BankedHours
    surplus: Surplus
    warnings: list[Warning]
    words: list[str]

    @property
    def funding_received(self) -> int:
        """All funding received (the funding account holds it as credits, below zero)."""
        return -self.balances.get(Account.FUNDING, 0)


def money_summary(arrangement: FundingArrangement, as_of: dt.date) -> MoneySummary:
    banked = banked_hours(arrangement, as_of)
    money = surplus(arrangement, as_of)
    return MoneySummary(
        balances=balances(arrangement, through=as_of),
        shares=source_shares(arrangement, last=as_of),
        banked=banked,
        surplus=money,
        warnings=warnings_for(banked, money),
        words=availability_words(arrangement.person.called, banked, money),
    )


def change_warnings(
    arrangement: FundingArrangement, weekly_cost_pence: int, as_of: dt.date
) -> list[Warning]:
    """Warnings *before* a plan or rota change: what would happen to the surplus if the
    person's money were used at ``weekly_cost_pence`` a week from ``as_of`` on."""
    return warnings_at_cost(surplus(arrangement, as_of), weekly_cost_pence)


def warnings_at_cost(money: Surplus, weekly_cost_pence: int) -> list[Warning]:
    """What spending ``weekly_cost_pence`` a week would do to the money held (``money``, read
    once for several plans): spending below the weekly budget grows the surplus towards its
    cap; spending above it draws the money held down to nothing."""
    change = money.weekly_budget - weekly_cost_pence
    cost = pounds(weekly_cost_pence)
    if change > 0 and money.cap_pence is not None:
        room = money.cap_pence - money.surplus
        weeks = 0 if room < 0 else room // change + 1
        cap = pounds(money.cap_pence)
        text = (
            _("At %(cost)s a week the surplus would pass its cap of %(cap)s now.")
            % {"cost": cost, "cap": cap}
            if weeks == 0
            else ngettext(
                "At %(cost)s a week the surplus would pass its cap of %(cap)s in %(weeks)d week.",
                "At %(cost)s a week the surplus would pass its cap of %(cap)s in %(weeks)d weeks.",
                weeks,
            )
            % {"cost": cost, "cap": cap, "weeks": weeks}
        )
        return [Warning("plan_breaches_surplus_cap", text)]
    if change < 0:
        weeks = money.surplus // -change
        text = ngettext(
            "At %(cost)s a week the money held would run out in %(weeks)d week: "
            "%(more)s a week more than the budget.",
            "At %(cost)s a week the money held would run out in %(weeks)d weeks: "
            "%(more)s a week more than the budget.",
            weeks,
        ) % {"cost": cost, "weeks": weeks, "more": pounds(-change)}
        return [Warning("plan_overspends", text)]
    return []
