"""Writing notes and handovers: one per worker per shift (even when two submits race), the
shift must be the person's, not cancelled and begun; amendments keep every version; a handover
is acknowledged once per member of staff; every write is audited without the private text."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from ownterms.audit.models import AuditEvent
from ownterms.daily.models import DailyNote, Handover, HandoverAcknowledgement
from ownterms.daily.selectors.amendments import versions_of
from ownterms.daily.services.notes import (
    AlreadyWrittenError,
    acknowledge,
    amend_handover,
    amend_note,
    write_handover,
    write_note,
)
from ownterms.plans.models import Goal
from ownterms.rota.models import Shift
from tests.cast import Cast
from tests.ownterms.daily import notes_data
from tests.ownterms.rota.factories import assign, at, shift


def _user(cast: Cast, name: str):  # type: ignore[no-untyped-def]
    user = cast.user(name)
    assert user is not None
    return user


def _note(cast: Cast, row: Shift, *, who: str = "team_worker", **extra: object) -> DailyNote:
    fields: dict[str, object] = {
        "mood": DailyNote.Mood.GOOD,
        "activities": "Baked bread.",
        "now": at(row.on, 14),
        **extra,
    }
    return write_note(
        actor=_user(cast, who),
        person=cast.person,
        shift=row,
        staff_member=cast.staff.get(who),
        **fields,  # type: ignore[arg-type]
    )


def test_a_note_is_written_and_audited_without_its_words(cast: Cast) -> None:
    row = notes_data.worked_shift(cast)
    goal = Goal.objects.create(
        organisation=cast.organisation, person=cast.person, title="Cook a meal", owner="Alex"
    )
    note = _note(cast, row, how_they_were="Happy 😀 <script>x</script>", goals=[goal])
    assert note.version == 1
    assert list(note.goals.all()) == [goal]
    assert note.recorded_by_staff == cast.staff["team_worker"]
    event = AuditEvent.objects.get(action="daily.note.add")
    assert event.changes["activities"] == {"changed": True}
    assert event.changes["how_they_were"] == {"changed": True}
    assert event.changes["mood"] == {"old": None, "new": "good"}


def test_a_second_note_by_the_same_worker_is_refused_naming_the_first(cast: Cast) -> None:
    row = notes_data.worked_shift(cast)
    first = _note(cast, row)
    with pytest.raises(AlreadyWrittenError) as raised:
        _note(cast, row, activities="Again")
    assert raised.value.existing == first
    assert DailyNote.objects.count() == 1
    # Another worker on the same shift (a manager helping) writes their own.
    _note(cast, row, who="manager")
    assert DailyNote.objects.count() == 2


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_submits_at_once_make_one_note(cast: Cast) -> None:
    row = notes_data.worked_shift(cast)
    results: list[str] = []
    barrier = threading.Barrier(2)

    def submit() -> None:
        try:
            barrier.wait()
            _note(cast, row)
            results.append("saved")
        except AlreadyWrittenError:
            results.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=submit) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == ["refused", "saved"]
    assert DailyNote.objects.filter(shift=row).count() == 1


@pytest.mark.parametrize(
    ("case", "field"),
    [
        ("other person's shift", "shift"),
        ("cancelled", "shift"),
        ("not started", "shift"),
        ("nothing written", "activities"),
        ("someone else's goal", "goals"),
        ("unknown mood", "mood"),
    ],
    ids=["other-person", "cancelled", "not-started", "empty", "other-goal", "bad-mood"],
)
def test_bad_notes_are_refused_with_the_field(cast: Cast, case: str, field: str) -> None:
    row = notes_data.worked_shift(cast)
    extra: dict[str, object] = {}
    if case == "other person's shift":
        row = shift(cast.other_person, row.on, 9, 6)
    elif case == "cancelled":
        row.status = Shift.Status.CANCELLED
        row.save()
    elif case == "not started":
        extra["now"] = at(row.on, 7)
    elif case == "nothing written":
        extra["activities"] = "   "
    elif case == "someone else's goal":
        extra["goals"] = [
            Goal.objects.create(
                organisation=cast.organisation, person=cast.other_person, title="X", owner="B"
            )
        ]
    elif case == "unknown mood":
        extra["mood"] = "furious"
    with pytest.raises(ValidationError) as raised:
        _note(cast, row, **extra)
    assert field in raised.value.message_dict
    assert not DailyNote.objects.exists()
    assert not AuditEvent.objects.filter(action="daily.note.add").exists()


def test_a_shift_may_be_written_up_an_hour_before_it_starts(cast: Cast) -> None:
    row = notes_data.worked_shift(cast)
    _note(cast, row, now=at(row.on, 8))


def test_amending_a_note_keeps_every_version(cast: Cast) -> None:
    row = notes_data.worked_shift(cast)
    note = _note(cast, row)
    amend_note(
        actor=_user(cast, "team_worker"),
        note=note,
        changes={"activities": "Baked bread and walked.", "mood": "great"},
        reason="Forgot the walk",
    )
    amend_note(
        actor=_user(cast, "manager"),
        note=DailyNote.objects.get(pk=note.pk),
        changes={"what_mattered": "The walk."},
        reason="Added from the team meeting",
    )
    fresh = DailyNote.objects.get(pk=note.pk)
    assert fresh.version == 3
    versions = versions_of(fresh)
    assert [v.number for v in versions] == [1, 2, 3]
    assert versions[0].values == {
        "activities": "Baked bread.",
        "mood": "good",
        "what_mattered": "",
    }
    assert versions[2].reason == "Added from the team meeting"


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({"activities": "", "how_they_were": "", "what_mattered": ""}, "Wrong"),
        ({"mood": "furious"}, "Wrong"),
        ({"activities": "New"}, "  "),
        ({"activities": "Baked bread."}, "Nothing"),
    ],
    ids=["emptied", "bad-mood", "no-reason", "no-change"],
)
def test_bad_amendments_change_nothing(cast: Cast, changes: dict[str, str], reason: str) -> None:
    note = _note(cast, notes_data.worked_shift(cast))
    with pytest.raises(ValidationError):
        amend_note(actor=_user(cast, "team_worker"), note=note, changes=changes, reason=reason)
    fresh = DailyNote.objects.get(pk=note.pk)
    assert fresh.version == 1 and fresh.activities == "Baked bread."


def test_a_handover_once_per_worker_and_amended_with_a_reason(cast: Cast) -> None:
    handover = notes_data.a_handover(cast)
    with pytest.raises(AlreadyWrittenError):
        write_handover(
            actor=_user(cast, "team_worker"),
            person=cast.person,
            shift=handover.shift,  # type: ignore[arg-type]
            staff_member=cast.staff["team_worker"],
            text="Again",
            now=at(handover.shift.on, 15),  # type: ignore[union-attr]
        )
    with pytest.raises(ValidationError):
        amend_handover(actor=_user(cast, "team_worker"), handover=handover, text=" ", reason="x")
    amend_handover(
        actor=_user(cast, "team_worker"), handover=handover, text="Tea at seven.", reason="Moved"
    )
    assert Handover.objects.get(pk=handover.pk).version == 2
    event = AuditEvent.objects.get(action="daily.handover.amend")
    assert event.changes == {"text": {"changed": True}}


def test_an_empty_handover_is_refused(cast: Cast) -> None:
    row = notes_data.worked_shift(cast)
    with pytest.raises(ValidationError) as raised:
        write_handover(
            actor=_user(cast, "team_worker"),
            person=cast.person,
            shift=row,
            staff_member=cast.staff["team_worker"],
            text="  \n ",
            now=at(row.on, 15),
        )
    assert "text" in raised.value.message_dict


def test_acknowledging_twice_keeps_one_and_the_writer_cannot(cast: Cast) -> None:
    handover = notes_data.a_handover(cast)
    today = handover.shift.on + dt.timedelta(days=1)  # type: ignore[union-attr]
    incoming = shift(cast.person, today, 9, 6)
    assign(incoming, cast.staff["manager"])
    manager = _user(cast, "manager")
    first, created = acknowledge(
        actor=manager,
        handover=handover,
        staff_member=cast.staff["manager"],
        shift=incoming,
        now=at(today, 9),
    )
    again, created_again = acknowledge(
        actor=manager, handover=handover, staff_member=cast.staff["manager"], now=at(today, 10)
    )
    assert created and not created_again and first == again
    assert HandoverAcknowledgement.objects.count() == 1
    assert AuditEvent.objects.filter(action="daily.handover.acknowledge").count() == 1
    with pytest.raises(ValidationError):
        acknowledge(
            actor=_user(cast, "team_worker"),
            handover=handover,
            staff_member=cast.staff["team_worker"],
        )
    with pytest.raises(ValidationError):
        acknowledge(
            actor=manager,
            handover=handover,
            staff_member=cast.staff["on_call_manager"],
            shift=shift(cast.other_person, today, 9, 6),
        )
