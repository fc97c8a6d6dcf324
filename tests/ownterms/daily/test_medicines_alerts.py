"""The missed-dose alert: once per dose, to the shift's workers and the managers, counts and a
link only; a dose recorded late is not missed."""

from __future__ import annotations

import datetime as dt

from ownterms.daily.models import DoseOutcome, DoseRecord, MissedDoseAlert
from ownterms.daily.selectors.doses_due import due_at
from ownterms.daily.selectors.medicines import local_zone
from ownterms.daily.services.medicines import alert_missed_doses
from ownterms.notifications.models import Notification
from ownterms.rota.models import Assignment, Shift
from tests.cast import Cast
from tests.ownterms.daily.medicines_data import regular

DAY = dt.date(2030, 1, 10)


def at(hour: int, minute: int = 0) -> dt.datetime:
    return due_at(DAY, dt.time(hour, minute), local_zone())


def shift_with(cast: Cast, member: str) -> Shift:
    shift = Shift.objects.create(
        organisation=cast.organisation,
        person=cast.person,
        on=DAY,
        starts_at=at(7),
        ends_at=at(15),
        kind="day",
    )
    Assignment.objects.create(shift=shift, staff_member=cast.staff[member])
    return shift


def test_a_missed_dose_is_alerted_once_to_the_shift_and_the_managers(cast: Cast) -> None:
    regular(cast, dt.time(8), name="Lamotrigine", starts_on=dt.date(2029, 12, 1))
    shift_with(cast, "team_worker")
    now = at(10, 1)
    assert alert_missed_doses(now) == 1
    assert alert_missed_doses(now + dt.timedelta(minutes=5)) == 0
    rows = Notification.objects.filter(topic="daily.missed_dose")
    assert sorted(row.user.email for row in rows) == [
        cast.user("manager").email,
        cast.user("team_worker").email,
    ]
    for row in rows:
        assert "Lamotrigine" not in row.body + row.subject
        assert cast.person.first_name not in row.body + row.subject
        assert str(cast.person.public_id) in row.link
        assert "1 regular dose" in row.body
    assert MissedDoseAlert.objects.count() == 1


def test_a_dose_recorded_late_is_not_alerted(cast: Cast) -> None:
    medication = regular(cast, dt.time(8), starts_on=dt.date(2029, 12, 1))
    DoseRecord.objects.create(
        organisation=cast.organisation,
        person=cast.person,
        medication=medication,
        due_at=at(8),
        at=at(9, 45),
        outcome=DoseOutcome.GIVEN,
    )
    assert alert_missed_doses(at(11)) == 0
    assert not Notification.objects.exists()


def test_not_yet_missed_and_long_ago_are_not_alerted(cast: Cast) -> None:
    medication = regular(cast, dt.time(8), starts_on=DAY)
    medication.stops_on = DAY + dt.timedelta(days=1)
    medication.save()
    assert alert_missed_doses(at(9, 59)) == 0, "late, not yet missed"
    later = at(10) + dt.timedelta(hours=24, minutes=1)
    assert alert_missed_doses(later) == 0, "became missed over 24 hours ago"
    assert not Notification.objects.exists()


def test_several_missed_doses_are_counted_in_one_message(cast: Cast) -> None:
    regular(cast, dt.time(8), name="A", starts_on=dt.date(2029, 12, 1))
    regular(cast, dt.time(8), name="B", starts_on=dt.date(2029, 12, 1))
    assert alert_missed_doses(at(10, 30)) == 2
    (row,) = Notification.objects.filter(topic="daily.missed_dose")
    assert "2 regular doses" in row.body
