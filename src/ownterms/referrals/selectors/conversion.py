"""What the transition page shows: everything the person's record will be made of, taken from
the referral as it was submitted and assessed (or, once made, where to find it)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils.translation import gettext as _

from ownterms.funding.pricing import amount_for
from ownterms.people.models import CommissionedPackage, CommunicationFormat, Person
from ownterms.referrals.models import MINUTES_PER_DAY, Decision, DraftBlock, Referral
from ownterms.rota.models import WEEKDAYS


def clock(minute: int) -> str:
    minute %= MINUTES_PER_DAY
    return f"{minute // 60:02d}:{minute % 60:02d}"


def weekly_rates(referral: Referral) -> list[tuple[str, int, int]]:
    """(kind, quantity a week, pence) for each kind of support the referral prices: minutes
    for the hourly kinds, nights for sleep-ins."""
    rows = (
        ("day", referral.day_minutes, referral.day_rate_pence),
        ("two_to_one", referral.two_to_one_minutes, referral.two_to_one_rate_pence),
        ("waking_night", referral.waking_night_minutes, referral.waking_night_rate_pence),
        ("sleep_in", referral.sleep_in_nights, referral.sleep_in_rate_pence),
    )
    return [row for row in rows if row[2] > 0]


def weekly_pence(referral: Referral) -> int:
    """What the commissioned week costs at the referral's rates (priced like delivered days)."""
    return sum(
        amount_for(kind, quantity, pence) for kind, quantity, pence in weekly_rates(referral)
    )


def planned_start(person: Person) -> dt.date | None:
    """The start of the person's first package (the day support was planned to begin)."""
    return (
        CommissionedPackage.objects.filter(person=person)
        .order_by("starts_on")
        .values_list("starts_on", flat=True)
        .first()
    )


@dataclass(frozen=True)
class BlockRow:
    day: str
    times: str
    kind: str
    workers: str
    activity: str
    developmental: bool


@dataclass(frozen=True)
class RateRow:
    kind: str
    pence: int
    nights: bool


@dataclass(frozen=True)
class TransitionPage:
    decision: Decision | None
    formats: list[str]
    blocks: list[BlockRow]
    rates: list[RateRow]
    weekly_pence: int
    skills: list[str]
    person: Person | None
    starts_on: dt.date | None


def block_row(block: DraftBlock) -> BlockRow:
    times = f"{clock(block.start_minute)}\u2013{clock(block.end_minute)}"
    if block.end_minute > MINUTES_PER_DAY:
        times += " " + _("(next day)")
    return BlockRow(
        day=str(WEEKDAYS[block.weekday][1]),
        times=times,
        kind=block.get_kind_display(),
        workers=block.get_headcount_display(),
        activity=block.activity,
        developmental=block.developmental,
    )


def transition_page(referral: Referral) -> TransitionPage:
    labels = dict(CommunicationFormat.choices)
    kinds = {
        "day": _("Day support at 1:1"),
        "two_to_one": _("Support at 2:1"),
        "waking_night": _("Waking nights"),
        "sleep_in": _("Sleep-ins"),
    }
    person = referral.person
    return TransitionPage(
        decision=Decision.objects.filter(referral=referral).first(),
        formats=[str(labels[v]) for v in referral.communication_formats if v in labels],
        blocks=[
            block_row(block)
            for block in DraftBlock.objects.filter(referral=referral).order_by(
                "weekday", "start_minute"
            )
        ],
        rates=[
            RateRow(kinds[kind], pence, kind == "sleep_in")
            for kind, _quantity, pence in weekly_rates(referral)
        ],
        weekly_pence=weekly_pence(referral),
        skills=[skill.name for skill in referral.skills.all()],
        person=person,
        starts_on=planned_start(person) if person is not None else None,
    )
