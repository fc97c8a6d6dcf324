"""When regular doses are due, across clock changes, and what state each is in."""

from __future__ import annotations

import datetime as dt
import zoneinfo

from ownterms.daily.models import DoseOutcome, DoseRecord, DoseSchedule
from ownterms.daily.selectors.doses_due import DoseState, doses_due, due_at
from ownterms.health.models import Medication
from tests.cast import Cast

LONDON = zoneinfo.ZoneInfo("Europe/London")


def regular(
    cast: Cast, *times: dt.time, starts_on: dt.date, stops_on: dt.date | None = None
) -> Medication:
    medication = Medication.objects.create(
        organisation=cast.organisation,
        person=cast.person,
        name="Lamotrigine",
        dose="100 mg",
        route=Medication.Route.ORAL,
        kind=Medication.Kind.REGULAR,
        frequency="twice a day",
        starts_on=starts_on,
        stops_on=stops_on,
    )
    for time in times:
        DoseSchedule.objects.create(
            organisation=cast.organisation, medication=medication, time=time
        )
    return medication


def test_doses_are_due_every_day_the_medicine_is_current(cast: Cast) -> None:
    regular(
        cast, dt.time(8), dt.time(20), starts_on=dt.date(2030, 1, 2), stops_on=dt.date(2030, 1, 4)
    )
    due = doses_due([cast.person.pk], dt.date(2030, 1, 1), dt.date(2030, 1, 5), LONDON)
    assert [d.due_at.isoformat() for d in due] == [
        "2030-01-02T08:00:00+00:00",
        "2030-01-02T20:00:00+00:00",
        "2030-01-03T08:00:00+00:00",
        "2030-01-03T20:00:00+00:00",
    ]


def test_a_time_the_clocks_skip_is_due_just_after_the_change() -> None:
    assert (
        due_at(dt.date(2030, 3, 31), dt.time(1, 30), LONDON).isoformat()
        == "2030-03-31T02:30:00+01:00"
    )
    assert due_at(dt.date(2030, 10, 27), dt.time(8), LONDON).utcoffset() == dt.timedelta(0)


def test_each_dose_has_a_state(cast: Cast) -> None:
    medication = regular(cast, dt.time(8), dt.time(12), dt.time(20), starts_on=dt.date(2030, 1, 1))
    eight = due_at(dt.date(2030, 1, 1), dt.time(8), LONDON)
    DoseRecord.objects.create(
        organisation=cast.organisation,
        person=cast.person,
        medication=medication,
        due_at=eight,
        at=eight,
        outcome=DoseOutcome.REFUSED,
        reason="Asleep",
    )
    due = doses_due([cast.person.pk], dt.date(2030, 1, 1), dt.date(2030, 1, 1), LONDON)
    at = dt.datetime(2030, 1, 1, 12, 31, tzinfo=LONDON)
    assert [d.state(at) for d in due] == [DoseState.REFUSED, DoseState.LATE, DoseState.UPCOMING]
    assert due[1].state(at + dt.timedelta(hours=2)) == DoseState.MISSED
    assert due[1].state(at - dt.timedelta(minutes=20)) == DoseState.DUE
