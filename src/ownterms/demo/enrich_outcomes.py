"""Demo: a year of outcomes history, built from the records the measures read (never a figure
typed in): one person's 'when needed' (PRN) doses falling month by month, another's community
connections growing, a third's NHS use falling after they came from hospital, monthly easy-read
check-ins with smileys improving in the three people's own words, a person-centred review held
in the last year for everyone (participants, points from each perspective, the person's words
verbatim, top twos, actions that became goals) with the next one planned, and one working
together for change round with four themes grouping those points. All in bulk.

A year of incidents and restrictive practices comes from ``enrich_incident_history`` (after the
referrals enricher, whose accepted people it needs); see docs/outcomes-reports.md.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict

from ownterms.core.models import Organisation
from ownterms.daily.models import DoseOutcome, DoseRecord
from ownterms.daily.selectors.doses_due import due_at
from ownterms.daily.selectors.medicines import local_zone
from ownterms.demo import outcomes_texts as texts
from ownterms.health.models import Medication
from ownterms.outcomes.models import (
    CHECK_IN_TOPICS,
    Action,
    CheckIn,
    Connection,
    HealthEvent,
    Participant,
    Review,
    ReviewPoint,
    Theme,
    WtfcRound,
)
from ownterms.people.models import CircleMember, Person
from ownterms.plans.models import Goal
from ownterms.staff.models import StaffMember, TeamMembership
from ownterms.staff.services import add_months

#: PRN doses in each 30-day block of the year before the daily records' two months.
PRN_BLOCKS = (14, 12, 11, 9, 8, 6, 5, 4, 2, 1)
#: (months ago, kind, how many) of NHS use after a long hospital stay: falling.
NHS_USE = (
    (11, "gp", 4), (10, "gp", 3), (9, "gp", 3), (8, "gp", 2), (7, "gp", 2), (5, "gp", 1),
    (3, "gp", 1), (1, "gp", 1), (10, "ae", 1), (9, "ae", 1), (7, "ae", 1),
    (11, "community", 2), (9, "community", 2), (6, "community", 1), (3, "community", 1),
    (8, "outpatient", 1), (2, "outpatient", 1),
)  # fmt: skip

Team = dict[int, list[StaffMember]]


def _teams(org: Organisation, today: dt.date) -> Team:
    teams: Team = defaultdict(list)
    for membership in (
        TeamMembership.objects.filter(person__organisation=org, starts_on__lte=today)
        .exclude(ends_on__lte=today)
        .select_related("staff_member")
        .order_by("person_id", "kind", "pk")
    ):
        teams[membership.person_id].append(membership.staff_member)
    return teams


def _family(org: Organisation) -> dict[int, CircleMember]:
    found: dict[int, CircleMember] = {}
    for member in CircleMember.objects.filter(
        organisation=org, kind__in=("family", "friend"), is_paid=False
    ).order_by("pk"):
        found.setdefault(member.person_id, member)
    return found


def _month_day(today: dt.date, months_ago: int, rng: random.Random) -> dt.date:
    start = add_months(today, -months_ago)
    return start + dt.timedelta(days=rng.randint(0, 27))


def enrich_outcomes(org: Organisation, rng: random.Random, today: dt.date) -> dict[str, int]:
    people = list(Person.objects.filter(organisation=org, status=Person.Status.ACTIVE))
    if len(people) < 3:
        return {}
    people.sort(key=lambda person: person.pk)
    teams, family = _teams(org, today), _family(org)
    prn_id = (
        DoseRecord.objects.filter(organisation=org, due_at__isnull=True, seizure__isnull=True)
        .values_list("person_id", flat=True)
        .first()
    )
    by_id = {person.pk: person for person in people}
    prn_person = by_id.get(prn_id or 0, people[0])
    others = [person for person in people if person.pk != prn_person.pk]
    connected, from_hospital = others[0], others[1]
    counts = {
        "outcome prn doses": _prn_history(org, rng, today, prn_person, teams),
        "connections": _connections(org, today, connected),
        "nhs contacts": _nhs_use(org, rng, today, from_hospital),
        "check-ins": _check_ins(org, rng, today, [prn_person, from_hospital, connected], teams),
    }
    counts.update(_reviews(org, rng, today, people, teams, family))
    return counts


def _prn_history(
    org: Organisation, rng: random.Random, today: dt.date, person: Person, teams: Team
) -> int:
    """A 'when needed' medicine for anxiety, used less and less over the year before the daily
    records' two months; its STOMP review (to stop it) is coming up."""
    first = today - dt.timedelta(days=365)
    medicine = Medication.objects.create(
        organisation=org,
        person=person,
        name="Lorazepam",
        dose="0.5 mg",
        route=Medication.Route.ORAL,
        kind=Medication.Kind.PRN,
        frequency="At most 1 dose in 24 hours",
        prn_protocol="Only when very anxious and the calming plan has not helped after 30 "
        "minutes; ring the on-call manager first.",
        starts_on=first - dt.timedelta(days=30),
        is_psychotropic=True,
        psychotropic_reason="Severe anxiety when plans change (STOMP: reducing, aim to stop)",
        review_on=today + dt.timedelta(days=40),
    )
    zone, team = local_zone(), teams.get(person.pk) or []
    doses = []
    for block, count in enumerate(PRN_BLOCKS):
        for offset in sorted(rng.sample(range(30), count)):
            day = first + dt.timedelta(days=block * 30 + offset)
            worker = rng.choice(team) if team else None
            doses.append(
                DoseRecord(
                    organisation=org,
                    person=person,
                    medication=medicine,
                    recorded_by_id=worker.user_id if worker else None,
                    recorded_by_staff=worker,
                    at=due_at(day, dt.time(rng.randint(15, 21), rng.choice((0, 30))), zone),
                    outcome=DoseOutcome.GIVEN,
                    dose=medicine.dose,
                    reason="Very anxious after a change of plan; the calming plan did not help.",
                )
            )
    DoseRecord.objects.bulk_create(doses, batch_size=500)
    return len(doses)


