"""Writing daily notes and handovers, amending them, and acknowledging a handover.

One note and one handover per worker per shift (the database refuses a second, so a double
submit can't make two); a later change is an amendment with a reason (``services.amendments``).
Every write is audited in its transaction.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ownterms.accounts.models import User
from ownterms.audit.services import create_audited, record_change
from ownterms.core.tenancy import check_same_organisation
from ownterms.daily.models import DailyNote, Handover, HandoverAcknowledgement
from ownterms.daily.services.amendments import amend
from ownterms.people.models import Person
from ownterms.plans.models import Goal
from ownterms.rota.models import Shift
from ownterms.staff.models import StaffMember

NOTE_FIELDS = ("mood", "activities", "how_they_were", "what_mattered")
NOTE_TEXT_FIELDS = ("activities", "how_they_were", "what_mattered")
#: How long before a shift starts its note or handover may be written (getting ready).
EARLIEST_BEFORE_START = dt.timedelta(hours=1)


class AlreadyWrittenError(ValidationError):
    """The worker has already written this record for this shift: amend that one instead."""

    def __init__(self, message: str, existing: DailyNote | Handover) -> None:
        super().__init__({"shift": [message]})
        self.existing = existing


def _check_shift(person: Person, shift: Shift, now: dt.datetime) -> None:
    if shift.person_id != person.pk:
        raise ValidationError({"shift": _("That shift is not one of this person's shifts.")})
    if shift.status == Shift.Status.CANCELLED:
        raise ValidationError({"shift": _("That shift was cancelled.")})
    if now < shift.starts_at - EARLIEST_BEFORE_START:
        raise ValidationError(
            {"shift": _("That shift has not started yet: write this once it has.")}
        )


def _own_note(shift: Shift, actor: User) -> DailyNote | None:
    return DailyNote.objects.filter(shift=shift, recorded_by=actor).first()


def _own_handover(shift: Shift, actor: User) -> Handover | None:
    return Handover.objects.filter(shift=shift, recorded_by=actor).first()


def _note_exists(existing: DailyNote) -> AlreadyWrittenError:
    return AlreadyWrittenError(
        _("You have already written a note for this shift: change that one instead."), existing
    )


def _handover_exists(existing: Handover) -> AlreadyWrittenError:
    return AlreadyWrittenError(
        _("You have already written a handover for this shift: change that one instead."),
        existing,
    )


def _check_goals(person: Person, goals: Sequence[Goal]) -> None:
    if any(goal.person_id != person.pk for goal in goals):
        raise ValidationError({"goals": _("Choose goals from this person's plan.")})


def write_note(
    *,
    actor: User,
    person: Person,
    shift: Shift,
    staff_member: StaffMember | None,
    mood: str,
    activities: str = "",
    how_they_were: str = "",
    what_mattered: str = "",
    goals: Sequence[Goal] = (),
    now: dt.datetime | None = None,
    basis: str = "",
) -> DailyNote:
    """The worker's daily note for ``shift``; ``AlreadyWrittenError`` if they have written one."""
    now = now or timezone.now()
    check_same_organisation(actor, person)
    _check_shift(person, shift, now)
    _check_goals(person, goals)
    if not any(text.strip() for text in (activities, how_they_were, what_mattered)):
        raise ValidationError(
            {"activities": _("Write what they did, how they were or what mattered to them.")}
        )
    existing = _own_note(shift, actor)
    if existing is not None:
        raise _note_exists(existing)
    note = DailyNote(
        organisation_id=person.organisation_id,
        person=person,
        shift=shift,
        recorded_by=actor,
        recorded_by_staff=staff_member,
        mood=mood,
        activities=activities,
        how_they_were=how_they_were,
        what_mattered=what_mattered,
    )
    try:
        with transaction.atomic():
            create_audited(
                actor=actor,
                organisation=person.organisation,
                action="daily.note.add",
                obj=note,
                person=person,
                fields=(*NOTE_FIELDS, "shift"),
                basis=basis,
            )
            if goals:
                note.goals.set(goals)
    except (IntegrityError, ValidationError) as error:
        # A second submit that raced the first: the constraint refused it.
        raced = _own_note(shift, actor)
        if raced is not None:
            raise _note_exists(raced) from error
        raise
    return note


