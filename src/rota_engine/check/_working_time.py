"""Working Time rules: working periods and rest, weekly rest, the 48 h and night averages.

Working time counts the shift kinds in ``RuleSettings.working_time_kinds`` (by default day,
waking night and the whole sleep-in); on-call does not interrupt rest.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime

from rota_engine.check._index import Index, Violation, gap_minutes
from rota_engine.model import Shift, Staff


@dataclass(frozen=True)
class Period:
    """Back-to-back shifts of one worker merged into one working period."""

    start: datetime
    end: datetime
    shift_ids: tuple[str, ...]


def working_periods(shifts: list[Shift], merge_gap: int) -> list[Period]:
    """Shifts (sorted by start) separated by at most ``merge_gap`` minutes form one period."""
    periods: list[Period] = []
    for shift in shifts:
        if periods and gap_minutes(periods[-1].end, shift.start) <= merge_gap:
            last = periods[-1]
            periods[-1] = Period(last.start, max(last.end, shift.end), (*last.shift_ids, shift.id))
        else:
            periods.append(Period(shift.start, shift.end, (shift.id,)))
    return periods


def _rests(
    member: Staff, periods: list[Period], merge_gap: int
) -> list[tuple[datetime, datetime, str]]:
    """(rest start, rest end, shift id after it) for every rest between working periods,
    including the one from ``last_shift_end`` before the horizon. A first shift starting
    within ``merge_gap`` of ``last_shift_end`` continues that period: no rest is due, and
    its length is counted from the horizon's first shift (the earlier part is unknown)."""
    rests = []
    previous_end = member.last_shift_end
    for period in periods:
        if previous_end is not None and gap_minutes(previous_end, period.start) > merge_gap:
            rests.append((previous_end, period.start, period.shift_ids[0]))
        previous_end = period.end
    return rests


def rest(ix: Index) -> Iterator[Violation]:
    """Maximum working-period length and minimum rest between working periods.

    Compensatory mode: a rest shorter than ``min_rest_minutes`` (but at least
    ``min_compensatory_rest_minutes``) is allowed when a later rest — between later periods or
    from the last period to the end of the horizon — of at least ``min_rest_minutes`` plus the
    shortfall starts within ``compensatory_within_days`` days after the short rest ends.
    """
    rules = ix.rules
    for member in ix.problem.staff:
        periods = working_periods(ix.working(member.id), rules.period_merge_gap_minutes)
        longest = rules.max_working_period_minutes
        for period in periods:
            length = gap_minutes(period.start, period.end)
            if longest is not None and length > longest:
                yield Violation(
                    "working_period",
                    f"{member.id} works a period of {length} minutes "
                    f"({', '.join(period.shift_ids)}), maximum {longest}",
                    (member.id,),
                    period.shift_ids,
                )
        minimum = rules.min_rest_minutes
        if minimum is None:
            continue
        rests = _rests(member, periods, rules.period_merge_gap_minutes)
        trailing = (periods[-1].end, ix.horizon_end(), "") if periods else None
        for index, (begin, end, shift_id) in enumerate(rests):
            length = gap_minutes(begin, end)
            if length >= minimum:
                continue
            if rules.rest_mode == "compensatory" and length >= rules.min_compensatory_rest_minutes:
                later = rests[index + 1 :] + ([trailing] if trailing else [])
                needed = minimum + (minimum - length)
                window = rules.compensatory_within_days * 1440
                if any(
                    gap_minutes(b, e) >= needed and gap_minutes(end, b) <= window
                    for b, e, _ in later
                ):
                    continue
            yield Violation(
                "rest",
                f"{member.id} rests {length} minutes before {shift_id}, minimum {minimum}",
                (member.id,),
                (shift_id,),
            )


def _free_gaps(busy: list[tuple[datetime, datetime]], start: datetime, end: datetime) -> list[int]:
    gaps = []
    cursor = start
    for b, e in sorted(busy):
        if e <= cursor or b >= end:
            continue
        if b > cursor:
            gaps.append(gap_minutes(cursor, b))
        cursor = max(cursor, e)
    if end > cursor:
        gaps.append(gap_minutes(cursor, end))
    return gaps


def weekly_rest(ix: Index) -> Iterator[Violation]:
    """``24h_per_7``: an uninterrupted 24 h inside each full week of the horizon (local
    midnight to midnight). ``48h_per_14``: inside each full fortnight either one 48 h rest or
    two separate rests of 24 h. Rest is clipped at the window's edges."""
    mode = ix.rules.weekly_rest
    if mode is None:
        return
    span = 7 if mode == "24h_per_7" else 14
    problem = ix.problem
    for member in problem.staff:
        busy = [(s.start, s.end) for s in ix.working(member.id)]
        if not busy:
            continue
        for block in range(problem.days // span):
            start, end = problem.day_start(block * span), problem.day_start((block + 1) * span)
            gaps = _free_gaps(busy, start, end)
            if mode == "24h_per_7":
                ok = max(gaps, default=0) >= 1440
            else:
                ok = max(gaps, default=0) >= 2880 or sum(g >= 1440 for g in gaps) >= 2
            if not ok:
                yield Violation(
                    "weekly_rest",
                    f"{member.id} has no {'24 h' if span == 7 else '48 h'} rest in days "
                    f"{block * span}-{(block + 1) * span - 1}",
                    (member.id,),
                )


def averages(ix: Index) -> Iterator[Violation]:
    """48 h average over history plus horizon (unless opted out) and the night-worker average.

    48 h: ``(history_minutes + working minutes) * 7 <= max_average_weekly_minutes *
    (history_days + days)``. Night workers: working minutes in the horizon at most
    ``night_worker_max_minutes_per_24h`` times the horizon's days.
    """
    rules = ix.rules
    days = ix.problem.days
    for member in ix.problem.staff:
        worked = sum(ix.minutes(s) for s in ix.working(member.id))
        if rules.average_48h and not member.opted_out_48h:
            total = member.history_minutes + worked
            span = member.history_days + days
            if total * 7 > rules.max_average_weekly_minutes * span:
                yield Violation(
                    "average_48h",
                    f"{member.id} averages {total * 7 / span / 60:.1f} h a week over {span} days, "
                    f"limit {rules.max_average_weekly_minutes / 60:g} h",
                    (member.id,),
                )
        if rules.night_worker_limit and member.night_worker:
            limit = rules.night_worker_max_minutes_per_24h * days
            if worked > limit:
                yield Violation(
                    "night_worker",
                    f"{member.id} is a night worker and works {worked} minutes in {days} days, "
                    f"limit {limit}",
                    (member.id,),
                )
