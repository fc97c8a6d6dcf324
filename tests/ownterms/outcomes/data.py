"""Outcome data for the cast (Alex), for tests, the permission matrix and the browser suite.
Each helper is idempotent (it returns what exists when called again), because the browser
suite builds every area's data into one cast.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from ownterms.outcomes.models import (
    Action,
    CheckIn,
    Connection,
    HealthEvent,
    MeasureRecord,
    Participant,
    Perspective,
    Review,
    ReviewPoint,
    Theme,
    WtfcRound,
)
from ownterms.plans.models import Goal
from tests.cast import Cast


def a_review(cast: Cast) -> Review:
    """Alex's review held a week ago: Alex, Mum (the circle member with consent) and the team
    worker took part; two points from each, the top two marked; one action that became a goal;
    Alex's easy-read check-in."""
    found = Review.objects.filter(person=cast.person, status=Review.Status.HELD).first()
    if found is not None:
        return found
    today = timezone.localdate()
    held = today - dt.timedelta(days=7)
    review = Review.objects.create(
        organisation=cast.organisation,
        person=cast.person,
        kind=Review.Kind.SCHEDULED,
        status=Review.Status.HELD,
        due_on=held,
        held_on=held,
        what_matters="Keeping my flat; swimming; a paid job.",
        questions="Could Alex try the Saturday club?",
        budget_working=Review.BudgetWorking.YES,
        created_by=cast.user("manager"),
    )
    Participant.objects.create(review=review, name="Alex", perspective=Perspective.PERSON)
    Participant.objects.create(
        review=review, name="Carol Fairweather", perspective=Perspective.FAMILY, role="Mum"
    )
    Participant.objects.create(
        review=review,
        name="Tariq Teamworker",
        perspective=Perspective.STAFF,
        role="Support worker",
        staff_member=cast.staff["team_worker"],
    )
    for perspective, kind, text, verbatim, top_two in (
        (Perspective.PERSON, ReviewPoint.Kind.WORKING, "I like my flat.", True, True),
        (Perspective.PERSON, ReviewPoint.Kind.NOT_WORKING, "New staff I don't know.", True, True),
        (Perspective.PERSON, ReviewPoint.Kind.FUTURE, "I want a job in a cafe.", True, True),
        (Perspective.FAMILY, ReviewPoint.Kind.WORKING, "Alex is calmer.", False, True),
        (Perspective.STAFF, ReviewPoint.Kind.NOT_WORKING, "Rota changes at short notice.", False,
         True),
    ):  # fmt: skip
        ReviewPoint.objects.create(
            review=review,
            perspective=perspective,
            kind=kind,
            text=text,
            verbatim=verbatim,
            top_two=top_two,
        )
    goal = Goal.objects.create(
        organisation=cast.organisation,
        person=cast.person,
        title="Try a day's work experience at the cafe",
        owner="Tariq",
        due_on=today + dt.timedelta(days=60),
        status=Goal.Status.NOT_STARTED,
    )
    Action.objects.create(
        review=review,
        text="Ask the cafe about a day's work experience",
        owner="Tariq",
        due_on=today + dt.timedelta(days=60),
        goal=goal,
    )
    CheckIn.objects.create(
        organisation=cast.organisation,
        person=cast.person,
        review=review,
        on=held,
        answers={"home": 5, "people": 4, "doing": 4, "staff": 3, "life": 4},
        own_words="I like swimming. I want a job.",
        helped_by="Tariq, my support worker",
        recorded_by=cast.user("team_worker"),
    )
    return review


def a_health_event(cast: Cast) -> HealthEvent:
    """Alex's A&E visit two months ago."""
    found = HealthEvent.objects.filter(person=cast.person).first()
    if found is not None:
        return found
    return HealthEvent.objects.create(
        organisation=cast.organisation,
        person=cast.person,
        kind=HealthEvent.Kind.AE,
        on=timezone.localdate() - dt.timedelta(days=60),
        note="A fall at the pool; checked and home the same day.",
        recorded_by=cast.user("manager"),
    )


