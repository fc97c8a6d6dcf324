"""The demo's referrals (issue 7): the partner who signs in holds a current referrer grant;
about two years of decided referrals from several sources, and three open ones.

- Five accepted referrals are the records of five demo people (the person's names, date of
  birth, home and first package are what the referral said), all supported now, so the "how
  accepted packages fared" report has data (their first-year incidents are added by
  ``enrich_incident_history``, which runs after this enricher). One was accepted although the app
  recommended declining, with the reason on record.
- Three were declined with clear reasons: capacity at the growth guardrail, no team for waking
  nights in a far-off district, too few hours for safe support with time to develop. One was
  withdrawn.
- Open: one just received from the partner, one being assessed (two components rated, a
  draft pattern), one with every component rated waiting for the manager's decision.

Deterministic from ``rng``; the ORM directly (the services are not needed to seed).
"""

from __future__ import annotations

import datetime as dt
import random
import zoneinfo
from dataclasses import dataclass, field

from ownterms.accounts.demo import DEMO_SIGN_INS
from ownterms.accounts.models import Role, User
from ownterms.core.models import Organisation
from ownterms.people.models import CommissionedPackage, Person
from ownterms.referrals.models import (
    Component,
    ComponentAssessment,
    Decision,
    DraftBlock,
    Outcome,
    Rating,
    Referral,
    ReferralContact,
    ReferrerGrant,
    Source,
    Status,
    StatusChange,
)
from ownterms.referrals.recommendation import recommend
from ownterms.staff.models import StaffMember

AGENCY = "Porthaven Council adult social care"
#: Who refers from each source: (role, agency, email), so each referral's letter is addressed
#: to someone plausible.
REFERRERS: dict[str, tuple[str, str, str]] = {
    Source.COUNCIL: ("Social worker", AGENCY, "referrals@porthaven-council.example"),
    Source.NHS_DISCHARGE: (
        "Discharge coordinator",
        "Harbourside NHS Trust",
        "discharge@harbourside-nhs.example",
    ),
    Source.NHS_COMMUNITY: (
        "Community nurse",
        "Harbourside community learning disability team",
        "cldt@harbourside-nhs.example",
    ),
    Source.PROVIDER: ("Service manager", "Tamarside Living", "office@tamarside.example"),
    Source.FAMILY: ("Parent", "Family", "family@example.org"),
}
EVIDENCE = {
    Component.HOURS: "The draft pattern uses the commissioned hours, with two days a week for "
    "new skills and the community; the rates cover our pay and sleep-in costs.",
    Component.CLARITY: "{name} told us clearly what a good week looks like; the plan is "
    "achievable with the hours.",
    Component.FAMILY: "We met the family twice; they share {name}'s wish for a home of their "
    "own and agreed how we will work together.",
    Component.RECRUITABILITY: "Two current staff have spare hours within three miles; similar "
    "vacancies nearby filled in a median of six weeks.",
    Component.CAPACITY: "We are under our growth guardrail for the year, and the manager who "
    "would hold it has room in their caseload.",
}
NOT_MET = {
    Component.CAPACITY: "We started with five new people in the last 12 months: the stop level "
    "of our growth guardrail. Taking another now would stretch every team.",
    Component.RECRUITABILITY: "Seven waking nights a week in PH8: no current staff live within "
    "reach, and our last two night vacancies out there stayed open for five months.",
    Component.HOURS: "28 hours a week leave no time beyond personal care and meals: not enough "
    "for safe support with time to learn new skills and be part of the community.",
    Component.FAMILY: "The family and the person want different things and we have not yet "
    "found a way to work together.",
}
PARTLY = {
    Component.FAMILY: "The family is keen but worried about the move; they asked for regular "
    "meetings while it settles.",
    Component.RECRUITABILITY: "Staff nearby have spare hours on paper, but most want to stay "
    "with the people they support now: one could move over and we would recruit the rest, "
    "for weekends above all.",
}


