"""The demo's medication record: dose times from the prescription text, two months of doses,
PRN use trending down, seizures with one untrained rescue, weekly stock counts."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from ownterms.daily.models import DoseOutcome, DoseRecord, DoseSchedule, Seizure, StockCount
from ownterms.daily.selectors.medicines import prn_per_month
from ownterms.demo.enrich_daily_medicines import times_from
from ownterms.health.models import Medication

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("text", "times"),
    [
        ("Twice a day, 8am and 8pm", ["08:00", "20:00"]),
        ("Once a day at 9pm", ["21:00"]),
        ("Three times a day with food", ["08:00", "13:00", "20:00"]),
        ("Once a day", ["08:00"]),
        ("At night", ["21:00"]),
        ("8:30am and 6pm", ["08:30", "18:00"]),
    ],
    ids=["explicit-two", "explicit-one", "three-times", "once", "at-night", "minutes"],
)
def test_dose_times_come_from_how_often(text: str, times: list[str]) -> None:
    assert [f"{t:%H:%M}" for t in times_from(text)] == times


@pytest.mark.demo_data
def test_the_demo_has_two_months_of_medication_records(demo: Any) -> None:
    today = timezone.localdate()
    regular = Medication.objects.filter(
        organisation=demo, kind=Medication.Kind.REGULAR, stops_on__isnull=True
    )
    timed = set(DoseSchedule.objects.values_list("medication_id", flat=True))
    assert set(regular.values_list("pk", flat=True)) <= timed
    doses = DoseRecord.objects.filter(organisation=demo, due_at__isnull=False)
    assert doses.count() > 500
    assert doses.filter(outcome=DoseOutcome.REFUSED).exclude(reason="").exists()
    assert doses.filter(outcome=DoseOutcome.GIVEN, recorded_by__isnull=False).count() > 0.9 * (
        doses.count()
    )
    prn_people = set(
        DoseRecord.objects.filter(
            organisation=demo, due_at__isnull=True, seizure__isnull=True
        ).values_list("person_id", flat=True)
    )
    assert len(prn_people) == 1
    first = today - dt.timedelta(days=60)
    months = prn_per_month(list(prn_people), first, today)
    per_half = [
        DoseRecord.objects.filter(
            person_id__in=prn_people, due_at__isnull=True, at__date__gte=start, at__date__lt=end
        ).count()
        for start, end in (
            (first, first + dt.timedelta(days=30)),
            (first + dt.timedelta(days=30), today),
        )
    ]
    assert per_half[0] > 2 * per_half[1] > 0, months
    seizures = Seizure.objects.filter(organisation=demo)
    assert 6 <= seizures.count() <= 8
    assert seizures.values("person_id").distinct().count() == 1
    rescued = seizures.filter(rescue_medication__isnull=False)
    assert sorted(s.rescue_by_trained_worker for s in rescued) == [False, True]
    assert DoseRecord.objects.filter(seizure__in=rescued).count() == 2
    assert StockCount.objects.filter(organisation=demo).values("medication").distinct().count() == 2
