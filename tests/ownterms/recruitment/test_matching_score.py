"""The matching score (``recruitment.matching``): each factor's points and words, vetoes, weights
and the cross-match explanation. Pure: no database."""

from __future__ import annotations

from dataclasses import replace

from ownterms.recruitment import matching
from ownterms.recruitment.matching import (
    Applied,
    Candidate,
    Factor,
    Kind,
    Place,
    Term,
    Wants,
)

SWIMMING = Term("swimming", "Swimming")
BAKING = Term("baking", "Baking")
FOOTBALL = Term("football", "Football")
CALM = Term("calm", "Calm")
SOFT = Term("softly spoken", "Softly spoken")
TALKATIVE = Term("talkative", "Talkative")
DRIVING = Term("driving", "Driving")
RESCUE = Term("epilepsy rescue medication", "Epilepsy rescue medication")

ALEX = Wants(
    id=1,
    public_id="v1",
    person_id=10,
    person="Alex",
    minutes_per_week=20 * 60,
    interests=frozenset({SWIMMING, BAKING}),
    traits=frozenset({CALM}),
    avoided_traits=frozenset({TALKATIVE}),
    skills=frozenset({DRIVING}),
    personal_care="woman",
    place=Place("LS6", 53.8200, -1.5800),
    kind="core",
)

JO = Candidate(
    kind=Kind.APPLICANT,
    id=1,
    public_id="a1",
    first_name="Jo",
    name="Jo Applicant",
    interests=frozenset({SWIMMING}),
    traits=frozenset({CALM}),
    skills=frozenset({DRIVING}),
    available_minutes=22 * 60,
    gender="woman",
    place=Place("LS6", 53.8200, -1.5800),
)


def factor(match: matching.Match, which: Factor) -> matching.FactorScore:
    return next(f for f in match.factors if f.factor is which)


def test_a_good_match_explains_every_factor() -> None:
    found = matching.score(ALEX, JO)
    assert found.eligible
    interests = factor(found, Factor.INTERESTS)
    assert interests.words == ("both love swimming",)
    assert (interests.points, interests.maximum) == (15, 30)  # one of two interests, weight 3
    traits = factor(found, Factor.TRAITS)
    assert traits.words == (
        "calm, as Alex asked",
        "none of the traits Alex would rather avoid",
    )
    assert (traits.points, traits.maximum) == (40, 40)
    skills = factor(found, Factor.SKILLS)
    assert skills.words == ("says they can: driving (to check at interview)",)
    assert skills.points == 30
    hours = factor(found, Factor.HOURS)
    assert hours.words == ("can work all 20 hours a week (has 22 hours)",)
    assert hours.points == 30
    travel = factor(found, Factor.TRAVEL)
    assert travel.words == ("lives less than 1 km away",)
    assert travel.points == 20
    preferences = factor(found, Factor.PREFERENCES)
    assert preferences.words == (
        "Alex would like a woman to help with personal care",
        "Jo is a woman",
    )
    assert preferences.points == 40
    assert found.maximum == 190
    assert found.total == round(100 * (15 + 40 + 30 + 30 + 20 + 40) / 190) == 92


def test_no_shared_interests() -> None:
    found = matching.score(ALEX, replace(JO, interests=frozenset({FOOTBALL})))
    interests = factor(found, Factor.INTERESTS)
    assert interests.words == ("no shared interests listed",)
    assert interests.points == 0 and interests.counted


def test_several_shared_interests_are_joined() -> None:
    found = matching.score(ALEX, replace(JO, interests=frozenset({SWIMMING, BAKING})))
    assert factor(found, Factor.INTERESTS).words == ("both love baking and swimming",)
    assert factor(found, Factor.INTERESTS).points == 30