@dataclass
class Plan:
    """One demo referral, as it will be made."""

    source: str
    status: str
    received_days_ago: int
    first_name: str
    last_name: str
    ratings: dict[str, str] = field(default_factory=dict)
    outcome: str = ""
    reasons: str = ""
    conditions: str = ""
    decline_reasons: list[str] = field(default_factory=list)
    differs_because: str = ""
    person: Person | None = None
    package: CommissionedPackage | None = None
    postcode: str = "PH2 4TT"
    waking_nights: int = 0
    day_hours: int = 42
    closed_note: str = ""
    by_partner: bool = False


def _user(email: str) -> User | None:
    return User.objects.filter(email=email).first()


def _first_packages(org: Organisation) -> dict[int, CommissionedPackage]:
    first: dict[int, CommissionedPackage] = {}
    for package in CommissionedPackage.objects.filter(organisation=org).order_by("starts_on"):
        first.setdefault(package.person_id, package)
    return first


def _plans(org: Organisation, today: dt.date) -> list[Plan]:
    packages = _first_packages(org)
    people = {p.pk: p for p in Person.objects.filter(organisation=org, status="active")}
    # The people whose support started longest ago but within about two years.
    recent = sorted(
        (pkg for pid, pkg in packages.items() if pid in people),
        key=lambda pkg: (today - pkg.starts_on).days,
    )
    chosen = [pkg for pkg in recent if 400 <= (today - pkg.starts_on).days <= 700][:5]
    if len(chosen) < 5:
        chosen = recent[: min(5, len(recent))]
    sources = (
        Source.COUNCIL,
        Source.NHS_DISCHARGE,
        Source.NHS_COMMUNITY,
        Source.COUNCIL,
        Source.FAMILY,
    )
    plans: list[Plan] = []
    for index, package in enumerate(chosen):
        person = people[package.person_id]
        plan = Plan(
            source=sources[index % len(sources)],
            status=Status.ACTIVE,
            received_days_ago=(today - package.starts_on).days + 75 - index * 7,
            first_name=person.first_name,
            last_name=person.last_name,
            outcome=Outcome.ACCEPT,
            reasons="Every part of the package is in place: the hours leave time to develop, "
            "a team can be built nearby and we have room to start well.",
            person=person,
            package=package,
            postcode=person.postcode,
            by_partner=index == 0,
        )
        if index == 2:
            plan.ratings = {Component.FAMILY: Rating.PARTLY}
            plan.outcome = Outcome.ACCEPT_WITH_CONDITIONS
            plan.conditions = (
                "A meeting with the family every fortnight for the first three months.\n"
                "A written agreement on how we share news and decisions."
            )
        if index == 4:
            plan.ratings = {Component.FAMILY: Rating.NOT_MET}
            plan.outcome = Outcome.ACCEPT_WITH_CONDITIONS
            plan.conditions = "A trial partnership agreement with the family, reviewed at 8 weeks."
            plan.differs_because = (
                "After the rating the family asked to try a written partnership agreement; "
                "the person wants to move and the rest of the package is strong."
            )
        plans.append(plan)
    plans += [
        Plan(
            source=Source.PROVIDER,
            status=Status.DECLINED,
            received_days_ago=130,
            first_name="Rory",
            last_name="Penhale",
            ratings={Component.CAPACITY: Rating.NOT_MET},
            outcome=Outcome.DECLINE,
            reasons="We are not the best provider for Rory at the moment because we have "
            "already started with five new people this year, the limit we set ourselves so "
            "that every new package starts well. We would be glad to look again in the spring.",
            decline_reasons=["capacity"],
        ),
        Plan(
            source=Source.COUNCIL,
            status=Status.DECLINED,
            received_days_ago=260,
            first_name="Megan",
            last_name="Trewin",
            ratings={Component.RECRUITABILITY: Rating.NOT_MET},
            outcome=Outcome.DECLINE,
            reasons="We are not the best provider for Megan because we could not build a team "
            "for seven waking nights a week in PH8: none of our staff live within reach and "
            "night vacancies out there have stayed open for months. A provider based nearer "
            "would serve Megan better.",
            decline_reasons=["recruitability"],
            postcode="PH8 2QA",
            waking_nights=7,
            by_partner=True,
        ),
        Plan(
            source=Source.COUNCIL,
            status=Status.DECLINED,
            received_days_ago=420,
            first_name="Owen",
            last_name="Carthew",
            ratings={Component.HOURS: Rating.NOT_MET, Component.CLARITY: Rating.PARTLY},
            outcome=Outcome.DECLINE,
            reasons="We are not the best provider for Owen with 28 hours a week: the hours "
            "would cover personal care and meals but leave no time for Owen to learn new skills "
            "or be part of the community. If the hours are reviewed we would gladly look again.",
            decline_reasons=["hours"],
            day_hours=28,
        ),
        Plan(
            source=Source.FAMILY,
            status=Status.WITHDRAWN,
            received_days_ago=200,
            first_name="Tegen",
            last_name="Rowe",
            ratings={Component.HOURS: Rating.MET},
            closed_note="The family found a place nearer to Tegen's college.",
        ),
        Plan(
            source=Source.COUNCIL,
            status=Status.RECEIVED,
            received_days_ago=2,
            first_name="Kit",
            last_name="Polglase",
            by_partner=True,
        ),
        Plan(
            source=Source.NHS_DISCHARGE,
            status=Status.ASSESSMENT,
            received_days_ago=16,
            first_name="Jenna",
            last_name="Hocking",
            ratings={Component.HOURS: Rating.MET, Component.CLARITY: Rating.PARTLY},
        ),
        Plan(
            source=Source.COUNCIL,
            status=Status.DECISION,
            received_days_ago=27,
            first_name="Aaron",
            last_name="Nance",
            ratings={
                **dict.fromkeys(Component, Rating.MET),
                Component.RECRUITABILITY: Rating.PARTLY,
            },
            by_partner=True,
        ),
    ]
    return plans


