"""Rows for the daily notes tests, the permission matrix and the browser pages: the cast's
person had a shift yesterday worked by the team worker, who wrote a note and a handover on it,
and has a shift today worked by the team worker too."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.utils import timezone

from ownterms.daily.models import DailyNote, Handover
from ownterms.daily.services.notes import write_handover, write_note
from ownterms.rota.models import Shift
from tests.cast import Cast
from tests.ownterms.rota.factories import assign, at, shift

MARK = "Daily notes test shift"
#: The worked shift's public id, fixed so static request bodies (the matrix) can name it.
SHIFT_ID = uuid.UUID("00000000-0000-4000-8000-0000000da11e")


def worked_shift(cast: Cast) -> Shift:
    """Yesterday 09:00 to 15:00, worked by the team worker (created once)."""
    existing = Shift.objects.filter(person=cast.person, notes=MARK).order_by("starts_at").first()
    if existing is not None:
        return existing
    row = shift(cast.person, timezone.localdate() - dt.timedelta(days=1), 9, 6, activity="Swimming")
    row.notes = MARK
    row.public_id = SHIFT_ID
    row.save(update_fields=["notes", "public_id"])
    assign(row, cast.staff["team_worker"])
    return row


def a_note(cast: Cast) -> DailyNote:
    found = DailyNote.objects.filter(person=cast.person).first()
    if found is not None:
        return found
    row = worked_shift(cast)
    worker = cast.user("team_worker")
    assert worker is not None
    return write_note(
        actor=worker,
        person=cast.person,
        shift=row,
        staff_member=cast.staff["team_worker"],
        mood=DailyNote.Mood.GOOD,
        activities="Swam ten lengths, then chips on the harbour wall.",
        how_they_were="Chatty and relaxed.",
        now=at(row.on, 16),
    )


def a_handover(cast: Cast) -> Handover:
    found = Handover.objects.filter(person=cast.person).first()
    if found is not None:
        return found
    row = worked_shift(cast)
    worker = cast.user("team_worker")
    assert worker is not None
    return write_handover(
        actor=worker,
        person=cast.person,
        shift=row,
        staff_member=cast.staff["team_worker"],
        text="Alex is tired after swimming; tea at six. Paracetamol given at 14:00.",
        now=at(row.on, 15),
    )


def shift_kwargs(cast: Cast) -> dict[str, Any]:
    return {
        "org": cast.organisation.slug,
        "person_id": cast.person.public_id,
        "shift_id": worked_shift(cast).public_id,
    }


def note_kwargs(cast: Cast) -> dict[str, Any]:
    return {
        "org": cast.organisation.slug,
        "person_id": cast.person.public_id,
        "note_id": a_note(cast).public_id,
    }


def handover_kwargs(cast: Cast) -> dict[str, Any]:
    return {
        "org": cast.organisation.slug,
        "person_id": cast.person.public_id,
        "handover_id": a_handover(cast).public_id,
    }


def api_person(cast: Cast) -> dict[str, Any]:
    worked_shift(cast)
    return {"person_id": cast.person.public_id}


def api_note(cast: Cast) -> dict[str, Any]:
    return {"person_id": cast.person.public_id, "note_id": a_note(cast).public_id}


def api_handover(cast: Cast) -> dict[str, Any]:
    return {"person_id": cast.person.public_id, "handover_id": a_handover(cast).public_id}
