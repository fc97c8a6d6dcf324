"""Medicines and records for tests of the medication record and seizures (and the matrix)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from ownterms.daily.models import DoseOutcome, DoseRecord, DoseSchedule, Seizure
from ownterms.daily.selectors.doses_due import due_at
from ownterms.daily.selectors.medicines import local_zone
from ownterms.health.models import Medication
from ownterms.staff.models import TrainingRecord
from ownterms.vocabulary.models import Skill
from tests.cast import Cast

RESCUE = "Epilepsy rescue medication"


def regular(
    cast: Cast, *times: dt.time, name: str = "Lamotrigine", starts_on: dt.date | None = None
) -> Medication:
    medication = Medication.objects.create(
        organisation=cast.organisation,
        person=cast.person,
        name=name,
        dose="100 mg",
        route=Medication.Route.ORAL,
        kind=Medication.Kind.REGULAR,
        frequency="Twice a day, 8am and 8pm",
        starts_on=starts_on or cast.today - dt.timedelta(days=60),
    )
    DoseSchedule.objects.bulk_create(
        [
            DoseSchedule(organisation=cast.organisation, medication=medication, time=time)
            for time in times or (dt.time(8), dt.time(20))
        ]
    )
    return medication


def skill(cast: Cast) -> Skill:
    found, _ = Skill.objects.get_or_create(
        organisation=cast.organisation, key=RESCUE.casefold(), defaults={"name": RESCUE}
    )
    return found


def rescue(cast: Cast, *, trained_skill: bool = True) -> Medication:
    return Medication.objects.create(
        organisation=cast.organisation,
        person=cast.person,
        name="Buccal midazolam",
        dose="10 mg",
        route=Medication.Route.BUCCAL,
        kind=Medication.Kind.PRN,
        frequency="At most 1 dose in 24 hours",
        prn_protocol="Give for a tonic-clonic seizure lasting 5 minutes.",
        starts_on=cast.today - dt.timedelta(days=400),
        training_skill=skill(cast) if trained_skill else None,
    )


def train(cast: Cast, member: str, *, completed: dt.date, expires: dt.date | None) -> None:
    TrainingRecord.objects.create(
        organisation=cast.organisation,
        staff_member=cast.staff[member],
        skill=skill(cast),
        completed_on=completed,
        expires_on=expires,
    )


def a_dose(cast: Cast) -> DoseRecord:
    """A regular dose given this morning by the team worker."""
    medication = regular(cast)
    moment = due_at(cast.today, dt.time(8), local_zone())
    return DoseRecord.objects.create(
        organisation=cast.organisation,
        person=cast.person,
        recorded_by=cast.user("team_worker"),
        medication=medication,
        due_at=moment,
        at=moment,
        outcome=DoseOutcome.GIVEN,
    )


def a_seizure(cast: Cast) -> Seizure:
    starts = timezone.now() - dt.timedelta(hours=3)
    return Seizure.objects.create(
        organisation=cast.organisation,
        person=cast.person,
        recorded_by=cast.user("team_worker"),
        starts_at=starts,
        ends_at=starts + dt.timedelta(minutes=4),
        seizure_type="tonic_clonic",
        description="Fell to the floor <b>shaking</b>",
    )
