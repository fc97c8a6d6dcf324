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


def an_evidence_period(cast: Cast) -> None:
    """What the regulator's evidence pack counts, all in the last two months: 4 shifts for Alex
    (one worked, one only on the rota, one uncovered, one cancelled), 3 incidents (2 closed
    with a debrief, one of them flagged for safeguarding), 2 restrictive practices (one prone
    and not authorised), 3 reviews (one on time, one late, one overdue), an achieved goal, a
    working together for change round held, and one member of staff with lapsed training.
    Idempotent."""
    from ownterms.daily.models import Incident, RestrictivePracticeEvent
    from ownterms.rota.models import Assignment, Delivery, Shift
    from ownterms.staff.models import TrainingRecord
    from ownterms.vocabulary.models import Skill
    from tests.ownterms.plans.data import plan_data

    if Shift.objects.filter(person=cast.person, activity="evidence").exists():
        return
    plan_data(cast)
    org, person, today = cast.organisation, cast.person, timezone.localdate()
    worker = cast.staff["team_worker"]
    shifts = []
    for number in range(4):
        starts = timezone.now() - dt.timedelta(days=10 - number)
        shifts.append(
            Shift.objects.create(
                organisation=org,
                person=person,
                on=timezone.localtime(starts).date(),
                starts_at=starts,
                ends_at=starts + dt.timedelta(hours=6),
                kind="day",
                activity="evidence",
                status="cancelled" if number == 3 else "planned",
            )
        )
    Assignment.objects.create(shift=shifts[0], staff_member=worker)
    Assignment.objects.create(shift=shifts[1], staff_member=worker)
    Delivery.objects.create(
        organisation=org,
        shift=shifts[0],
        staff_member=worker,
        started_at=shifts[0].starts_at,
        ended_at=shifts[0].ends_at,
    )
    incidents = [
        Incident.objects.create(
            organisation=org,
            person=person,
            starts_at=timezone.now() - dt.timedelta(days=days_ago),
            status=status,
            debrief=debrief,
            safeguarding_needed=safeguarding,
        )
        for days_ago, status, debrief, safeguarding in (
            (20, "closed", "Talked it through at the team meeting.", True),
            (15, "closed", "Alex chose a film afterwards.", False),
            (2, "open", "", None),
        )
    ]
    practice = a_plan_practice(cast)
    for kind, authorised in (("physical", practice), ("prone", None)):
        starts = incidents[0].starts_at + dt.timedelta(minutes=2)
        RestrictivePracticeEvent.objects.create(
            organisation=org,
            person=person,
            incident=incidents[0],
            kind=kind,
            starts_at=starts,
            ends_at=starts + dt.timedelta(minutes=2),
            technique="Seated hold",
            alternatives_tried="Space",
            injury_checks="None",
            authorised_practice=authorised,
        )
    a_review(cast)
    for due, held in ((40, 30), (5, None)):
        Review.objects.create(
            organisation=org,
            person=person,
            kind=Review.Kind.UNPLANNED,
            status=Review.Status.HELD if held else Review.Status.PLANNED,
            due_on=today - dt.timedelta(days=due),
            held_on=today - dt.timedelta(days=held) if held else None,
        )
    Goal.objects.create(
        organisation=org,
        person=person,
        title="Swim 10 lengths",
        owner="Alex",
        status=Goal.Status.ACHIEVED,
        achieved_on=today - dt.timedelta(days=10),
    )
    WtfcRound.objects.filter(pk=a_round(cast).pk).update(held_on=today - dt.timedelta(days=3))
    skill = Skill.objects.create(organisation=org, name="Moving and handling")
    TrainingRecord.objects.create(
        organisation=org,
        staff_member=worker,
        skill=skill,
        completed_on=today - dt.timedelta(days=800),
        expires_on=today - dt.timedelta(days=30),
    )


def a_plan_practice(cast: Cast) -> object:
    from tests.ownterms.daily.behaviour_data import the_practice

    return the_practice(cast)


# -- end reports --
# -- reviews --
def review_dates(cast: Cast) -> None:
    """Review dates the system holds for Alex: the one-page profile's (in 90 days, from the
    plan's test data) and the package's (in 160 days)."""
    from tests.ownterms.health.data import give_package
    from tests.ownterms.plans.data import plan_data

    plan_data(cast)
    give_package(cast)


