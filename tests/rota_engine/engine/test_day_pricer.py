"""Pricing by a walk through the days (``rota_engine.day_pricer``), against CP-SAT's pricing."""

import random
from dataclasses import replace

import pytest
from bench._common import CURTOIS_DIR

from rota_engine.build import Builder
from rota_engine.columns import SCALE, _Alone
from rota_engine.day_pricer import DayPricer
from rota_engine.io.curtois import to_problem
from rota_engine.io.curtois_parse import parse_curtois
from rota_engine.model import Preference, Problem, ShiftRequest, Staff

from .helpers import problem, shift
from .test_subproblem import curtois_problem

CURTOIS = CURTOIS_DIR


def priced(p: Problem, shifts: frozenset[int], own: int, prices: list[float]) -> float:
    return own - sum(prices[j] for j in shifts)


def agrees_with_cp_sat(p: Problem, trials: int = 3, top: float = 200.0) -> int:
    """Price every worker ``trials`` times at random prices both ways; return how many walks
    were proved cheapest."""
    b = Builder(p)
    rng = random.Random(7)
    proved = 0
    for i in range(len(p.staff)):
        walk = DayPricer.of(b, i)
        assert walk is not None
        alone = _Alone(b, i)
        for _ in range(trials):
            prices = [rng.uniform(-10, top) for _ in p.shifts]
            found = walk.price(prices)
            best = alone.price(prices, 0, 60.0, frozenset())
            assert found.shifts is not None and best.shifts is not None
            # The walk's rota keeps every rule and costs what CP-SAT says it costs.
            assert alone.cost(set(found.shifts)) == found.own
            assert walk.cost(set(found.shifts)) == found.own
            mine = priced(p, found.shifts, found.own, prices)
            theirs = priced(p, best.shifts, best.own, prices)
            rounding = len(p.shifts) / SCALE
            assert found.least <= theirs + rounding
            if found.exact:
                proved += 1
                assert mine <= theirs + 1e-6
                assert mine >= best.least - rounding
            for rota, own in found.found:
                assert alone.cost(set(rota)) == own
    return proved


def test_the_walk_prices_each_worker_as_cp_sat_does() -> None:
    p = curtois_problem()
    assert agrees_with_cp_sat(p) == 3 * len(p.staff)


@pytest.mark.parametrize("name", ["Instance1", "Instance5", "Instance8"])
def test_the_walk_prices_curtois_workers_as_cp_sat_does(name: str) -> None:
    path = CURTOIS / f"{name}.txt"
    if not path.exists():
        pytest.skip("benchmark files not present")
    p = to_problem(parse_curtois(path.read_text()))
    assert agrees_with_cp_sat(p, trials=2) >= len(p.staff)


def tight() -> Problem:
    """Two weeks of early, late and night shifts, few nights allowed, a lock, a favourite."""
    staff = Staff(
        "a",
        max_shifts_per_type={"N": 2, "L": 3},
        min_minutes_horizon=40 * 60,
        max_minutes_horizon=80 * 60,
        max_consecutive_days=4,
        min_consecutive_days=2,
        min_consecutive_days_off=2,
        max_weekends=1,
        requests=(ShiftRequest("off", 3, day=4), ShiftRequest("on", 2, day=9, type_code="L")),
    )
    shifts = []
    for d in range(14):
        for code, hour, hours in (("E", 7, 8), ("L", 14, 8), ("N", 22, 10)):
            shifts.append(
                shift(
                    f"{code}{d}", d, hour, hours, ("a",), type_code=code,
                    locked=("a",) if (code, d) == ("E", 6) else (),
                    preferences=(Preference("a", 4),) if (code, d) == ("L", 2) else (),
                )
            )  # fmt: skip
    # Curtois's rules: one shift a day, no rest or working-time rules.
    rules = replace(
        curtois_problem().rules, forbidden_successions=(("N", "E"), ("N", "L"), ("L", "E"))
    )
    return problem([staff], shifts, days=14, rules=rules)


def test_limits_on_a_type_runs_locks_requests_and_favourites() -> None:
    assert agrees_with_cp_sat(tight(), trials=12, top=30.0) >= 6


def test_rotas_that_break_a_rule_cost_nothing_and_are_refused() -> None:
    p = tight()
    b = Builder(p)
    walk = DayPricer.of(b, 0)
    assert walk is not None
    index = {s.id: j for j, s in enumerate(p.shifts)}

    def rota(*ids: str) -> set[int]:
        return {index[s] for s in ids}

    legal = rota("E5", "E6", "E9", "E10", "L11")
    assert walk.cost(legal) == _Alone(b, 0).cost(legal) is not None
    # Each breaks one rule only (40 h at least, the early shift on day 6 locked).
    refused = {
        "three nights": rota("E5", "E6", "N9", "N10", "N11"),
        "no early after a late": rota("E5", "E6", "E9", "L10", "E11"),
        "the lock left out": rota("E2", "E3", "E9", "E10", "E11"),
        "five days in a row": rota("E2", "E3", "E4", "E5", "E6"),
        "one day on alone": rota("E0", "E1", "E2", "E5", "E6", "E9"),
        "two weekends": rota("E5", "E6", "E11", "E12", "E13"),
        "too few hours": rota("E5", "E6", "E9", "E10"),
    }
    for why, shifts in refused.items():
        assert _Alone(b, 0).cost(shifts) is None, why
        assert walk.cost(shifts) is None, why


@pytest.mark.parametrize(
    "change",
    [
        {"rules": {"min_rest_minutes": 660}},
        {"rules": {"weekly_rest": "24h_per_7"}},
        {"rules": {"max_shifts_per_day": None}},
        {"staff": {"max_minutes_per_week": 2400}},
        {"staff": {"max_shifts_per_kind": {"day": 3}}},
        {"staff": {"worked_days_before": 2}},
        {"staff": {"night_worker": True}, "rules": {"night_worker_limit": True}},
    ],
)
def test_a_rule_the_walk_does_not_follow_leaves_the_worker_to_cp_sat(
    change: dict[str, dict[str, object]],
) -> None:
    p = tight()
    p = replace(
        p,
        rules=replace(p.rules, **change.get("rules", {})),  # type: ignore[arg-type]
        staff=(replace(p.staff[0], **change.get("staff", {})),),  # type: ignore[arg-type]
    )
    assert DayPricer.of(Builder(p), 0) is None
