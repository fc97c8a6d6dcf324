"""The demo enricher builds and publishes the rota over every generated shift."""

from __future__ import annotations

import random

import pytest

from ownterms.demo.enrich_rota_build import enrich_rota_published
from ownterms.rota.models import Assignment, DraftAssignment, RotaRun, Shift
from tests.cast import Cast
from tests.ownterms.rota.build_data import scenario

pytestmark = pytest.mark.django_db


def test_publishes_a_rota_over_all_shifts(cast: Cast, monkeypatch: pytest.MonkeyPatch) -> None:
    from ownterms.demo import enrich_rota_build

    monkeypatch.setattr(enrich_rota_build, "DEMO_DETERMINISTIC_TIME", 0.5)
    data = scenario(cast)
    counts = enrich_rota_published(cast.organisation, random.Random(0), cast.today)
    run = RotaRun.objects.get()
    assert run.status == RotaRun.Status.PUBLISHED
    shifts = Shift.objects.all()
    assert run.first_day == min(s.on for s in shifts)
    assert run.last_day == max(s.on for s in shifts)
    assert set(run.people.all()) == {cast.person, cast.other_person, data.nell}
    assert counts == {
        "rota_runs": 1,
        "rota_published": 1,
        "rota_places_filled": 6,
        "rota_places_wanted": 7,
    }
    live = set(Assignment.objects.values_list("shift_id", "staff_member_id"))
    assert live == set(DraftAssignment.objects.values_list("shift_id", "staff_member_id"))


def test_nothing_to_do_without_shifts(cast: Cast) -> None:
    assert enrich_rota_published(cast.organisation, random.Random(0), cast.today) == {
        "rota_runs": 0
    }
