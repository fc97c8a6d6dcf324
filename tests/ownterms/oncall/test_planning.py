"""The fair round-robin and the slots (pure: no database, fixed dates)."""

from __future__ import annotations

import datetime as dt
import itertools
import zoneinfo
from collections import Counter

from ownterms.oncall.planning import (
    Candidate,
    History,
    Kind,
    Rotation,
    kind_of,
    plan,
    real_hours,
    slots,
)

LONDON = zoneinfo.ZoneInfo("Europe/London")
MONDAY_2030 = dt.date(2029, 12, 31)  # the Monday of the week of 1 January 2030
TEAM = [Candidate(key, name) for key, name in enumerate(["Ana", "Ben", "Cat", "Dev", "Eve"], 1)]


def weekend_plan(weeks: int, team: list[Candidate], history: History | None = None) -> list:
    wanted = slots(MONDAY_2030, weeks, LONDON, weekends=True, weekdays=False)
    return plan(wanted, weekend_team=team, weekday_team=[], history=history or History())


class TestSlots:
    def test_weekend_is_friday_17_to_monday_09_local(self) -> None:
        (weekend,) = slots(dt.date(2030, 6, 3), 1, LONDON, weekends=True, weekdays=False)
        assert weekend.starts_at == dt.datetime(2030, 6, 7, 17, tzinfo=LONDON)
        assert weekend.ends_at == dt.datetime(2030, 6, 10, 9, tzinfo=LONDON)
        assert real_hours(weekend.starts_at, weekend.ends_at) == 64

    def test_weekends_across_clock_changes_are_real_hours(self) -> None:
        spring = slots(dt.date(2030, 3, 25), 1, LONDON, weekends=True, weekdays=False)[0]
        autumn = slots(dt.date(2030, 10, 21), 1, LONDON, weekends=True, weekdays=False)[0]
        assert real_hours(spring.starts_at, spring.ends_at) == 63  # clocks go forward 31 March
        assert real_hours(autumn.starts_at, autumn.ends_at) == 65  # clocks go back 27 October
        assert spring.ends_at.astimezone(LONDON).hour == 9
        assert autumn.starts_at.astimezone(LONDON).hour == 17

    def test_weekday_nights_monday_to_thursday_and_no_overlaps(self) -> None:
        found = slots(dt.date(2030, 6, 3), 2, LONDON, weekends=True, weekdays=True)
        assert len(found) == 10
        nights = [s for s in found if s.kind == Kind.WEEKDAY]
        assert [s.starts_at.weekday() for s in nights[:4]] == [0, 1, 2, 3]
        assert all(real_hours(s.starts_at, s.ends_at) == 16 for s in nights)
        ordered = sorted(found, key=lambda s: s.starts_at)
        for before, after in itertools.pairwise(ordered):
            assert before.ends_at <= after.starts_at

    def test_kind_of_existing_duties(self) -> None:
        at = lambda *a: dt.datetime(*a, tzinfo=LONDON)  # noqa: E731
        assert kind_of(at(2030, 6, 7, 17), at(2030, 6, 10, 9), LONDON) == Kind.WEEKEND
        assert kind_of(at(2030, 6, 3, 17), at(2030, 6, 4, 9), LONDON) == Kind.WEEKDAY
        assert kind_of(at(2030, 6, 3, 9), at(2030, 6, 3, 17), LONDON) is None


class TestFairness:
    def test_a_year_of_weekends_is_balanced(self) -> None:
        planned = weekend_plan(52, TEAM)
        counts = Counter(p.candidate.key for p in planned)
        assert max(counts.values()) - min(counts.values()) <= 1
        assert sum(counts.values()) == 52

    def test_nobody_twice_in_a_row_when_avoidable(self) -> None:
        planned = weekend_plan(30, TEAM[:2])
        keys = [p.candidate.key for p in planned]
        assert all(a != b for a, b in itertools.pairwise(keys))

    def test_fewest_this_year_goes_first(self) -> None:
        history = History()
        for week in range(3):
            start = dt.datetime(2030, 1, 4, 17, tzinfo=LONDON) - dt.timedelta(weeks=week + 10)
            history.add(Kind.WEEKEND, 1, start.replace(year=2030, month=1, day=1 + week))
        history.add(Kind.WEEKEND, 2, dt.datetime(2030, 1, 2, 17, tzinfo=LONDON))
        planned = weekend_plan(2, TEAM[:3], history)
        assert [p.candidate.key for p in planned] == [3, 2]

    def test_leave_is_respected_and_a_gap_is_reported(self) -> None:
        first_friday = dt.date(2030, 1, 4)
        team = [
            Candidate(1, "Ana", frozenset({first_friday})),
            Candidate(2, "Ben", frozenset({first_friday + dt.timedelta(days=3)})),
        ]
        planned = weekend_plan(1, team)
        assert planned[0].candidate is None  # Ana is off on Friday, Ben on Monday
        planned = weekend_plan(2, [team[0], TEAM[2]])
        assert planned[0].candidate.key == 3
        assert planned[1].candidate.key == 1

    def test_weekly_rotation_keeps_one_manager_for_the_week(self) -> None:
        wanted = slots(MONDAY_2030, 4, LONDON, weekends=True, weekdays=True)
        planned = plan(
            wanted,
            weekend_team=TEAM[:3],
            weekday_team=TEAM[:3],
            history=History(),
            rotation=Rotation.WEEKLY,
        )
        by_week: dict[dt.date, set[int]] = {}
        weekend_by_week: dict[dt.date, int] = {}
        for item in planned:
            assert item.candidate is not None
            if item.slot.kind == Kind.WEEKDAY:
                by_week.setdefault(item.slot.week, set()).add(item.candidate.key)
            else:
                weekend_by_week[item.slot.week] = item.candidate.key
        assert all(len(keys) == 1 for keys in by_week.values())
        weeks = sorted(by_week)
        for before, after in itertools.pairwise(weeks):
            assert by_week[before] != by_week[after]
        for week, keys in by_week.items():
            assert weekend_by_week[week] not in keys  # not on call all week

    def test_nightly_rotation_changes_every_night(self) -> None:
        wanted = slots(MONDAY_2030, 2, LONDON, weekends=False, weekdays=True)
        planned = plan(
            wanted,
            weekend_team=[],
            weekday_team=TEAM[:2],
            history=History(),
            rotation=Rotation.NIGHTLY,
        )
        keys = [p.candidate.key for p in planned]
        assert all(a != b for a, b in itertools.pairwise(keys))
        assert Counter(keys) == {1: 4, 2: 4}

    def test_previous_holder_before_the_build_is_not_first(self) -> None:
        history = History()
        history.add(Kind.WEEKEND, 1, dt.datetime(2029, 12, 28, 17, tzinfo=LONDON))
        # Ana has had no weekend in 2030 either, but she had the one just before.
        planned = weekend_plan(1, TEAM[:2], history)
        assert planned[0].candidate.key == 2
