"""Building a day for the today board's tests: one call puts something in every section of the
board for one person at a given moment (``now``), so query-count tests can add it for 2 or
12 people and compare."""

from __future__ import annotations

import datetime as dt
import zoneinfo

from ownterms.accounts.models import User
from ownterms.core.models import Organisation
from ownterms.daily.models import (
    DoseOutcome,
    DoseRecord,
    DoseSchedule,
    Incident,
    PracticeKind,
    RestrictivePracticeEvent,
    Seizure,
    SeizureType,
)
from ownterms.health.models import Medication
from ownterms.leave.models import LeaveRequest
from ownterms.oncall.models import CallLog
from ownterms.people.models import Person
from ownterms.plans.models import RoutineActivity
from ownterms.rota.models import Assignment, Shift, ShiftKind
from ownterms.staff.models import ManagerAssignment, StaffMember, TrainingRecord
from ownterms.vocabulary.models import Skill

LONDON = zoneinfo.ZoneInfo("Europe/London")


def worker(org: Organisation, name: str, since: dt.date) -> StaffMember:
    user = User.objects.create(
        email=f"{name.lower()}@{org.slug}.example", display_name=name, organisation=org
    )
    return StaffMember.objects.create(
        organisation=org,
        user=user,
        first_name=name,
        last_name="Worker",
        job_title="Support worker",
        employment=StaffMember.Employment.FULL_TIME,
        contract_minutes_per_week=37 * 60,
        starts_on=since,
    )


def skill(org: Organisation, name: str = "Epilepsy rescue medicine") -> Skill:
    found = Skill.objects.filter(organisation=org, name=name).first()
    return found or Skill.objects.create(organisation=org, name=name, key=name.lower())


def person_with_a_day(
    org: Organisation,
    *,
    now: dt.datetime,
    manager: StaffMember,
    name: str,
    creator: User,
    person: Person | None = None,
) -> Person:
    """A person managed by ``manager`` with, around ``now``: a shift running now (1 worker of
    2, the other off sick), the next shift with nobody on it, an incident, an unauthorised
    prone hold, a seizure, a missed and a late dose, a PRN dose, a routine activity today, a
    worker whose required training expires in 3 days, and an open on-call follow-up."""
    local = now.astimezone(LONDON)
    today = local.date()
    since = today - dt.timedelta(days=400)
    if person is None:
        person = Person.objects.create(
            organisation=org, first_name=name, last_name="Person", home=Person.Home.OTHER
        )
        ManagerAssignment.objects.create(
            organisation=org, person=person, manager=manager, starts_on=since
        )
    on_now = Shift.objects.create(
        organisation=org,
        person=person,
        on=today,
        starts_at=now - dt.timedelta(hours=1),
        ends_at=now + dt.timedelta(hours=2),
        kind=ShiftKind.DAY,
        headcount=2,
        activity="Swimming",
    )
    later = Shift.objects.create(
        organisation=org,
        person=person,
        on=today,
        starts_at=now + dt.timedelta(hours=2),
        ends_at=now + dt.timedelta(hours=5),
        kind=ShiftKind.DAY,
        headcount=1,
    )
    rescue = skill(org)
    on_now.required_skills.add(rescue)
    later.required_skills.add(rescue)
    here = worker(org, f"{name}Here", since)
    sick = worker(org, f"{name}Sick", since)
    Assignment.objects.create(shift=on_now, staff_member=here)
    Assignment.objects.create(shift=on_now, staff_member=sick)
    TrainingRecord.objects.create(
        organisation=org,
        staff_member=here,
        skill=rescue,
        completed_on=since,
        expires_on=today + dt.timedelta(days=3),
    )
    LeaveRequest.objects.create(
        organisation=org,
        staff_member=sick,
        kind=LeaveRequest.Kind.SICKNESS,
        starts_on=today,
        ends_on=today,
        minutes=450,
        status=LeaveRequest.Status.APPROVED,
    )
    Incident.objects.create(
        organisation=org,
        person=person,
        starts_at=now - dt.timedelta(hours=3),
        behaviour="Threw a cup <script>alert(1)</script>",
        intensity=3,
    )
    RestrictivePracticeEvent.objects.create(
        organisation=org,
        person=person,
        kind=PracticeKind.PRONE,
        starts_at=now - dt.timedelta(hours=3),
        ends_at=now - dt.timedelta(hours=3) + dt.timedelta(minutes=2),
        technique="t",
        alternatives_tried="a",
        injury_checks="i",
    )
    Seizure.objects.create(
        organisation=org,
        person=person,
        starts_at=now - dt.timedelta(hours=4),
        ends_at=now - dt.timedelta(hours=4) + dt.timedelta(minutes=3),
        seizure_type=SeizureType.TONIC_CLONIC,
        rescue_by_trained_worker=False,
    )
    medicine = Medication.objects.create(
        organisation=org,
        person=person,
        name="Lamotrigine",
        dose="100 mg",
        route=Medication.Route.ORAL,
        kind=Medication.Kind.REGULAR,
        frequency="twice",
        starts_on=since,
    )
    # Due 3 h before (missed) and 40 minutes before (late), on the same local day as ``now``.
    for before in (dt.timedelta(hours=3), dt.timedelta(minutes=40)):
        due = (local - before).time().replace(second=0, microsecond=0)
        DoseSchedule.objects.create(organisation=org, medication=medicine, time=due)
    prn = Medication.objects.create(
        organisation=org,
        person=person,
        name="Buccal midazolam",
        dose="10 mg",
        route=Medication.Route.BUCCAL,
        kind=Medication.Kind.PRN,
        frequency="when needed",
        prn_protocol="After 5 minutes of a tonic-clonic seizure",
        starts_on=since,
    )
    DoseRecord.objects.create(
        organisation=org,
        person=person,
        medication=prn,
        at=now - dt.timedelta(hours=4),
        outcome=DoseOutcome.GIVEN,
        reason="Seizure over 5 minutes",
    )
    RoutineActivity.objects.create(
        organisation=org,
        person=person,
        name="Drama group",
        place="Civic hall",
        day=today.weekday(),
        starts_at=dt.time(18),
        ends_at=dt.time(20),
    )
    CallLog.objects.create(
        organisation=org,
        received_at=now - dt.timedelta(hours=5),
        taken_by=manager,
        caller="Neighbour",
        person=person,
        what_happened="Worried about noise",
        follow_up_needed=True,
        follow_up_owner=manager,
        follow_up_due=today,
        created_by=creator,
    )
    return person