def _at(today: dt.date, days_ago: int, hour: int, zone: zoneinfo.ZoneInfo) -> dt.datetime:
    return dt.datetime.combine(today - dt.timedelta(days=days_ago), dt.time(hour), tzinfo=zone)


def enrich_referrals(org: Organisation, rng: random.Random, today: dt.date) -> dict[str, int]:
    zone = zoneinfo.ZoneInfo(org.time_zone or "Europe/London")
    manager = _user(DEMO_SIGN_INS[Role.MANAGER])
    partner = _user(DEMO_SIGN_INS[Role.PARTNER])
    manager_staff = StaffMember.objects.filter(user=manager).first() if manager else None
    grant = None
    if partner is not None:
        grant = ReferrerGrant.objects.create(
            organisation=org,
            user=partner,
            agency=AGENCY,
            source=Source.COUNCIL,
            starts_on=today - dt.timedelta(days=400),
            ends_on=today + dt.timedelta(days=365),
            created_by=manager,
        )
    counts = {"referrals": 0, "referral_decisions": 0}
    plans = sorted(_plans(org, today), key=lambda plan: -plan.received_days_ago)
    numbers: dict[int, int] = {}
    for plan in plans:
        received = _at(today, plan.received_days_ago, 10, zone)
        year = received.year
        numbers[year] = numbers.get(year, 0) + 1
        referral = _referral(org, plan, received, f"R-{year}-{numbers[year]:03d}", rng)
        referral.grant = grant if plan.by_partner else None
        referral.submitted_by = partner if plan.by_partner else None
        referral.contact = manager
        referral.proposed_manager = manager_staff
        referral.save()
        counts["referrals"] += 1
        _contacts(referral, rng)
        _blocks(referral, plan)
        changes = _history(referral, plan, received, manager, partner, today, zone)
        referral.status_changed_at = changes[-1].at
        referral.save(update_fields=["status_changed_at", "grant", "submitted_by"])
        _assess(referral, plan, manager, received, zone)
        if plan.outcome:
            _decide(referral, plan, manager, changes)
            counts["referral_decisions"] += 1
    return counts


