"""The demo's plans: a one-page profile (some with several versions, some overdue for review),
north star, dreams, strengths and interests, goals, a weekly routine, individual policies and
a PATH session for the person who signs in, for every person supported."""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from ownterms.core.models import Organisation
from ownterms.people.models import Person
from ownterms.plans.models import (
    Goal,
    PersonPlan,
    PlanningSession,
    Policy,
    PolicyVersion,
    ProfileVersion,
    RoutineActivity,
)
from ownterms.staff.models import ManagerAssignment
from ownterms.vocabulary.models import Skill, Tag, normalise

LONDON = ZoneInfo("Europe/London")

INTERESTS = [
    "Dancing",
    "Music",
    "Swimming",
    "Baking",
    "Football",
    "Gardening",
    "Animals",
    "Art",
    "Films",
    "Bowling",
    "Walking",
    "Trains",
    "Cooking",
    "Karaoke",
    "Photography",
    "Board games",
]
SKILLS = {
    "drive": "Driving with own car",
    "swim": "Swimming support (pool)",
    "epilepsy": "Epilepsy rescue medication",
}

APPRECIATED = [
    "{name} has a great sense of humour and makes everyone laugh.",
    "{name} always remembers people's birthdays.",
    "{name} is kind and looks out for friends.",
    "{name} is brilliant with animals.",
    "{name} knows every bus route in town.",
    "{name} makes the best cup of tea.",
    "{name} is honest and says what they think.",
    "{name} is a loyal friend.",
    "{name} has a wonderful singing voice.",
    "{name} is patient with children.",
]
IMPORTANT = [
    "Seeing my family every week",
    "My music, loud",
    "Having my own key",
    "Choosing my own clothes",
    "A lie-in at the weekend",
    "My phone charged at all times",
    "Going to the same café on Saturdays",
    "My cat",
    "Watching the football on a Saturday",
    "Time on my own in the evening",
    "Being on time",
    "My room kept the way I like it",
]
SUPPORT = [
    "Tell me what is happening next. Give me time to answer.",
    "Use short sentences and one question at a time.",
    "Show me pictures of where we are going.",
    "Don't rush me in the morning.",
    "Remind me gently about my tablets at 8 and 8.",
    "Stay calm and quiet if I get upset; offer a walk.",
    "Help me check my money before we go shopping.",
    "Knock and wait before coming into my room.",
    "I need someone with me near water: I have seizures.",
    "Let me do as much as I can myself, even when it takes longer.",
]
NORTH_STARS = [
    "A home of my own by the sea.",
    "A job I am proud of.",
    "To be part of my community and known by name.",
    "To travel and see new places.",
    "To have a close group of friends.",
    "To live with my partner.",
]
DREAMS = [
    "Work in a café",
    "Go to a music festival",
    "Learn to swim",
    "Have a dog",
    "Visit Blackpool",
    "Act in a play",
    "Grow my own vegetables",
    "Go on a plane",
    "Run a stall at the market",
]
STRENGTHS = [
    "Good with animals",
    "Remembers names and faces",
    "Great at puzzles",
    "Very organised",
    "Friendly to new people",
    "Strong and fit",
    "Creative and artistic",
    "Good cook",
]
GOALS = [
    "Get a volunteer job in a café",
    "Swim 10 lengths",
    "Take the bus to town on my own",
    "Join a choir",
    "Cook a meal for my family",
    "Go on holiday with friends",
    "Open my own bank account",
    "Grow tomatoes at the allotment",
    "Go to a football match",
    "Learn to use my phone for video calls",
    "Save up for a new television",
]
NEXT_STEPS = [
    "Visit the community café and ask about volunteering",
    "Book a taster session",
    "Practise the route with a worker twice",
    "Find out when rehearsals are",
    "Choose a recipe together",
    "Look at brochures with Mum",
    "Make an appointment at the bank",
    "Ask the allotment society about a plot",
]
#: name, place, day (0 = Monday), start, end, frequency, support, skill key, interest.
ACTIVITIES: list[tuple[str, str, int, time, time, str, str, str | None, str | None]] = [
    (
        "Dance class",
        "Community hall",
        0,
        time(10),
        time(12),
        "weekly",
        "Someone who likes dancing",
        None,
        "Dancing",
    ),
    (
        "Coffee morning",
        "St Mary's church",
        1,
        time(10, 30),
        time(12),
        "weekly",
        "",
        None,
        None,
    ),
    (
        "Exercise class",
        "Leisure centre",
        2,
        time(14),
        time(15),
        "weekly",
        "A worker who can drive",
        "drive",
        None,
    ),
    (
        "Swimming",
        "Leisure centre pool",
        3,
        time(11),
        time(12, 30),
        "weekly",
        "A worker trained to support in the pool",
        "swim",
        "Swimming",
    ),
    (
        "Allotment",
        "Green Lane allotments",
        5,
        time(9, 30),
        time(12),
        "weekly",
        "Someone who likes gardening",
        None,
        "Gardening",
    ),
    ("Choir", "Library", 4, time(18), time(19, 30), "weekly", "", None, "Music"),
    ("Bowling", "Tenpin, retail park", 4, time(19, 30), time(21), "fortnightly", "", "drive", None),
    ("Football club", "Park pitches", 6, time(10), time(11, 30), "weekly", "", None, "Football"),
    ("Art group", "Arts centre", 2, time(10), time(12), "weekly", "", None, "Art"),
    ("Cinema club", "Picture house", 6, time(15), time(17), "monthly", "", None, "Films"),
    ("Food shopping", "Supermarket", 1, time(14), time(15, 30), "weekly", "", "drive", None),
    ("Visit family", "Mum's house", 6, time(13), time(17), "weekly", "", "drive", None),
    ("Youth club disco", "Community centre", 3, time(19), time(21), "monthly", "", None, "Dancing"),
    ("Cooking group", "Community kitchen", 0, time(14), time(16), "weekly", "", None, "Cooking"),
]
POLICIES: list[tuple[str, str, str]] = [
    (
        Policy.Kind.MONEY,
        "Looking after my money",
        "I keep up to £{cash} in my purse. Receipts go in the blue folder and two workers "
        "check the balance every Sunday.",
    ),
    (
        Policy.Kind.MEDICATION,
        "My tablets",
        "I take my tablets at 8am and 8pm with food. Workers read the chart before giving "
        "them and never change a dose.",
    ),
    (
        Policy.Kind.VISITORS,
        "Visitors at home",
        "Friends are welcome until {hour}pm. I say who comes in. Workers don't bring visitors.",
    ),
    (
        Policy.Kind.POSITIVE_RISK,
        "Going to town on my own",
        "I take the bus to town on my own on weekdays. I carry my phone and ring when I "
        "arrive. We agreed this risk because it matters to me.",
    ),
    (
        Policy.Kind.RISK,
        "Near water",
        "Because of my seizures, a trained worker stays within arm's reach near water.",
    ),
]