def test_an_avoided_trait_counts_against() -> None:
    talkative = replace(JO, traits=frozenset({TALKATIVE}))
    found = matching.score(ALEX, talkative)
    traits = factor(found, Factor.TRAITS)
    assert traits.words == (
        "does not describe themself as calm",
        "Alex would rather not have someone talkative; Jo describes themself as talkative",
    )
    assert traits.points == -40
    assert found.total < matching.score(ALEX, replace(JO, traits=frozenset())).total


def test_an_avoided_interest_counts_against() -> None:
    vacancy = replace(ALEX, avoided_interests=frozenset({FOOTBALL}))
    found = matching.score(vacancy, replace(JO, interests=frozenset({SWIMMING, FOOTBALL})))
    interests = factor(found, Factor.INTERESTS)
    assert "Alex would rather not have someone into football; Jo lists it" in interests.words
    assert interests.points == 15 - 30


def test_nothing_to_compare_is_not_counted() -> None:
    bare = replace(
        ALEX,
        interests=frozenset(),
        traits=frozenset(),
        avoided_traits=frozenset(),
        skills=frozenset(),
        minutes_per_week=0,
        personal_care="",
        place=Place(),
    )
    found = matching.score(bare, JO)
    assert all(not f.counted for f in found.factors)
    assert [f.words[0] for f in found.factors] == [
        "Alex listed no interests",
        "Alex listed no traits",
        "no particular skills needed",
        "no set hours (relief)",
        "not known where they live",
        "no preference stated",
    ]
    assert found.total == 0


def test_missing_information_neither_helps_nor_hurts() -> None:
    """A candidate with no postcode is scored on the other factors alone."""
    nowhere = replace(JO, place=Place())
    found = matching.score(ALEX, nowhere)
    assert not factor(found, Factor.TRAVEL).counted
    assert found.maximum == 190 - 20


def test_skills_for_applicants_and_staff() -> None:
    vacancy = replace(ALEX, skills=frozenset({DRIVING, RESCUE}))
    applicant = matching.score(vacancy, replace(JO, skills=frozenset(), drives=True))
    assert factor(applicant, Factor.SKILLS).words == (
        "says they can: driving (to check at interview)",
        "does not list: epilepsy rescue medication",
    )
    assert factor(applicant, Factor.SKILLS).points == 15
    staff = replace(
        JO,
        kind=Kind.STAFF,
        skills=frozenset({RESCUE}),
        contract_minutes=37 * 60 + 30,
        planned_minutes=20 * 60,
        available_minutes=17 * 60 + 30,
    )
    found = matching.score(vacancy, staff)
    assert factor(found, Factor.SKILLS).words == (
        "trained: epilepsy rescue medication",
        "no valid training yet: driving",
    )
    assert factor(found, Factor.HOURS).words == (
        "can work 17 h 30 min of the 20 hours a week",
        "17 h 30 min spare: contracted 37 h 30 min, planned 20 hours a week on average "
        "over the next 4 weeks",
    )


def test_hours_partly_and_not_said() -> None:
    part = matching.score(ALEX, replace(JO, available_minutes=10 * 60))
    assert factor(part, Factor.HOURS).words == ("can work 10 hours of the 20 hours a week",)
    assert factor(part, Factor.HOURS).points == 15
    unknown = matching.score(ALEX, replace(JO, available_minutes=0))
    assert factor(unknown, Factor.HOURS).words == ("has not said how many hours they can work",)
    assert factor(unknown, Factor.HOURS).points == 0


def test_travel_by_distance() -> None:
    # About 11 km south-east of Alex: partly.
    far = matching.score(ALEX, replace(JO, place=Place("LS10", 53.7300, -1.5000)))
    travel = factor(far, Factor.TRAVEL)
    assert travel.words == ("lives about 11 km away",)
    assert 0 < travel.points < 20
    # Manchester: none.
    away = matching.score(ALEX, replace(JO, place=Place("M1", 53.4780, -2.2360)))
    assert factor(away, Factor.TRAVEL).points == 0
    # A member of staff placed at the middle of their district: the same points, and the words
    # say where the distance is measured from.
    middle = Place("LS10", 53.7300, -1.5000, district_centre=True)
    staff = matching.score(ALEX, replace(JO, kind=Kind.STAFF, place=middle))
    assert factor(staff, Factor.TRAVEL).words == (
        "lives about 11 km away (from the middle of LS10)",
    )
    assert factor(staff, Factor.TRAVEL).points == travel.points