def _referral(
    org: Organisation, plan: Plan, received: dt.datetime, reference: str, rng: random.Random
) -> Referral:
    person, package = plan.person, plan.package
    day_minutes = package.day_minutes if package else plan.day_hours * 60
    return Referral(
        organisation=org,
        reference=reference,
        status=plan.status,
        source=plan.source,
        referrer_name=rng.choice(("Sam Jory", "Ellen Vosper", "Nita Rao", "Hugh Kitto"))
        if plan.source != Source.FAMILY
        else f"{rng.choice(('Jan', 'Lowenna', 'Sue', 'Pat'))} {plan.last_name}",
        referrer_role=REFERRERS[plan.source][0],
        referrer_agency=REFERRERS[plan.source][1],
        referrer_email=REFERRERS[plan.source][2],
        first_name=plan.first_name,
        last_name=plan.last_name,
        date_of_birth=person.date_of_birth if person else dt.date(1995, 6, 14),
        communication_summary=person.communication_summary if person else "",
        communication_formats=list(person.communication_formats) if person else ["easy_read"],
        consent_to_share=True,
        consent_given_by="person",
        home=person.home if person else Person.Home.OWN_TENANCY,
        town=person.town if person and person.town else "Porthaven",
        postcode=plan.postcode,
        day_minutes=day_minutes,
        two_to_one_minutes=package.two_to_one_minutes if package else 0,
        waking_night_minutes=plan.waking_nights * 9 * 60
        if not package
        else package.waking_night_minutes,
        sleep_in_nights=(package.sleep_in_nights if package else (0 if plan.waking_nights else 7)),
        day_rate_pence=2380,
        two_to_one_rate_pence=4760,
        waking_night_rate_pence=2520,
        sleep_in_rate_pence=10500,
        funder_name=package.funder_name if package else AGENCY,
        funder_kind="council",
        funding_kind="isf",
        start_wanted=(package.starts_on if package else received.date() + dt.timedelta(days=90)),
        what_they_want=f"{plan.first_name} wants a home of their own, to see friends every "
        "week and to find volunteering or paid work.",
        key_needs="Support with cooking, money and appointments; reassurance when plans change.",
        risks="Can become very anxious in crowded places.",
        family_and_circle="Close to their mum and a cousin, who visit weekly.",
        closed_note=plan.closed_note,
        received_at=received,
        status_changed_at=received,
        person=person,
    )


def _contacts(referral: Referral, rng: random.Random) -> None:
    ReferralContact.objects.bulk_create(
        [
            ReferralContact(
                referral=referral,
                name=f"{rng.choice(('Jan', 'Lowenna', 'Sue', 'Pat'))} {referral.last_name}",
                kind="family",
                relationship="Mum",
                phone="07700 900 321",
            ),
            ReferralContact(
                referral=referral, name="Dr Ellis", kind="professional", relationship="GP"
            ),
        ]
    )


def _blocks(referral: Referral, plan: Plan) -> None:
    """A draft pattern that uses the commissioned week: the day hours spread over seven days
    (ending by 10pm), any 2:1 at the weekend, the nights as referred; the Tuesday and Thursday
    days and the 2:1 are time for new skills and the community."""
    if plan.status == Status.RECEIVED:
        return
    per_day = referral.day_minutes // 7 // 30 * 30
    spare = (referral.day_minutes - per_day * 7) // 30
    two_to_one = referral.two_to_one_minutes
    nights = referral.waking_night_minutes // (9 * 60)
    rows: list[DraftBlock] = []
    for day in range(7):
        minutes = per_day + (30 if day < spare else 0)
        start = min(9 * 60, 22 * 60 - minutes)
        paired = min(two_to_one, minutes) if day >= 5 else 0
        two_to_one -= paired
        if paired:
            rows.append(
                DraftBlock(
                    referral=referral,
                    weekday=day,
                    start_minute=start,
                    end_minute=start + paired,
                    kind="day",
                    headcount=2,
                    activity="Swimming and the climbing wall",
                    developmental=True,
                )
            )
        if minutes > paired:
            rows.append(
                DraftBlock(
                    referral=referral,
                    weekday=day,
                    start_minute=start + paired,
                    end_minute=start + minutes,
                    kind="day",
                    activity="College and the library"
                    if day in (1, 3)
                    else "Cooking and the shops",
                    developmental=day in (1, 3),
                )
            )
        night = (
            "waking_night" if day < nights else "sleep_in" if day < referral.sleep_in_nights else ""
        )
        if night:
            rows.append(
                DraftBlock(
                    referral=referral,
                    weekday=day,
                    start_minute=22 * 60,
                    end_minute=31 * 60,
                    kind=night,
                    developmental=False,
                )
            )
    DraftBlock.objects.bulk_create(rows)