def _connections(org: Organisation, today: dt.date, person: Person) -> int:
    rows = [
        Connection(
            organisation=org,
            person=person,
            kind=kind,
            name=name,
            started_on=add_months(today, -started),
            ended_on=add_months(today, -ended) if ended else None,
            minutes_per_week=minutes,
        )
        for started, ended, kind, name, minutes in texts.CONNECTIONS
    ]
    Connection.objects.bulk_create(rows)
    return len(rows)


def _nhs_use(org: Organisation, rng: random.Random, today: dt.date, person: Person) -> int:
    came_home = add_months(today, -12) + dt.timedelta(days=3)
    rows = [
        HealthEvent(
            organisation=org,
            person=person,
            kind=HealthEvent.Kind.ADMISSION,
            on=came_home - dt.timedelta(days=40),
            until=came_home,
            note="A long stay on the assessment ward; came home to their own flat with us.",
        )
    ]
    for months_ago, kind, count in NHS_USE:
        rows += [
            HealthEvent(
                organisation=org,
                person=person,
                kind=kind,
                on=_month_day(today, months_ago, rng),
                planned=kind in ("gp", "outpatient"),
            )
            for _ in range(count)
        ]
    HealthEvent.objects.bulk_create(rows)
    return len(rows)


def _check_ins(
    org: Organisation, rng: random.Random, today: dt.date, people: list[Person], teams: Team
) -> int:
    """A check-in a month for a year, smileys rising from about 2 to about 4 or 5."""
    rows = []
    topics = [topic for topic, _label in CHECK_IN_TOPICS]
    for person, words in zip(people, texts.OWN_WORDS, strict=False):
        team = teams.get(person.pk) or []
        for index, said in enumerate(words):
            level = 2 + 2.6 * index / (len(words) - 1)
            answers = {
                topic: max(1, min(5, round(level + rng.choice((-1, 0, 0, 0, 1)) * 0.6)))
                for topic in topics
                if rng.random() > 0.1
            }
            worker = rng.choice(team) if team else None
            rows.append(
                CheckIn(
                    organisation=org,
                    person=person,
                    on=_month_day(today, len(words) - index, rng),
                    answers=answers,
                    own_words=said,
                    helped_by=f"{worker.first_name}, my support worker" if worker else "",
                    recorded_by_id=worker.user_id if worker else None,
                )
            )
    CheckIn.objects.bulk_create(rows)
    return len(rows)