def _moment(day: date, hour: int = 11) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=LONDON)


def _tags(org: Organisation) -> dict[str, Tag]:
    existing = {
        tag.key: tag
        for tag in Tag.objects.filter(
            organisation=org, kind=Tag.Kind.INTEREST, key__in=[normalise(i) for i in INTERESTS]
        )
    }
    missing = [
        Tag(organisation=org, kind=Tag.Kind.INTEREST, label=label, key=normalise(label))
        for label in INTERESTS
        if normalise(label) not in existing
    ]
    Tag.objects.bulk_create(missing)
    tags = Tag.objects.filter(
        organisation=org, kind=Tag.Kind.INTEREST, key__in=[normalise(i) for i in INTERESTS]
    )
    return {tag.key: tag for tag in tags}


def _skills(org: Organisation) -> dict[str, Skill]:
    keys = {key: normalise(name) for key, name in SKILLS.items()}
    existing = {s.key: s for s in Skill.objects.filter(organisation=org, key__in=keys.values())}
    Skill.objects.bulk_create(
        [
            Skill(organisation=org, name=name, key=keys[key])
            for key, name in SKILLS.items()
            if keys[key] not in existing
        ]
    )
    by_key = {s.key: s for s in Skill.objects.filter(organisation=org, key__in=keys.values())}
    return {key: by_key[keys[key]] for key in SKILLS}


