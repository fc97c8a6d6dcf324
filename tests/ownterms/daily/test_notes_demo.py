"""The demo enricher for daily notes: harmless without a rota; with one, a note per worker per
ended shift of the last two months, a handover per shift read by the next shift's workers,
mostly good moods, respectful words, deterministic for a seed."""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter

import pytest

from ownterms.daily.language import language_warnings
from ownterms.daily.models import Amendment, DailyNote, Handover, HandoverAcknowledgement
from ownterms.demo.enrich_daily_notes import enrich_daily_notes
from tests.cast import Cast
from tests.ownterms.rota.factories import assign, shift

pytestmark = pytest.mark.django_db


def test_nothing_happens_without_a_rota(cast: Cast) -> None:
    shift(cast.person, cast.today - dt.timedelta(days=3))
    assert enrich_daily_notes(cast.organisation, random.Random(1), cast.today) == {}
    assert not DailyNote.objects.exists()


def _rota(cast: Cast) -> None:
    team, manager = cast.staff["team_worker"], cast.staff["manager"]
    for days_ago in range(1, 70):
        day = cast.today - dt.timedelta(days=days_ago)
        assign(shift(cast.person, day, 8, 7), team)
        evening = shift(cast.person, day, 15, 7)
        assign(evening, manager, *([team] if days_ago % 5 == 0 else []))
    # Today's and tomorrow's shifts have not ended: no notes for them.
    assign(shift(cast.person, cast.today, 8, 7), team)
    assign(shift(cast.person, cast.today + dt.timedelta(days=1), 8, 7), team)


def test_notes_and_handovers_for_two_months_of_ended_shifts(cast: Cast) -> None:
    _rota(cast)
    counts = enrich_daily_notes(cast.organisation, random.Random(3), cast.today)
    shifts = 61 * 2
    assert counts["handovers"] == Handover.objects.count() == shifts
    assert counts["daily_notes"] == DailyNote.objects.count() == shifts + 12
    assert not DailyNote.objects.filter(shift__on__gte=cast.today).exists()
    assert not DailyNote.objects.filter(shift__on__lt=cast.today - dt.timedelta(days=61)).exists()
    for note in DailyNote.objects.select_related("shift"):
        assert note.shift is not None
        assert note.shift.starts_at < note.created_at <= note.shift.ends_at
        for text in (note.activities, note.how_they_were, note.what_mattered):
            assert language_warnings(text) == [], text
            assert "{" not in text
    for handover in Handover.objects.all():
        assert language_warnings(handover.text) == [] and "{" not in handover.text
    moods = Counter(DailyNote.objects.values_list("mood", flat=True))
    assert moods["great"] + moods["good"] > moods["low"] + moods["upset"] > 0
    acks = HandoverAcknowledgement.objects.select_related("handover", "shift")
    assert counts["handover_acknowledgements"] == acks.count() > shifts // 2
    for ack in acks:
        assert ack.staff_member_id != ack.handover.recorded_by_staff_id
        assert ack.shift is not None and ack.acknowledged_at >= ack.shift.starts_at
    assert Amendment.objects.count() == counts["daily_notes_amended"] == 3


def test_the_same_seed_gives_the_same_words(cast: Cast) -> None:
    _rota(cast)
    enrich_daily_notes(cast.organisation, random.Random(5), cast.today)
    first = list(DailyNote.objects.order_by("shift__starts_at", "pk").values_list("activities"))
    Amendment.objects.all().delete()
    HandoverAcknowledgement.objects.all().delete()
    Handover.objects.all().delete()
    DailyNote.objects.all().delete()
    enrich_daily_notes(cast.organisation, random.Random(5), cast.today)
    again = list(DailyNote.objects.order_by("shift__starts_at", "pk").values_list("activities"))
    assert first == again
