"""The demo's recruitment (issue 6): vacancies built from people's real wishes, about forty
applicants at every stage whose matches visibly make sense, and the training route for people
new to care with two cohorts.

- Four people have an open vacancy (the person who signs in among them, with the family member
  who signs in as a decider); one vacancy waits for its person's approval; two were filled in
  the past by trainees from the finished cohort (full stage history, so time to hire has
  figures; each hire is a staff member in the person's team).
- Wanted interests come from the person's routine (swimming on Thursdays → "Swimming") and
  their plan's interests; traits and skills from a small profile of what suits them. Questions
  on the advert come from the routine ("Would you enjoy swimming with me on Thursdays?").
- For each open vacancy two applicants clearly suit (shared interests and the wanted trait,
  same postcode district, enough hours, they drive when driving is needed) and one has the
  trait the person avoids; the rest are spread. Postcodes are in the demo's town (Porthaven,
  PH1 to PH4, a few further out) with synthetic centroids in ``PostcodeCentroid``.

Deterministic from ``rng``; the ORM directly, in bulk (the recruitment services are not needed
to seed). Returns counts for the summary.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from ownterms.accounts.demo import DEMO_EMAIL_DOMAIN
from ownterms.accounts.models import Role
from ownterms.core import setting_keys
from ownterms.core.models import Organisation
from ownterms.core.selectors import setting
from ownterms.demo import names
from ownterms.people.models import CircleMember, Person
from ownterms.plans.models import PersonPlan, RoutineActivity
from ownterms.recruitment.models import (
    STAGE_ORDER,
    Applicant,
    Application,
    Attendance,
    Check,
    Cohort,
    CohortSession,
    Meeting,
    PostcodeCentroid,
    Question,
    Source,
    Stage,
    StageChange,
    Trainee,
    Vacancy,
    VacancyStatus,
    Veto,
)
from ownterms.staff.models import ManagerAssignment, StaffMember, TeamMembership
from ownterms.vocabulary.models import Skill, Tag, normalise

LONDON = ZoneInfo("Europe/London")

#: Synthetic centres of the demo town's postcode districts (a fictional seaside town).
DISTRICT_CENTRES: dict[str, tuple[float, float]] = {
    "PH1": (50.3520, -4.4510),
    "PH2": (50.3700, -4.4200),
    "PH3": (50.3380, -4.4020),
    "PH4": (50.3790, -4.4890),
    # Further out: a bus ride or two away.
    "PH7": (50.5400, -4.2100),
    "PH8": (50.2600, -4.0500),
}
TOWN_DISTRICTS = ("PH1", "PH2", "PH3", "PH4")
LETTERS = "ABDEFGHJLNPQRSTUWXYZ"

#: What suits someone (wanted traits) and what grates (avoided), by the kind of person.
PROFILES: tuple[tuple[tuple[str, ...], tuple[str, ...], str], ...] = (
    (("Calm", "Patient"), ("Talkative",), "someone calm who gives me time to answer"),
    (("Active", "Outgoing"), ("Quiet",), "someone active who likes being out and about"),
    (("Gentle", "Reassuring"), ("Talkative",), "someone gentle who keeps things quiet"),
    (("Good humoured", "Practical"), (), "someone who makes me laugh and gets things done"),
)
ALL_TRAITS = (
    "Calm", "Active", "Talkative", "Quiet", "Patient", "Outgoing", "Organised", "Creative",
    "Gentle", "Good humoured", "Practical", "Reassuring",
)  # fmt: skip
EXTRA_INTERESTS = ("Cooking", "Music", "Walking", "Football", "Gardening", "Films", "Baking")
DAY_NAMES = ("Mondays", "Tuesdays", "Wednesdays", "Thursdays", "Fridays", "Saturdays", "Sundays")
PATTERNS = (
    ("Tuesdays and Thursdays 9:00 to 15:00, and one weekend in three", 20 * 60),
    ("Weekday mornings 8:00 to 12:00", 20 * 60),
    ("Monday, Wednesday and Friday 10:00 to 16:00", 18 * 60),
    ("Three long days a week, 9:00 to 19:00, including Saturdays", 30 * 60),
    ("Evenings and weekends, about 16 hours a week", 16 * 60),
)
AVAILABILITY = (
    "Weekdays, any time",
    "Mornings, and some weekends",
    "School hours, Monday to Friday",
    "Evenings and weekends",
    "Flexible: I'm free most days",
)
SOURCES_SPREAD = (
    Source.WEBSITE,
    Source.JOB_BOARD,
    Source.JOB_BOARD,
    Source.SOCIAL_MEDIA,
    Source.WORD_OF_MOUTH,
    Source.OTHER,
    "",
)
REJECTIONS = {
    Stage.APPLIED: "Could only work two hours a week; the role needs twenty.",
    Stage.SCREENED: "Lives too far away to get to the early starts without a car.",
    Stage.INTERVIEW: "Didn't seem interested in the person's routine at interview.",
}
YES_WORDS = (
    "She made me laugh. Yes.",
    "He likes swimming like me. I want him.",
    "Yes please. She listened to me.",
    "Thumbs up, and a big smile when we said her name (family wrote this down).",
)
UNSURE_WORDS = "I'd like to meet her again at the café before I say."
NO_WORDS = "He talked all the way through. Not for me."


@dataclass
class Wish:
    """What one person wants, drawn from their routine and plan."""

    person: Person
    interests: list[Tag]
    traits: list[Tag]
    avoided: list[Tag]
    skills: list[Skill]
    words: str
    activities: list[RoutineActivity]
    district: str


def _approval_words(wish: Wish) -> str:
    """What the person said when they approved their advert (about what they love)."""
    if not wish.interests:
        return "Yes, that's me."
    return f"Yes, that's me. Put the {wish.interests[0].label.lower()} first."


@dataclass
class Plan:
    """One applicant to seed: who they are and where their application gets to."""

    applicant: Applicant
    tags: list[Tag]
    skills: list[Skill]
    vacancy: Vacancy
    stage: str
    ended_at: str = ""
    reason: str = ""
    considered_from: Plan | None = None
    veto: str = ""
    #: The day this application was made (the applicant's first by default).
    since: dt.date | None = None
    #: For a start: the existing team membership the hire became (a recent joiner's).
    hired: TeamMembership | None = None

    @property
    def created(self) -> dt.date:
        if self.since is not None:
            return self.since
        consented = self.applicant.consent_given_at
        assert consented is not None
        return consented.date()


def _at(day: dt.date, hour: int = 10, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=LONDON)


def _tags(org: Organisation, kind: str, labels: tuple[str, ...]) -> dict[str, Tag]:
    """The organisation's tags of ``kind`` by label, adding any of ``labels`` missing."""
    existing = {t.key: t for t in Tag.objects.filter(organisation=org, kind=kind)}
    Tag.objects.bulk_create(
        Tag(organisation=org, kind=kind, label=label, key=normalise(label))
        for label in labels
        if normalise(label) not in existing
    )
    return {t.label: t for t in Tag.objects.filter(organisation=org, kind=kind)}