def _reviews(
    org: Organisation,
    rng: random.Random,
    today: dt.date,
    people: list[Person],
    teams: Team,
    family: dict[int, CircleMember],
) -> dict[str, int]:
    reviews, planned = [], []
    for index, person in enumerate(people):
        held = today - dt.timedelta(days=rng.randint(14, 330))
        # Most on time; every fifth a little late.
        due = held - dt.timedelta(days=rng.randint(3, 20)) if index % 5 == 4 else held
        reviews.append(
            Review(
                organisation=org,
                person=person,
                kind=Review.Kind.SCHEDULED,
                status=Review.Status.HELD,
                due_on=due,
                held_on=held,
                what_matters=rng.choice(texts.WHAT_MATTERS),
                questions=rng.choice(texts.QUESTIONS),
                budget_working=rng.choice(("yes", "yes", "partly")),
            )
        )
        # The next one, a year on: two of them already overdue, to be seen.
        next_due = today - dt.timedelta(days=index + 3) if index < 2 else held + dt.timedelta(365)
        planned.append(
            Review(organisation=org, person=person, kind=Review.Kind.SCHEDULED, due_on=next_due)
        )
    Review.objects.bulk_create(reviews + planned, batch_size=500)
    participants, points, tagged = [], [], []
    goals, actions = [], []
    for index, (person, review) in enumerate(zip(people, reviews, strict=True)):
        assert review.held_on is not None
        team, relative = teams.get(person.pk) or [], family.get(person.pk)
        participants.append(Participant(review=review, name=person.called, perspective="person"))
        if relative is not None:
            participants.append(
                Participant(review=review, name=relative.name, perspective="family",
                            role=relative.relationship, circle_member=relative)
            )  # fmt: skip
        for worker in team[:2]:
            participants.append(
                Participant(review=review, name=f"{worker.first_name} {worker.last_name}",
                            perspective="staff", role=worker.job_title, staff_member=worker)
            )  # fmt: skip
        for perspective in ("person", "family", "staff"):
            if perspective == "family" and relative is None:
                continue
            for kind in ("working", "not_working", "future"):
                choices = [p for p in texts.POINTS if p[0] == perspective and p[1] == kind]
                if not choices:
                    continue
                _p, _k, theme, text = rng.choice(choices)
                top = perspective == "person" or (perspective, kind) in (
                    ("family", "working"), ("staff", "not_working"), ("staff", "future"),
                )  # fmt: skip
                points.append(
                    ReviewPoint(review=review, perspective=perspective, kind=kind,
                                text=text.format(name=person.called),
                                verbatim=perspective == "person", top_two=top)
                )  # fmt: skip
                tagged.append(theme if top else "")
        for number, (text, owner) in enumerate(rng.sample(texts.ACTIONS, 2)):
            due = review.held_on + dt.timedelta(days=rng.randint(30, 120))
            done = due < today and number == 0
            goals.append(
                Goal(organisation=org, person=person, title=text[:200], owner=owner,
                     next_step=text, due_on=due,
                     status=Goal.Status.ACHIEVED if done else Goal.Status.IN_PROGRESS,
                     achieved_on=due if done else None)
            )  # fmt: skip
            actions.append(Action(review=review, text=text, owner=owner, due_on=due))
        if index % 4 == 0:
            actions[-1].owner = person.called
    Participant.objects.bulk_create(participants, batch_size=500)
    ReviewPoint.objects.bulk_create(points, batch_size=500)
    Goal.objects.bulk_create(goals, batch_size=500)
    for action, goal in zip(actions, goals, strict=True):
        action.goal = goal
    Action.objects.bulk_create(actions, batch_size=500)
    themes = _round(org, today, points, tagged)
    return {
        "reviews": len(reviews) + len(planned),
        "review participants": len(participants),
        "review points": len(points),
        "review actions": len(actions),
        "wtfc themes": themes,
    }


def _round(org: Organisation, today: dt.date, points: list[ReviewPoint], tagged: list[str]) -> int:
    round_ = WtfcRound.objects.create(
        organisation=org,
        name="Working together for change: this year's reviews",
        starts_on=today - dt.timedelta(days=365),
        ends_on=today + dt.timedelta(days=1),
        held_on=today - dt.timedelta(days=7),
    )
    themes = Theme.objects.bulk_create(
        Theme(round=round_, title=title, kind=kind, i_statement=statement,
              root_causes=causes, success_measures=measures, order=order)
        for order, (_key, title, kind, statement, causes, measures) in enumerate(texts.THEMES)
    )  # fmt: skip
    by_key = {key: theme for (key, *_rest), theme in zip(texts.THEMES, themes, strict=True)}
    through = Theme.points.through
    through.objects.bulk_create(
        [
            through(theme_id=by_key[key].pk, reviewpoint_id=point.pk)
            for point, key in zip(points, tagged, strict=True)
            if key in by_key and by_key[key].kind == point.kind
        ],
        batch_size=1000,
    )
    return len(themes)
