"""The demo's rota history: earlier weeks generated from the pattern and worked by whoever
works the same block in the first published weeks."""

from __future__ import annotations

import datetime as dt
import random

import pytest

from ownterms.demo.enrich_rota import demo_rota_range
from ownterms.demo.enrich_rota_history import HISTORY_WEEKS, enrich_rota_history
from ownterms.rota.models import Assignment, Shift
from ownterms.rota.services.shifts import save_generated, shifts_from_pattern
from ownterms.staff.models import StaffMember
from tests.cast import Cast
from tests.ownterms.rota.factories import assign, block, pattern

pytestmark = pytest.mark.django_db


def test_nothing_happens_without_a_published_rota(cast: Cast) -> None:
    assert enrich_rota_history(cast.organisation, random.Random(1), cast.today) == {}
    assert not Shift.objects.exists()


def test_earlier_weeks_repeat_the_published_fortnight(cast: Cast) -> None:
    start, end = demo_rota_range(cast.today)
    fortnightly = pattern(cast.person, anchor=start, weeks=2)
    blocks = [
        block(fortnightly, 0, 9 * 60, 15 * 60),
        block(fortnightly, 2, 10 * 60, 16 * 60, week=2),
    ]
    save_generated(shifts_from_pattern(cast.person, fortnightly, blocks, start, end, set()))
    worker = cast.staff["team_worker"]
    newcomer = cast.staff["manager"]
    StaffMember.objects.filter(pk=newcomer.pk).update(starts_on=start - dt.timedelta(weeks=3))
    first_week = Shift.objects.filter(on__lt=start + dt.timedelta(weeks=1)).get()
    second_week = Shift.objects.filter(
        on__gte=start + dt.timedelta(weeks=1), on__lt=start + dt.timedelta(weeks=2)
    ).get()
    assign(first_week, worker)
    assign(second_week, newcomer)

    counts = enrich_rota_history(cast.organisation, random.Random(1), cast.today)

    history = Shift.objects.filter(on__lt=start).order_by("on")
    assert counts["history shifts"] == history.count() == HISTORY_WEEKS
    assert history.first().on == start - dt.timedelta(weeks=HISTORY_WEEKS)  # type: ignore[union-attr]
    for shift in history:
        workers = list(
            Assignment.objects.filter(shift=shift).values_list("staff_member", flat=True)
        )
        if shift.on.weekday() == 0:
            assert workers == [worker.pk]
        elif shift.on >= start - dt.timedelta(weeks=3):
            assert workers == [newcomer.pk]
        else:
            assert workers == []  # before the newcomer started