def _skill(org: Organisation, name: str) -> Skill:
    found = Skill.objects.filter(organisation=org, key=normalise(name)).first()
    return found or Skill.objects.create(organisation=org, name=name)


def _postcode(rng: random.Random, district: str) -> str:
    return f"{district} {rng.randint(1, 9)}{rng.choice(LETTERS)}{rng.choice(LETTERS)}"


def _district(postcode: str) -> str:
    return postcode.split()[0] if postcode else ""


def _centroid(rng: random.Random, postcode: str) -> PostcodeCentroid:
    district = _district(postcode)
    lat, lon = DISTRICT_CENTRES.get(district, DISTRICT_CENTRES["PH1"])
    return PostcodeCentroid(
        postcode=postcode,
        district=district,
        latitude=round(lat + rng.uniform(-0.006, 0.006), 5),
        longitude=round(lon + rng.uniform(-0.009, 0.009), 5),
    )


def _wishes(
    org: Organisation, people: list[Person], rng: random.Random, traits: dict[str, Tag]
) -> list[Wish]:
    interests = _tags(org, Tag.Kind.INTEREST, EXTRA_INTERESTS)
    by_person: dict[int, list[RoutineActivity]] = defaultdict(list)
    for activity in (
        RoutineActivity.objects.filter(person__in=people)
        .select_related("interest", "skill")
        .order_by("person_id", "day", "starts_at", "pk")
    ):
        by_person[activity.person_id].append(activity)
    plan_interests: dict[int, list[int]] = defaultdict(list)
    through = PersonPlan.interests.through
    for person_id, tag_id in through.objects.filter(personplan__person__in=people).values_list(
        "personplan__person_id", "tag_id"
    ):
        plan_interests[person_id].append(tag_id)
    tag_by_pk = {t.pk: t for t in Tag.objects.filter(organisation=org, kind=Tag.Kind.INTEREST)}
    wishes = []
    for index, person in enumerate(people):
        routine = by_person.get(person.pk, [])
        wanted: list[Tag] = []
        for activity in routine:
            if activity.interest is not None and activity.interest not in wanted:
                wanted.append(activity.interest)
        for pk in plan_interests.get(person.pk, []):
            tag = tag_by_pk.get(pk)
            if tag is not None and tag not in wanted:
                wanted.append(tag)
        if not wanted:
            wanted.append(interests[rng.choice(EXTRA_INTERESTS)])
        skills = []
        for activity in routine:
            if activity.skill is not None and activity.skill not in skills:
                skills.append(activity.skill)
        trait_names, avoided_names, words = PROFILES[index % len(PROFILES)]
        loves = " and ".join(t.label.lower() for t in wanted[:2])
        wishes.append(
            Wish(
                person=person,
                interests=wanted[:3],
                traits=[traits[name] for name in trait_names],
                avoided=[traits[name] for name in avoided_names],
                skills=skills[:2],
                words=f"I love {loves}. I want {words}.",
                activities=[a for a in routine if a.interest is not None][:2] or routine[:1],
                district=_district(person.postcode) or TOWN_DISTRICTS[index % 4],
            )
        )
    return wishes


