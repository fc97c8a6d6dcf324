"""Planning the on-call rota: the slots and a fair round-robin (pure Python, no database).

Slots, in the organisation's local time (Europe/London unless it says otherwise), so a slot
across a clock change is an hour shorter or longer in real time:

- a weekend is Friday 17:00 to Monday 09:00;
- a weekday night is Monday to Thursday, 17:00 to 09:00 the next morning.

The fair rule, applied slot by slot in time order (weekends and weekday nights separately):

1. only managers who are free for the whole slot can take it (employed, not on approved leave
   on any day the slot touches);
2. if anyone else is free, the manager who took the previous slot of that kind is skipped
   ("nobody twice in a row"); then, for weekday nights and again only if someone else is
   free, so are the managers with the weekend before or after those nights;
3. of those left, the one with the fewest slots of that kind this calendar year goes first
   (counting duties already on the rota and those just planned);
4. ties go to whoever has waited longest since their last slot of that kind, then by name.

Weekday nights rotate weekly by default (one manager for the four nights of a week: fewer
handovers) or nightly.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

WEEKEND_START = dt.time(17, 0)
WEEKDAY_START = dt.time(17, 0)
MORNING_END = dt.time(9, 0)
FRIDAY, SATURDAY = 4, 5


class Kind(StrEnum):
    WEEKEND = "weekend"
    WEEKDAY = "weekday"


class Rotation(StrEnum):
    WEEKLY = "weekly"
    NIGHTLY = "nightly"


@dataclass(frozen=True)
class Slot:
    kind: Kind
    starts_at: dt.datetime
    ends_at: dt.datetime
    #: The Monday of the week the slot starts in (groups a week's weekday nights).
    week: dt.date


@dataclass(frozen=True)
class Candidate:
    key: int
    name: str
    #: Days they can't be on call (approved leave, outside their contract).
    days_off: frozenset[dt.date] = frozenset()


@dataclass
class History:
    """What each manager already has this year (and when they last had it), per kind."""

    counts: dict[tuple[Kind, int, int], int] = field(default_factory=dict)
    last: dict[tuple[Kind, int], dt.datetime] = field(default_factory=dict)

    def count(self, kind: Kind, key: int, year: int) -> int:
        return self.counts.get((kind, key, year), 0)

    def add(self, kind: Kind, key: int, starts_at: dt.datetime) -> None:
        index = (kind, key, starts_at.year)
        self.counts[index] = self.counts.get(index, 0) + 1
        previous = self.last.get((kind, key))
        if previous is None or starts_at > previous:
            self.last[(kind, key)] = starts_at


@dataclass(frozen=True)
class Planned:
    slot: Slot
    candidate: Candidate | None  # None: nobody free


def real_hours(start: dt.datetime, end: dt.datetime) -> float:
    """Elapsed hours (Python subtracts two times of one zone by their wall clocks)."""
    return (end.astimezone(dt.UTC) - start.astimezone(dt.UTC)).total_seconds() / 3600


def local_at(day: dt.date, time: dt.time, zone: zoneinfo.ZoneInfo) -> dt.datetime:
    return dt.datetime.combine(day, time, tzinfo=zone)


def slots(
    first_monday: dt.date, weeks: int, zone: zoneinfo.ZoneInfo, *, weekends: bool, weekdays: bool
) -> list[Slot]:
    """Every slot of ``weeks`` weeks from ``first_monday``, in time order."""
    found: list[Slot] = []
    for index in range(weeks):
        monday = first_monday + dt.timedelta(weeks=index)
        if weekdays:
            for offset in range(4):
                night = monday + dt.timedelta(days=offset)
                found.append(
                    Slot(
                        Kind.WEEKDAY,
                        local_at(night, WEEKDAY_START, zone),
                        local_at(night + dt.timedelta(days=1), MORNING_END, zone),
                        monday,
                    )
                )
        if weekends:
            friday = monday + dt.timedelta(days=FRIDAY)
            found.append(
                Slot(
                    Kind.WEEKEND,
                    local_at(friday, WEEKEND_START, zone),
                    local_at(friday + dt.timedelta(days=3), MORNING_END, zone),
                    monday,
                )
            )
    return found


def days_touched(slot: Slot) -> set[dt.date]:
    first, last = slot.starts_at.date(), slot.ends_at.date()
    return {first + dt.timedelta(days=n) for n in range((last - first).days + 1)}


def kind_of(starts_at: dt.datetime, ends_at: dt.datetime, zone: zoneinfo.ZoneInfo) -> Kind | None:
    """Whether an existing duty is a weekend (it covers Saturday noon) or a weekday night (it
    starts Monday to Thursday at 17:00 or later); None for anything else (a day duty)."""
    start, end = starts_at.astimezone(zone), ends_at.astimezone(zone)
    day = start.date()
    while day <= end.date():
        if day.weekday() == SATURDAY:
            noon = local_at(day, dt.time(12), zone)
            if start <= noon < end:
                return Kind.WEEKEND
        day += dt.timedelta(days=1)
    if start.weekday() < FRIDAY and start.time() >= WEEKDAY_START:
        return Kind.WEEKDAY
    return None


def _pick(
    free: list[Candidate], history: History, kind: Kind, year: int, avoid: list[set[int]]
) -> Candidate:
    """The fairest free candidate, skipping those in ``avoid`` (strongest reason first) while
    anyone else is free."""
    preferred = free
    for skip in avoid:
        rest = [c for c in preferred if c.key not in skip]
        if not rest:
            break
        preferred = rest
    never = dt.datetime.min.replace(tzinfo=dt.UTC)
    return min(
        preferred,
        key=lambda c: (
            history.count(kind, c.key, year),
            history.last.get((kind, c.key), never),
            c.name,
        ),
    )


def plan(
    slots_to_fill: Sequence[Slot],
    *,
    weekend_team: Iterable[Candidate],
    weekday_team: Iterable[Candidate],
    history: History,
    rotation: Rotation = Rotation.WEEKLY,
) -> list[Planned]:
    """Who takes each slot, by the fair rule above. ``history`` is updated as slots are given."""
    teams = {Kind.WEEKEND: list(weekend_team), Kind.WEEKDAY: list(weekday_team)}
    previous: dict[Kind, int | None] = {Kind.WEEKEND: None, Kind.WEEKDAY: None}
    if slots_to_fill:
        # Whoever had the last slot before this build counts as "the previous one".
        start = min(s.starts_at for s in slots_to_fill)
        for kind in Kind:
            before = [
                (when, key)
                for (of, key), when in history.last.items()
                if of == kind and when < start
            ]
            previous[kind] = max(before)[1] if before else None
    weekend_of_week: dict[dt.date, int] = {}
    weekly_choice: dict[dt.date, int] = {}
    result: list[Planned] = []
    # Weekends first so weekday nights can avoid the manager with that week's weekend.
    ordered = sorted(slots_to_fill, key=lambda s: (s.kind != Kind.WEEKEND, s.starts_at))
    for slot in ordered:
        touched = days_touched(slot)
        free = [c for c in teams[slot.kind] if not (c.days_off & touched)]
        if not free:
            result.append(Planned(slot, None))
            continue
        year = slot.starts_at.year
        chosen: Candidate | None = None
        if slot.kind == Kind.WEEKDAY and rotation == Rotation.WEEKLY:
            same_week = weekly_choice.get(slot.week)
            chosen = next((c for c in free if c.key == same_week), None)
        if chosen is None:
            last_one = previous[slot.kind]
            avoid = [{last_one} if last_one is not None else set()]
            if slot.kind == Kind.WEEKDAY:
                # Nobody on call all week: skip whoever has the weekend either side.
                around = {slot.week, slot.week - dt.timedelta(weeks=1)}
                avoid.append({weekend_of_week[w] for w in around if w in weekend_of_week})
            chosen = _pick(free, history, slot.kind, year, avoid)
        if slot.kind == Kind.WEEKEND:
            weekend_of_week[slot.week] = chosen.key
        elif rotation == Rotation.WEEKLY:
            weekly_choice.setdefault(slot.week, chosen.key)
        previous[slot.kind] = chosen.key
        history.add(slot.kind, chosen.key, slot.starts_at)
        result.append(Planned(slot, chosen))
    return sorted(result, key=lambda p: p.slot.starts_at)
