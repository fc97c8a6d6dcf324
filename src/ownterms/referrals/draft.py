"""The draft support pattern of a referral, read with the rota's own rules: a ``DraftBlock``
has the shape of a ``rota.PatternBlock`` (one week), so its totals by kind, its overlap check
and its words come from ``rota`` — never a second copy of them.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from fractions import Fraction

from django.utils.translation import gettext as _

from ownterms.people.models import CommissionedPackage
from ownterms.referrals.models import DraftBlock, Referral
from ownterms.rota.models import WEEKDAYS, PatternBlock, ShiftKind, SupportPattern
from ownterms.rota.selectors.patterns import (
    Comparison,
    Totals,
    block_times,
    compare,
    pattern_totals,
)


def as_pattern_block(block: DraftBlock) -> PatternBlock:
    """An unsaved pattern block (week 1) with the draft block's times and kind."""
    return PatternBlock(
        week=1,
        weekday=block.weekday,
        start_minute=block.start_minute,
        end_minute=block.end_minute,
        kind=block.kind,
        headcount=block.headcount,
        activity=block.activity,
    )


def draft_totals(blocks: Iterable[DraftBlock]) -> Totals:
    """Minutes a week by kind (sleep-ins as nights), as the rota counts a pattern."""
    return pattern_totals(SupportPattern(weeks=1), [as_pattern_block(b) for b in blocks])


def commissioned_package(referral: Referral) -> CommissionedPackage:
    """The referral's commissioned hours as an unsaved package, for the rota's comparison."""
    return CommissionedPackage(
        day_minutes=referral.day_minutes,
        two_to_one_minutes=referral.two_to_one_minutes,
        waking_night_minutes=referral.waking_night_minutes,
        sleep_in_nights=referral.sleep_in_nights,
    )


def draft_comparison(referral: Referral, blocks: Sequence[DraftBlock]) -> Comparison:
    return compare(draft_totals(blocks), commissioned_package(referral))


def developmental_minutes(blocks: Iterable[DraftBlock]) -> int:
    """Minutes of support a week marked developmental (sleep-ins are not support time)."""
    return sum(
        b.end_minute - b.start_minute
        for b in blocks
        if b.developmental and b.kind != ShiftKind.SLEEP_IN
    )


def whole(value: Fraction) -> int:
    return round(value)


@dataclass(frozen=True)
class Row:
    block: DraftBlock
    times: str
    #: "Day, 2:1 · Swimming · developmental".
    words: str


@dataclass(frozen=True)
class Day:
    weekday: int
    label: str
    rows: tuple[Row, ...]


def words_of(block: DraftBlock) -> str:
    parts = [f"{block.get_kind_display()}, {block.get_headcount_display()}"]
    if block.activity:
        parts.append(block.activity)
    if block.developmental:
        parts.append(str(_("developmental")))
    return " · ".join(parts)


def week_of(blocks: Sequence[DraftBlock]) -> list[Day]:
    """The week, Monday first, each day with its blocks in time order."""
    return [
        Day(
            weekday=number,
            label=str(label),
            rows=tuple(
                Row(b, times_of(b), words_of(b))
                for b in sorted(
                    (b for b in blocks if b.weekday == number),
                    key=lambda b: (b.start_minute, b.pk or 0),
                )
            ),
        )
        for number, label in WEEKDAYS
    ]


def times_of(block: DraftBlock) -> str:
    """E.g. "22:00-08:00 (next day)", with an en dash."""
    return block_times(as_pattern_block(block))


def label_of(block: DraftBlock) -> str:
    return f"{WEEKDAYS[block.weekday][1]} {times_of(block)}"
