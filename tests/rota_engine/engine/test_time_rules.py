"""Rest, working periods, sleep-ins, DST and the 48 h average."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

from rota_engine.model import Shift, Staff

from .helpers import problem, rules, run, shift, workers_of

LONDON = ZoneInfo("Europe/London")
REST = rules(min_rest_minutes=660, max_working_period_minutes=1440)


def test_night_across_october_change_is_eleven_hours() -> None:
    night = Shift(
        "n", datetime(2026, 10, 24, 22, tzinfo=LONDON), datetime(2026, 10, 25, 8, tzinfo=LONDON),
        day=0, kind="waking_night", eligible=("a",),
    )  # fmt: skip
    assert night.minutes == 660
    # A cap of 10 h keeps the worker off the 11 h night: the engine counts real time.
    p = problem([Staff("a", max_minutes_horizon=600)], [night], start=date(2026, 10, 24), days=2)
    s = run(p)
    assert [(u.shift_id, u.reason) for u in s.uncovered] == [("n", "contract_max")]


def test_night_across_march_change_is_nine_hours() -> None:
    night = Shift(
        "n", datetime(2026, 3, 28, 22, tzinfo=LONDON), datetime(2026, 3, 29, 8, tzinfo=LONDON),
        day=0, kind="waking_night", eligible=("a",),
    )  # fmt: skip
    assert night.minutes == 540
    p = problem([Staff("a", max_minutes_horizon=540)], [night], start=date(2026, 3, 28), days=2)
    assert workers_of(run(p), "n") == {"a"}


def test_rest_after_a_sleep_in_counts_it_as_work() -> None:
    sleep = shift("sleep", 0, 22, 9, ("a",), kind="sleep_in")  # 22:00-07:00
    day = shift("day", 1, 15, 5, ("a",))  # 8 h after the sleep-in ends
    s = run(problem([Staff("a")], [sleep, day], rules=REST))
    assert len(s.assignments) == 1
    assert [u.reason for u in s.uncovered] == ["rest_rule"]
    assert s.uncovered[0].params["min_rest_minutes"] == 660


def test_on_call_is_not_working_time_for_rest() -> None:
    on_call = shift("call", 0, 22, 9, ("a",), kind="on_call")
    day = shift("day", 1, 15, 5, ("a",))
    s = run(problem([Staff("a")], [on_call, day], rules=REST))
    assert s.uncovered == ()


def test_day_sleep_in_day_merge_into_one_working_period() -> None:
    shifts = [
        shift("d1", 0, 14, 8, ("a",)),  # 14:00-22:00
        shift("sleep", 0, 22, 9, ("a",), kind="sleep_in"),  # 22:00-07:00
        shift("d2", 1, 7, 3, ("a",)),  # 07:00-10:00: period of 20 h
    ]
    s = run(problem([Staff("a")], shifts, rules=REST))
    assert s.uncovered == ()


def test_working_period_longer_than_the_maximum_is_split() -> None:
    shifts = [
        shift("d1", 0, 8, 14, ("a",)),  # 08:00-22:00
        shift("sleep", 0, 22, 9, ("a",), kind="sleep_in"),
        shift("d2", 1, 7, 8, ("a",), under_weight=1),  # period would be 31 h
    ]
    s = run(problem([Staff("a")], shifts, rules=REST))
    assert [u.shift_id for u in s.uncovered] == ["d2"]


def test_sleep_ins_count_in_full_for_the_48_hour_average() -> None:
    sleeps = [shift(f"s{d}", d, 22, 9, ("a",), kind="sleep_in") for d in range(6)]
    s = run(problem([Staff("a")], sleeps, rules=rules(average_48h=True)))
    # 6 x 9 h = 54 h > 48 h: only five fit.
    assert len(s.assignments) == 5
    assert [u.reason for u in s.uncovered] == ["average_hours_limit"]


def test_history_counts_towards_the_average_unless_opted_out() -> None:
    shifts = [shift("s1", 0, 8, 8, ("a",)), shift("s2", 1, 8, 8, ("a",))]
    tired = Staff("a", history_days=14, history_minutes=8000)  # cap left: 640 min
    s = run(problem([tired], shifts, rules=rules(average_48h=True)))
    assert len(s.assignments) == 1
    opted = Staff("a", history_days=14, history_minutes=8000, opted_out_48h=True)
    assert len(run(problem([opted], shifts, rules=rules(average_48h=True))).assignments) == 2


def test_weekly_rest_needs_a_free_day() -> None:
    shifts = [shift(f"s{d}", d, 8, 6, ("a",), under_weight=1) for d in range(7)]
    s = run(problem([Staff("a")], shifts, rules=rules(weekly_rest="24h_per_7")))
    # Daily gaps are 18 h; a 24 h rest needs one day off.
    assert len(s.assignments) == 6


def test_fortnightly_rest_may_be_two_separate_days() -> None:
    # Days 3 and 10 are free: two separate 24 h rests, which the 14-day rule accepts in place
    # of one 48 h rest, so every other shift can be worked.
    shifts = [
        shift(f"s{d}", d, 8, 6, ("a",), under_weight=1) for d in range(14) if d not in (3, 10)
    ]
    s = run(problem([Staff("a")], shifts, days=14, rules=rules(weekly_rest="48h_per_14")))
    assert len(s.assignments) == 12
    # With only one free day, a second rest (or a 48 h one) costs one more shift.
    shifts = [shift(f"s{d}", d, 8, 6, ("a",), under_weight=1) for d in range(14) if d != 3]
    s = run(problem([Staff("a")], shifts, days=14, rules=rules(weekly_rest="48h_per_14")))
    assert len(s.assignments) == 12


def test_night_worker_average() -> None:
    nights = [shift(f"n{d}", d, 21, 10, ("a",), kind="waking_night") for d in range(7)]
    s = run(problem([Staff("a", night_worker=True, opted_out_48h=True)], nights))
    # 8 h x 7 days = 56 h allowed: five 10 h nights.
    assert len(s.assignments) == 5
