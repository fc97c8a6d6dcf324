"""The demo enricher for delivered support: harmless without a rota; with one, most ended
shifts confirmed, some sleep-ins disturbed, one open shift offered."""

from __future__ import annotations

import datetime as dt
import random

import pytest
from django.test import Client
from django.urls import reverse

from ownterms.demo.enrich_rota_delivered import enrich_rota_delivered
from ownterms.rota.models import Assignment, Delivery, Disturbance, OpenShift, ShiftKind
from ownterms.rota.selectors.delivery import elapsed_minutes
from tests.cast import Cast
from tests.ownterms.rota.delivered_data import past_shift, user
from tests.ownterms.rota.factories import assign, shift

pytestmark = pytest.mark.django_db


def test_nothing_happens_without_a_rota(cast: Cast) -> None:
    shift(cast.person, cast.today + dt.timedelta(days=3))
    assert enrich_rota_delivered(cast.organisation, random.Random(1), cast.today) == {}
    assert not Delivery.objects.exists() and not OpenShift.objects.exists()


def test_confirms_most_ended_shifts_and_offers_one(cast: Cast) -> None:
    for days_ago in range(1, 41):
        kind = ShiftKind.SLEEP_IN if days_ago % 2 else ShiftKind.DAY
        start = 22 if kind == ShiftKind.SLEEP_IN else 9
        past_shift(cast, days_ago=days_ago, start_hour=start, hours=9, kind=kind)
    for days_ahead in (3, 4):
        assign(
            shift(cast.person, cast.today + dt.timedelta(days=days_ahead)),
            cast.staff["team_worker"],
        )
    counts = enrich_rota_delivered(cast.organisation, random.Random(7), cast.today)
    assert (
        30
        <= counts["deliveries"]
        <= 40
        == Assignment.objects.filter(shift__on__lt=cast.today).count()
    )
    assert (
        counts["open_shifts"] == 1 and OpenShift.objects.get().shift.starts_at.date() > cast.today
    )
    assert counts["disturbances"] == Disturbance.objects.count() > 0
    for disturbance in Disturbance.objects.select_related("delivery"):
        assert disturbance.delivery.started_at <= disturbance.started_at
        assert disturbance.ended_at <= disturbance.delivery.ended_at
    assert all(elapsed_minutes(d.started_at, d.ended_at) >= 60 for d in Delivery.objects.all())
    again = enrich_rota_delivered(cast.organisation, random.Random(7), cast.today)
    assert again["deliveries"] <= 10 and OpenShift.objects.count() == 1


def test_home_lists_shifts_to_confirm(cast: Cast) -> None:
    row = past_shift(cast)
    client = Client()
    client.force_login(user(cast, "team_worker"))
    home = client.get(reverse("core:organisation_home", kwargs={"org": cast.organisation.slug}))
    html = home.content.decode()
    assert (
        reverse(
            "rota:confirm_worked", kwargs={"org": cast.organisation.slug, "shift_id": row.public_id}
        )
        in html
    )
    assert "Open shifts" in html and "Payroll" not in html
