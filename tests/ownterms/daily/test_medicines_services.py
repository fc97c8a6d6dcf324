"""The medication record's rules: dose times, a dose recorded once, reasons, PRN protocols,
stock counts and amendments."""

from __future__ import annotations

import datetime as dt
import threading
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from ownterms.audit.models import AuditEvent
from ownterms.daily.models import DoseOutcome, DoseRecord, DoseSchedule, Incident
from ownterms.daily.selectors.amendments import versions_of
from ownterms.daily.selectors.doses_due import DoseState, doses_due, due_at
from ownterms.daily.selectors.medicines import local_zone, medication_chart
from ownterms.daily.services.medicines import (
    amend_dose,
    record_dose,
    record_prn,
    record_stock_count,
    set_dose_times,
)
from ownterms.health.models import Medication
from tests.cast import Cast
from tests.ownterms.daily.medicines_data import regular, rescue

DAY = dt.date(2030, 1, 10)
NOW = dt.datetime(2030, 1, 10, 12, 0, tzinfo=local_zone())


def eight(day: dt.date = DAY) -> dt.datetime:
    return due_at(day, dt.time(8), local_zone())


def med(cast: Cast) -> Medication:
    return regular(cast, starts_on=dt.date(2029, 12, 1))


def give(cast: Cast, medication: Medication, **kwargs: Any) -> DoseRecord:
    values: dict[str, Any] = {
        "actor": cast.user("team_worker"),
        "person": cast.person,
        "medication": medication,
        "due_at": eight(),
        "outcome": DoseOutcome.GIVEN,
        "now": NOW,
        **kwargs,
    }
    return record_dose(**values)


def test_a_dose_is_recorded_with_who_and_when_and_audited(cast: Cast) -> None:
    medication = med(cast)
    record = give(cast, medication, at=eight() + dt.timedelta(minutes=10))
    assert record.recorded_by == cast.user("team_worker")
    assert record.recorded_by_staff == cast.staff["team_worker"]
    assert record.dose == "100 mg"
    assert AuditEvent.objects.filter(action="daily.dose.add", object_id=str(record.public_id))
    states = [d.state(NOW) for d in doses_due([cast.person.pk], DAY, DAY, local_zone())]
    assert states == [DoseState.GIVEN, DoseState.UPCOMING]


def test_a_dose_recorded_twice_is_refused_clearly(cast: Cast) -> None:
    medication = med(cast)
    give(cast, medication)
    with pytest.raises(ValidationError) as error:
        give(cast, medication, outcome=DoseOutcome.REFUSED, reason="Asleep")
    assert "already been recorded" in error.value.messages[0]
    assert DoseRecord.objects.count() == 1


@pytest.mark.django_db(transaction=True)
@pytest.mark.postgres
def test_two_taps_at_once_record_one_dose_and_tell_the_other(cast: Cast) -> None:
    """Two workers tap "given" at the same moment: one record; the other is told it was
    already recorded (by the service's check or, when both pass it, the unique constraint)."""
    medication = med(cast)
    start = threading.Barrier(2)
    results: list[str] = []

    def tap() -> None:
        try:
            start.wait()
            give(cast, medication)
            results.append("recorded")
        except ValidationError as error:
            results.append(error.messages[0])
        finally:
            connection.close()

    threads = [threading.Thread(target=tap) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results)[1] == "recorded"
    assert "already been recorded" in sorted(results)[0]
    assert DoseRecord.objects.count() == 1


@pytest.mark.parametrize("outcome", [DoseOutcome.REFUSED, DoseOutcome.NOT_GIVEN])
def test_refused_or_not_given_needs_a_reason(cast: Cast, outcome: str) -> None:
    with pytest.raises(ValidationError) as error:
        give(cast, med(cast), outcome=outcome, reason="   ")
    assert "reason" in error.value.message_dict
    assert not DoseRecord.objects.exists()


@pytest.mark.parametrize(
    ("due", "message"),
    [
        (eight() + dt.timedelta(minutes=5), "not due at that time"),
        (eight(dt.date(2030, 1, 12)), "not due yet"),
        (eight(dt.date(2029, 11, 30)), "not due at that time"),
    ],
    ids=["not-a-dose-time", "far-future", "before-it-started"],
)
def test_only_a_dose_that_is_due_can_be_recorded(
    cast: Cast, due: dt.datetime, message: str
) -> None:
    with pytest.raises(ValidationError) as error:
        give(cast, med(cast), due_at=due)
    assert message in " ".join(error.value.messages)


def test_a_dose_can_not_be_timed_in_the_future(cast: Cast) -> None:
    with pytest.raises(ValidationError):
        give(cast, med(cast), at=NOW + dt.timedelta(hours=1))


def test_changing_the_times_keeps_the_past(cast: Cast) -> None:
    medication = med(cast)
    give(cast, medication, due_at=eight(dt.date(2030, 1, 9)), now=NOW)
    set_dose_times(
        actor=cast.user("manager"),
        medication=medication,
        times=[dt.time(9), dt.time(20)],
        from_day=DAY,
    )
    zone = local_zone()
    before = doses_due([cast.person.pk], dt.date(2030, 1, 9), dt.date(2030, 1, 9), zone)
    after = doses_due([cast.person.pk], DAY, DAY, zone)
    assert [f"{d.due_at:%H:%M}" for d in before] == ["08:00", "20:00"]
    assert before[0].record is not None
    assert [f"{d.due_at:%H:%M}" for d in after] == ["09:00", "20:00"]
    assert DoseSchedule.objects.filter(medication=medication).count() == 3
    event = AuditEvent.objects.get(action="daily.dose_times.set")
    assert event.changes["times"] == {"old": ["08:00", "20:00"], "new": ["09:00", "20:00"]}


