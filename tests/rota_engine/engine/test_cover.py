from rota_engine.model import Staff

from .helpers import problem, run, shift, workers_of


def test_covers_every_shift_when_possible() -> None:
    p = problem(
        [Staff("a"), Staff("b")],
        [shift("s1", 0, 8, 8, ("a", "b")), shift("s2", 1, 8, 8, ("a", "b"), headcount=2)],
    )
    s = run(p)
    assert s.status == "optimal"
    assert s.objective == 0
    assert workers_of(s, "s2") == {"a", "b"}
    assert s.uncovered == ()


def test_empty_team_is_uncovered_with_no_team() -> None:
    p = problem([Staff("a")], [shift("s1", 0, 8, 8, (), person_id="p1")])
    s = run(p)
    assert [(u.shift_id, u.missing, u.reason) for u in s.uncovered] == [("s1", 1, "no_team")]
    assert s.penalties["uncovered"] == 10_000


def test_overlap_leaves_one_shift_uncovered_with_reason() -> None:
    p = problem(
        [Staff("a")],
        [shift("s1", 0, 8, 8, ("a",)), shift("s2", 0, 12, 8, ("a",), under_weight=5)],
    )
    s = run(p)
    assert workers_of(s, "s1") == {"a"}
    assert [(u.shift_id, u.reason) for u in s.uncovered] == [("s2", "overlap")]
    assert s.objective == 5


def test_over_cover_is_penalised_only_when_allowed() -> None:
    p = problem(
        [Staff("a"), Staff("b")],
        [shift("s1", 0, 8, 8, ("a", "b"), over_weight=3, headcount=1)],
    )
    s = run(p)
    assert len(workers_of(s, "s1")) == 1
    assert s.objective == 0


def test_locked_assignment_is_kept() -> None:
    p = problem(
        [Staff("a"), Staff("b")],
        [shift("s1", 0, 8, 8, ("a", "b"), locked=("b",))],
    )
    assert workers_of(run(p), "s1") == {"b"}
