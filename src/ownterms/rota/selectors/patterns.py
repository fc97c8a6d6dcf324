"""Reading support patterns and shifts: wall-clock times made aware, the week a date falls in,
weekly totals by kind for a pattern and for real shifts, and how they compare with the
commissioned package.

Totals: day 1:1 minutes (day blocks with one worker), 2:1 minutes (day blocks with two: the
hours of 2:1 support, as a package counts them), waking night minutes and sleep-in nights. A
pattern's totals are its nominal wall-clock minutes, averaged per week for a fortnight; a week
of shifts counts real elapsed minutes, so a night across a clock change is 9 or 11 hours.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from fractions import Fraction
from functools import lru_cache
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ownterms.lib.dates import monday_of
from ownterms.people.models import CommissionedPackage, Person
from ownterms.people.selectors import package_on
from ownterms.people.selectors import person_team as current_team
from ownterms.rota.models import (
    MINUTES_PER_DAY,
    WEEKDAYS,
    PatternBlock,
    Shift,
    ShiftKind,
    SkillMode,
    SupportPattern,
)
from ownterms.staff.models import TrainingRecord
from ownterms.staff.selectors import holds_skill_on

#: Within this many minutes a week, a total counts as matching the package.
MATCH_TOLERANCE_MINUTES = 30
DASH = "\u2013"


def local_zone() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


def clock(minute: int) -> str:
    """Minutes from a day's midnight as "HH:MM" (1440 and later wrap to the next day)."""
    minute %= MINUTES_PER_DAY
    return f"{minute // 60:02d}:{minute % 60:02d}"


def local_instant(day: dt.date, minute: int) -> dt.datetime:
    """The aware instant of wall-clock ``minute`` after ``day``'s midnight (past 1440: the next
    day), in the local zone. An ambiguous time (the hour repeated when clocks go back) is its
    first occurrence; a time that does not exist (the hour skipped when clocks go forward) is
    the moment the clocks change, so later wall times never give earlier instants."""
    return _instant(day, minute, settings.TIME_ZONE)