def test_a_recorded_dose_at_a_time_no_longer_scheduled_still_shows(cast: Cast) -> None:
    medication = med(cast)
    give(cast, medication)
    set_dose_times(
        actor=cast.user("manager"), medication=medication, times=[dt.time(9)], from_day=DAY
    )
    due = doses_due([cast.person.pk], DAY, DAY, local_zone())
    assert [(f"{d.due_at:%H:%M}", d.record is not None) for d in due] == [
        ("08:00", True),
        ("09:00", False),
    ]


@pytest.mark.parametrize("times", [[], [dt.time(h) for h in range(13)]], ids=["none", "thirteen"])
def test_dose_times_need_one_to_twelve_times(cast: Cast, times: list[dt.time]) -> None:
    with pytest.raises(ValidationError):
        set_dose_times(actor=cast.user("manager"), medication=med(cast), times=times, from_day=DAY)


def test_a_prn_medicine_has_no_dose_times(cast: Cast) -> None:
    with pytest.raises(ValidationError):
        set_dose_times(
            actor=cast.user("manager"), medication=rescue(cast), times=[dt.time(8)], from_day=DAY
        )


def prn(cast: Cast, medication: Medication, **kwargs: Any) -> DoseRecord:
    values: dict[str, Any] = {
        "actor": cast.user("team_worker"),
        "person": cast.person,
        "medication": medication,
        "reason": "Seizure lasting 5 minutes",
        "at": NOW - dt.timedelta(hours=1),
        "now": NOW,
        **kwargs,
    }
    return record_prn(**values)


def test_a_prn_dose_needs_a_protocol_and_a_reason(cast: Cast) -> None:
    with pytest.raises(ValidationError) as error:
        prn(cast, med(cast))
    assert "no PRN protocol" in error.value.messages[0]
    with pytest.raises(ValidationError) as error:
        prn(cast, rescue(cast), reason=" ")
    assert "reason" in error.value.message_dict
    record = prn(cast, Medication.objects.get(name="Buccal midazolam"))
    assert record.is_prn and record.outcome == DoseOutcome.GIVEN


def incident(cast: Cast, starts_at: dt.datetime, person: Any = None) -> Incident:
    return Incident.objects.create(
        organisation=cast.organisation, person=person or cast.person, starts_at=starts_at
    )


def test_a_prn_dose_links_only_to_a_recent_incident_of_the_same_person(cast: Cast) -> None:
    medication = rescue(cast)
    at = NOW - dt.timedelta(hours=1)
    recent = incident(cast, at - dt.timedelta(hours=2))
    assert prn(cast, medication, incident=recent).incident == recent
    for wrong in (
        incident(cast, at - dt.timedelta(hours=25)),
        incident(cast, at - dt.timedelta(hours=1), person=cast.other_person),
    ):
        with pytest.raises(ValidationError) as error:
            prn(cast, medication, incident=wrong)
        assert "incident" in error.value.message_dict


def test_free_text_is_kept_as_typed(cast: Cast) -> None:
    text = "Sore 🦷 <script>alert(1)</script>"
    assert prn(cast, rescue(cast), reason=text).reason == text


def test_stock_counts_and_doses_given_since(cast: Cast) -> None:
    medication = med(cast)
    record_stock_count(
        actor=cast.user("team_worker"),
        person=cast.person,
        medication=medication,
        quantity=28,
        counted_at=eight() - dt.timedelta(hours=1),
        now=NOW,
    )
    give(cast, medication)
    chart = medication_chart(cast.person, DAY, now=NOW)
    assert [(r.last_count.quantity, r.given_since, r.expected) for r in chart.stock] == [
        (28, 1, 27)
    ]
    with pytest.raises(ValidationError):
        record_stock_count(
            actor=cast.user("team_worker"),
            person=cast.person,
            medication=medication,
            quantity=-1,
            now=NOW,
        )


def test_an_amendment_keeps_the_original_and_checks_the_reason_rule(cast: Cast) -> None:
    record = give(cast, med(cast))
    with pytest.raises(ValidationError) as error:
        amend_dose(
            actor=cast.user("manager"),
            record=record,
            changes={"outcome": DoseOutcome.REFUSED},
            reason="Wrong button",
            now=NOW,
        )
    assert "reason" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        amend_dose(actor=cast.user("manager"), record=record, changes={"dose": "1"}, reason=" ")
    assert "amend_reason" in error.value.message_dict
    amended = amend_dose(
        actor=cast.user("manager"),
        record=record,
        changes={"outcome": DoseOutcome.REFUSED, "reason": "Spat it out"},
        reason="Wrong button",
        now=NOW,
    )
    assert amended.version == 2
    assert [v.values.get("outcome") for v in versions_of(amended)] == ["given", "refused"]
    with pytest.raises(ValueError):
        amend_dose(actor=cast.user("manager"), record=record, changes={"due_at": NOW}, reason="x")


def test_new_dose_times_can_not_start_in_the_past(cast: Cast) -> None:
    with pytest.raises(ValidationError) as error:
        set_dose_times(
            actor=cast.user("manager"),
            medication=med(cast),
            times=[dt.time(9)],
            from_day=DAY - dt.timedelta(days=1),
            today=DAY,
        )
    assert "from_day" in error.value.message_dict