def _questions(wish: Wish, vacancy: Vacancy) -> list[Question]:
    questions = [
        Question(
            vacancy=vacancy,
            text=f"Would you enjoy {a.name.lower()} with me on {DAY_NAMES[a.day]}?",
            order=n,
        )
        for n, a in enumerate(wish.activities, start=1)
    ]
    if wish.traits:
        questions.append(
            Question(
                vacancy=vacancy,
                text=f"Would people who know you call you {wish.traits[0].label.lower()}?",
                order=len(questions) + 1,
            )
        )
    return questions


def _about(tags: list[Tag], rng: random.Random) -> str:
    traits = [t.label.lower() for t in tags if t.kind == Tag.Kind.TRAIT]
    interests = [t.label.lower() for t in tags if t.kind == Tag.Kind.INTEREST]
    parts = []
    if traits:
        parts.append(f"People say I'm {' and '.join(traits[:2])}.")
    if interests:
        parts.append(f"I love {' and '.join(interests[:2])}.")
    if "talkative" in traits:
        parts.append("I could talk for England, and I'm proud of it!")
    parts.append(
        rng.choice(
            [
                "I looked after my gran for years and want to do it properly now.",
                "I've worked in shops and cafés and I'm good with people.",
                "I'm new to care but I'm a quick learner.",
                "I've been a support worker for three years.",
            ]
        )
    )
    return " ".join(parts)


#: Days from a filled vacancy opening to its worker starting (the STARTED path's steps).
HIRE_DAYS = 48


def _recent_joiners(
    org: Organisation, people: list[Person], rng: random.Random, today: dt.date
) -> list[TeamMembership]:
    """Two support workers who joined a team two to eleven months ago (preferably their first
    day with us), in different people's teams: the demo's hires from the training route."""
    found = list(
        TeamMembership.objects.filter(
            organisation=org,
            ends_on__isnull=True,
            starts_on__gte=today - dt.timedelta(days=330),
            starts_on__lte=today - dt.timedelta(days=60),
            staff_member__user__role_grants__role=Role.SUPPORT_WORKER,
        )
        .exclude(person=people[0])
        .exclude(staff_member__user__email=f"support@{DEMO_EMAIL_DOMAIN}")
        .select_related("staff_member", "person")
        .distinct()
        .order_by("starts_on", "pk")
    )
    fresh = [m for m in found if m.starts_on == m.staff_member.starts_on]
    pool = fresh if len({m.person_id for m in fresh}) >= 2 else found
    rng.shuffle(pool)
    chosen: list[TeamMembership] = []
    for membership in pool:
        if membership.person_id in {m.person_id for m in chosen} or membership.staff_member_id in {
            m.staff_member_id for m in chosen
        }:
            continue
        chosen.append(membership)
        if len(chosen) == 2:
            break
    return chosen