def test_travel_by_district_when_coordinates_are_missing() -> None:
    same = matching.score(ALEX, replace(JO, place=Place("LS6")))
    assert factor(same, Factor.TRAVEL).words == ("lives in the same area (LS6)",)
    assert factor(same, Factor.TRAVEL).points == 16
    near = matching.score(ALEX, replace(JO, place=Place("LS12")))
    assert factor(near, Factor.TRAVEL).words == (
        "lives nearby (LS12, the same postcode area as LS6)",
    )
    assert factor(near, Factor.TRAVEL).points == 8
    other = matching.score(ALEX, replace(JO, place=Place("M1")))
    assert factor(other, Factor.TRAVEL).words == ("lives further away (M1; the work is in LS6)",)
    assert factor(other, Factor.TRAVEL).points == 0


def test_personal_care_preference() -> None:
    man = matching.score(ALEX, replace(JO, gender="man"))
    assert factor(man, Factor.PREFERENCES).words[1] == "Jo is not a woman"
    assert factor(man, Factor.PREFERENCES).points == 0
    unknown = matching.score(ALEX, replace(JO, gender=""))
    assert factor(unknown, Factor.PREFERENCES).words[1] == "Jo's gender is not recorded: ask"
    assert factor(unknown, Factor.PREFERENCES).points == 20
    none = matching.score(replace(ALEX, personal_care=""), JO)
    assert factor(none, Factor.PREFERENCES).words == ("no preference stated",)
    assert not factor(none, Factor.PREFERENCES).counted


def test_a_veto_bars_the_pair_with_the_persons_words() -> None:
    vetoed = replace(JO, vetoes={ALEX.id: ""})
    found = matching.score(ALEX, vetoed)
    assert not found.eligible
    assert found.barred == ("Alex said not for me",)
    with_reason = matching.score(ALEX, replace(JO, vetoes={ALEX.id: "too loud"}))
    assert with_reason.barred == ("Alex said not for me: too loud",)
    ranked = matching.for_vacancy(
        ALEX, [vetoed, replace(JO, id=2, public_id="a2", traits=frozenset())]
    )
    assert [m.candidate.id for m in ranked] == [2, 1]  # the vetoed pair last, whatever its score


def test_an_ended_application_and_the_team_bar_the_pair() -> None:
    rejected = replace(JO, applications=(Applied(ALEX.id, "Alex", "rejected"),))
    assert matching.score(ALEX, rejected).barred == ("not taken forward for this vacancy",)
    elsewhere = replace(JO, applications=(Applied(99, "Sam", "rejected"),))
    assert matching.score(ALEX, elsewhere).eligible
    in_team = replace(JO, kind=Kind.STAFF, teams=frozenset({ALEX.person_id}))
    assert matching.score(ALEX, in_team).barred == ("already in Alex's team",)


def test_weights_change_the_ranking() -> None:
    near_but_unlike = replace(
        JO, id=2, public_id="a2", interests=frozenset(), traits=frozenset(), place=Place("LS6")
    )
    alike_but_far = replace(JO, id=3, public_id="a3", place=Place("M1"))
    default = matching.for_vacancy(ALEX, [near_but_unlike, alike_but_far])
    assert [m.candidate.id for m in default] == [3, 2]
    travel_only = dict.fromkeys(matching.FACTORS, 0) | {Factor.TRAVEL: 10}
    reweighted = matching.for_vacancy(ALEX, [near_but_unlike, alike_but_far], travel_only)
    assert [m.candidate.id for m in reweighted] == [2, 3]
    assert factor(reweighted[0], Factor.INTERESTS).words[-1] == "not counted (weight 0)"