def _overlaps(chosen: list[tuple[int, time, time, str]], day: int, start: time, end: time) -> bool:
    return any(d == day and s < end and start < e for d, s, e, _f in chosen)


def enrich_plans(org: Organisation, rng: random.Random, today: date) -> dict[str, int]:
    people = list(Person.objects.filter(organisation=org).order_by("pk"))
    if not people:
        return {}
    tags = _tags(org)
    skills = _skills(org)
    managers = {
        a.person_id: a.manager.name
        for a in ManagerAssignment.objects.filter(organisation=org).select_related("manager")
    }
    versions: list[ProfileVersion] = []
    version_times: list[datetime] = []
    plans: list[PersonPlan] = []
    plan_interests: list[list[Tag]] = []
    goals: list[Goal] = []
    activities: list[RoutineActivity] = []
    policies: list[Policy] = []
    policy_specs: list[list[tuple[str, str, str, date, datetime]]] = []
    for index, person in enumerate(people):
        name = person.called
        writer = managers.get(person.pk, "Service manager")
        # One-page profile: one to three versions; about one in five overdue for review.
        overdue = index % 5 == 2
        count = 1 + rng.randrange(3)
        written = today - timedelta(days=rng.randint(200, 500))
        important = rng.sample(IMPORTANT, 4)
        for number in range(1, count + 1):
            last = number == count
            review = (
                today - timedelta(days=rng.randint(1, 60))
                if last and overdue
                else written + timedelta(days=365)
            )
            if last and not overdue and review <= today:
                review = today + timedelta(days=rng.randint(20, 300))
            versions.append(
                ProfileVersion(
                    organisation=org,
                    person=person,
                    number=number,
                    appreciated=" ".join(
                        line.format(name=name) for line in rng.sample(APPRECIATED, 3)
                    ),
                    important="\n".join(important[: 2 + number]),
                    support="\n".join(rng.sample(SUPPORT, 3)),
                    review_on=review,
                    created_by_label=writer,
                )
            )
            version_times.append(_moment(written))
            written = min(today, written + timedelta(days=rng.randint(60, 200)))
        chosen_interests = rng.sample(INTERESTS, rng.randint(2, 5))
        plans.append(
            PersonPlan(
                organisation=org,
                person=person,
                north_star=rng.choice(NORTH_STARS),
                dreams="\n".join(rng.sample(DREAMS, 3)),
                strengths=". ".join(rng.sample(STRENGTHS, 3)) + ".",
            )
        )
        plan_interests.append([tags[normalise(label)] for label in chosen_interests])
        # Goals: two to four, in every state.
        for title in rng.sample(GOALS, rng.randint(2, 4)):
            status = rng.choice(
                [
                    Goal.Status.NOT_STARTED,
                    Goal.Status.IN_PROGRESS,
                    Goal.Status.IN_PROGRESS,
                    Goal.Status.ACHIEVED,
                    Goal.Status.STOPPED,
                ]
            )
            goals.append(
                Goal(
                    organisation=org,
                    person=person,
                    title=title,
                    owner=f"{name} with {writer.split()[0]}"
                    if rng.random() < 0.6
                    else f"{name} and family",
                    next_step="" if status == Goal.Status.ACHIEVED else rng.choice(NEXT_STEPS),
                    due_on=today + timedelta(days=rng.randint(-20, 200))
                    if status != Goal.Status.STOPPED
                    else None,
                    status=status,
                    achieved_on=today - timedelta(days=rng.randint(5, 120))
                    if status == Goal.Status.ACHIEVED
                    else None,
                )
            )
        # Routine: three to six activities without two weekly ones at the same time.
        chosen: list[tuple[int, time, time, str]] = []
        for spec in rng.sample(ACTIVITIES, len(ACTIVITIES)):
            if len(chosen) >= rng.randint(3, 6):
                break
            label, place, day, start, end, frequency, support, skill, interest = spec
            if _overlaps(chosen, day, start, end):
                continue
            chosen.append((day, start, end, frequency))
            activities.append(
                RoutineActivity(
                    organisation=org,
                    person=person,
                    name=label,
                    place=place,
                    day=day,
                    starts_at=start,
                    ends_at=end,
                    frequency=frequency,
                    since=today - timedelta(days=rng.randint(60, 2000)),
                    who_goes=rng.choice(["", "A friend from college", "Mum", "Housemate"]),
                    support_needed=support,
                    skill=skills[skill] if skill else None,
                    interest=tags[normalise(interest)] if interest else None,
                )
            )
        # Individual policies: two or three, some overdue, some with a second version.
        specs: list[tuple[str, str, str, date, datetime]] = []
        for kind, title, text in rng.sample(POLICIES, rng.randint(2, 3)):
            review = today + timedelta(days=rng.randint(-30, 300))
            body = text.format(cash=rng.choice([20, 30, 50]), hour=rng.choice([8, 9, 10]))
            specs.append((kind, title, body, review, _moment(today - timedelta(days=300))))
            policies.append(Policy(organisation=org, person=person, kind=kind))
        policy_specs.append(specs)

    ProfileVersion.objects.bulk_create(versions)
    for version, moment in zip(versions, version_times, strict=True):
        version.created_at = moment
    ProfileVersion.objects.bulk_update(versions, ["created_at"])
    PersonPlan.objects.bulk_create(plans)
    through = PersonPlan.interests.through
    through.objects.bulk_create(
        [
            through(personplan_id=plan.pk, tag_id=tag.pk)
            for plan, chosen_tags in zip(plans, plan_interests, strict=True)
            for tag in chosen_tags
        ]
    )
    Goal.objects.bulk_create(goals)
    RoutineActivity.objects.bulk_create(activities)
    Policy.objects.bulk_create(policies)
    policy_versions: list[PolicyVersion] = []
    flat_specs = [spec for specs in policy_specs for spec in specs]
    for policy, (_kind, title, text, review, _when) in zip(policies, flat_specs, strict=True):
        writer = managers.get(policy.person_id, "Service manager")
        policy_versions.append(
            PolicyVersion(
                organisation=org,
                policy=policy,
                number=1,
                title=title,
                text=text,
                owner=writer,
                review_on=review,
                created_by_label=writer,
            )
        )
        if rng.random() < 0.4:
            policy_versions.append(
                PolicyVersion(
                    organisation=org,
                    policy=policy,
                    number=2,
                    title=title,
                    text=text + " Reviewed with the person and their family; still right.",
                    owner=writer,
                    review_on=review,
                    created_by_label=writer,
                )
            )
    PolicyVersion.objects.bulk_create(policy_versions)

    first = people[0]
    first_name = first.called
    PlanningSession.objects.create(
        organisation=org,
        person=first,
        method=PlanningSession.Method.PATH,
        held_on=today - timedelta(days=45),
        participants=f"{first_name}, Mum, {managers.get(first.pk, 'the manager')}, "
        "two support workers, a friend from college",
        sections={
            "north_star": f"{first_name} lives in a flat by the sea and works in a café.",
            "goal": "In a year: volunteering two mornings a week; swimming 10 lengths.",
            "now": "Lives in a shared house; goes to college on Tuesdays; loves music.",
            "enrol": "Mum, the café owner, the swimming instructor, the college tutor.",
            "stronger": "Monthly catch-up with the circle; a photo diary of progress.",
            "actions": "Visit three cafés; book a swimming taster; make a CV with pictures.",
            "first_steps": "Worker: ring the community café by Friday. Mum: find swimsuit.",
        },
    )
    return {
        "profile_versions": len(versions),
        "goals": len(goals),
        "routine_activities": len(activities),
        "policies": len(policies),
        "policy_versions": len(policy_versions),
        "planning_sessions": 1,
    }
