from datetime import date

from rota_engine.model import SkillValidity, Staff

from .helpers import problem, run, shift, workers_of

EPI = SkillValidity("epilepsy")


def test_each_mode_needs_the_skill_on_every_worker() -> None:
    staff = [Staff("a", skills=(EPI,)), Staff("b"), Staff("c")]
    p = problem(
        staff, [shift("s", 0, 8, 8, ("a", "b", "c"), headcount=2, required_skills=("epilepsy",))]
    )
    s = run(p)
    assert workers_of(s, "s") == {"a"}
    assert [(u.missing, u.reason, u.params["skill"]) for u in s.uncovered] == [
        (1, "no_valid_skill", "epilepsy")
    ]


def test_at_least_one_mode_pairs_a_skilled_worker() -> None:
    staff = [Staff("a", skills=(EPI,)), Staff("b"), Staff("c")]
    two = shift(
        "s", 0, 8, 8, ("a", "b", "c"), headcount=2, required_skills=("epilepsy",),
        skill_mode="at_least_one",
    )  # fmt: skip
    s = run(problem(staff, [two]))
    assert len(workers_of(s, "s")) == 2
    assert "a" in workers_of(s, "s")
    assert s.uncovered == ()


def test_mixed_modes_two_to_one() -> None:
    # Everyone needs driving; at least one needs epilepsy training.
    staff = [
        Staff("a", skills=(SkillValidity("driving"),)),
        Staff("b", skills=(SkillValidity("driving"),)),
        Staff("c", skills=(SkillValidity("driving"), EPI)),
        Staff("d", skills=(EPI,)),
    ]
    day = shift("s1", 0, 8, 8, ("a", "b", "c", "d"), headcount=2,
                required_skills=("driving",))  # fmt: skip
    pair = shift("s2", 0, 8, 8, ("a", "b", "c", "d"), headcount=2,
                 required_skills=("epilepsy",), skill_mode="at_least_one")  # fmt: skip
    s = run(problem(staff, [day, pair]))
    assert s.uncovered == ()
    assert "d" not in workers_of(s, "s1")
    assert workers_of(s, "s2") & {"c", "d"}


def test_expired_skill_does_not_count_and_is_explained() -> None:
    expired = SkillValidity("epilepsy", valid_until=date(2026, 3, 1))
    staff = [Staff("a", skills=(expired,)), Staff("b")]
    s = run(problem(staff, [shift("s", 0, 8, 8, ("a", "b"), required_skills=("epilepsy",))]))
    assert s.assignments == ()
    (u,) = s.uncovered
    assert u.reason == "no_valid_skill"
    assert u.params["skill"] == "epilepsy"
