"""Demo: behaviour support plans for the people with the most complex needs (psychotropic
medicines under STOMP review, autism or anxiety), with authorised restrictive practices, and
two months of incidents recorded as ABC: mostly closed, one open from yesterday, intensities
1 to 4, a few with a restrictive practice (one not authorised, no prone hold in the last week),
debriefs written in plain, objective words."""

from __future__ import annotations

import datetime as dt
import random
import zoneinfo
from datetime import date

from ownterms.core.models import Organisation
from ownterms.daily.models import (
    AuthorisedPractice,
    BehaviourSupportPlan,
    Incident,
    RestrictivePracticeEvent,
)
from ownterms.demo.incident_story import (
    AUTHORISED,
    UNAUTHORISED,
    how_it_ended,
    practice_in,
    save_practices,
    what_happened,
)
from ownterms.health.models import Condition, Medication
from ownterms.people.models import Person
from ownterms.staff.models import ManagerAssignment, StaffMember, TeamMembership

COMPLEX_CONDITIONS = ("Autism", "Anxiety")

PLANS = (
    {
        "hypotheses": (
            "{name} finds sudden changes, noise and waiting hard. Shouting and pushing "
            "furniture seem to be how {name} tells us something is too much, and they usually "
            "stop once the demand or the noise goes away."
        ),
        "green": (
            "Go through the day's picture plan at breakfast\n"
            "Give a five-minute and a one-minute warning before any change\n"
            "Quiet time in the bedroom after lunch\n"
            "Offer two choices, not open questions"
        ),
        "amber": (
            "Early signs: pacing, humming louder, covering ears\n"
            "Turn down the television and lower your voice\n"
            "Offer headphones, the garden or a walk\n"
            "Stop any request and give space"
        ),
        "red": (
            "Move other people away and give {name} space\n"
            "Stand at an angle, out of reach, and speak calmly\n"
            "Only if {name} is about to hit their head: two-person seated hold on the sofa, "
            "as authorised\n"
            "Ring the on-call manager once everyone is safe"
        ),
        "reduction_plan": (
            "Every hold is reviewed at the monthly team meeting. Aim: no holds over the next "
            "three months by using the amber strategies earlier. The PBS specialist reviews "
            "the plan each quarter."
        ),
    },
    {
        "hypotheses": (
            "{name} becomes distressed when in pain or unwell and cannot tell us. Biting their "
            "hand and throwing objects happen most in the evenings and after poor sleep."
        ),
        "green": (
            "Check for pain (teeth, ears, constipation) each morning with the pain chart\n"
            "Keep evenings calm: bath, music, then a film\n"
            "Sensory box available in the lounge"
        ),
        "amber": (
            "Early signs: rocking, pulling at clothes, refusing drinks\n"
            "Offer the sensory box or a drive\n"
            "Check the pain chart and offer when-needed paracetamol as prescribed"
        ),
        "red": (
            "Keep sharp and heavy items out of reach (kitchen knives are locked away)\n"
            "Give space and keep others safe\n"
            "Offer a cold flannel for {name}'s hand once calm"
        ),
        "reduction_plan": (
            "The locked knife drawer is reviewed every three months with {name}'s family; "
            "the aim is to unlock it when {name} has had no incidents in the kitchen for "
            "three months."
        ),
    },
)

PRACTICES = (
    (
        "physical",
        "Two-person seated hold on the sofa, for at most three minutes, only to stop a head "
        "injury.",
        "best_interests",
        "Best-interests meeting with family, GP and the PBS specialist",
    ),
    (
        "environmental",
        "Kitchen knives kept in a locked drawer; {name} is offered help to use them.",
        "best_interests",
        "Best-interests decision recorded by the community learning disability team",
    ),
)


def _people(org: Organisation) -> list[Person]:
    """The 3 or 4 people with the most complex needs: psychotropics, then autism or anxiety."""
    people = list(Person.objects.filter(organisation=org).order_by("pk"))
    psychotropic = set(
        Medication.objects.filter(organisation=org, is_psychotropic=True).values_list(
            "person_id", flat=True
        )
    )
    conditions: dict[int, int] = {}
    for person_id in Condition.objects.filter(
        organisation=org, name__in=COMPLEX_CONDITIONS
    ).values_list("person_id", flat=True):
        conditions[person_id] = conditions.get(person_id, 0) + 1
    ranked = sorted(
        people,
        key=lambda p: (-(2 * (p.pk in psychotropic) + conditions.get(p.pk, 0)), p.pk),
    )
    return [p for p in ranked if p.pk in psychotropic or conditions.get(p.pk)][:4] or ranked[:3]


def _at(day: date, hour: int, minute: int, zone: zoneinfo.ZoneInfo) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=zone)


