"""The independent checker catches a deliberately broken solution for every hard rule,
accepts a valid one, and recomputes every named penalty."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from rota_engine.check import WORKER_RULES, check, first_violation
from rota_engine.model import (
    Assignment,
    Interval,
    Preference,
    Problem,
    RuleSettings,
    Shift,
    ShiftKind,
    ShiftRequest,
    SkillValidity,
    Solution,
    Staff,
    UncoveredShift,
    Weights,
)

LONDON = ZoneInfo("Europe/London")
MONDAY = date(2026, 3, 2)
TEAM = ("A", "B", "C")


def at(day: int, hour: float, start: date = MONDAY) -> datetime:
    d = start + timedelta(days=day)
    return datetime(d.year, d.month, d.day, tzinfo=LONDON) + timedelta(hours=hour)


def shift(
    sid: str, day: int, hour: float = 9, hours: float = 8, kind: ShiftKind = "day", **kw: object
) -> Shift:
    start_date = kw.pop("start_date", MONDAY)
    assert isinstance(start_date, date)
    fields: dict[str, object] = {"eligible": TEAM, "person_id": "P"}
    fields.update(kw)
    start = at(day, hour, start_date)
    return Shift(sid, start, start + timedelta(hours=hours), day, kind, **fields)  # type: ignore[arg-type]


def problem(
    shifts: list[Shift],
    staff: list[Staff] | None = None,
    days: int = 7,
    **rules: object,
) -> Problem:
    return Problem(
        start=MONDAY,
        days=days,
        staff=tuple(staff or [Staff(s) for s in TEAM]),
        shifts=tuple(shifts),
        rules=replace(RuleSettings(), **rules),  # type: ignore[arg-type]
    )


def solution(*pairs: str) -> Solution:
    """``"s1:A"`` means A works s1."""
    return Solution(
        status="feasible",
        assignments=tuple(Assignment(*p.split(":")) for p in pairs),
    )


def broken(p: Problem, *pairs: str) -> set[str]:
    return check(p, solution(*pairs)).rules_broken()


def week_of(days: range, staff: str = "A") -> list[str]:
    return [f"d{d}:{staff}" for d in days]


DAYS7 = [shift(f"d{d}", d, 7, 12) for d in range(7)]
OPTED = [Staff("A", opted_out_48h=True), Staff("B"), Staff("C")]

CASES: list[tuple[str, Problem, tuple[str, ...], tuple[str, ...]]] = [
    # rule, problem, valid pairs, broken pairs
    ("over_cover", problem([shift("s", 0)]), ("s:A",), ("s:A", "s:B")),
    ("eligibility", problem([shift("s", 0, eligible=("A",))]), ("s:A",), ("s:B",)),
    ("locked", problem([shift("s", 0, locked=("A",))]), ("s:A",), ("s:B",)),
    (
        "locked_history",
        replace(
            problem([shift("s", 0), shift("t", 2)]),
            previous=(Assignment("s", "A"), Assignment("t", "A")),
            now=at(1, 0),
        ),
        ("s:A", "t:B"),
        ("s:B", "t:A"),
    ),
    (
        "skill",
        problem(
            [shift("s", 2, required_skills=("epilepsy",))],
            [
                Staff("A", skills=(SkillValidity("epilepsy", valid_until=MONDAY),)),
                Staff("B", skills=(SkillValidity("epilepsy", valid_from=MONDAY),)),
                Staff("C"),
            ],
        ),
        ("s:B",),
        ("s:A",),
    ),
    (
        "skill",
        problem(
            [shift("s", 0, headcount=2, required_skills=("meds",), skill_mode="at_least_one")],
            [Staff("A"), Staff("B", skills=(SkillValidity("meds"),)), Staff("C")],
        ),
        ("s:A", "s:B"),
        ("s:A", "s:C"),
    ),
    (
        "unavailable",
        problem(
            [shift("s", 0)],
            [Staff("A", unavailable=(Interval(at(0, 16), at(3, 0), "leave"),)), Staff("B")],
        ),
        ("s:B",),
        ("s:A",),
    ),
    (
        "day_off",
        problem([shift("s", 0)], [Staff("A", days_off=(0,)), Staff("B")]),
        ("s:B",),
        ("s:A",),
    ),
    ("overlap", problem([shift("s", 0), shift("t", 0, 16, 4)]), ("s:A", "t:B"), ("s:A", "t:A")),
    (
        "max_shifts_per_day",
        problem(
            [shift("s", 0, 7, 4), shift("t", 0, 13, 4)], max_shifts_per_day=1, min_rest_minutes=None
        ),
        ("s:A", "t:B"),
        ("s:A", "t:A"),
    ),
    (
        "rest",
        problem([shift("s", 0), shift("t", 1, 1), shift("u", 1)]),
        ("s:A", "u:A"),
        ("s:A", "t:A"),
    ),
    (
        "working_period",
        problem(
            [
                shift("a", 0, 8, 14),
                shift("b", 0, 22, 10, "sleep_in"),
                shift("c", 1, 8, 14),
            ]
        ),
        ("a:A", "b:A", "c:B"),
        ("a:A", "b:A", "c:A"),
    ),
    (
        "weekly_rest",
        problem(DAYS7, OPTED),
        tuple(week_of(range(6))),
        tuple(week_of(range(7))),
    ),
    (
        "weekly_rest",
        problem(
            [shift(f"d{d}", d, 7, 12) for d in range(14)], OPTED, days=14, weekly_rest="48h_per_14"
        ),
        tuple(f"d{d}:A" for d in range(14) if d not in (3, 10)),
        tuple(f"d{d}:A" for d in range(14) if d != 3),
    ),
    (
        "average_48h",
        problem([shift(f"d{d}", d, 8, 10) for d in range(5)]),
        ("d0:A", "d1:A", "d2:A", "d3:A", "d4:B"),
        ("d0:A", "d1:A", "d2:A", "d3:A", "d4:A"),
    ),
    (
        "average_48h",
        problem(
            [shift(f"d{d}", d, 8, 9) for d in range(5)],
            [Staff("A", history_minutes=3600, history_days=7), Staff("B")],
        ),
        ("d0:A", "d1:A", "d2:A", "d3:B", "d4:B"),
        ("d0:A", "d1:A", "d2:A", "d3:A", "d4:A"),
    ),
    (
        "night_worker",
        problem(
            [shift(f"n{d}", d, 22, 10, "waking_night") for d in range(6)],
            [Staff("A", night_worker=True, opted_out_48h=True), Staff("B")],
            weekly_rest=None,
        ),
        ("n0:A", "n1:A", "n2:A", "n3:A", "n4:A", "n5:B"),
        ("n0:A", "n1:A", "n2:A", "n3:A", "n4:A", "n5:A"),
    ),
    (
        "succession",
        problem(
            [
                shift("l0", 0, 14, 8, type_code="L"),
                shift("e1", 1, 7, 8, type_code="E"),
                shift("e0", 0, 7, 8, type_code="E"),
                shift("l1", 1, 14, 8, type_code="L"),
            ],
            forbidden_successions=(("L", "E"),),
            min_rest_minutes=None,
        ),
        ("e0:A", "l1:A", "l0:B", "e1:C"),
        ("l0:A", "e1:A"),
    ),
    (
        "max_consecutive_days",
        problem(
            [shift(f"d{d}", d) for d in range(5)], [Staff("A", max_consecutive_days=3), Staff("B")]
        ),
        ("d0:A", "d1:A", "d2:A", "d3:B", "d4:A"),
        ("d0:A", "d1:A", "d2:A", "d3:A"),
    ),
    (
        "max_consecutive_days",
        problem(
            [shift(f"d{d}", d) for d in range(5)],
            [Staff("A", max_consecutive_days=3, worked_days_before=2), Staff("B")],
        ),
        ("d0:A", "d1:B", "d2:A", "d3:A"),
        ("d0:A", "d1:A"),
    ),
    (
        "min_consecutive_days",
        problem(
            [shift(f"d{d}", d) for d in range(7)], [Staff("A", min_consecutive_days=2), Staff("B")]
        ),
        ("d0:A", "d3:A", "d4:A", "d6:A"),
        ("d2:A",),
    ),
    (
        "min_consecutive_days",
        problem(
            [shift(f"d{d}", d) for d in range(7)],
            [Staff("A", min_consecutive_days=2), Staff("B")],
            runs_exempt_at_edges=False,
        ),
        ("d0:A", "d1:A", "d5:A", "d6:A"),
        ("d0:A",),
    ),
    (
        "min_consecutive_days_off",
        problem(
            [shift(f"d{d}", d) for d in range(7)],
            [Staff("A", min_consecutive_days_off=2), Staff("B")],
        ),
        ("d0:A", "d1:A", "d4:A", "d5:A"),
        ("d0:A", "d1:A", "d3:A", "d4:A"),
    ),
    (
        "max_weekends",
        problem([shift(f"d{d}", d) for d in range(7)], [Staff("A", max_weekends=0), Staff("B")]),
        ("d4:A", "d5:B", "d6:B"),
        ("d4:A", "d6:A"),
    ),
    (
        "max_shifts_per_type",
        problem(
            [shift(f"d{d}", d, type_code="E") for d in range(3)],
            [Staff("A", max_shifts_per_type={"E": 1}), Staff("B")],
        ),
        ("d0:A", "d1:B", "d2:B"),
        ("d0:A", "d2:A"),
    ),
    (
        "max_shifts_per_kind",
        problem(
            [shift(f"n{d}", d, 22, 9, "sleep_in") for d in range(3)],
            [Staff("A", max_shifts_per_kind={"sleep_in": 1}), Staff("B")],
        ),
        ("n0:A", "n2:B"),
        ("n0:A", "n2:A"),
    ),
    (
        "max_sleep_ins_per_week",
        problem(
            [shift(f"n{d}", d, 22, 9, "sleep_in") for d in range(3)],
            [Staff("A", max_sleep_ins_per_week=1), Staff("B")],
        ),
        ("n0:A", "n2:B"),
        ("n0:A", "n2:A"),
    ),
    (
        "contract_max_week",
        problem(
            [shift("a", 0), shift("b", 1), shift("n", 2, 22, 9, "sleep_in")],
            [Staff("A", max_minutes_per_week=480), Staff("B")],
        ),
        ("a:A", "b:B", "n:A"),
        ("a:A", "b:A"),
    ),
    (
        "contract_max_horizon",
        problem([shift("a", 0), shift("b", 1)], [Staff("A", max_minutes_horizon=600), Staff("B")]),
        ("a:A", "b:B"),
        ("a:A", "b:A"),
    ),
    (
        "contract_min_horizon",
        problem([shift("a", 0), shift("b", 1)], [Staff("A", min_minutes_horizon=900), Staff("B")]),
        ("a:A", "b:A"),
        ("a:A", "b:B"),
    ),
    ("unknown_id", problem([shift("s", 0)]), ("s:A",), ("s:Z",)),
    ("unknown_id", problem([shift("s", 0)]), ("s:A",), ("q:A",)),
    ("duplicate", problem([shift("s", 0)]), ("s:A",), ("s:A", "s:A")),
]


@pytest.mark.parametrize(
    ("rule", "prob", "valid", "bad"), CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)]
)
def test_checker_catches_the_broken_and_accepts_the_valid(
    rule: str, prob: Problem, valid: tuple[str, ...], bad: tuple[str, ...]
) -> None:
    ok = check(prob, solution(*valid))
    assert ok.ok, ok.lines()
    assert rule in broken(prob, *bad)


@pytest.mark.parametrize(
    ("rule", "prob", "valid", "bad"), CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)]
)
def test_first_violation_agrees_with_the_full_check(
    rule: str, prob: Problem, valid: tuple[str, ...], bad: tuple[str, ...]
) -> None:
    assert first_violation(prob, solution(*valid)) is None
    assert first_violation(prob, solution(*bad)) is not None


def test_first_violation_follows_the_order_given_and_skips_ignored_rules() -> None:
    # A works both: 16 hours against a maximum of 10, with 8 hours' rest between the shifts.
    prob = problem(
        [shift("a", 0), shift("b", 1, 1)], [Staff("A", max_minutes_horizon=600), Staff("B")]
    )
    both = solution("a:A", "b:A")
    assert {"contract_max_horizon", "rest"} <= broken(prob, "a:A", "b:A")
    first = first_violation(prob, both, WORKER_RULES)
    assert first is not None and first.rule == "contract_max_horizon"
    after = first_violation(prob, both, WORKER_RULES, ignore={"contract_max_horizon"})
    assert after is not None and after.rule == "rest"
    assert (
        first_violation(prob, both, WORKER_RULES, ignore={"contract_max_horizon", "rest"}) is None
    )


def test_switched_off_rules_are_not_checked() -> None:
    prob = problem(DAYS7, OPTED, weekly_rest=None)
    assert check(prob, solution(*week_of(range(7)))).ok
    prob = problem([shift("s", 0), shift("t", 1, 1)], min_rest_minutes=None)
    assert check(prob, solution("s:A", "t:A")).ok


def test_compensatory_rest_needs_equivalent_rest_soon_after() -> None:
    shifts = [shift("s", 0, 9, 8), shift("t", 1, 2, 8)]  # 9 h rest between them
    strict = problem(shifts)
    assert "rest" in broken(strict, "s:A", "t:A")
    compensatory = problem(shifts, rest_mode="compensatory")
    assert check(compensatory, solution("s:A", "t:A")).ok  # 13 h+ rest follows
    too_short = problem(
        [shift("s", 0, 9, 8), shift("t", 0, 24, 8)], rest_mode="compensatory"
    )  # 7 h rest: below the compensatory floor of 8 h
    assert "rest" in broken(too_short, "s:A", "t:A")
    # Short rests every day with no long rest within the window: not compensated.
    squeezed = problem(
        [shift(f"d{d}", d, 9, 15) for d in range(4)],
        OPTED,
        rest_mode="compensatory",
        compensatory_within_days=1,
        weekly_rest=None,
        days=7,
    )
    assert "rest" in broken(squeezed, "d0:A", "d1:A", "d2:A", "d3:A")


def test_rest_across_the_march_clock_change_uses_real_hours() -> None:
    # 29 March 2026: clocks go forward at 01:00. 21:00 -> 08:00 is 11 h on the clock, 10 h real.
    sunday_before = date(2026, 3, 23)
    shifts = [
        shift("sat", 5, 13, 8, start_date=sunday_before),
        shift("sun", 6, 8, 8, start_date=sunday_before),
    ]
    prob = replace(problem(shifts), start=sunday_before)
    assert "rest" in broken(prob, "sat:A", "sun:A")
    later = [shift("sat", 5, 12, 8, start_date=sunday_before), shifts[1]]
    assert check(replace(problem(later), start=sunday_before), solution("sat:A", "sun:A")).ok


def test_rest_from_before_the_horizon() -> None:
    prob = problem([shift("s", 0, 7)], [Staff("A", last_shift_end=at(-1, 22)), Staff("B")])
    assert "rest" in broken(prob, "s:A")
    assert check(prob, solution("s:B")).ok
    # A sleep-in ending at 08:00 before the horizon runs straight into a day shift: one period.
    back_to_back = problem([shift("s", 0, 8)], [Staff("A", last_shift_end=at(0, 8))])
    assert check(back_to_back, solution("s:A")).ok


def test_a_chain_of_back_to_back_shifts_is_one_working_period() -> None:
    # sleep-in -> early -> late -> sleep-in: each gap is zero, so 34 hours in one period.
    chain = [
        shift("s0", 0, 22, 10, "sleep_in"),
        shift("e1", 1, 8, 7),
        shift("l1", 1, 15, 7),
        shift("s1", 1, 22, 10, "sleep_in"),
    ]
    prob = problem(chain, OPTED)
    assert "working_period" in broken(prob, "s0:A", "e1:A", "l1:A", "s1:A")
    assert check(prob, solution("s0:A", "e1:A", "l1:A", "s1:B")).ok


def test_penalty_breakdown_and_objective() -> None:
    weights = Weights()
    staff = [
        Staff(
            "A",
            core_for=("P",),
            target_minutes_per_week=600,
            min_minutes_per_week=540,
            requests=(
                ShiftRequest("on", 3, day=2, type_code="E"),
                ShiftRequest("off", 2, shift_id="s0"),
            ),
        ),
        Staff("B", core_for=("P",)),
        Staff("C"),
    ]
    shifts = [
        shift("s0", 0, type_code="E", preferences=(Preference("B", 4), Preference("C", -5))),
        shift("s1", 1, headcount=2),
        shift("s2", 2, type_code="E", over_weight=7),
        shift("s3", 3, under_weight=30),
        shift("n4", 4, 22, 9, "sleep_in"),
    ]
    prob = problem(shifts, staff)
    report = check(prob, solution("s0:A", "s1:B", "s2:B", "s2:C", "n4:C"))
    assert report.ok, report.lines()
    expected = {
        "uncovered": weights.uncovered * 1 + 30,  # s1 short by one, s3 empty at its own weight
        "over_cover": 7,  # s2 has one extra
        "requests": 3 + 2,  # A not on E day 2; A works s0 against an off request
        "preferences": 4,  # B not on s0 (C, to avoid, is not on it)
        "continuity": 2 * weights.continuity,  # A, B, C on P's week: two beyond the first
        "relief": 2 * weights.relief,  # C is not core for P: s2 and n4
        "fairness": weights.fairness_sleep_ins * 1,  # sleep-ins: C 1, A 0, B 0
        "contract_target": 2,  # A works 480 of target 600: 2 h (rounded up) away
        "contract_under": 1 * weights.contract_under,  # 60 minutes below 540: 1 h
        "changes": 0,
    }
    assert dict(report.penalties) == expected
    assert report.objective == sum(expected.values())


def test_changes_and_negative_preferences() -> None:
    prob = replace(
        problem([shift("s", 0, preferences=(Preference("C", -5),)), shift("t", 1)]),
        previous=(Assignment("s", "A"), Assignment("t", "A")),
    )
    report = check(prob, solution("s:C", "t:A"))
    assert report.penalties["changes"] == 2 * Weights().changes
    assert report.penalties["preferences"] == 5


def test_weekend_fairness_counts_weekends_worked() -> None:
    prob = problem([shift(f"d{d}", d) for d in range(7)], weekly_rest=None)
    report = check(prob, solution("d5:A", "d6:A", "d0:B"))
    # A works one weekend, B and C none: spread 1.
    assert report.penalties["fairness"] == Weights().fairness_weekends


def test_discrepancies_between_claims_and_recomputation_are_listed() -> None:
    prob = problem([shift("s", 0), shift("t", 1, headcount=2)])
    honest = Solution(
        status="feasible",
        assignments=(Assignment("s", "A"), Assignment("t", "B")),
        uncovered=(UncoveredShift("t", 1, "optimisation"),),
        penalties={"uncovered": Weights().uncovered, "continuity": 20},
        objective=Weights().uncovered + 20 + 2 * Weights().relief,
    )
    report = check(prob, honest)
    assert report.ok and report.discrepancies == ()
    loose = replace(
        honest,
        uncovered=(),
        penalties={"uncovered": 2 * Weights().uncovered},
        objective=1,
    )
    found = check(prob, loose).discrepancies
    assert any(d.startswith("objective") for d in found)
    assert any(d.startswith("uncovered:") for d in found)
    assert any(d.startswith("uncovered t") for d in found)
