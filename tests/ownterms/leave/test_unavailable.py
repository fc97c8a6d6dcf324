"""``unavailable_intervals``: what the rota engine adapter will ask, across clock changes."""

from __future__ import annotations

import datetime as dt
import itertools
import zoneinfo

import pytest
from django.core.exceptions import ValidationError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ownterms.leave import services
from ownterms.leave.selectors import unavailable_intervals, unavailable_intervals_of
from ownterms.staff.models import StaffMember
from tests.cast import Cast
from tests.ownterms.leave.helpers import manager, worker

pytestmark = pytest.mark.django_db

LONDON = zoneinfo.ZoneInfo("Europe/London")
ALL_DAY = [(0, 1440)]


def at(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, tzinfo=LONDON)


def pattern(cast: Cast, days: dict[int, list[tuple[int, int]]], since: dt.date) -> StaffMember:
    member = worker(cast)
    services.set_availability_pattern(
        actor=manager(cast), staff_member=member, effective_from=since, days=days
    )
    return member


def elapsed(begins: dt.datetime, ends: dt.datetime) -> dt.timedelta:
    """Real elapsed time (Python subtracts wall clocks when both share one zone)."""
    return ends.astimezone(dt.UTC) - begins.astimezone(dt.UTC)


def hours(interval: tuple[dt.datetime, dt.datetime]) -> float:
    return elapsed(*interval).total_seconds() / 3600


def test_no_pattern_means_never_available(cast: Cast) -> None:
    start, end = at(2026, 6, 1), at(2026, 6, 3)
    assert unavailable_intervals(worker(cast), start, end) == [(start, end)]


def test_full_availability_is_never_unavailable(cast: Cast) -> None:
    member = pattern(cast, dict.fromkeys(range(7), ALL_DAY), dt.date(2026, 1, 1))
    assert unavailable_intervals(member, at(2026, 6, 1), at(2026, 6, 15)) == []


def test_office_hours(cast: Cast) -> None:
    member = pattern(cast, {0: [(540, 1020)], 1: [(540, 1020)]}, dt.date(2026, 1, 1))
    # Monday 1 June 2026 to Wednesday 3 June.
    got = unavailable_intervals(member, at(2026, 6, 1), at(2026, 6, 3))
    assert got == [
        (at(2026, 6, 1), at(2026, 6, 1, 9)),
        (at(2026, 6, 1, 17), at(2026, 6, 2, 9)),
        (at(2026, 6, 2, 17), at(2026, 6, 3)),
    ]
    assert all(begins.tzinfo == LONDON for begins, _ in got)


def test_clipped_to_the_window(cast: Cast) -> None:
    member = pattern(cast, {0: [(540, 1020)]}, dt.date(2026, 1, 1))
    got = unavailable_intervals(member, at(2026, 6, 1, 8), at(2026, 6, 1, 18))
    assert got == [(at(2026, 6, 1, 8), at(2026, 6, 1, 9)), (at(2026, 6, 1, 17), at(2026, 6, 1, 18))]


def test_nights_across_midnight_join_up(cast: Cast) -> None:
    # Free Monday 22:00 to Tuesday 07:00, entered as two ranges.
    member = pattern(cast, {0: [(1320, 1440)], 1: [(0, 420)]}, dt.date(2026, 1, 1))
    got = unavailable_intervals(member, at(2026, 6, 1), at(2026, 6, 3))
    assert got == [(at(2026, 6, 1), at(2026, 6, 1, 22)), (at(2026, 6, 2, 7), at(2026, 6, 3))]


def test_a_day_off_when_the_clocks_go_forward_is_23_hours(cast: Cast) -> None:
    # Sunday 29 March 2026: clocks go forward at 01:00.
    days = dict.fromkeys(range(6), ALL_DAY)
    member = pattern(cast, days, dt.date(2026, 1, 1))
    got = unavailable_intervals(member, at(2026, 3, 28), at(2026, 3, 31))
    assert got == [(at(2026, 3, 29), at(2026, 3, 30))]
    assert hours(got[0]) == 23


def test_a_day_off_when_the_clocks_go_back_is_25_hours(cast: Cast) -> None:
    days = dict.fromkeys(range(6), ALL_DAY)  # Sunday 25 October 2026 off
    member = pattern(cast, days, dt.date(2026, 1, 1))
    got = unavailable_intervals(member, at(2026, 10, 24), at(2026, 10, 27))
    assert [hours(interval) for interval in got] == [25]


def test_a_night_free_across_the_spring_change_is_an_hour_shorter(cast: Cast) -> None:
    # Free from Saturday 22:00 to Sunday 07:00 only.
    member = pattern(cast, {5: [(1320, 1440)], 6: [(0, 420)]}, dt.date(2026, 1, 1))
    got = unavailable_intervals(member, at(2026, 3, 28), at(2026, 3, 30))
    free = elapsed(got[0][1], got[1][0])
    assert free == dt.timedelta(hours=8)  # 22:00 GMT to 07:00 BST


def test_a_time_inside_the_spring_gap_moves_to_the_change(cast: Cast) -> None:
    member = pattern(cast, {6: [(90, 1440)]}, dt.date(2026, 1, 1))  # from 01:30, which is skipped
    got = unavailable_intervals(member, at(2026, 3, 29), at(2026, 3, 29, 12))
    assert got == [(at(2026, 3, 29), dt.datetime(2026, 3, 29, 1, 0, tzinfo=dt.UTC))]