def a_planned_review(cast: Cast) -> Review:
    """Alex's unplanned review in a fortnight, planned by the manager, with Alex listed."""
    found = Review.objects.filter(person=cast.person, status=Review.Status.PLANNED).first()
    if found is not None:
        return found
    review = Review.objects.create(
        organisation=cast.organisation,
        person=cast.person,
        kind=Review.Kind.UNPLANNED,
        due_on=timezone.localdate() + dt.timedelta(days=14),
        reason="Alex wants to talk about moving to a flat nearer the pool.",
        created_by=cast.user("manager"),
    )
    Participant.objects.create(review=review, name="Alex", perspective=Perspective.PERSON)
    ReviewPoint.objects.create(
        review=review,
        perspective=Perspective.PERSON,
        kind=ReviewPoint.Kind.WORKING,
        text="Swimming on Tuesdays.",
        verbatim=True,
    )
    return review


def grant_plans(cast: Cast, member: str) -> None:
    """Gives the circle member or partner ``member`` a current consent to "plans and goals"."""
    from ownterms.people.models import Consent, ConsentCategory

    Consent.objects.get_or_create(
        organisation=cast.organisation,
        circle_member=cast.circle[member],
        category=ConsentCategory.PLANS,
        defaults={
            "given_by": Consent.GivenBy.PERSON,
            "starts_on": timezone.localdate() - dt.timedelta(days=10),
        },
    )