def test_ties_are_broken_by_ids() -> None:
    twins = [replace(JO, id=i, public_id=f"a{i}") for i in (5, 2, 9)]
    assert [m.candidate.id for m in matching.for_vacancy(ALEX, twins)] == [2, 5, 9]


def test_translation_functions_are_used() -> None:
    shout = matching.Words(gettext=lambda s: s.replace("both love", "BOTH LOVE"))
    found = matching.score(ALEX, JO, words=shout)
    assert factor(found, Factor.INTERESTS).words == ("BOTH LOVE swimming",)


# -- Cross-matching ------------------------------------------------------------------------------


def test_cross_match_beats_greedy_and_explains_the_unfilled() -> None:
    sam = replace(
        ALEX, id=2, public_id="v2", person_id=20, person="Sam", interests=frozenset({SWIMMING})
    )
    kit = replace(ALEX, id=3, public_id="v3", person_id=30, person="Kit", personal_care="man")
    best = replace(JO, id=1, public_id="a1", interests=frozenset({SWIMMING, BAKING}))
    second = replace(JO, id=2, public_id="a2", interests=frozenset({SWIMMING}), traits=frozenset())
    found = matching.cross_match([ALEX, sam, kit], [best, second], minimum=40)
    chosen = {m.vacancy.person: m.candidate.id for m in found.pairs}
    assert len(chosen) == 2
    assert found.total == sum(m.total for m in found.pairs)
    # Brute force over every way to give two candidates to three vacancies.
    scores = {
        (v.id, c.id): matching.score(v, c).total for v in (ALEX, sam, kit) for c in (best, second)
    }
    brute = max(scores[a, 1] + scores[b, 2] for a in (1, 2, 3) for b in (1, 2, 3) if a != b)
    assert found.total == brute
    (left,) = found.unfilled
    assert "fit" in left.why
    assert found.spare == 0


def test_cross_match_respects_vetoes_and_the_minimum() -> None:
    vetoed = replace(JO, vetoes={ALEX.id: ""})
    found = matching.cross_match([ALEX], [vetoed])
    assert found.pairs == ()
    assert found.unfilled[0].why == "every candidate has a veto or is not eligible"
    weak = replace(JO, interests=frozenset(), traits=frozenset({TALKATIVE}), gender="man")
    found = matching.cross_match([ALEX], [weak], minimum=40)
    assert found.pairs == ()
    assert found.unfilled[0].why.startswith("no candidate without a veto scores 40 or more")
    assert matching.cross_match([ALEX], []).unfilled[0].why == "there are no candidates"
    assert matching.cross_match([], [JO]).pairs == ()


def test_matching_and_assignment_load_without_django() -> None:
    """The import-linter contract forbids the imports; this checks what actually loads."""
    import subprocess
    import sys

    code = (
        "import sys; import ownterms.recruitment.matching, ownterms.recruitment.assignment; "
        "print(sorted(m for m in sys.modules if m == 'django' or m.startswith('django.')))"
    )
    env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": ":".join(p for p in sys.path if p)}
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
    )
    assert done.stdout.strip() == "[]"


def test_every_counted_factor_says_why() -> None:
    """No factor shows points without words: a person who listed only what to avoid."""
    only_avoids = replace(
        ALEX,
        interests=frozenset(),
        avoided_interests=frozenset({FOOTBALL}),
        traits=frozenset(),
    )
    found = matching.score(only_avoids, JO)
    assert factor(found, Factor.INTERESTS).words == (
        "none of the interests Alex would rather avoid",
    )
    assert factor(found, Factor.TRAITS).words == ("none of the traits Alex would rather avoid",)
    for scored in (found, matching.score(ALEX, JO)):
        assert all(f.words for f in scored.factors)