def enrich_recruitment(org: Organisation, rng: random.Random, today: dt.date) -> dict[str, int]:
    people = list(Person.objects.filter(organisation=org).order_by("pk"))
    if len(people) < 7:
        return {}
    traits = _tags(org, Tag.Kind.TRAIT, ALL_TRAITS)
    interests = _tags(org, Tag.Kind.INTEREST, EXTRA_INTERESTS)
    driving = _skill(org, "Driving with own car")
    joiners = _recent_joiners(org, people, rng, today)
    filled_people = [m.person for m in joiners]
    others = rng.sample([p for p in people[1:] if p not in filled_people], 4)
    chosen = [people[0], *others, *filled_people]
    wishes = _wishes(org, chosen, rng, traits)
    managers = {
        a.person_id: a.manager
        for a in ManagerAssignment.objects.filter(person__in=chosen).select_related("manager")
    }
    family: dict[int, CircleMember] = {}
    for member in CircleMember.objects.filter(
        person__in=chosen, kind=CircleMember.Kind.FAMILY
    ).order_by("-user_id", "pk"):
        family.setdefault(member.person_id, member)

    # Vacancies: four open, one waiting for approval, two filled in the past ------------------
    kinds = [VacancyStatus.OPEN] * 4 + [VacancyStatus.AWAITING_APPROVAL]
    kinds += [VacancyStatus.FILLED] * len(joiners)
    # A hire's application takes HIRE_DAYS from the vacancy opening to the start.
    opened_ago = [45, 30, 21, 12, 0]
    opened_ago += [(today - m.starts_on).days + HIRE_DAYS for m in joiners]
    joiner_kind = {m.person_id: m.kind for m in joiners}
    vacancies: list[Vacancy] = []
    for n, (wish, status) in enumerate(zip(wishes, kinds, strict=True)):
        person = wish.person
        pattern, minutes = PATTERNS[n % len(PATTERNS)]
        approved = status != VacancyStatus.AWAITING_APPROVAL
        opened = today - dt.timedelta(days=opened_ago[n]) if approved else None
        vacancies.append(
            Vacancy(
                organisation=org,
                person=person,
                status=status,
                kind=joiner_kind.get(person.pk, Vacancy.Kind.CORE),
                minutes_per_week=0 if joiner_kind.get(person.pk) == "relief" else minutes,
                pattern_text="As and when: cover for holidays and sickness"
                if joiner_kind.get(person.pk) == "relief"
                else pattern,
                area=wish.district,
                personal_care=[
                    Vacancy.PersonalCare.WOMAN,
                    Vacancy.PersonalCare.NONE,
                    Vacancy.PersonalCare.NOT_NEEDED,
                    Vacancy.PersonalCare.MAN,
                ][n % 4],
                voice=Vacancy.Voice.PERSON if n % 3 else Vacancy.Voice.THIRD,
                in_my_words=wish.words,
                approved_by=person.user if approved and person.user_id else None,
                # As the service labels an answer a manager records on the person's behalf.
                approved_by_label=f"{person.called}, recorded by {managers[person.pk].name}"
                if approved and person.pk in managers
                else "",
                approved_at=_at(opened - dt.timedelta(days=2)) if opened else None,
                approval_words=_approval_words(wish) if approved else "",
                opened_at=_at(opened, 9) if opened else None,
            )
        )
    Vacancy.objects.bulk_create(vacancies)
    created_at = [
        _at((v.opened_at.date() if v.opened_at else today) - dt.timedelta(days=5))
        for v in vacancies
    ]
    for vacancy, moment in zip(vacancies, created_at, strict=True):
        vacancy.created_at = moment
    Vacancy.objects.bulk_update(vacancies, ["created_at"])
    wanted_through = Vacancy.wanted_tags.through
    avoided_through = Vacancy.avoided_tags.through
    skills_through = Vacancy.skills.through
    deciders_through = Vacancy.deciders.through
    wanted_through.objects.bulk_create(
        wanted_through(vacancy_id=v.pk, tag_id=t.pk)
        for v, w in zip(vacancies, wishes, strict=True)
        for t in [*w.interests, *w.traits]
    )
    avoided_through.objects.bulk_create(
        avoided_through(vacancy_id=v.pk, tag_id=t.pk)
        for v, w in zip(vacancies, wishes, strict=True)
        for t in w.avoided
    )
    skills_through.objects.bulk_create(
        skills_through(vacancy_id=v.pk, skill_id=s.pk)
        for v, w in zip(vacancies, wishes, strict=True)
        for s in w.skills
    )
    deciders_through.objects.bulk_create(
        deciders_through(vacancy_id=v.pk, circlemember_id=family[v.person_id].pk)
        for v in vacancies
        if v.person_id in family
    )
    questions = [q for v, w in zip(vacancies, wishes, strict=True) for q in _questions(w, v)]
    Question.objects.bulk_create(questions)
    questions_of: dict[int, list[Question]] = defaultdict(list)
    for question in questions:
        questions_of[question.vacancy_id].append(question)

    # Postcodes: the people's, and the applicants' below (synthetic centres) ---------------
    centroids = {p.postcode: _centroid(rng, p.postcode) for p in chosen if p.postcode}

    # Applicants -------------------------------------------------------------------------
    used_names: set[tuple[str, str]] = set()
    plans: list[Plan] = []

    retention = dt.timedelta(days=setting(org, setting_keys.RETENTION_DAYS, today))

    def applicant(
        tags: list[Tag],
        *,
        district: str,
        minutes: int,
        drives: bool,
        source: str,
        new_to_care: bool = False,
        created: dt.date,
        name: tuple[str, str] | None = None,
    ) -> Applicant:
        if name is None:
            name = (rng.choice(names.FIRST_NAMES), rng.choice(names.LAST_NAMES))
            while name in used_names:
                name = (rng.choice(names.FIRST_NAMES), rng.choice(names.LAST_NAMES))
        used_names.add(name)
        first, last = name
        postcode = _postcode(rng, district)
        while postcode in centroids and district not in TOWN_DISTRICTS:
            postcode = _postcode(rng, district)
        centroid = centroids.setdefault(postcode, _centroid(rng, postcode))
        email = f"{first}.{last}.{len(used_names)}@example.org".lower().replace("'", "")
        return Applicant(
            organisation=org,
            first_name=first,
            last_name=last,
            email=email,
            email_key=email,
            phone=f"07700 900{len(used_names):03d}",
            postcode=postcode,
            home_area=district,
            latitude=centroid.latitude,
            longitude=centroid.longitude,
            about_me=_about(tags, rng),
            available_minutes_per_week=minutes,
            availability=rng.choice(AVAILABILITY),
            drives=drives,
            new_to_care=new_to_care,
            gender=names.likely_gender(first) if rng.random() < 0.9 else "",
            source=source,
            consent_given_at=_at(created, 20),
            keep_until=created + retention,
        )

    def created_after(vacancy: Vacancy, low: int, high: int) -> dt.date:
        assert vacancy.opened_at is not None
        start = vacancy.opened_at.date()
        return min(today, start + dt.timedelta(days=rng.randint(low, high)))

    open_pairs = [
        (v, w) for v, w in zip(vacancies, wishes, strict=True) if v.status == VacancyStatus.OPEN
    ]
    strong_stages = [
        (Stage.OFFER, Stage.MEETING),
        (Stage.CHECKS, Stage.INTERVIEW),
        (Stage.MEETING, Stage.SCREENED),
        (Stage.INTERVIEW, Stage.APPLIED),
    ]
    for (vacancy, wish), stages in zip(open_pairs, strong_stages, strict=True):
        needs_car = driving in wish.skills
        for stage in stages:
            tags = [*wish.interests[:2], wish.traits[0], rng.choice(list(interests.values()))]
            plans.append(
                Plan(
                    applicant=applicant(
                        tags,
                        district=wish.district,
                        minutes=vacancy.minutes_per_week + rng.choice([0, 120, 240]),
                        drives=needs_car or rng.random() < 0.5,
                        source=rng.choice([Source.WEBSITE, Source.WORD_OF_MOUTH]),
                        created=created_after(vacancy, 1, 6),
                    ),
                    tags=tags,
                    skills=[s for s in wish.skills if s != driving]
                    + ([driving] if needs_car else []),
                    vacancy=vacancy,
                    stage=stage,
                )
            )
        # Someone with the trait the person avoids (or far away when nothing is avoided).
        avoided = wish.avoided[0] if wish.avoided else traits["Organised"]
        tags = [wish.interests[0], avoided, traits["Outgoing"]]
        plans.append(
            Plan(
                applicant=applicant(
                    tags,
                    district="PH7" if not wish.avoided else rng.choice(TOWN_DISTRICTS),
                    minutes=vacancy.minutes_per_week,
                    drives=True,
                    source=Source.JOB_BOARD,
                    created=created_after(vacancy, 1, 4),
                ),
                tags=tags,
                skills=[],
                vacancy=vacancy,
                stage=Stage.REJECTED,
                ended_at=Stage.MEETING,
                reason="The person met him and said no: too chatty for them."
                if wish.avoided
                else "The person met him and said no: he lives too far away to be there on time.",
                veto=NO_WORDS if wish.avoided else "",
            )
        )
    # The second avoided-trait applicant is vetoed too, after the interview.
    # Two vetoes: one after the second-stage meeting, one (by the family) after the interview.
    vetoed = [p for p in plans if p.veto]
    vetoed[1].ended_at = Stage.INTERVIEW
    vetoed[1].reason = "Talked over the manager's questions about quiet mornings."
    vetoed[1].veto = "My mum says he is too loud for me."
    for p in vetoed[2:]:
        p.veto = ""

    # The spread: every stage, rejections with reasons, one withdrawn -------------------------
    spread = [
        (Stage.APPLIED, "", ""),
        (Stage.APPLIED, "", ""),
        (Stage.APPLIED, "", ""),
        (Stage.APPLIED, "", ""),
        (Stage.APPLIED, "", ""),
        (Stage.SCREENED, "", ""),
        (Stage.SCREENED, "", ""),
        (Stage.SCREENED, "", ""),
        (Stage.INTERVIEW, "", ""),
        (Stage.INTERVIEW, "", ""),
        (Stage.MEETING, "", ""),
        (Stage.APPLIED, "", ""),
        (Stage.APPLIED, "", ""),
        (Stage.SCREENED, "", ""),
        (Stage.REJECTED, Stage.APPLIED, "Wants office work, not support work."),
        (Stage.REJECTED, Stage.APPLIED, REJECTIONS[Stage.APPLIED]),
        (Stage.REJECTED, Stage.APPLIED, "Applied for a nursing post; we don't have one."),
        (Stage.REJECTED, Stage.SCREENED, REJECTIONS[Stage.SCREENED]),
        (Stage.REJECTED, Stage.SCREENED, "No right to work in the UK yet: we'll keep in touch."),
        (Stage.REJECTED, Stage.INTERVIEW, REJECTIONS[Stage.INTERVIEW]),
        (Stage.REJECTED, Stage.CHECKS, "The second reference raised concerns we could not clear."),
        (Stage.WITHDRAWN, Stage.INTERVIEW, "Took a job nearer home."),
        (Stage.REJECTED, Stage.MEETING, "The person chose someone else for this team."),
    ]
    trait_list = list(traits.values())
    interest_list = list(interests.values())
    for n, (stage, ended_at, reason) in enumerate(spread):
        vacancy, _wish = open_pairs[n % len(open_pairs)]
        tags = [*rng.sample(interest_list, 2), rng.choice(trait_list)]
        plans.append(
            Plan(
                applicant=applicant(
                    tags,
                    district=rng.choice([*TOWN_DISTRICTS, "PH7", "PH8"]),
                    minutes=rng.choice([8, 16, 20, 24, 37]) * 60,
                    drives=rng.random() < 0.45,
                    source=SOURCES_SPREAD[n % len(SOURCES_SPREAD)],
                    new_to_care=rng.random() < 0.3,
                    created=created_after(vacancy, 0, 10),
                ),
                tags=tags,
                skills=[driving] if rng.random() < 0.4 else [],
                vacancy=vacancy,
                stage=stage,
                ended_at=ended_at,
                reason=reason,
            )
        )
    # Not chosen for one person, considered for another without applying again.
    chosen_elsewhere = plans[-1]
    other_vacancy = next(v for v, _w in open_pairs if v != chosen_elsewhere.vacancy)
    plans.append(
        Plan(
            applicant=chosen_elsewhere.applicant,
            tags=[],
            skills=[],
            vacancy=other_vacancy,
            stage=Stage.SCREENED,
            considered_from=chosen_elsewhere,
            since=max(chosen_elsewhere.created, today - dt.timedelta(days=3)),
        )
    )

    # The training route: trainees who applied -----------------------------------------------
    filled = [v for v in vacancies if v.status == VacancyStatus.FILLED]
    filled_wishes = [w for v, w in zip(vacancies, wishes, strict=True) if v in filled]
    trainee_plans: list[tuple[Plan, str]] = []
    for vacancy, wish, joiner in zip(filled, filled_wishes, joiners, strict=True):
        tags = [*wish.interests[:2], wish.traits[0]]
        worker = joiner.staff_member
        plans.append(
            Plan(
                applicant=applicant(
                    tags,
                    district=wish.district,
                    minutes=max(vacancy.minutes_per_week, 16 * 60),
                    drives=True,
                    source=Source.TRAINING_ROUTE,
                    new_to_care=True,
                    created=created_after(vacancy, 4, 4),
                    name=(worker.first_name, worker.last_name),
                ),
                tags=tags,
                skills=[driving],
                vacancy=vacancy,
                stage=Stage.STARTED,
                hired=joiner,
            )
        )
        trainee_plans.append((plans[-1], Trainee.Status.COMPLETED))
    for stage, ended_at, trainee_status in [
        (Stage.CHECKS, "", Trainee.Status.COMPLETED),
        (Stage.REJECTED, Stage.INTERVIEW, Trainee.Status.COMPLETED),
        (Stage.SCREENED, "", Trainee.Status.ENROLLED),
    ]:
        vacancy, wish = open_pairs[len(trainee_plans) % len(open_pairs)]
        tags = [wish.interests[0], rng.choice(trait_list)]
        plans.append(
            Plan(
                applicant=applicant(
                    tags,
                    district=rng.choice(TOWN_DISTRICTS),
                    minutes=20 * 60,
                    drives=rng.random() < 0.5,
                    source=Source.TRAINING_ROUTE,
                    new_to_care=True,
                    created=created_after(vacancy, 0, 5),
                ),
                tags=tags,
                skills=[],
                vacancy=vacancy,
                stage=stage,
                ended_at=ended_at,
                reason="Not ready for lone working yet: asked to apply again in spring."
                if ended_at
                else "",
            )
        )
        trainee_plans.append((plans[-1], trainee_status))

    # Save the applicants and their tags --------------------------------------------------
    applicants = list({id(p.applicant): p.applicant for p in plans}.values())
    Applicant.objects.bulk_create(applicants)
    first_plan: dict[int, Plan] = {}
    for p in plans:
        first_plan.setdefault(id(p.applicant), p)
    for a in applicants:
        a.created_at = _at(first_plan[id(a)].created, 20)
    Applicant.objects.bulk_update(applicants, ["created_at"])
    tags_through = Applicant.tags.through
    tags_through.objects.bulk_create(
        tags_through(applicant_id=p.applicant.pk, tag_id=t.pk)
        for p in plans
        if p.tags
        for t in dict.fromkeys(p.tags)
    )
    applicant_skills = Applicant.skills.through
    applicant_skills.objects.bulk_create(
        applicant_skills(applicant_id=p.applicant.pk, skill_id=s.pk)
        for p in plans
        if p.skills
        for s in dict.fromkeys(p.skills)
    )
    PostcodeCentroid.objects.bulk_create(centroids.values(), ignore_conflicts=True)

    # Applications and their history -------------------------------------------------------
    return _applications(org, rng, today, plans, trainee_plans, questions_of, managers, family)