# -- end reviews --
# -- measures --
# A known history for Alex: ``HISTORY_TODAY`` is the "today" the measures are computed for, so
# the expected monthly figures never depend on the clock. Support started on 10 June 2025 (the
# package), so the baseline is June, July and August 2025, and the trend compares December,
# January and February with it (March 2026 is not over).
HISTORY_TODAY = dt.date(2026, 3, 15)
HISTORY_START = dt.date(2025, 6, 10)
#: Incidents per month from June 2025 to February 2026 (baseline 4 a month, recent 2/3).
INCIDENTS = (4, 3, 5, 2, 2, 1, 1, 0, 1)
#: PRN doses given per month (baseline 10, recent 3).
PRN_DOSES = (10, 10, 10, 6, 5, 4, 3, 3, 3)
HISTORY_MONTHS = tuple(dt.date(2025 + (5 + n) // 12, (5 + n) % 12 + 1, 1) for n in range(10))


def _london(day: dt.date, hour: int = 12, minute: int = 0) -> dt.datetime:
    import zoneinfo

    return dt.datetime.combine(
        day, dt.time(hour, minute), tzinfo=zoneinfo.ZoneInfo("Europe/London")
    )


def measures_history(cast: Cast) -> None:
    """Records for every measure of Alex with the monthly figures the measures tests expect."""
    from ownterms.audit.models import AuditEvent
    from ownterms.daily.models import DoseOutcome, DoseRecord, Incident, Seizure
    from ownterms.health.models import Medication
    from ownterms.people.models import CommissionedPackage, Person
    from ownterms.rota.models import Delivery, Shift, ShiftKind

    if CommissionedPackage.objects.filter(person=cast.person, starts_on=HISTORY_START).exists():
        return
    org, person = cast.organisation, cast.person
    CommissionedPackage.objects.create(
        organisation=org,
        person=person,
        starts_on=HISTORY_START,
        review_on=HISTORY_START + dt.timedelta(days=365),
        funder_name="Kent County Council",
        funder_kind=CommissionedPackage.FunderKind.COUNCIL,
        day_minutes=105 * 60,
    )
    incidents = []
    for month, count in zip(HISTORY_MONTHS, INCIDENTS, strict=False):
        incidents += [
            Incident(
                organisation=org, person=person, starts_at=_london(month + dt.timedelta(days=n + 3))
            )
            for n in range(count)
        ]
    # Month edges in local time: 00:30 on 1 July (BST) is 23:30 UTC on 30 June, and 23:30 on
    # 30 September (BST) is still September in London. Counted in INCIDENTS' July and September.
    incidents[4].starts_at = _london(dt.date(2025, 7, 1), 0, 30)
    incidents[12].starts_at = _london(dt.date(2025, 9, 30), 23, 30)
    Incident.objects.bulk_create(incidents)

    prn = Medication.objects.create(
        organisation=org,
        person=person,
        name="Lorazepam",
        dose="0.5 mg",
        route=Medication.Route.ORAL,
        kind=Medication.Kind.PRN,
        frequency="At most twice a day",
        prn_protocol="When very anxious and the calming plan has not helped.",
        starts_on=dt.date(2025, 1, 1),
        is_psychotropic=True,
        psychotropic_reason="Severe anxiety",
        review_on=dt.date(2026, 6, 1),
    )
    rescue = Medication.objects.create(
        organisation=org,
        person=person,
        name="Buccal midazolam",
        dose="10 mg",
        route=Medication.Route.BUCCAL,
        kind=Medication.Kind.PRN,
        frequency="Once in 24 hours",
        prn_protocol="A seizure lasting 5 minutes.",
        starts_on=dt.date(2025, 1, 1),
    )
    regular = Medication.objects.create(
        organisation=org,
        person=person,
        name="Risperidone",
        dose="1 mg",
        route=Medication.Route.ORAL,
        kind=Medication.Kind.REGULAR,
        frequency="Each evening",
        starts_on=dt.date(2025, 3, 1),
        stops_on=dt.date(2025, 12, 10),
        is_psychotropic=True,
        psychotropic_reason="Distress",
        review_on=dt.date(2025, 12, 1),
    )
    doses = []
    for month, count in zip(HISTORY_MONTHS, PRN_DOSES, strict=False):
        doses += [
            DoseRecord(
                organisation=org,
                person=person,
                medication=prn,
                at=_london(month + dt.timedelta(days=n + 1), 15),
                outcome=DoseOutcome.GIVEN,
            )
            for n in range(count)
        ]
    # Not counted as PRN given: a refused dose, and a seizure's rescue dose.
    doses.append(
        DoseRecord(
            organisation=org,
            person=person,
            medication=prn,
            at=_london(dt.date(2026, 2, 20)),
            outcome=DoseOutcome.REFUSED,
        )
    )
    seizure = Seizure.objects.create(
        organisation=org,
        person=person,
        starts_at=_london(dt.date(2026, 2, 21)),
        ends_at=_london(dt.date(2026, 2, 21), 12, 6),
        seizure_type="tonic_clonic",
    )
    doses.append(
        DoseRecord(
            organisation=org,
            person=person,
            medication=rescue,
            seizure=seizure,
            at=_london(dt.date(2026, 2, 21), 12, 5),
            outcome=DoseOutcome.GIVEN,
        )
    )
    # Two regular psychotropic doses in June (psychotropic doses: June 12 = 10 PRN + 2).
    doses += [
        DoseRecord(
            organisation=org,
            person=person,
            medication=regular,
            due_at=_london(dt.date(2025, 6, 20 + n), 20),
            at=_london(dt.date(2025, 6, 20 + n), 20),
            outcome=DoseOutcome.GIVEN,
        )
        for n in range(2)
    ]
    DoseRecord.objects.bulk_create(doses)

    Goal.objects.bulk_create(
        [
            Goal(
                organisation=org,
                person=person,
                title=f"Goal {n}",
                owner="Alex",
                status=Goal.Status.ACHIEVED,
                achieved_on=dt.date(2026, 1, 5 + n),
            )
            for n in range(2)
        ]
    )
    HealthEvent.objects.bulk_create(
        [
            HealthEvent(
                organisation=org,
                person=person,
                kind=HealthEvent.Kind.ADMISSION,
                on=dt.date(2025, 7, 3),
                until=dt.date(2025, 7, 10),
            ),
            HealthEvent(
                organisation=org, person=person, kind=HealthEvent.Kind.AE, on=dt.date(2025, 8, 9)
            ),
            HealthEvent(
                organisation=org, person=person, kind=HealthEvent.Kind.GP, on=dt.date(2026, 2, 2)
            ),
            HealthEvent(
                organisation=org,
                person=person,
                kind=HealthEvent.Kind.COMMUNITY,
                on=dt.date(2026, 2, 12),
                planned=True,
            ),
        ]
    )
    Connection.objects.bulk_create(
        [
            Connection(
                organisation=org,
                person=person,
                kind=Connection.Kind.COMMUNITY,
                name="Swimming club",
                started_on=dt.date(2025, 1, 1),
            ),
            Connection(
                organisation=org,
                person=person,
                kind=Connection.Kind.RELATIONSHIP,
                name="Sam",
                started_on=dt.date(2025, 11, 15),
            ),
            Connection(
                organisation=org,
                person=person,
                kind=Connection.Kind.WORK,
                name="Cafe",
                started_on=dt.date(2025, 12, 1),
                minutes_per_week=600,
            ),
            Connection(
                organisation=org,
                person=person,
                kind=Connection.Kind.VOLUNTEERING,
                name="Food bank",
                started_on=dt.date(2026, 1, 16),
                ended_on=dt.date(2026, 2, 1),
                minutes_per_week=240,
            ),
        ]
    )
    worker = cast.staff["team_worker"]
    for day, activity in (
        (dt.date(2025, 6, 20), "Bowling"),
        (dt.date(2025, 6, 21), "Cinema"),
        (dt.date(2026, 2, 3), "Bowling"),
        (dt.date(2026, 2, 4), ""),
    ):
        shift = Shift.objects.create(
            organisation=org,
            person=person,
            on=day,
            starts_at=_london(day, 10),
            ends_at=_london(day, 16),
            kind=ShiftKind.DAY,
            activity=activity,
        )
        Delivery.objects.create(
            organisation=org,
            shift=shift,
            staff_member=worker,
            started_at=shift.starts_at,
            ended_at=shift.ends_at,
        )
    # Planned but never delivered: not counted.
    Shift.objects.create(
        organisation=org,
        person=person,
        on=dt.date(2026, 2, 5),
        starts_at=_london(dt.date(2026, 2, 5), 10),
        ends_at=_london(dt.date(2026, 2, 5), 16),
        kind=ShiftKind.DAY,
        activity="Theatre",
    )
    # Alex moved into her own tenancy on 15 August 2025 (the record's audited change).
    Person.objects.filter(pk=person.pk).update(home=Person.Home.OWN_TENANCY)
    AuditEvent.objects.create(
        organisation=org,
        occurred_at=_london(dt.date(2025, 8, 15)),
        kind=AuditEvent.Kind.CHANGE,
        action="person.update",
        actor_label="Mo Manager",
        person_id=person.pk,
        object_type="people.person",
        object_id=str(person.public_id),
        changes={"home": {"old": "other", "new": "own_tenancy"}},
    )
    CheckIn.objects.bulk_create(
        [
            CheckIn(
                organisation=org,
                person=person,
                on=dt.date(2025, 6, 30),
                answers={"home": 2, "life": 2},
            ),
            CheckIn(
                organisation=org,
                person=person,
                on=dt.date(2025, 7, 30),
                answers={"home": 3, "life": 2},
            ),
            CheckIn(
                organisation=org,
                person=person,
                on=dt.date(2025, 12, 30),
                answers={"home": 5, "life": 4},
            ),
            CheckIn(
                organisation=org,
                person=person,
                on=dt.date(2026, 1, 30),
                answers={"home": 4, "life": 4, "bad": 9},
            ),
        ]
    )


def measures_for_pages(cast: Cast) -> None:
    """Outcome records only (no other app's), spread over 8 months, so the pages draw charts
    without changing what other areas' idempotent helpers find."""
    a_health_event(cast)
    a_connection(cast)
    a_measure_record(cast)
    note = "Routine check (pages)"
    if HealthEvent.objects.filter(person=cast.person, note=note).exists():
        return
    today = timezone.localdate()
    HealthEvent.objects.bulk_create(
        [
            HealthEvent(
                organisation=cast.organisation,
                person=cast.person,
                kind=HealthEvent.Kind.GP,
                on=today - dt.timedelta(days=30 * n + 3),
                planned=True,
                note=note,
            )
            for n in range(1, 9)
        ]
    )
    MeasureRecord.objects.bulk_create(
        [
            MeasureRecord(
                organisation=cast.organisation,
                person=cast.person,
                measure="nights_out",
                on=today - dt.timedelta(days=30 * n + 5),
                value=Decimal(n % 4 + 1),
            )
            for n in range(2, 8)
        ]
    )


# -- end measures --
