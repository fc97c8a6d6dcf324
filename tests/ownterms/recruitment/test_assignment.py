"""The cross-matching solver (``recruitment.assignment``): exact, deterministic, vetoes kept out.
Pure: no database."""

from __future__ import annotations

import itertools
import random

import pytest

from ownterms.recruitment.assignment import solve


def greedy(vacancies: list[str], candidates: list[str], scores: dict[tuple[str, str], int]) -> int:
    """Highest pair first: what a person might do by hand."""
    used_v: set[str] = set()
    used_c: set[str] = set()
    total = 0
    for (v, c), value in sorted(scores.items(), key=lambda item: -item[1]):
        if v not in used_v and c not in used_c:
            used_v.add(v)
            used_c.add(c)
            total += value
    return total


def brute_force(
    vacancies: list[str], candidates: list[str], scores: dict[tuple[str, str], int]
) -> int:
    best = 0
    slots = [*candidates, *([None] * len(vacancies))]
    for chosen in itertools.permutations(slots, len(vacancies)):
        if any(
            c is not None and (v, c) not in scores for v, c in zip(vacancies, chosen, strict=True)
        ):
            continue
        best = max(
            best,
            sum(scores[v, c] for v, c in zip(vacancies, chosen, strict=True) if c is not None),
        )
    return best


def test_greedy_is_wrong_and_the_solver_is_not() -> None:
    scores = {("alex", "jo"): 90, ("alex", "kim"): 80, ("sam", "jo"): 85, ("sam", "kim"): 10}
    assert greedy(["alex", "sam"], ["jo", "kim"], scores) == 100
    found = solve(["alex", "sam"], ["jo", "kim"], scores)
    assert found.pairs == (("alex", "kim"), ("sam", "jo"))
    assert found.total == 165
    assert found.unfilled == ()


def test_a_three_way_case_where_greedy_is_wrong() -> None:
    scores = {
        ("a", "x"): 100, ("a", "y"): 95,
        ("b", "y"): 90, ("b", "z"): 20,
        ("c", "x"): 94, ("c", "z"): 5,
    }  # fmt: skip
    vacancies, candidates = ["a", "b", "c"], ["x", "y", "z"]
    assert greedy(vacancies, candidates, scores) == 100 + 90 + 5
    found = solve(vacancies, candidates, scores)
    assert found.total == 95 + 20 + 94 == brute_force(vacancies, candidates, scores)
    assert dict(found.pairs) == {"a": "y", "b": "z", "c": "x"}


def test_a_missing_pair_is_never_chosen() -> None:
    """A vetoed pair is left out of ``scores``: the vacancy stays unfilled rather than take it."""
    found = solve(["alex"], ["jo"], {})
    assert found.pairs == () and found.unfilled == ("alex",)
    found = solve(["alex", "sam"], ["jo"], {("sam", "jo"): 50})
    assert found.pairs == (("sam", "jo"),)
    assert found.unfilled == ("alex",)


def test_more_candidates_than_vacancies() -> None:
    scores = {("alex", c): value for c, value in zip("abcde", (40, 70, 90, 60, 10), strict=True)}
    found = solve(["alex"], list("abcde"), scores)
    assert found.pairs == (("alex", "c"),)


def test_more_vacancies_than_candidates() -> None:
    scores = {(v, "jo"): value for v, value in zip("abcd", (40, 70, 90, 60), strict=True)}
    found = solve(list("abcd"), ["jo"], scores)
    assert found.pairs == (("c", "jo"),)
    assert found.unfilled == ("a", "b", "d")


def test_empty_inputs() -> None:
    assert solve([], [], {}).pairs == ()
    assert solve([], ["jo"], {}).total == 0
    assert solve(["alex"], [], {}).unfilled == ("alex",)


def test_ties_are_broken_by_the_order_given() -> None:
    scores = {("alex", "jo"): 50, ("alex", "kim"): 50, ("alex", "lee"): 50}
    assert solve(["alex"], ["jo", "kim", "lee"], scores).pairs == (("alex", "jo"),)
    assert solve(["alex"], ["lee", "kim", "jo"], scores).pairs == (("alex", "lee"),)


def test_the_same_answer_every_time() -> None:
    rng = random.Random(6)
    vacancies = [f"v{i}" for i in range(8)]
    candidates = [f"c{j}" for j in range(12)]
    scores = {(v, c): rng.choice([40, 50, 60]) for v in vacancies for c in candidates}
    first = solve(vacancies, candidates, scores)
    assert all(solve(vacancies, candidates, scores) == first for _ in range(5))


@pytest.mark.parametrize("seed", range(30))
def test_optimal_against_brute_force(seed: int) -> None:
    rng = random.Random(seed)
    vacancies = [f"v{i}" for i in range(rng.randint(1, 4))]
    candidates = [f"c{j}" for j in range(rng.randint(0, 5))]
    scores = {
        (v, c): rng.randint(0, 100)
        for v in vacancies
        for c in candidates
        if rng.random() > 0.25  # some pairs vetoed
    }
    found = solve(vacancies, candidates, scores)
    assert found.total == brute_force(vacancies, candidates, scores)
    chosen = [c for _, c in found.pairs]
    assert len(chosen) == len(set(chosen))
    assert all(pair in scores for pair in found.pairs)


def test_bad_input_is_refused() -> None:
    with pytest.raises(ValueError, match="distinct"):
        solve(["a", "a"], ["x"], {})
    with pytest.raises(ValueError, match="negative"):
        solve(["a"], ["x"], {("a", "x"): -1})