def _path(stage: str, ended_at: str) -> list[str]:
    """The stages an application went through, in order, ending where it is now."""
    last = ended_at if stage in (Stage.REJECTED, Stage.WITHDRAWN) else stage
    steps = [s.value for s in STAGE_ORDER[: STAGE_ORDER.index(Stage(last)) + 1]]
    if stage in (Stage.REJECTED, Stage.WITHDRAWN):
        steps.append(stage)
    return steps


def _applications(
    org: Organisation,
    rng: random.Random,
    today: dt.date,
    plans: list[Plan],
    trainee_plans: list[tuple[Plan, str]],
    questions_of: dict[int, list[Question]],
    managers: dict[int, StaffMember],
    family: dict[int, CircleMember],
) -> dict[str, int]:
    applications: list[Application] = []
    for p in plans:
        answers = {
            str(q.public_id): {
                "answer": rng.choice(["yes", "yes", "yes", "not_sure", "no"]),
                "comment": rng.choice(
                    ["", "I'd love that.", "Happy to learn.", "As long as I know the plan."]
                ),
            }
            for q in questions_of.get(p.vacancy.pk, [])
        }
        applications.append(
            Application(
                organisation=org,
                applicant=p.applicant,
                vacancy=p.vacancy,
                stage=p.stage,
                answers=answers,
                ended_at_stage=p.ended_at,
                rejection_reason=p.reason,
                offered_minutes_per_week=(p.vacancy.minutes_per_week or 16 * 60)
                if p.stage in (Stage.OFFER, Stage.STARTED)
                else None,
            )
        )
    Application.objects.bulk_create(applications)
    by_plan = {id(p): a for p, a in zip(plans, applications, strict=True)}
    for p, application in zip(plans, applications, strict=True):
        if p.considered_from is not None:
            application.considered_from = by_plan[id(p.considered_from)]

    # Stage history: a step every few days from the day they applied ------------------------
    changes: list[StageChange] = []
    meetings: list[Meeting] = []
    meeting_interviewers: list[tuple[Meeting, StaffMember]] = []
    meeting_family: list[tuple[Meeting, CircleMember]] = []
    checks: list[Check] = []
    hires: list[tuple[Application, dt.date]] = []
    for p, application in zip(plans, applications, strict=True):
        vacancy = p.vacancy
        steps = [Stage.SCREENED.value] if p.considered_from else _path(p.stage, p.ended_at)
        day = p.created
        gap = min(6, max(1, (today - day).days // (len(steps) + 1)))
        if p.stage == Stage.STARTED:
            assert vacancy.opened_at is not None
            day, gap = vacancy.opened_at.date() + dt.timedelta(days=4), 5
        manager = managers.get(vacancy.person_id)
        by_label = manager.name if manager else "Recruitment team"
        rejected_at = p.ended_at if p.stage == Stage.REJECTED else ""
        previous = ""
        for step in steps:
            if step in (Stage.REJECTED, Stage.WITHDRAWN):
                note = p.reason
            elif p.considered_from is not None:
                note = "Considered for this person after not being chosen for another."
            else:
                note = ""
            changes.append(
                StageChange(
                    application=application,
                    from_stage=previous,
                    to_stage=step,
                    note=note,
                    by_label=by_label,
                    at=_at(min(day, today), 11),
                )
            )
            held = min(day + dt.timedelta(days=2), today)
            if step == Stage.INTERVIEW:
                if Stage.MEETING in steps:
                    decision = Meeting.Decision.YES
                elif rejected_at == Stage.INTERVIEW:
                    decision = Meeting.Decision.NO
                else:
                    decision = Meeting.Decision.UNSURE
                interview = Meeting(
                    application=application,
                    stage=Stage.INTERVIEW,
                    held_on=held,
                    decision=decision,
                    notes="Talked through the person's week and what matters to them.",
                )
                meetings.append(interview)
                if manager is not None:
                    meeting_interviewers.append((interview, manager))
            # A second-stage meeting, except for some still waiting for theirs.
            if step == Stage.MEETING and not (p.stage == Stage.MEETING and rng.random() < 0.3):
                if p.veto and rejected_at == Stage.MEETING:
                    decision, words = Meeting.Decision.NO, p.veto
                elif Stage.CHECKS in steps:
                    decision, words = Meeting.Decision.YES, rng.choice(YES_WORDS)
                elif rejected_at == Stage.MEETING:
                    decision = Meeting.Decision.NO
                    words = "I liked her, but I liked the other one more."
                else:
                    decision, words = Meeting.Decision.UNSURE, UNSURE_WORDS
                second = Meeting(
                    application=application,
                    stage=Stage.MEETING,
                    held_on=held,
                    person_attended=True,
                    decision=decision,
                    decision_words=words,
                    notes="Met at the person's favourite café, with a manager.",
                )
                meetings.append(second)
                relative = family.get(vacancy.person_id)
                if relative is not None:
                    meeting_family.append((second, relative))
            if step == Stage.CHECKS:
                done = Stage.OFFER in steps
                failed_reference = rejected_at == Stage.CHECKS
                for kind in Check.Kind.values:
                    cleared = None
                    if (
                        done
                        or kind in (Check.Kind.IDENTITY, Check.Kind.RIGHT_TO_WORK)
                        or (kind == Check.Kind.REFERENCE_1 and rng.random() < 0.7)
                    ):
                        cleared = min(day + dt.timedelta(days=rng.randint(1, 10)), today)
                    failed = failed_reference and kind == Check.Kind.REFERENCE_2
                    checks.append(
                        Check(
                            application=application,
                            kind=kind,
                            requested_on=day,
                            cleared_on=None if failed else cleared,
                            failed=failed,
                            note="The reference raised concerns." if failed else "",
                        )
                    )
                if done:
                    day += dt.timedelta(days=14)
            if step == Stage.STARTED and p.hired is not None:
                changes[-1].at = _at(p.hired.starts_on, 9)
                application.staff_member = p.hired.staff_member
                application.starts_on = p.hired.starts_on
                hires.append((application, p.hired.starts_on))
            previous = step
            day += dt.timedelta(days=gap)
        if p.stage == Stage.OFFER:
            application.starts_on = today + dt.timedelta(days=14)
    # ``at`` is set on saving (auto_now_add): put the history's own moments back.
    moments = [change.at for change in changes]
    StageChange.objects.bulk_create(changes)
    for change, moment in zip(changes, moments, strict=True):
        change.at = moment
    StageChange.objects.bulk_update(changes, ["at"])
    Meeting.objects.bulk_create(meetings)
    Meeting.interviewers.through.objects.bulk_create(
        Meeting.interviewers.through(meeting_id=m.pk, staffmember_id=s.pk)
        for m, s in meeting_interviewers
    )
    Meeting.family.through.objects.bulk_create(
        Meeting.family.through(meeting_id=m.pk, circlemember_id=c.pk) for m, c in meeting_family
    )
    Check.objects.bulk_create(checks)
    for p, application in zip(plans, applications, strict=True):
        application.created_at = _at(p.created, 20)
    Application.objects.bulk_update(
        applications, ["created_at", "considered_from", "starts_on", "staff_member"]
    )
    for vacancy in {a.vacancy.pk: a.vacancy for a, _day in hires}.values():
        started = next(day for a, day in hires if a.vacancy_id == vacancy.pk)
        vacancy.filled_at = _at(started, 9)
    Vacancy.objects.bulk_update([a.vacancy for a, _d in hires], ["filled_at"])
    vetoes = [
        Veto(vacancy=p.vacancy, applicant=p.applicant, reason=p.veto) for p in plans if p.veto
    ]
    Veto.objects.bulk_create(vetoes)
    opened = [
        p.vacancy.opened_at.date()
        for p in plans
        if p.stage == Stage.STARTED and p.vacancy.opened_at is not None
    ]
    finished_by = min(opened, default=today - dt.timedelta(days=150)) - dt.timedelta(days=7)
    counts = _cohorts(org, rng, today, trainee_plans, finished_by)
    return {
        "vacancies": Vacancy.objects.filter(organisation=org).count(),
        "applicants": len({id(p.applicant) for p in plans}),
        "applications": len(applications),
        "stage_changes": len(changes),
        "meetings": len(meetings),
        "checks": len(checks),
        "vetoes": len(vetoes),
        "hires": len(hires),
        **counts,
    }


TOPICS = (
    "What good support looks like",
    "Rights, choice and consent",
    "Safeguarding adults",
    "Communication: Makaton and pictures",
    "First aid and staying safe",
    "Shadowing a support worker",
)


def _cohorts(
    org: Organisation,
    rng: random.Random,
    today: dt.date,
    trainee_plans: list[tuple[Plan, str]],
    finished_by: dt.date,
) -> dict[str, int]:
    mentors = list(
        StaffMember.objects.filter(organisation=org, job_title="Senior support worker").order_by(
            "pk"
        )[:2]
    ) or list(StaffMember.objects.filter(organisation=org).order_by("pk")[:2])
    finished = Cohort(
        organisation=org,
        name="Autumn route",
        starts_on=finished_by - dt.timedelta(days=35),
        ends_on=finished_by,
        place="Porthaven library, community room",
        mentor=mentors[0] if mentors else None,
    )
    running = Cohort(
        organisation=org,
        name="Spring route",
        starts_on=today - dt.timedelta(days=18),
        ends_on=today + dt.timedelta(days=24),
        place="Harbour Lane office, training room",
        mentor=mentors[-1] if mentors else None,
    )
    Cohort.objects.bulk_create([finished, running])
    sessions: list[CohortSession] = []
    for cohort in (finished, running):
        for n, topic in enumerate(TOPICS):
            sessions.append(
                CohortSession(
                    cohort=cohort, on=cohort.starts_on + dt.timedelta(days=7 * n), topic=topic
                )
            )
    CohortSession.objects.bulk_create(sessions)
    trainees: list[Trainee] = []
    linked = list(trainee_plans)
    used = {(p.applicant.first_name, p.applicant.last_name) for p, _s in linked}

    def trainee(cohort: Cohort, status: str, plan: Plan | None = None) -> Trainee:
        if plan is not None:
            first, last, email = (
                plan.applicant.first_name,
                plan.applicant.last_name,
                plan.applicant.email,
            )
        else:
            first, last = rng.choice(names.FIRST_NAMES), rng.choice(names.LAST_NAMES)
            while (first, last) in used:
                first, last = rng.choice(names.FIRST_NAMES), rng.choice(names.LAST_NAMES)
            email = f"{first}.{last}.route@example.org".lower().replace("'", "")
        used.add((first, last))
        return Trainee(
            organisation=org,
            cohort=cohort,
            first_name=first,
            last_name=last,
            email=email,
            status=status,
            informed_on=cohort.starts_on - dt.timedelta(days=rng.randint(10, 40)),
            applicant=plan.applicant if plan is not None else None,
        )

    # The finished cohort: the trainees who applied (two went into jobs), two more who
    # completed, one who left, two who were told but never joined.
    for plan, status in linked:
        cohort = running if status == Trainee.Status.ENROLLED else finished
        trainees.append(trainee(cohort, status, plan))
    for status in (
        Trainee.Status.COMPLETED,
        Trainee.Status.COMPLETED,
        Trainee.Status.LEFT,
        Trainee.Status.INFORMED,
        Trainee.Status.INFORMED,
    ):
        trainees.append(trainee(finished, status))
    for status in [Trainee.Status.ENROLLED] * 5 + [Trainee.Status.INFORMED]:
        trainees.append(trainee(running, status))
    Trainee.objects.bulk_create(trainees)
    attendance: list[Attendance] = []
    for session in sessions:
        if session.on > today:
            continue
        for t in trainees:
            if t.cohort_id != session.cohort_id or t.status == Trainee.Status.INFORMED:
                continue
            if (
                t.status == Trainee.Status.LEFT
                and session.on > session.cohort.starts_on + dt.timedelta(days=14)
            ):
                continue
            attendance.append(Attendance(session=session, trainee=t, present=rng.random() < 0.88))
    Attendance.objects.bulk_create(attendance)
    return {
        "cohorts": 2,
        "cohort_sessions": len(sessions),
        "trainees": len(trainees),
        "attendance_marks": len(attendance),
    }
