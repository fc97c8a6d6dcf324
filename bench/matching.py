"""Matching (issue 6): score 500 applicants against 50 vacancies and compute the best assignment.
Target: <= 2 s in all. Prints a table; asserts nothing.

Run: .venv/bin/python bench/matching.py [--applicants 500] [--vacancies 50] [--seed 6]
[--repeat 3] [--no-database]

1. In memory: synthetic applicants and vacancies (random interests, traits, skills, hours,
   genders and coordinates around Leeds, with a seed) through ``recruitment.matching.score``
   for every pair and ``recruitment.assignment.solve`` (via ``matching.cross_match``).
   The median of ``--repeat`` runs.
2. Through the database: the same numbers of applicants and vacancies in a fresh SQLite database
   in a temporary directory (``DATABASE_URL`` is ignored), loaded by
   ``recruitment.selectors.matching.cross_match`` (with the queries counted), then scored and
   solved as above. Skipped with ``--no-database``.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT)]

from bench._common import table  # noqa: E402
from ownterms.recruitment import assignment, matching  # noqa: E402
from ownterms.recruitment.matching import Candidate, Kind, Place, Term, Wants  # noqa: E402

INTERESTS = [
    "Swimming", "Baking", "Football", "Music", "Gardening", "Walking", "Films", "Art",
    "Cycling", "Board games", "Cooking", "Animals", "Dancing", "Fishing", "Reading",
]  # fmt: skip
TRAITS = [
    "Calm", "Lively", "Talkative", "Softly spoken", "Patient", "Funny", "Organised",
    "Sporty", "Creative", "Quiet",
]  # fmt: skip
SKILLS = ["Driving", "Epilepsy rescue medication", "Moving and handling", "PEG feeding", "BSL"]
DISTRICTS = ["LS1", "LS2", "LS6", "LS7", "LS8", "LS11", "LS12", "LS16", "LS17", "BD1", "WF1"]
TARGET_SECONDS = 2.0


def _terms(rng: random.Random, labels: list[str], low: int, high: int) -> frozenset[Term]:
    return frozenset(Term(x.casefold(), x) for x in rng.sample(labels, rng.randint(low, high)))


def _place(rng: random.Random) -> Place:
    known = rng.random() < 0.8
    return Place(
        district=rng.choice(DISTRICTS),
        latitude=53.80 + rng.uniform(-0.15, 0.15) if known else None,
        longitude=-1.55 + rng.uniform(-0.25, 0.25) if known else None,
    )


def synthetic(
    n_applicants: int, n_vacancies: int, seed: int
) -> tuple[list[Wants], list[Candidate]]:
    rng = random.Random(seed)
    vacancies = [
        Wants(
            id=i + 1,
            public_id=f"v{i + 1}",
            person_id=i + 1,
            person=f"Person {i + 1}",
            minutes_per_week=rng.choice([0, 10, 15, 20, 30, 37]) * 60,
            interests=_terms(rng, INTERESTS, 1, 4),
            traits=_terms(rng, TRAITS, 0, 3),
            avoided_traits=_terms(rng, TRAITS, 0, 1),
            skills=_terms(rng, SKILLS, 0, 2),
            personal_care=rng.choice(["", "", "woman", "man", "not_needed"]),
            place=_place(rng),
            kind=rng.choice(["core", "relief"]),
        )
        for i in range(n_vacancies)
    ]
    candidates = [
        Candidate(
            kind=Kind.APPLICANT,
            id=j + 1,
            public_id=f"a{j + 1}",
            first_name=f"A{j + 1}",
            name=f"Applicant {j + 1}",
            interests=_terms(rng, INTERESTS, 0, 5),
            traits=_terms(rng, TRAITS, 0, 3),
            skills=_terms(rng, SKILLS, 0, 3),
            drives=rng.random() < 0.5,
            available_minutes=rng.choice([8, 12, 16, 20, 25, 30, 37]) * 60,
            gender=rng.choice(["woman", "man", "", "non_binary"]),
            place=_place(rng),
            vetoes={rng.randint(1, n_vacancies): ""} if rng.random() < 0.05 else {},
        )
        for j in range(n_applicants)
    ]
    return vacancies, candidates


def in_memory(
    vacancies: list[Wants], candidates: list[Candidate]
) -> tuple[float, float, float, float, int]:
    """Seconds to score every pair (numbers only, as the cross-match does), to solve on those
    scores, for ``cross_match`` end to end (scoring, solving, the words of what it shows), and
    to score every pair with its words (what a page of every pair would cost); pairs
    suggested."""
    started = time.perf_counter()
    allowed = {}
    for v in vacancies:
        for c in candidates:
            found = matching.score(v, c, words=None)
            if found.eligible and found.total >= matching.DEFAULT_MINIMUM:
                allowed[v.id, c.key] = found.total
    scored = time.perf_counter() - started
    started = time.perf_counter()
    assignment.solve([v.id for v in vacancies], [c.key for c in candidates], allowed)
    solved = time.perf_counter() - started
    started = time.perf_counter()
    pairs = len(matching.cross_match(vacancies, candidates).pairs)
    whole = time.perf_counter() - started
    started = time.perf_counter()
    for v in vacancies:
        for c in candidates:
            matching.score(v, c)
    return scored, solved, whole, time.perf_counter() - started, pairs


def _setup_database(var: str) -> None:
    os.environ["OWNTERMS_VAR_DIR"] = var
    os.environ.pop("DATABASE_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ownterms.settings")
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", "--no-input", verbosity=0)


def through_database(n_applicants: int, n_vacancies: int, seed: int) -> tuple[float, int, int]:
    """Seconds to load, score and solve with the selectors; queries; pairs suggested."""
    import datetime as dt

    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from ownterms.core.models import Organisation
    from ownterms.people.models import Person
    from ownterms.recruitment.models import Applicant, Vacancy, VacancyStatus
    from ownterms.recruitment.selectors import matching as selectors
    from ownterms.vocabulary.models import Skill, Tag

    rng = random.Random(seed)
    organisation = Organisation.objects.create(name="Bench", slug=f"bench-{seed}")
    tags = {
        (kind, label): Tag.objects.create(organisation=organisation, kind=kind, label=label)
        for kind, labels in (("interest", INTERESTS), ("trait", TRAITS))
        for label in labels
    }
    skills = [Skill.objects.create(organisation=organisation, name=name) for name in SKILLS]
    people = Person.objects.bulk_create(
        Person(organisation=organisation, first_name=f"P{i}", last_name="Bench", home="other")
        for i in range(n_vacancies)
    )
    vacancies = Vacancy.objects.bulk_create(
        Vacancy(
            organisation=organisation,
            person=person,
            status=VacancyStatus.OPEN,
            kind="core",
            minutes_per_week=rng.choice([10, 20, 30]) * 60,
            area=rng.choice(DISTRICTS),
            personal_care=rng.choice(["", "woman", "man"]),
        )
        for person in people
    )
    wanted = Vacancy.wanted_tags.through
    wanted.objects.bulk_create(
        wanted(vacancy_id=v.pk, tag_id=tags["interest", label].pk)
        for v in vacancies
        for label in rng.sample(INTERESTS, 3)
    )
    needs = Vacancy.skills.through
    needs.objects.bulk_create(
        needs(vacancy_id=v.pk, skill_id=rng.choice(skills).pk) for v in vacancies
    )
    keep = timezone.localdate() + dt.timedelta(days=183)
    applicants = Applicant.objects.bulk_create(
        Applicant(
            organisation=organisation,
            first_name=f"A{j}",
            last_name="Bench",
            email=f"a{j}@bench.example",
            email_key=f"a{j}@bench.example",
            home_area=rng.choice(DISTRICTS),
            latitude=53.80 + rng.uniform(-0.15, 0.15),
            longitude=-1.55 + rng.uniform(-0.25, 0.25),
            available_minutes_per_week=rng.choice([8, 16, 24, 37]) * 60,
            gender=rng.choice(["woman", "man", ""]),
            keep_until=keep,
        )
        for j in range(n_applicants)
    )
    described = Applicant.tags.through
    described.objects.bulk_create(
        described(applicant_id=a.pk, tag_id=tags[kind, label].pk)
        for a in applicants
        for kind, label in {
            *(("interest", x) for x in rng.sample(INTERESTS, 3)),
            ("trait", rng.choice(TRAITS)),
        }
    )
    started = time.perf_counter()
    with CaptureQueriesContext(connection) as queries:
        found = selectors.cross_match(organisation)
    return time.perf_counter() - started, len(queries), len(found.pairs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--applicants", type=int, default=500)
    parser.add_argument("--vacancies", type=int, default=50)
    parser.add_argument("--seed", type=int, default=6)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--no-database", action="store_true")
    args = parser.parse_args()

    vacancies, candidates = synthetic(args.applicants, args.vacancies, args.seed)
    runs = [in_memory(vacancies, candidates) for _ in range(max(1, args.repeat))]
    scored = statistics.median(r[0] for r in runs)
    solved = statistics.median(r[1] for r in runs)
    whole = statistics.median(r[2] for r in runs)
    worded = statistics.median(r[3] for r in runs)
    pairs = runs[0][4]
    rows = [
        [
            "in memory",
            f"{args.applicants} x {args.vacancies}",
            f"{scored * 1000:.0f}",
            f"{solved * 1000:.0f}",
            f"{whole * 1000:.0f}",
            f"{worded * 1000:.0f}",
            "-",
            str(pairs),
            "yes" if whole <= TARGET_SECONDS else "NO",
        ]
    ]
    if not args.no_database:
        with tempfile.TemporaryDirectory() as var:
            _setup_database(var)
            seconds, queries, db_pairs = through_database(
                args.applicants, args.vacancies, args.seed
            )
        rows.append(
            [
                "SQLite, selectors",
                f"{args.applicants} x {args.vacancies}",
                "-",
                "-",
                f"{seconds * 1000:.0f}",
                "-",
                str(queries),
                str(db_pairs),
                "yes" if seconds <= TARGET_SECONDS else "NO",
            ]
        )
    print(
        table(
            ["run", "applicants x vacancies", "scoring ms", "solve ms", "total ms",
             "every pair in words ms", "queries", "pairs", f"<= {TARGET_SECONDS:g} s"],
            rows,
        )
    )  # fmt: skip


if __name__ == "__main__":
    main()