def _history(
    referral: Referral,
    plan: Plan,
    received: dt.datetime,
    manager: User | None,
    partner: User | None,
    today: dt.date,
    zone: zoneinfo.ZoneInfo,
) -> list[StatusChange]:
    paths: dict[str, list[str]] = {
        Status.RECEIVED: [Status.RECEIVED],
        Status.ASSESSMENT: [Status.RECEIVED, Status.ASSESSMENT],
        Status.DECISION: [Status.RECEIVED, Status.ASSESSMENT, Status.DECISION],
        Status.DECLINED: [Status.RECEIVED, Status.ASSESSMENT, Status.DECISION, Status.DECLINED],
        Status.WITHDRAWN: [Status.RECEIVED, Status.ASSESSMENT, Status.WITHDRAWN],
        Status.ACTIVE: [
            Status.RECEIVED,
            Status.ASSESSMENT,
            Status.DECISION,
            Status.TRANSITION,
            Status.ACTIVE,
        ],
    }
    path = paths[plan.status]
    # Each step some days on (assessment within a week, the decision two to seven weeks after
    # receiving: not every referral alike); an active one becomes active on its package's start.
    spread = len(plan.first_name) * 3 + len(plan.last_name) * 2
    gaps = [0, 2 + spread % 5, 12 + spread % 19]
    gaps.append(gaps[2] + 3 + spread % 13)
    rows: list[StatusChange] = []
    previous = ""
    for step, status in enumerate(path):
        if status == Status.ACTIVE and plan.package is not None:
            at = dt.datetime.combine(plan.package.starts_on, dt.time(9), tzinfo=zone)
        else:
            at = received + dt.timedelta(days=gaps[min(step, len(gaps) - 1)] + step)
        at = min(at, dt.datetime.combine(today, dt.time(8), tzinfo=zone))
        rows.append(
            StatusChange(
                referral=referral,
                from_status=previous,
                to_status=status,
                at=at,
                by=partner if status == Status.RECEIVED and plan.by_partner else manager,
                note=plan.closed_note if status == Status.WITHDRAWN else "",
            )
        )
        previous = status
    return StatusChange.objects.bulk_create(rows)


def _assess(
    referral: Referral,
    plan: Plan,
    manager: User | None,
    received: dt.datetime,
    zone: zoneinfo.ZoneInfo,
) -> None:
    if not plan.ratings and plan.status in (Status.RECEIVED,):
        return
    ratings = plan.ratings
    if plan.outcome or plan.status == Status.DECISION:
        ratings = dict.fromkeys(Component, Rating.MET) | plan.ratings
    name = referral.called
    rows = []
    for component, rating in ratings.items():
        if rating == Rating.NOT_MET:
            evidence = NOT_MET[Component(component)]
        elif rating == Rating.PARTLY and component in PARTLY:
            evidence = PARTLY[Component(component)]
        elif rating == Rating.PARTLY:
            evidence = f"{name} is still deciding what matters most; we agreed to meet again."
        else:
            evidence = EVIDENCE[Component(component)].format(name=name, h=8, n=2)
        rows.append(
            ComponentAssessment(
                referral=referral,
                component=component,
                rating=rating,
                evidence=evidence,
                assessed_by=manager,
                assessed_by_label=manager.display_name if manager else "Manager",
                assessed_at=received + dt.timedelta(days=10),
            )
        )
    ComponentAssessment.objects.bulk_create(rows)


def _decide(
    referral: Referral, plan: Plan, manager: User | None, changes: list[StatusChange]
) -> None:
    ratings = dict.fromkeys(Component, Rating.MET) | plan.ratings
    recommended = recommend(ratings).outcome
    assert recommended is not None
    decided = next(
        (c.at for c in changes if c.to_status in (Status.TRANSITION, Status.DECLINED)),
        changes[-1].at,
    )
    Decision.objects.create(
        referral=referral,
        recommended=recommended,
        outcome=plan.outcome,
        differs_because=plan.differs_because,
        conditions=plan.conditions,
        reasons=plan.reasons,
        decline_reasons=plan.decline_reasons,
        decided_by=manager,
        decided_by_label=manager.display_name if manager else "Manager",
        decided_at=decided,
    )
