"""Hard rules on each worker's pattern: overlap, per day, successions, runs, weekends, limits."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from rota_engine.check._index import Index, Violation


def overlap(ix: Index) -> Iterator[Violation]:
    if not ix.rules.no_overlap:
        return
    for staff_id, shifts in ix.by_staff.items():
        latest = None
        for shift in shifts:
            if latest is not None and shift.start < latest.end:
                yield Violation(
                    "overlap",
                    f"{staff_id} works overlapping shifts {latest.id} and {shift.id}",
                    (staff_id,),
                    (latest.id, shift.id),
                )
            if latest is None or shift.end > latest.end:
                latest = shift


def per_day(ix: Index) -> Iterator[Violation]:
    limit = ix.rules.max_shifts_per_day
    if limit is None:
        return
    for staff_id, shifts in ix.by_staff.items():
        for day, count in sorted(Counter(s.day for s in shifts).items()):
            if count > limit:
                yield Violation(
                    "max_shifts_per_day",
                    f"{staff_id} works {count} shifts on day {day}, limit {limit}",
                    (staff_id,),
                    tuple(s.id for s in shifts if s.day == day),
                )


def successions(ix: Index) -> Iterator[Violation]:
    forbidden = set(ix.rules.forbidden_successions)
    if not forbidden:
        return
    for staff_id, shifts in ix.by_staff.items():
        by_day: dict[int, list[str]] = {}
        for s in shifts:
            by_day.setdefault(s.day, []).append(s.id)
        types = {s.id: s.type_code for s in shifts}
        for day, today in sorted(by_day.items()):
            for first in today:
                for second in by_day.get(day + 1, []):
                    if (types[first], types[second]) in forbidden:
                        yield Violation(
                            "succession",
                            f"{staff_id} works {types[first]} on day {day} then "
                            f"{types[second]} on day {day + 1}",
                            (staff_id,),
                            (first, second),
                        )


def _runs(flags: list[bool], value: bool) -> list[tuple[int, int]]:
    """(start, length) of every maximal run of ``value`` in ``flags``."""
    runs = []
    start = None
    for day, flag in enumerate([*flags, not value]):
        if flag == value and start is None:
            start = day
        elif flag != value and start is not None:
            runs.append((start, day - start))
            start = None
    return runs


def runs(ix: Index) -> Iterator[Violation]:
    """Consecutive working days (with ``worked_days_before`` joining a run that starts on day 0)
    and minimum runs of work and of days off; a run touching either end of the horizon is
    exempt from the minimum lengths when ``runs_exempt_at_edges``."""
    if not ix.rules.consecutive_runs:
        return
    days = ix.problem.days
    edge_exempt = ix.rules.runs_exempt_at_edges
    for member in ix.problem.staff:
        worked = ix.worked_days(member.id)
        flags = [d in worked for d in range(days)]
        for start, length in _runs(flags, True):
            total = length + (member.worked_days_before if start == 0 else 0)
            inside = start > 0 and start + length < days
            if member.max_consecutive_days is not None and total > member.max_consecutive_days:
                yield Violation(
                    "max_consecutive_days",
                    f"{member.id} works {total} days in a row up to day {start + length - 1}, "
                    f"limit {member.max_consecutive_days}",
                    (member.id,),
                )
            short = member.min_consecutive_days is not None and total < member.min_consecutive_days
            if short and (inside or not edge_exempt):
                yield Violation(
                    "min_consecutive_days",
                    f"{member.id} works a run of {total} days from day {start}, "
                    f"minimum {member.min_consecutive_days}",
                    (member.id,),
                )
        minimum_off = member.min_consecutive_days_off
        if minimum_off is None:
            continue
        for start, length in _runs(flags, False):
            inside = start > 0 and start + length < days
            if length < minimum_off and (inside or not edge_exempt):
                yield Violation(
                    "min_consecutive_days_off",
                    f"{member.id} has a run of {length} days off from day {start}, "
                    f"minimum {minimum_off}",
                    (member.id,),
                )


def weekends(ix: Index) -> Iterator[Violation]:
    if not ix.rules.weekends:
        return
    for member in ix.problem.staff:
        if member.max_weekends is None:
            continue
        worked = {ix.weekend_key(d) for d in ix.worked_days(member.id)} - {None}
        if len(worked) > member.max_weekends:
            yield Violation(
                "max_weekends",
                f"{member.id} works {len(worked)} weekends, limit {member.max_weekends}",
                (member.id,),
            )


def shift_limits(ix: Index) -> Iterator[Violation]:
    """Per type and per kind over the horizon; sleep-ins per full week."""
    if not ix.rules.shift_limits:
        return
    weeks = ix.problem.weeks
    for member in ix.problem.staff:
        shifts = ix.by_staff.get(member.id, [])
        by_type = Counter(s.type_code for s in shifts)
        for code, limit in sorted(member.max_shifts_per_type.items()):
            if by_type[code] > limit:
                yield Violation(
                    "max_shifts_per_type",
                    f"{member.id} works {by_type[code]} {code!r} shifts, limit {limit}",
                    (member.id,),
                )
        by_kind: Counter[str] = Counter(s.kind for s in shifts)
        for kind, limit in sorted(member.max_shifts_per_kind.items()):
            if by_kind[kind] > limit:
                yield Violation(
                    "max_shifts_per_kind",
                    f"{member.id} works {by_kind[kind]} {kind} shifts, limit {limit}",
                    (member.id,),
                )
        if member.max_sleep_ins_per_week is not None:
            per_week = Counter(s.day // 7 for s in shifts if s.kind == "sleep_in")
            for week, count in sorted(per_week.items()):
                if week < weeks and count > member.max_sleep_ins_per_week:
                    yield Violation(
                        "max_sleep_ins_per_week",
                        f"{member.id} works {count} sleep-ins in week {week}, "
                        f"limit {member.max_sleep_ins_per_week}",
                        (member.id,),
                    )


def contract_bands(ix: Index) -> Iterator[Violation]:
    """Hard parts of the contract: weekly maximum, horizon maximum, horizon minimum when
    ``contract_min_hard``. Contract time counts ``contract_time_kinds``; a shift belongs to the
    week of its ``day``."""
    if not ix.rules.contract_bands:
        return
    weeks = ix.problem.weeks
    for member in ix.problem.staff:
        shifts = ix.by_staff.get(member.id, [])
        total = ix.contract_minutes(shifts)
        if member.max_minutes_per_week is not None:
            for week in range(weeks):
                minutes = ix.contract_minutes([s for s in shifts if s.day // 7 == week])
                if minutes > member.max_minutes_per_week:
                    yield Violation(
                        "contract_max_week",
                        f"{member.id} works {minutes} contract minutes in week {week}, "
                        f"maximum {member.max_minutes_per_week}",
                        (member.id,),
                    )
        if member.max_minutes_horizon is not None and total > member.max_minutes_horizon:
            yield Violation(
                "contract_max_horizon",
                f"{member.id} works {total} contract minutes, maximum {member.max_minutes_horizon}",
                (member.id,),
            )
        minimum = member.min_minutes_horizon
        if ix.rules.contract_min_hard and minimum is not None and total < minimum:
            yield Violation(
                "contract_min_horizon",
                f"{member.id} works {total} contract minutes, minimum {minimum}",
                (member.id,),
            )