def amend_note(
    *, actor: User, note: DailyNote, changes: Mapping[str, Any], reason: str
) -> DailyNote:
    """Changes the note's mood or words (every version kept); the goals ticked stay as written."""
    unknown = set(changes) - set(NOTE_FIELDS)
    if unknown:
        raise ValueError(f"not amendable here: {sorted(unknown)}")

    def validate(record: DailyNote) -> None:
        if record.mood not in DailyNote.Mood.values:
            raise ValidationError({"mood": _("Choose how they were from the list.")})
        if not any(getattr(record, name).strip() for name in NOTE_TEXT_FIELDS):
            raise ValidationError(
                {"activities": _("Write what they did, how they were or what mattered to them.")}
            )
        record.full_clean(exclude=["goals"])

    return amend(actor=actor, record=note, changes=changes, reason=reason, validate=validate)


def write_handover(
    *,
    actor: User,
    person: Person,
    shift: Shift,
    staff_member: StaffMember | None,
    text: str,
    now: dt.datetime | None = None,
    basis: str = "",
) -> Handover:
    """The outgoing worker's handover for ``shift``; ``AlreadyWrittenError`` if they wrote one."""
    now = now or timezone.now()
    check_same_organisation(actor, person)
    _check_shift(person, shift, now)
    if not text.strip():
        raise ValidationError({"text": _("Write the handover.")})
    existing = _own_handover(shift, actor)
    if existing is not None:
        raise _handover_exists(existing)
    handover = Handover(
        organisation_id=person.organisation_id,
        person=person,
        shift=shift,
        recorded_by=actor,
        recorded_by_staff=staff_member,
        text=text,
    )
    try:
        with transaction.atomic():
            create_audited(
                actor=actor,
                organisation=person.organisation,
                action="daily.handover.add",
                obj=handover,
                person=person,
                fields=("text", "shift"),
                basis=basis,
            )
    except (IntegrityError, ValidationError) as error:
        raced = _own_handover(shift, actor)
        if raced is not None:
            raise _handover_exists(raced) from error
        raise
    return handover


def amend_handover(*, actor: User, handover: Handover, text: str, reason: str) -> Handover:
    def validate(record: Handover) -> None:
        if not record.text.strip():
            raise ValidationError({"text": _("Write the handover.")})
        record.full_clean()

    return amend(
        actor=actor, record=handover, changes={"text": text}, reason=reason, validate=validate
    )


def acknowledge(
    *,
    actor: User,
    handover: Handover,
    staff_member: StaffMember,
    shift: Shift | None = None,
    now: dt.datetime | None = None,
) -> tuple[HandoverAcknowledgement, bool]:
    """Records that ``staff_member`` has read ``handover`` (at the start of ``shift``).

    Once per handover per member of staff: a second call (or a double submit) returns the
    first acknowledgement and ``False``."""
    now = now or timezone.now()
    check_same_organisation(actor, handover)
    if shift is not None and shift.person_id != handover.person_id:
        raise ValidationError({"shift": _("That shift is not one of this person's shifts.")})
    if handover.recorded_by_staff_id == staff_member.pk:
        raise ValidationError(_("You wrote this handover, so there is nothing to acknowledge."))
    existing = HandoverAcknowledgement.objects.filter(
        handover=handover, staff_member=staff_member
    ).first()
    if existing is not None:
        return existing, False
    acknowledgement = HandoverAcknowledgement(
        organisation_id=handover.organisation_id,
        handover=handover,
        shift=shift,
        staff_member=staff_member,
        acknowledged_at=now,
    )
    try:
        with transaction.atomic():
            acknowledgement.save()
            record_change(
                actor=actor,
                organisation=handover.organisation,
                action="daily.handover.acknowledge",
                obj=handover,
                person=handover.person,
                changes={"acknowledged_by": {"old": None, "new": staff_member.pk}},
            )
    except IntegrityError:
        raced = HandoverAcknowledgement.objects.filter(
            handover=handover, staff_member=staff_member
        ).first()
        if raced is None:
            raise
        return raced, False
    return acknowledgement, True