def a_connection(cast: Cast) -> Connection:
    """Alex's swimming club, for a year."""
    found = Connection.objects.filter(person=cast.person).first()
    if found is not None:
        return found
    return Connection.objects.create(
        organisation=cast.organisation,
        person=cast.person,
        kind=Connection.Kind.COMMUNITY,
        name="Maidstone swimming club",
        started_on=timezone.localdate() - dt.timedelta(days=365),
    )


def a_measure_record(cast: Cast) -> MeasureRecord:
    found = MeasureRecord.objects.filter(person=cast.person).first()
    if found is not None:
        return found
    return MeasureRecord.objects.create(
        organisation=cast.organisation,
        person=cast.person,
        measure="nights_out",
        on=timezone.localdate() - dt.timedelta(days=30),
        value=Decimal(4),
        recorded_by=cast.user("manager"),
    )


def a_round(cast: Cast) -> WtfcRound:
    """This quarter's working together for change round, with one theme grouping Alex's and
    the staff's "not working" points."""
    found = WtfcRound.objects.filter(organisation=cast.organisation).first()
    if found is not None:
        return found
    review = a_review(cast)
    today = timezone.localdate()
    round_ = WtfcRound.objects.create(
        organisation=cast.organisation,
        name="Autumn round",
        starts_on=today - dt.timedelta(days=90),
        ends_on=today + dt.timedelta(days=1),
        created_by=cast.user("manager"),
    )
    theme = Theme.objects.create(
        round=round_,
        title="Knowing who is coming",
        kind=ReviewPoint.Kind.NOT_WORKING,
        i_statement="I want to know the staff who support me, and to know who is coming.",
        root_causes="Short-notice rota changes; relief staff who have not met the person.",
        success_measures="Fewer than 1 in 20 shifts by someone the person has not met.",
    )
    theme.points.set(review.points.filter(kind=ReviewPoint.Kind.NOT_WORKING))
    return round_


# -- reports --
def a_fhir_record(cast: Cast) -> None:
    """Everything a FHIR export of Alex holds: communication needs (British Sign Language and
    easy read), the plan, goals, routine, review and check-ins (plans), medicines, NHS use and
    PRN doses given (health). Idempotent."""
    from ownterms.daily.models import DoseOutcome, DoseRecord
    from ownterms.health.models import Medication
    from ownterms.people.models import Person
    from tests.ownterms.health.data import give_health
    from tests.ownterms.plans.data import plan_data

    plan_data(cast)
    give_health(cast)
    a_review(cast)
    a_health_event(cast)
    person = cast.person
    Person.objects.filter(pk=person.pk).update(
        date_of_birth=dt.date(1990, 4, 12),
        town="Maidstone",
        postcode="ME14 1AA",
        address_line_1="12 Hidden Street",
        has_communication_needs=True,
        communication_summary="Give me time to answer; I sign as well as speak.",
        communication_formats=["bsl", "easy_read"],
    )
    person.refresh_from_db()
    if CheckIn.objects.filter(person=person, review__isnull=True).exists():
        return
    today = timezone.localdate()
    CheckIn.objects.create(
        organisation=cast.organisation,
        person=person,
        on=today - dt.timedelta(days=40),
        answers={"home": 3, "people": 3, "health": 2},
        own_words="My tooth hurts.",
        recorded_by=cast.user("team_worker"),
    )
    HealthEvent.objects.create(
        organisation=cast.organisation,
        person=person,
        kind=HealthEvent.Kind.GP,
        on=today - dt.timedelta(days=20),
        recorded_by=cast.user("manager"),
    )
    paracetamol = Medication.objects.create(
        organisation=cast.organisation,
        person=person,
        name="Paracetamol",
        dose="1 g",
        route="oral",
        kind="prn",
        frequency="At most 4 doses in 24 hours",
        prn_protocol="For pain; ask first.",
        starts_on=today - dt.timedelta(days=200),
    )
    for days_ago in (3, 35):
        moment = timezone.now() - dt.timedelta(days=days_ago)
        DoseRecord.objects.create(
            organisation=cast.organisation,
            person=person,
            recorded_by=cast.user("team_worker"),
            medication=paracetamol,
            at=moment,
            outcome=DoseOutcome.GIVEN,
            dose="1 g",
            reason="Toothache",
        )


# -- end reports --
