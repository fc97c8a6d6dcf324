"""Demo: the words of an incident and of a restrictive practice, shared by the recent daily
records (``enrich_daily_behaviour``) and the year of history before them
(``enrich_incident_history``)."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from ownterms.daily.models import AuthorisedPractice, Incident, RestrictivePracticeEvent
from ownterms.staff.models import StaffMember

LOCATIONS = (
    ("Kitchen at home", "Making lunch"),
    ("Lounge at home", "Watching television"),
    ("Supermarket", "Shopping for the week"),
    ("Bus stop", "Waiting for the bus to the day centre"),
    ("Bedroom", "Getting ready for bed"),
    ("Park", "Walking the usual route"),
)
SETTING_EVENTS = (
    "Poor sleep the night before (awake from 3am)",
    "A new worker on shift",
    "Toothache reported the day before",
    "None known",
    "The usual day centre session was cancelled",
)
ANTECEDENTS = (
    "The bus was late and the stop was crowded and noisy.",
    "A worker asked {name} to turn the music down.",
    "The shop had moved the usual biscuits to another aisle.",
    "A neighbour started drilling next door.",
    "The plan changed: swimming was cancelled at short notice.",
)
BEHAVIOURS = (
    "{name} shouted, pushed the kitchen chair over and walked out of the room.",
    "{name} threw a cup at the wall; nobody was near.",
    "{name} sat on the floor, covered their ears and screamed for several minutes.",
    "{name} bit the back of their own hand and rocked.",
    "{name} pushed a worker's arm away twice and shouted 'no'.",
)
CONSEQUENCES = (
    "Staff stopped the request, gave space and offered the garden. {name} went outside and "
    "sat on the bench.",
    "Staff moved the other people away and waited nearby. {name} calmed and asked for a drink.",
    "The worker offered headphones and a walk home by a quieter road; {name} accepted.",
)
STRATEGIES = (
    "Stopped the request; gave space; offered headphones (amber).",
    "Lowered voices and turned off the television; offered the garden (amber).",
    "Moved others away and stood at an angle, out of reach (red).",
)
DEBRIEFS = (
    "{name} was calm after about 20 minutes and chose a film. The team agreed to give the "
    "one-minute warning earlier.",
    "Talked with {name} using the feelings cards: they pointed to 'noisy'. Staff were fine. "
    "Added 'check for building work' to the morning routine.",
    "{name} slept well afterwards. The worker was shaken and talked it through with the "
    "on-call manager.",
)

AUTHORISED = {
    "physical": "As in the plan: two workers seated either side on the sofa, for two minutes.",
    "environmental": "Kitchen drawer kept locked, as in the plan.",
}
UNAUTHORISED = {
    "environmental": "Locked the front door for about ten minutes so {name} did not walk into "
    "the road.",
    "physical": "Held {name}'s wrists for about a minute to stop them hitting their head.",
}


def what_happened(rng: random.Random, name: str, number: int) -> dict[str, Any]:
    """An incident's account up to the behaviour (``number`` varies who was there)."""
    location, activity = rng.choice(LOCATIONS)
    return {
        "location": location,
        "activity": activity,
        "people_present": "Two support workers" if number % 3 else "One support worker",
        "setting_events": rng.choice(SETTING_EVENTS),
        "antecedent": rng.choice(ANTECEDENTS).format(name=name),
        "behaviour": rng.choice(BEHAVIOURS).format(name=name),
        "intensity": rng.choice((1, 2, 2, 3, 3, 4)),
    }


def how_it_ended(rng: random.Random, name: str) -> dict[str, Any]:
    """A closed incident's account after the behaviour, nobody needing to be told."""
    return {
        "consequence": rng.choice(CONSEQUENCES).format(name=name),
        "strategies_used": rng.choice(STRATEGIES),
        "debrief": rng.choice(DEBRIEFS).format(name=name),
        "safeguarding_needed": False,
        "regulator_notification_needed": False,
    }


def practice_in(
    rng: random.Random,
    incident: Incident,
    kind: str,
    technique: str,
    authorised: AuthorisedPractice | None,
) -> RestrictivePracticeEvent:
    """A short restrictive practice two minutes into ``incident``."""
    starts = incident.starts_at + dt.timedelta(minutes=2)
    return RestrictivePracticeEvent(
        organisation_id=incident.organisation_id,
        person_id=incident.person_id,
        recorded_by_id=incident.recorded_by_id,
        recorded_by_staff=incident.recorded_by_staff,
        incident=incident,
        kind=kind,
        starts_at=starts,
        ends_at=starts + dt.timedelta(minutes=rng.randint(1, 3)),
        technique=technique,
        alternatives_tried="Gave space, lowered voices, offered the garden.",
        injury_checks="Checked both arms and wrists afterwards: no marks.",
        person_account="Said 'too loud' and pointed to the window.",
        debrief="Talked through at the next team meeting.",
        authorised_practice=authorised,
    )


def save_practices(
    events: list[RestrictivePracticeEvent], staffing: list[list[StaffMember]]
) -> None:
    """Save ``events`` with the workers involved in each (``staffing``, in the same order)."""
    RestrictivePracticeEvent.objects.bulk_create(events, batch_size=500)
    through = RestrictivePracticeEvent.staff.through
    through.objects.bulk_create(
        [
            through(restrictivepracticeevent_id=event.pk, staffmember_id=member.pk)
            for event, members in zip(events, staffing, strict=True)
            for member in members
        ],
        batch_size=1000,
    )
