"""The demo's staff records: skills, training (some expiring, some expired), contract details,
48-hour opt-outs, traits and interests, one-page profiles, and the skills each person's
support needs, so the team health view shows a single point of failure and a missing skill.

Deterministic from ``rng``. Tags and skills another area may already have added are reused
(one shared vocabulary), never duplicated.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Q

from ownterms.core.models import Organisation
from ownterms.demo import names
from ownterms.people.models import Person
from ownterms.staff.models import SkillNeed, StaffMember, TeamMembership, TrainingRecord
from ownterms.staff.services import add_months
from ownterms.vocabulary.models import Skill, Tag, normalise


@dataclass(frozen=True)
class DemoSkill:
    name: str
    renew_every_months: int | None
    #: The share of support workers trained in it.
    share: float


EPILEPSY = "Epilepsy rescue medication"
SIGN_LANGUAGE = "British Sign Language"
SKILLS = (
    DemoSkill(EPILEPSY, 12, 0.45),
    DemoSkill("Medication administration", 12, 0.95),
    DemoSkill("Moving and handling", 12, 0.9),
    DemoSkill("Positive behaviour support (PBS)", 24, 0.55),
    DemoSkill("First aid", 36, 0.85),
    DemoSkill("Safeguarding adults", 36, 0.95),
    DemoSkill("Driving with own car", None, 0.4),
    DemoSkill("Autism awareness", 36, 0.6),
    DemoSkill(SIGN_LANGUAGE, None, 0.04),
    DemoSkill("Makaton", None, 0.2),
    DemoSkill("PEG feeding", 12, 0.15),
    DemoSkill("Food hygiene", 36, 0.5),
)

#: Everyone is trained in these (and renews them).
MANDATORY = frozenset({"Safeguarding adults", "Medication administration", "First aid"})

INTERESTS = (
    "Swimming", "Baking", "Football", "Music", "Dancing", "Gardening", "Walking", "Cooking",
    "Art and crafts", "Cinema", "Board games", "Fishing", "Cycling", "Photography", "Karaoke",
    "Rugby league", "Animals", "Yoga", "Bowling", "Gaming",
)  # fmt: skip
TRAITS = (
    "Calm", "Active", "Talkative", "Quiet", "Patient", "Outgoing", "Organised", "Creative",
    "Gentle", "Good humoured", "Practical", "Reassuring",
)  # fmt: skip
LANGUAGES = ("Polish", "Urdu", "Punjabi", "Romanian", "Welsh", "Arabic", "Portuguese", "Tagalog")
#: Where staff live: the demo town's districts, where the people supported live too (most in
#: town, a few further out), so matching's travel reads sensibly. Kept at 19 entries so
#: ``rng.choice`` draws the same random numbers as before and nothing else in the demo moves.
DISTRICTS = (
    "PH1", "PH1", "PH1", "PH1", "PH1", "PH2", "PH2", "PH2", "PH2", "PH3", "PH3", "PH3", "PH3",
    "PH4", "PH4", "PH4", "PH7", "PH7", "PH8",
)  # fmt: skip
APPRECIATED = (
    "I'm patient and I listen.",
    "People say I make them laugh.",
    "I'm calm when things get busy.",
    "I notice the small things that matter.",
    "I'm reliable: if I say I'll be there, I will.",
    "I'm good at helping people try new things.",
)
IMPORTANT = (
    "My family and my two dogs.",
    "Playing five-a-side on Thursdays.",
    "My allotment and growing my own vegetables.",
    "Singing in a community choir.",
    "Being outdoors whatever the weather.",
    "Cooking food from where I grew up.",
)
HOW_I_WORK = (
    "I like to know the plan for the day, and I'm happy when it changes.",
    "I'd rather do things with you than for you.",
    "I like a chat, but I'll be quiet if you want quiet.",
    "I'll always ask before I help.",
    "I like being active: walks, swims and trips out.",
)


def _skills(org: Organisation) -> dict[str, Skill]:
    existing = {s.key: s for s in Skill.objects.filter(organisation=org)}
    missing = [
        Skill(
            organisation=org,
            name=s.name,
            key=normalise(s.name),
            renew_every_months=s.renew_every_months,
        )
        for s in SKILLS
        if normalise(s.name) not in existing
    ]
    Skill.objects.bulk_create(missing)
    by_key = {s.key: s for s in Skill.objects.filter(organisation=org)}
    return {s.name: by_key[normalise(s.name)] for s in SKILLS}


def _tags(org: Organisation, kind: str, labels: tuple[str, ...]) -> list[Tag]:
    existing = {t.key for t in Tag.objects.filter(organisation=org, kind=kind)}
    Tag.objects.bulk_create(
        Tag(organisation=org, kind=kind, label=label, key=normalise(label))
        for label in labels
        if normalise(label) not in existing
    )
    by_key = {t.key: t for t in Tag.objects.filter(organisation=org, kind=kind)}
    return [by_key[normalise(label)] for label in labels]


def _current_teams(org: Organisation, today: date) -> dict[int, list[int]]:
    teams: dict[int, list[int]] = {}
    rows = (
        TeamMembership.objects.filter(organisation=org, starts_on__lte=today)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gt=today))
        .order_by("person_id", "pk")
        .values_list("person_id", "staff_member_id")
    )
    for person_id, staff_id in rows:
        teams.setdefault(person_id, []).append(staff_id)
    return teams


def _training(
    rng: random.Random, org: Organisation, member: StaffMember, skill: Skill, today: date
) -> list[TrainingRecord]:
    """One current record (expired for some, expiring within 30 days for others), sometimes
    with the earlier record it renewed."""

    def record(completed: date, expires: date | None) -> TrainingRecord:
        return TrainingRecord(
            organisation=org,
            staff_member=member,
            skill=skill,
            completed_on=completed,
            expires_on=expires,
        )

    months = skill.renew_every_months
    if months is None:
        return [record(today - timedelta(days=rng.randint(30, 2500)), None)]
    roll = rng.random()
    if roll < 0.07:
        expires = today - timedelta(days=rng.randint(1, 150))
    elif roll < 0.15:
        expires = today + timedelta(days=rng.randint(1, 30))
    else:
        expires = today + timedelta(days=rng.randint(31, months * 30))
    completed = add_months(expires, -months)
    rows = [record(completed, expires)]
    if rng.random() < 0.3:
        rows.append(record(add_months(completed, -months), completed))
    return rows


def enrich_staff_record(org: Organisation, rng: random.Random, today: date) -> dict[str, int]:
    skills = _skills(org)
    interests = _tags(org, Tag.Kind.INTEREST, INTERESTS)
    traits = _tags(org, Tag.Kind.TRAIT, TRAITS)
    staff = list(StaffMember.objects.filter(organisation=org).order_by("pk"))
    people = list(Person.objects.filter(organisation=org).order_by("pk"))
    teams = _current_teams(org, today)
    workers = [m for m in staff if m.job_title != "Service manager"]

    # Skill needs first: the team health view needs some gaps to be worth showing.
    needs: list[SkillNeed] = []
    no_epilepsy: set[int] = set()
    no_sign_language: set[int] = set()
    single_holder: set[int] = set()
    for index, person in enumerate(people):
        team = teams.get(person.pk, [])
        wanted: list[tuple[str, str, str]] = [
            ("Medication administration", SkillNeed.Coverage.EVERY_SHIFT, ""),
        ]
        epileptic = index % 4 == 0 or rng.random() < 0.15
        if epileptic:
            wanted.append(
                (EPILEPSY, SkillNeed.Coverage.EVERY_SHIFT, "Buccal midazolam; carried on outings.")
            )
        if index == 0 and team:
            # A single point of failure: one member of the team is trained.
            single_holder.add(team[0])
            no_epilepsy.update(team[1:])
        if index % 3 == 1:
            wanted.append(("Driving with own car", SkillNeed.Coverage.SOME_SHIFTS, ""))
        if index % 5 == 2:
            wanted.append(("Positive behaviour support (PBS)", SkillNeed.Coverage.EVERY_SHIFT, ""))
        if index % 7 == 3:
            wanted.append(("Moving and handling", SkillNeed.Coverage.EVERY_SHIFT, "Hoist."))
        if (index == min(6, len(people) - 1) and index != 0) or len(people) == 1:
            # A missing skill: no one in this team signs yet.
            wanted.append(
                (SIGN_LANGUAGE, SkillNeed.Coverage.EVERY_SHIFT, "Signs BSL; lip-reads a little.")
            )
            no_sign_language.update(team)
        needs += [
            SkillNeed(
                organisation=org,
                person=person,
                skill=skills[name],
                coverage=coverage,
                note=note,
            )
            for name, coverage, note in wanted
        ]
    SkillNeed.objects.bulk_create(needs)

    records: list[TrainingRecord] = []
    links: list[object] = []
    through = StaffMember.tags.through
    for member in staff:
        is_worker = member in workers
        for demo in SKILLS:
            share = demo.share if is_worker else demo.share * 0.5
            if demo.name in MANDATORY:
                share = 1.0
            if demo.name == EPILEPSY and member.pk in single_holder:
                share = 1.0
            if demo.name == EPILEPSY and member.pk in no_epilepsy:
                share = 0.0
            if demo.name == SIGN_LANGUAGE and member.pk in no_sign_language:
                share = 0.0
            if rng.random() < share:
                skill = skills[demo.name]
                rows = _training(rng, org, member, skill, today)
                if member.pk in single_holder and demo.name == EPILEPSY:
                    rows = [r for r in rows if r.expires_on is None or r.expires_on > today]
                    if not rows:
                        rows = [
                            TrainingRecord(
                                organisation=org,
                                staff_member=member,
                                skill=skill,
                                completed_on=today - timedelta(days=60),
                                expires_on=add_months(today - timedelta(days=60), 12),
                            )
                        ]
                records += rows
        for tag in rng.sample(interests, rng.randint(2, 4)) + rng.sample(traits, rng.randint(1, 2)):
            links.append(through(staffmember_id=member.pk, tag_id=tag.pk))
        _details(rng, member, today, is_worker)
    TrainingRecord.objects.bulk_create(records)
    through.objects.bulk_create(links)  # type: ignore[arg-type]
    StaffMember.objects.bulk_update(
        staff,
        [
            "pay_band",
            "opt_out_signed_on",
            "opt_out_withdrawal_notice_on",
            "opt_out_notice_days",
            "other_employment_minutes_per_week",
            "gender",
            "languages",
            "home_area",
            "profile_appreciated",
            "profile_important",
            "profile_how_i_work",
        ],
        batch_size=500,
    )
    return {
        "skills": len(skills),
        "training_records": len(records),
        "staff_tags": len(links),
        "skill_needs": len(needs),
        "opt_outs": sum(m.opt_out_signed_on is not None for m in staff),
        "staff_profiles": sum(m.has_profile for m in staff),
    }


def _details(rng: random.Random, member: StaffMember, today: date, is_worker: bool) -> None:
    if not is_worker:
        member.pay_band = "Manager scale 2"
    elif member.job_title.startswith("Senior"):
        member.pay_band = "Band 3"
    else:
        member.pay_band = rng.choice(("Band 1", "Band 2", "Band 2"))
    if rng.random() < 0.07:
        member.opt_out_signed_on = max(
            member.starts_on, today - timedelta(days=rng.randint(30, 900))
        )
        if rng.random() < 0.25:
            member.opt_out_withdrawal_notice_on = today - timedelta(days=rng.randint(0, 10))
            member.opt_out_notice_days = rng.choice((7, 7, 28))
    if member.employment == StaffMember.Employment.BANK and rng.random() < 0.5:
        member.other_employment_minutes_per_week = rng.choice((8, 12, 16, 24)) * 60
    member.gender = names.likely_gender(member.first_name) if rng.random() < 0.9 else ""
    member.languages = "English"
    if rng.random() < 0.2:
        member.languages += ", " + rng.choice(LANGUAGES)
    member.home_area = rng.choice(DISTRICTS)
    if is_worker and rng.random() < 0.4:
        member.profile_appreciated = rng.choice(APPRECIATED)
        member.profile_important = rng.choice(IMPORTANT)
        member.profile_how_i_work = rng.choice(HOW_I_WORK)
