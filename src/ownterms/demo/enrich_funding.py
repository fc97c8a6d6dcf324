"""The demo's funding: an arrangement for everyone with a package — mostly council individual
service funds, personal health budgets for those the NHS funds, pooled budgets where council
and NHS (or education) fund together, one direct payment — with the package's rates (a council
uplift in the middle of last month) and some assessed contributions. The accounts start with the
demo rota's history: the balance brought forward from the previous accounts, funding received
four-weekly, management fees, everyday spending and the delivered support priced from the rota,
all through the funding services. One person's surplus is close to its cap.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from ownterms.accounts.demo import DEMO_SIGN_INS
from ownterms.accounts.models import Role, User
from ownterms.core.models import Organisation
from ownterms.demo.enrich_rota import demo_rota_range
from ownterms.demo.enrich_rota_history import HISTORY_WEEKS
from ownterms.funding import ledger
from ownterms.funding.ledger import Line
from ownterms.funding.models import (
    Account,
    ArrangementKind,
    BankedCapKind,
    FeeKind,
    FunderKind,
    FundingArrangement,
    FundingSource,
    Posting,
    PostingKind,
    Rate,
    SpendingCategory,
)
from ownterms.funding.pricing import amount_for
from ownterms.funding.selectors.money import money_summary
from ownterms.funding.services import movements
from ownterms.funding.services.invoices import issue_ready_invoices
from ownterms.people.models import CommissionedPackage, Person
from ownterms.people.selectors import package_on

#: Pence an hour (sleep-ins a night) before and after the uplift.
RATES = {"day": 2580, "two_to_one": 5160, "waking_night": 2420, "sleep_in": 11200}
UPLIFT_PERCENT = 3
NHS = "Harbourside Integrated Care Board"
COUNCIL = "Porthaven Council adult social care"
SPENDING = (
    (SpendingCategory.ACTIVITY, "Swimming sessions", "Porthaven Leisure Centre", 2400),
    (SpendingCategory.ACTIVITY, "Cinema tickets", "Harbour Lights Cinema", 1850),
    (SpendingCategory.ACTIVITY, "Pottery class", "Quayside Studio", 3500),
    (SpendingCategory.TRAVEL, "Taxi to the football", "Porthaven Cabs", 1600),
    (SpendingCategory.EQUIPMENT, "Weighted blanket", "Calm Sleep Ltd", 8999),
    (SpendingCategory.OTHER_PROVIDER, "Day at the farm project", "Green Acres CIC", 6500),
)


@dataclass(frozen=True)
class Shape:
    kind: str
    #: (funder kind, funder name, share of the budget in percent)
    funders: tuple[tuple[str, str, int], ...]
    fee_kind: str
    fee_value: int


def _shape(
    index: int, package: CommissionedPackage, pooled_so_far: int, contributes: bool
) -> Shape:
    if index == 4:
        only_council = ((FunderKind.COUNCIL, COUNCIL, 100),)
        return Shape(ArrangementKind.DIRECT_PAYMENT, only_council, FeeKind.NONE, 0)
    if package.funder_kind == CommissionedPackage.FunderKind.ICB:
        nhs = ((FunderKind.ICB, NHS, 100),)
        return Shape(ArrangementKind.PHB_THIRD_PARTY, nhs, FeeKind.FIXED_WEEKLY, 2500)
    if package.funder_kind == CommissionedPackage.FunderKind.JOINT and pooled_so_far < 2:
        funders = ((FunderKind.COUNCIL, COUNCIL, 55), (FunderKind.ICB, NHS, 45))
        return Shape(ArrangementKind.POOLED, funders, FeeKind.PERCENT, 600)
    if package.funder_kind == CommissionedPackage.FunderKind.EDUCATION:
        funders = (
            (FunderKind.COUNCIL, COUNCIL, 80),
            (FunderKind.EDUCATION, "Porthaven Council education (EHC plan)", 20),
        )
        return Shape(ArrangementKind.POOLED, funders, FeeKind.PERCENT, 600)
    council: tuple[tuple[str, str, int], ...] = ((FunderKind.COUNCIL, COUNCIL, 100),)
    if contributes:
        # The person's assessed contribution: a small share, paid by them.
        council = ((FunderKind.COUNCIL, COUNCIL, 98), (FunderKind.PERSON, "Own contribution", 2))
    return Shape(ArrangementKind.ISF, council, FeeKind.PERCENT, 600)


def weekly_cost(package: CommissionedPackage, rates: dict[str, int]) -> int:
    """The package's cost a week in pence at ``rates`` (hours rounded half up per kind)."""
    minutes = {
        "day": package.day_minutes,
        "two_to_one": package.two_to_one_minutes,
        "waking_night": package.waking_night_minutes,
    }
    hourly = sum(amount_for(kind, m, rates[kind]) for kind, m in minutes.items())
    return hourly + amount_for("sleep_in", package.sleep_in_nights, rates["sleep_in"])


