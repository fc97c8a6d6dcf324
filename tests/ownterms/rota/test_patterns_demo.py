"""The demo's support patterns and shifts: one pattern per person supported now, matching the
package for all but the two deliberately short, valid blocks, shifts over the demo rota range."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from ownterms.demo.enrich_rota import demo_rota_range
from ownterms.people.models import Person
from ownterms.people.selectors import package_on
from ownterms.rota.models import Shift, ShiftKind, SupportPattern
from ownterms.rota.selectors.patterns import pattern_comparison
from ownterms.rota.services.patterns import BlockInput, overlapping

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("today", "first", "last"),
    [
        (dt.date(2026, 11, 23), dt.date(2026, 10, 26), dt.date(2026, 12, 6)),
        (dt.date(2026, 6, 1), dt.date(2026, 6, 1), dt.date(2026, 7, 5)),
        (dt.date(2026, 2, 14), dt.date(2026, 1, 26), dt.date(2026, 3, 1)),
    ],
)
def test_demo_rota_range(today: dt.date, first: dt.date, last: dt.date) -> None:
    assert demo_rota_range(today) == (first, last)


@pytest.mark.demo_data
def test_patterns_for_everyone_supported_now(demo: Any) -> None:
    today = timezone.localdate()
    active = Person.objects.filter(organisation=demo, status=Person.Status.ACTIVE)
    with_package = [p for p in active if package_on(p, today) is not None]
    patterns = SupportPattern.objects.filter(organisation=demo).prefetch_related("blocks")
    assert {p.person_id for p in patterns} == {p.pk for p in with_package}
    short = []
    for support in patterns:
        blocks = list(support.blocks.all())
        for block in blocks:
            data = BlockInput(
                block.week, block.weekday, block.start_minute, block.end_minute, block.kind
            )
            others = [b for b in blocks if b.pk != block.pk]
            assert overlapping(support.weeks, data, others) is None, block
        comparison = pattern_comparison(support, blocks, today)
        if not comparison.matches:
            short.append(comparison.summary)
    assert len(short) == 2, short
    assert all("short" in summary for summary in short)
    packages = [package_on(p, today) for p in with_package]
    threes = [package for package in packages if package and package.sleep_in_nights == 3]
    assert sum(support.weeks == 2 for support in patterns) == len(threes)  # a fortnight each


@pytest.mark.demo_data
def test_shifts_cover_the_demo_range_with_activities_and_skills(demo: Any) -> None:
    first, last = demo_rota_range(timezone.localdate())
    shifts = Shift.objects.filter(organisation=demo)
    assert shifts.exists()
    assert shifts.filter(on__lt=first).count() == shifts.filter(on__gt=last).count() == 0
    people = SupportPattern.objects.filter(organisation=demo).values_list("person_id", flat=True)
    assert set(shifts.values_list("person_id", flat=True)) == set(people)
    assert shifts.filter(on=first).exists() and shifts.filter(on=last).exists()
    assert shifts.filter(kind=ShiftKind.SLEEP_IN).exists()
    assert shifts.filter(headcount=2).exists()
    assert shifts.exclude(activity="").exists()
    assert shifts.filter(required_skills__name__icontains="driving").exists()
    assert not shifts.filter(changed_from_pattern=True).exists()