@lru_cache(maxsize=8192)
def _instant(day: dt.date, minute: int, zone_name: str) -> dt.datetime:
    zone = ZoneInfo(zone_name)
    day = day + dt.timedelta(days=minute // MINUTES_PER_DAY)
    minute %= MINUTES_PER_DAY
    naive = dt.datetime(day.year, day.month, day.day, minute // 60, minute % 60)
    first = naive.replace(tzinfo=zone)
    if first.astimezone(dt.UTC).astimezone(zone).replace(tzinfo=None) == naive:
        return first
    # In a gap: fold=1 reads it with the later offset (an earlier instant, still before the
    # change), fold=0 with the earlier offset (an instant after it); the change lies between.
    low = naive.replace(tzinfo=zone, fold=1).astimezone(dt.UTC)
    high = first.astimezone(dt.UTC)
    while high - low > dt.timedelta(minutes=1):
        middle = low + (high - low) / 2
        middle = middle.replace(second=0, microsecond=0)
        if middle.astimezone(zone).replace(tzinfo=None) >= naive:
            high = middle
        else:
            low = middle
    return high.astimezone(zone)


def elapsed_minutes(starts_at: dt.datetime, ends_at: dt.datetime) -> int:
    return int((ends_at - starts_at).total_seconds() // 60)


def shift_hours_text(shift: Shift) -> str:
    """The shift's real length, e.g. "11 h" for a night when the clocks go back."""
    return hours_text(Fraction(elapsed_minutes(shift.starts_at, shift.ends_at)))


def pattern_week_of(pattern: SupportPattern, day: dt.date) -> int:
    """Which week of the pattern (1 or 2) ``day`` falls in."""
    weeks_since = (monday_of(day) - pattern.anchor_monday).days // 7
    return weeks_since % pattern.weeks + 1


def pattern_of(person: Person) -> SupportPattern | None:
    return (
        SupportPattern.objects.filter(person=person)
        .prefetch_related(
            Prefetch(
                "blocks",
                queryset=PatternBlock.objects.prefetch_related(
                    "required_skills", "preferred_staff", "preferred_tags"
                ),
            )
        )
        .first()
    )


def block_of(pattern: SupportPattern, block_id: uuid.UUID | str) -> PatternBlock | None:
    return (
        PatternBlock.objects.filter(pattern=pattern, public_id=block_id)
        .prefetch_related("required_skills", "preferred_staff", "preferred_tags")
        .first()
    )


# Totals --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Totals:
    """Minutes (and sleep-in nights) a week by kind; fractions for a fortnight's average."""

    day_minutes: Fraction = Fraction(0)
    two_to_one_minutes: Fraction = Fraction(0)
    waking_night_minutes: Fraction = Fraction(0)
    sleep_in_nights: Fraction = Fraction(0)

    @property
    def hours_minutes(self) -> Fraction:
        """Every hour of support (day, 2:1 and waking nights; not sleep-ins)."""
        return self.day_minutes + self.two_to_one_minutes + self.waking_night_minutes


KINDS = ("day_minutes", "two_to_one_minutes", "waking_night_minutes", "sleep_in_nights")


def _kind_field(kind: str, headcount: int) -> str:
    if kind == ShiftKind.SLEEP_IN:
        return "sleep_in_nights"
    if kind == ShiftKind.WAKING_NIGHT:
        return "waking_night_minutes"
    return "two_to_one_minutes" if headcount >= 2 else "day_minutes"


def _sum(items: Iterable[tuple[str, int, int]], weeks: int = 1) -> Totals:
    sums = dict.fromkeys(KINDS, Fraction(0))
    for kind, headcount, minutes in items:
        field = _kind_field(kind, headcount)
        sums[field] += 1 if field == "sleep_in_nights" else minutes
    return Totals(**{name: value / weeks for name, value in sums.items()})


def pattern_totals(pattern: SupportPattern, blocks: Sequence[PatternBlock]) -> Totals:
    """The pattern's totals per week (a fortnight's averaged over its two weeks)."""
    return _sum(
        ((b.kind, b.headcount, b.end_minute - b.start_minute) for b in blocks), pattern.weeks
    )


def shift_totals(shifts: Iterable[Shift]) -> Totals:
    """Totals of planned (not cancelled) shifts, in real elapsed minutes."""
    return _sum(
        (s.kind, s.headcount, elapsed_minutes(s.starts_at, s.ends_at))
        for s in shifts
        if s.status == Shift.Status.PLANNED
    )


def package_totals(package: CommissionedPackage) -> Totals:
    return Totals(
        day_minutes=Fraction(package.day_minutes),
        two_to_one_minutes=Fraction(package.two_to_one_minutes),
        waking_night_minutes=Fraction(package.waking_night_minutes),
        sleep_in_nights=Fraction(package.sleep_in_nights),
    )


def hours_text(minutes: Fraction) -> str:
    """Minutes as hours in plain words: "105 h", "7.5 h", "10 h 20 min"."""
    whole = round(minutes)
    if whole % 60 == 0:
        return _("%(h)s h") % {"h": whole // 60}
    if whole % 30 == 0:
        return _("%(h)s h") % {"h": f"{whole / 60:.1f}"}
    return _("%(h)s h %(m)s min") % {"h": whole // 60, "m": whole % 60}


def nights_text(nights: Fraction) -> str:
    value = float(nights)
    shown = f"{value:g}" if value == int(value) else f"{value:.1f}"
    count = int(value) if value == int(value) else 2
    return ngettext("%(n)s sleep-in", "%(n)s sleep-ins", count) % {"n": shown}


def totals_text(totals: Totals) -> str:
    return _("%(hours)s + %(nights)s a week") % {
        "hours": hours_text(totals.hours_minutes),
        "nights": nights_text(totals.sleep_in_nights),
    }


@dataclass(frozen=True)
class Difference:
    kind: str
    label: str
    planned: Fraction
    commissioned: Fraction
    #: Positive: more than commissioned.
    delta: Fraction

    @property
    def text(self) -> str:
        if self.kind == "sleep_in_nights":
            amount = nights_text(abs(self.delta))
        else:
            amount = hours_text(abs(self.delta))
        if self.delta < 0:
            return _("%(label)s: %(amount)s short") % {"label": self.label, "amount": amount}
        return _("%(label)s: %(amount)s over") % {"label": self.label, "amount": amount}


def kind_labels() -> dict[str, str]:
    return {
        "day_minutes": _("Day support (1:1)"),
        "two_to_one_minutes": _("2:1 support"),
        "waking_night_minutes": _("Waking nights"),
        "sleep_in_nights": _("Sleep-ins"),
    }


@dataclass(frozen=True)
class Comparison:
    """Totals next to the commissioned package, and where they differ by more than the
    tolerance (any sleep-in night, or ``MATCH_TOLERANCE_MINUTES`` of a kind of hours)."""

    totals: Totals
    package: CommissionedPackage | None
    commissioned: Totals | None
    differences: tuple[Difference, ...]

    @property
    def matches(self) -> bool:
        return self.package is not None and not self.differences

    @property
    def rows(self) -> list[tuple[str, str, str]]:
        """(kind, planned, commissioned) in words, one row per kind."""

        def text(kind: str, value: Fraction) -> str:
            return nights_text(value) if kind == "sleep_in_nights" else hours_text(value)

        labels = kind_labels()
        return [
            (
                labels[kind],
                text(kind, getattr(self.totals, kind)),
                text(kind, getattr(self.commissioned, kind)) if self.commissioned else DASH,
            )
            for kind in KINDS
        ]

    @property
    def summary(self) -> str:
        """E.g. "Pattern: 98 h + 7 sleep-ins a week; commissioned: 105 h + 7 sleep-ins a week
        — 7 h short"."""
        if self.commissioned is None:
            return _("%(planned)s; no package of support is commissioned for this date.") % {
                "planned": totals_text(self.totals)
            }
        text = _("%(planned)s; commissioned: %(commissioned)s") % {
            "planned": totals_text(self.totals),
            "commissioned": totals_text(self.commissioned),
        }
        if not self.differences:
            return text
        hours = self.totals.hours_minutes - self.commissioned.hours_minutes
        nights = self.totals.sleep_in_nights - self.commissioned.sleep_in_nights
        parts = []
        if abs(hours) > MATCH_TOLERANCE_MINUTES:
            word = _("%(h)s short") if hours < 0 else _("%(h)s over")
            parts.append(word % {"h": hours_text(abs(hours))})
        if nights:
            word = _("%(n)s short") if nights < 0 else _("%(n)s over")
            parts.append(word % {"n": nights_text(abs(nights))})
        if not parts:
            parts.append(_("the same hours in total, split differently"))
        return f"{text} {DASH} {', '.join(parts)}"


def compare(totals: Totals, package: CommissionedPackage | None) -> Comparison:
    if package is None:
        return Comparison(totals, None, None, ())
    commissioned = package_totals(package)
    labels = kind_labels()
    differences = []
    for kind in KINDS:
        planned, wanted = getattr(totals, kind), getattr(commissioned, kind)
        delta = planned - wanted
        limit = 0 if kind == "sleep_in_nights" else MATCH_TOLERANCE_MINUTES
        if abs(delta) > limit:
            differences.append(Difference(kind, labels[kind], planned, wanted, delta))
    return Comparison(totals, package, commissioned, tuple(differences))


def pattern_comparison(
    pattern: SupportPattern, blocks: Sequence[PatternBlock], today: dt.date
) -> Comparison:
    return compare(pattern_totals(pattern, blocks), package_on(pattern.person, today))


# Warnings ------------------------------------------------------------------------------------


def two_to_one_warnings(
    person: Person, blocks: Sequence[PatternBlock], today: dt.date
) -> list[str]:
    """A 2:1 block that fewer than two current team members could work (holding its skills
    today: every one of them for "each", at least one of the pair for "at least one")."""
    pairs = [b for b in blocks if b.headcount >= 2]
    if not pairs:
        return []
    members = [m.staff_member for m in current_team(person, today=today)]
    records: dict[tuple[int, int], list[TrainingRecord]] = {}
    for record in TrainingRecord.objects.filter(staff_member__in=members):
        records.setdefault((record.staff_member_id, record.skill_id), []).append(record)

    def qualified(member_id: int, block: PatternBlock) -> bool:
        return all(
            holds_skill_on(records.get((member_id, skill.pk), ()), today)
            for skill in block.required_skills.all()
        )

    warnings = []
    for block in pairs:
        holders = sum(qualified(m.pk, block) for m in members)
        enough = (
            holders >= 2
            if block.skill_mode == SkillMode.EACH
            else (holders >= 1 and len(members) >= 2)
        )
        if not enough:
            warnings.append(
                _("%(block)s needs two workers, but only %(n)s of the current team could work it.")
                % {"block": block_label(block), "n": holders}
            )
    return warnings


def block_times(block: PatternBlock) -> str:
    """E.g. "22:00-08:00 (next day)", with an en dash."""
    text = f"{clock(block.start_minute)}{DASH}{clock(block.end_minute)}"
    if block.end_minute > MINUTES_PER_DAY:
        text += " " + _("(next day)")
    return text


def block_label(block: PatternBlock, *, with_week: bool = False) -> str:
    text = f"{WEEKDAYS[block.weekday][1]} {block_times(block)}"
    if with_week:
        text = _("Week %(week)s, %(block)s") % {"week": block.week, "block": text}
    return text


# Shifts --------------------------------------------------------------------------------------


def shifts_between(person: Person, first_day: dt.date, last_day: dt.date) -> QuerySet[Shift]:
    """The person's shifts belonging to ``first_day``..``last_day`` (cancelled included), with
    what the pages show prefetched."""
    return (
        Shift.objects.filter(person=person, on__gte=first_day, on__lte=last_day)
        .select_related("block")
        .prefetch_related("required_skills", "assignments__staff_member")
        .order_by("starts_at", "pk")
    )


def week_comparison(person: Person, shifts: Sequence[Shift], monday: dt.date) -> Comparison:
    return compare(shift_totals(shifts), package_on(person, monday))