def test_exceptions_change_the_day(cast: Cast) -> None:
    member = pattern(cast, {0: [(540, 1020)]}, dt.date(2026, 1, 1))
    services.add_availability_exception(
        actor=manager(cast),
        staff_member=member,
        on=dt.date(2026, 6, 1),
        available=False,
        start_minute=720,
        end_minute=780,
    )
    services.add_availability_exception(
        actor=manager(cast),
        staff_member=member,
        on=dt.date(2026, 6, 2),
        available=True,
        start_minute=600,
        end_minute=660,
    )
    got = unavailable_intervals(member, at(2026, 6, 1), at(2026, 6, 3))
    assert got == [
        (at(2026, 6, 1), at(2026, 6, 1, 9)),
        (at(2026, 6, 1, 12), at(2026, 6, 1, 13)),
        (at(2026, 6, 1, 17), at(2026, 6, 2, 10)),
        (at(2026, 6, 2, 11), at(2026, 6, 3)),
    ]


def test_approved_leave_and_half_days(cast: Cast) -> None:
    member = pattern(cast, dict.fromkeys(range(7), ALL_DAY), dt.date(2026, 1, 1))
    waiting = services.request_leave(
        actor=member.user,
        staff_member=member,
        kind="annual",
        starts_on=dt.date(2026, 6, 1),
        ends_on=dt.date(2026, 6, 2),
        half_day_start=True,
    )
    assert unavailable_intervals(member, at(2026, 6, 1), at(2026, 6, 4)) == []
    services.approve_leave(actor=manager(cast), leave=waiting)
    assert unavailable_intervals(member, at(2026, 6, 1), at(2026, 6, 4)) == [
        (at(2026, 6, 1, 12), at(2026, 6, 3))
    ]


def test_outside_the_contract(cast: Cast) -> None:
    member = pattern(cast, dict.fromkeys(range(7), ALL_DAY), dt.date(2000, 1, 1))
    StaffMember.objects.filter(pk=member.pk).update(ends_on=dt.date(2026, 6, 2))
    member.refresh_from_db()
    got = unavailable_intervals(member, at(2026, 6, 1), at(2026, 6, 4))
    assert got == [(at(2026, 6, 2), at(2026, 6, 4))]


def test_a_later_pattern_takes_over_from_its_date(cast: Cast) -> None:
    member = pattern(cast, dict.fromkeys(range(7), ALL_DAY), dt.date(2026, 1, 1))
    services.set_availability_pattern(
        actor=manager(cast), staff_member=member, effective_from=dt.date(2026, 6, 3), days={}
    )
    got = unavailable_intervals(member, at(2026, 6, 1), at(2026, 6, 5))
    assert got == [(at(2026, 6, 3), at(2026, 6, 5))]


def test_refuses_naive_times_and_empty_windows(cast: Cast) -> None:
    with pytest.raises(ValueError):
        unavailable_intervals(worker(cast), dt.datetime(2026, 6, 1), dt.datetime(2026, 6, 2))
    assert unavailable_intervals(worker(cast), at(2026, 6, 2), at(2026, 6, 1)) == []


def test_bad_pattern_is_not_saved(cast: Cast) -> None:
    with pytest.raises(ValidationError):
        pattern(cast, {0: [(1320, 420)]}, dt.date(2026, 1, 1))


WINDOW_PROPERTY = settings(
    max_examples=60,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)


@WINDOW_PROPERTY
@given(
    start=st.datetimes(min_value=dt.datetime(2026, 1, 1), max_value=dt.datetime(2027, 12, 31)),
    length=st.integers(min_value=0, max_value=24 * 60 * 9),
)
def test_intervals_are_ordered_disjoint_and_inside_the_window(
    cast: Cast, start: dt.datetime, length: int
) -> None:
    member = worker(cast)
    if not member.availability_patterns.exists():
        pattern(
            cast,
            {0: [(540, 1020)], 2: [(0, 420), (1320, 1440)], 3: [(0, 1440)], 5: [(90, 150)]},
            dt.date(2025, 1, 1),
        )
    begins = start.replace(tzinfo=LONDON)
    ends = begins + dt.timedelta(minutes=length)
    got = unavailable_intervals(member, begins, ends)
    for first, last in got:
        assert first.tzinfo == LONDON and last.tzinfo == LONDON
        assert begins.astimezone(dt.UTC) <= first.astimezone(dt.UTC)
        assert first.astimezone(dt.UTC) < last.astimezone(dt.UTC)
        assert last.astimezone(dt.UTC) <= ends.astimezone(dt.UTC)
    for (_a, previous_end), (next_start, _b) in itertools.pairwise(got):
        assert previous_end.astimezone(dt.UTC) < next_start.astimezone(dt.UTC)


def test_many_workers_at_once_agree_with_one_at_a_time(
    cast: Cast, django_assert_num_queries: object
) -> None:
    member = pattern(cast, {0: [(540, 1020)]}, dt.date(2026, 1, 1))
    other = cast.staff["outside_worker"]
    services.set_availability_pattern(
        actor=manager(cast),
        staff_member=other,
        effective_from=dt.date(2026, 1, 1),
        days=dict.fromkeys(range(7), ALL_DAY),
    )
    everyone = [member, other, cast.staff["former_worker"]]
    start, end = at(2026, 6, 1), at(2026, 6, 8)
    with django_assert_num_queries(4):  # type: ignore[operator]
        together = unavailable_intervals_of(everyone, start, end)
    assert together == {m.pk: unavailable_intervals(m, start, end) for m in everyone}
    assert together[other.pk] == [] and together[member.pk] != []