def enrich_daily_behaviour(org: Organisation, rng: random.Random, today: date) -> dict[str, int]:
    zone = zoneinfo.ZoneInfo(org.time_zone or "Europe/London")
    people = _people(org)
    if not people:
        return {"behaviour_plans": 0, "incidents": 0, "restrictive_practices": 0}
    ids = [p.pk for p in people]
    teams: dict[int, list[StaffMember]] = {}
    for membership in (
        TeamMembership.objects.filter(person_id__in=ids, starts_on__lte=today - dt.timedelta(60))
        .exclude(ends_on__lte=today)
        .select_related("staff_member")
        .order_by("pk")
    ):
        teams.setdefault(membership.person_id, []).append(membership.staff_member)
    managers: dict[int, StaffMember] = {}
    for assignment in ManagerAssignment.objects.filter(person_id__in=ids).select_related("manager"):
        managers.setdefault(assignment.person_id, assignment.manager)

    plans: list[BehaviourSupportPlan] = []
    for index, person in enumerate(people):
        template = PLANS[index % len(PLANS)]
        manager = managers.get(person.pk)
        plans.append(
            BehaviourSupportPlan(
                organisation_id=org.pk,
                person=person,
                recorded_by_id=manager.user_id if manager else None,
                recorded_by_staff=manager,
                review_on=today + dt.timedelta(days=rng.randint(20, 150))
                if index
                else today - dt.timedelta(days=6),  # one review overdue, to be seen
                **{key: value.format(name=person.called) for key, value in template.items()},
            )
        )
    BehaviourSupportPlan.objects.bulk_create(plans)
    practices: list[AuthorisedPractice] = []
    for index, plan in enumerate(plans):
        kind, description, basis, detail = PRACTICES[index % len(PRACTICES)]
        practices.append(
            AuthorisedPractice(
                organisation_id=org.pk,
                plan=plan,
                kind=kind,
                description=description.format(name=plan.person.called),
                legal_basis=basis,
                legal_basis_detail=detail,
                # Before the year of incident history (enrich_incident_history).
                authorised_on=today - dt.timedelta(days=rng.randint(400, 700)),
                review_on=today + dt.timedelta(days=rng.randint(30, 120)),
            )
        )
    AuthorisedPractice.objects.bulk_create(practices)
    authorised = {p.plan.person_id: p for p in practices}

    # About 15 incidents over the last two months, spread across these people.
    incidents: list[Incident] = []
    days = [*sorted(rng.sample(range(2, 60), 14), reverse=True), 1]
    for number, days_ago in enumerate(days):
        person = people[number % len(people)]
        name = person.called
        team = teams.get(person.pk) or []
        writer = team[number % len(team)] if team else managers.get(person.pk)
        day = today - dt.timedelta(days=days_ago)
        starts = _at(day, rng.randint(9, 20), rng.choice((0, 10, 20, 30, 40, 50)), zone)
        minutes = rng.randint(3, 25)
        is_open = days_ago == 1
        row = Incident(
            organisation_id=org.pk,
            person=person,
            recorded_by_id=writer.user_id if writer else None,
            recorded_by_staff=writer,
            starts_at=starts,
            behaviour_minutes=minutes,
            status=Incident.Status.OPEN if is_open else Incident.Status.CLOSED,
            **what_happened(rng, name, number),
        )
        if not is_open:
            manager = managers.get(person.pk)
            row.ends_at = starts + dt.timedelta(minutes=minutes + rng.randint(5, 20))
            for field, value in how_it_ended(rng, name).items():
                setattr(row, field, value)
            row.injuries = (
                "None" if number % 5 else "Small graze on the worker's wrist; first aid given."
            )
            row.closed_at = row.ends_at + dt.timedelta(hours=rng.randint(2, 20))
            row.closed_by_id = manager.user_id if manager else None
        incidents.append(row)
    Incident.objects.bulk_create(incidents)

    # A few restrictive practices, in incidents older than a week: one was not authorised.
    events: list[RestrictivePracticeEvent] = []
    staffing: list[list[StaffMember]] = []
    older = [i for i in incidents if i.status == Incident.Status.CLOSED and (i.intensity or 0) >= 3]
    for number, incident in enumerate(older[:4]):
        practice = authorised.get(incident.person_id)
        unauthorised = number == 1 or practice is None
        name = incident.person.called
        if unauthorised:
            kind = "physical" if practice and practice.kind == "environmental" else "environmental"
            technique = UNAUTHORISED[kind].format(name=name)
        else:
            assert practice is not None
            kind = practice.kind
            technique = AUTHORISED[kind]
        events.append(
            practice_in(rng, incident, kind, technique, None if unauthorised else practice)
        )
        staffing.append((teams.get(incident.person_id) or [])[:2])
    save_practices(events, staffing)
    return {
        "behaviour_plans": len(plans),
        "incidents": len(incidents),
        "restrictive_practices": len(events),
    }