def _arrangement(
    person: Person,
    package: CommissionedPackage,
    shape: Shape,
    starts_on: dt.date,
    uplift_on: dt.date | None,
) -> tuple[FundingArrangement, list[FundingSource], int]:
    arrangement = FundingArrangement.objects.create(
        organisation_id=person.organisation_id,
        person=person,
        kind=shape.kind,
        reference=package.reference,
        starts_on=starts_on,
        review_on=max(package.review_on, starts_on),
        paid_every_weeks=4,
        paid_in_advance=shape.kind != ArrangementKind.PHB_THIRD_PARTY,
        surplus_cap_hundredths=400,
        surplus_max_weeks=12,
        banked_cap_kind=BankedCapKind.WEEKS,
        banked_cap_hundredths=250,
        banked_expiry_months=12,
        notice_days=28,
        management_fee_kind=shape.fee_kind,
        management_fee_value=shape.fee_value,
        changes_need_funder_approval=shape.kind != ArrangementKind.DIRECT_PAYMENT,
    )
    uplifted = {kind: pence * (100 + UPLIFT_PERCENT) // 100 for kind, pence in RATES.items()}
    periods = [(RATES, starts_on, uplift_on)]
    if uplift_on is not None:
        periods.append((uplifted, uplift_on, None))
    Rate.objects.bulk_create(
        Rate(
            organisation_id=person.organisation_id,
            arrangement=arrangement,
            kind=kind,
            pence=pence,
            starts_on=starts_on,
            ends_on=ends_on,
        )
        for rates, starts_on, ends_on in periods
        for kind, pence in rates.items()
    )
    cost = weekly_cost(package, periods[-1][0])
    if shape.fee_kind == FeeKind.PERCENT:
        budget = cost * 10_000 // (10_000 - shape.fee_value)
    else:
        budget = cost + shape.fee_value
    sources = [
        FundingSource.objects.create(
            organisation_id=person.organisation_id,
            arrangement=arrangement,
            funder_kind=kind,
            funder_name=name,
            reference=package.reference,
            weekly_pence=budget * share // 100,
            starts_on=starts_on,
        )
        for kind, name, share in shape.funders
    ]
    return arrangement, sources, budget


def _history(
    arrangement: FundingArrangement,
    sources: list[FundingSource],
    budget: int,
    rng: random.Random,
    today: dt.date,
    brought_forward_weeks: float,
    keep_weeks: float,
) -> int:
    start = arrangement.starts_on
    for source, part in ledger.split(int(budget * brought_forward_weeks), sources):
        ledger.post(
            actor=None,
            arrangement=arrangement,
            kind=PostingKind.OPENING_BALANCE,
            on=start,
            description="Balance brought forward from the previous accounts",
            lines=[Line(Account.FUND, part, source), Line(Account.FUNDING, -part, source)],
            source=source,
        )
    period = start
    while period <= today:
        every = dt.timedelta(weeks=arrangement.paid_every_weeks)
        paid_on = period if arrangement.paid_in_advance else period + every
        if paid_on <= today:
            for source in sources:
                movements.record_funding(
                    actor=None,
                    arrangement=arrangement,
                    source=source,
                    amount_pence=source.weekly_pence * arrangement.paid_every_weeks,
                    on=paid_on,
                )
        period += every
    day = start + dt.timedelta(days=rng.randint(2, 9))
    while day < today:
        category, description, payee, pence = rng.choice(SPENDING)
        movements.record_spending(
            actor=None,
            arrangement=arrangement,
            amount_pence=pence,
            on=day,
            category=category,
            payee=payee,
            description=description,
        )
        day += dt.timedelta(days=rng.randint(8, 20))
    movements.post_delivered_support(
        actor=None, arrangement=arrangement, through=today - dt.timedelta(days=1)
    )
    _agency_cover(arrangement, budget, today, keep_weeks)
    return Posting.objects.filter(arrangement=arrangement).count()


def _agency_cover(
    arrangement: FundingArrangement, budget: int, today: dt.date, keep_weeks: float
) -> None:
    """The demo rota leaves about a sixth of shifts uncovered; as a provider would, those were
    bought from an agency every four weeks, so the surplus ends near ``keep_weeks`` of budget
    rather than past its cap for most people."""
    excess = money_summary(arrangement, today).surplus.surplus - int(budget * keep_weeks)
    days = []
    day = arrangement.starts_on + dt.timedelta(weeks=4) - dt.timedelta(days=1)
    while day < today:
        days.append(day)
        day += dt.timedelta(weeks=4)
    if excess <= 0 or not days:
        return
    share, rest = divmod(excess, len(days))
    for n, day in enumerate(days):
        movements.record_spending(
            actor=None,
            arrangement=arrangement,
            amount_pence=share + (rest if n == 0 else 0),
            on=day,
            category=SpendingCategory.OTHER_PROVIDER,
            payee="Harbourside Care Agency",
            description="Agency support for shifts our own team could not cover",
        )


def ledger_start(today: dt.date) -> dt.date:
    """The Monday the demo's accounts start: with the demo rota's history."""
    return demo_rota_range(today)[0] - dt.timedelta(weeks=HISTORY_WEEKS)


def enrich_funding(org: Organisation, rng: random.Random, today: dt.date) -> dict[str, int]:
    start = ledger_start(today)
    last_month = (today.replace(day=1) - dt.timedelta(days=1)).replace(day=15)
    counts = {"funding arrangements": 0, "ledger postings": 0}
    pooled = 0
    people = Person.objects.filter(organisation=org, status=Person.Status.ACTIVE).order_by("pk")
    for index, person in enumerate(people):
        package = package_on(person, today)
        if package is None:
            continue
        shape = _shape(index, package, pooled, contributes=rng.random() < 0.3)
        pooled += shape.kind == ArrangementKind.POOLED
        # The arrangement as kept in Own Terms starts with the accounts.
        starts_on = max(start, package.starts_on)
        uplift_on = last_month if starts_on < last_month else None
        arrangement, sources, budget = _arrangement(person, package, shape, starts_on, uplift_on)
        # One person's surplus is close to its cap (4 weeks' budget): months of unspent money.
        near_cap = counts["funding arrangements"] == 2
        brought_forward = 3.7 if near_cap else rng.uniform(0.1, 0.9)
        keep = 3.75 if near_cap else rng.uniform(0.3, 2.0)
        counts["ledger postings"] += _history(
            arrangement, sources, budget, rng, today, brought_forward, keep
        )
        counts["funding arrangements"] += 1
    counts["invoices to funders"] = _invoices(org, today)
    return counts


def _invoices(org: Organisation, today: dt.date) -> int:
    """Finance issues invoices every Monday; this week's are left ready to issue."""
    finance = User.objects.get(organisation=org, email=DEMO_SIGN_INS[Role.FINANCE])
    monday = today - dt.timedelta(days=today.weekday() + 7)
    days = [monday - dt.timedelta(weeks=weeks) for weeks in range(12, -1, -1)]
    return sum(len(issue_ready_invoices(actor=finance, today=day)) for day in days)
