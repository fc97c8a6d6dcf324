"""Confirming a shift as worked (actual times, a note, a sleep-in's disturbances) and closing a
pay period into the holiday records of irregular-hours staff.

Every write runs in one transaction and is audited inside it with the shift's person. The note
and a disturbance's reason are private text: the audit records only that they changed.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from ownterms.accounts.models import User
from ownterms.audit.services import create_audited, field_changes, record_change
from ownterms.core.models import Organisation
from ownterms.core.tenancy import check_same_organisation
from ownterms.leave.models import WorkedHours
from ownterms.leave.services import record_worked_hours
from ownterms.lib.versions import changed_since
from ownterms.rota.models import Assignment, Delivery, Disturbance, Shift, ShiftKind
from ownterms.rota.selectors.delivery import MAX_PAY_PERIOD_DAYS, PayrollRow
from ownterms.staff.models import StaffMember

#: How far the actual times may move from the planned ones.
EARLY_START = dt.timedelta(hours=4)
LATE_END = dt.timedelta(hours=6)
MAX_DISTURBANCES = 20
MAX_NOTE = 300
MAX_REASON = 200


@dataclass(frozen=True)
class DisturbanceInput:
    """One time a sleeping-in worker was woken: aware datetimes and the reason."""

    started_at: dt.datetime
    ended_at: dt.datetime
    reason: str


def _clock(when: dt.datetime) -> str:
    return date_format(timezone.localtime(when), "j M H:i")


def _check_times(shift: Shift, started_at: dt.datetime, ended_at: dt.datetime) -> None:
    if started_at.tzinfo is None or ended_at.tzinfo is None:
        raise ValidationError({"started_at": _("Give the times with their time zone.")})
    if ended_at <= started_at:
        raise ValidationError({"ended_at": _("The end must be after the start.")})
    if not shift.starts_at - EARLY_START <= started_at <= shift.ends_at:
        raise ValidationError(
            {
                "started_at": _(
                    "The start must be between 4 hours before the planned start (%(earliest)s) "
                    "and the planned end (%(latest)s)."
                )
                % {
                    "earliest": _clock(shift.starts_at - EARLY_START),
                    "latest": _clock(shift.ends_at),
                }
            }
        )
    if ended_at > shift.ends_at + LATE_END:
        raise ValidationError(
            {
                "ended_at": _(
                    "The end must be no later than 6 hours after the planned end (%(latest)s)."
                )
                % {"latest": _clock(shift.ends_at + LATE_END)}
            }
        )
    if ended_at > timezone.now():
        raise ValidationError(
            {"ended_at": _("The end is in the future: confirm the shift once it has finished.")}
        )


def _check_disturbances(
    shift: Shift,
    started_at: dt.datetime,
    ended_at: dt.datetime,
    disturbances: Sequence[DisturbanceInput],
) -> list[DisturbanceInput]:
    if not disturbances:
        return []
    if shift.kind != ShiftKind.SLEEP_IN:
        raise ValidationError({"disturbances": _("Only a sleep-in records disturbances.")})
    if len(disturbances) > MAX_DISTURBANCES:
        raise ValidationError(
            {"disturbances": _("Record at most %(n)s disturbances.") % {"n": MAX_DISTURBANCES}}
        )
    checked: list[tuple[int, DisturbanceInput]] = []
    for number, item in enumerate(disturbances, start=1):
        key = f"disturbance_{number}"
        reason = item.reason.strip()
        if item.started_at.tzinfo is None or item.ended_at.tzinfo is None:
            raise ValidationError({key: _("Give the times with their time zone.")})
        if not reason:
            raise ValidationError({key: _("Say why you were woken.")})
        if len(reason) > MAX_REASON:
            raise ValidationError(
                {key: _("The reason must be %(n)s characters or fewer.") % {"n": MAX_REASON}}
            )
        if item.ended_at <= item.started_at:
            raise ValidationError({key: _("Back to sleep must be after woken.")})
        if item.started_at < started_at or item.ended_at > ended_at:
            raise ValidationError(
                {
                    key: _("A disturbance must be inside the shift (%(start)s to %(end)s).")
                    % {"start": _clock(started_at), "end": _clock(ended_at)}
                }
            )
        checked.append((number, DisturbanceInput(item.started_at, item.ended_at, reason)))
    checked.sort(key=lambda pair: pair[1].started_at)
    for (_first, a), (number, b) in itertools.pairwise(checked):
        if b.started_at < a.ended_at:
            raise ValidationError(
                {
                    f"disturbance_{number}": _(
                        "This disturbance overlaps another (%(start)s to %(end)s)."
                    )
                    % {"start": _clock(a.started_at), "end": _clock(a.ended_at)}
                }
            )
    return [item for _number, item in checked]


def _summary(disturbances: Sequence[DisturbanceInput] | Sequence[Disturbance]) -> dict[str, str]:
    times = ", ".join(
        f"{_clock(d.started_at)}-{timezone.localtime(d.ended_at):%H:%M}" for d in disturbances
    )
    reasons = " | ".join(d.reason for d in disturbances)
    return {"disturbances": times, "disturbance_reasons": reasons}


def _lock_shift(shift: Shift) -> Shift:
    return Shift.objects.select_for_update().select_related("person").get(pk=shift.pk)


@transaction.atomic
def confirm_worked(
    *,
    actor: User,
    shift: Shift,
    staff_member: StaffMember,
    started_at: dt.datetime,
    ended_at: dt.datetime,
    note: str = "",
    disturbances: Sequence[DisturbanceInput] = (),
    seen: dt.datetime | None = None,
    expect_new: bool = False,
) -> Delivery:
    """Records (or corrects) that ``staff_member`` worked ``shift`` from ``started_at`` to
    ``ended_at``. Callers check who may do it (``rota.access``); this checks the rules: a
    planned shift that has started, a live assignment, times in a sensible window and ended,
    disturbances only on a sleep-in, inside it and apart. ``seen`` is the ``updated_at`` of
    the confirmation the editor read (a correction made meanwhile is refused, nothing lost);
    ``expect_new``: the editor saw no confirmation, so one recorded meanwhile is refused."""
    check_same_organisation(actor, shift)
    note = note.strip()
    if len(note) > MAX_NOTE:
        raise ValidationError(
            {"note": _("The note must be %(n)s characters or fewer.") % {"n": MAX_NOTE}}
        )
    locked = _lock_shift(shift)
    if locked.status != Shift.Status.PLANNED:
        raise ValidationError(_("This shift was cancelled, so it cannot be confirmed as worked."))
    if locked.starts_at > timezone.now():
        raise ValidationError(_("This shift has not started yet: confirm it once it has."))
    if not Assignment.objects.filter(shift=locked, staff_member=staff_member).exists():
        raise ValidationError(
            {
                "worker": _("%(name)s is not on the rota for this shift.")
                % {"name": staff_member.name}
            }
        )
    _check_times(locked, started_at, ended_at)
    checked = _check_disturbances(locked, started_at, ended_at, disturbances)
    existing = (
        Delivery.objects.select_for_update().filter(shift=locked, staff_member=staff_member).first()
    )
    if existing is None:
        delivery = Delivery(
            organisation_id=locked.organisation_id,
            shift=locked,
            staff_member=staff_member,
            started_at=started_at,
            ended_at=ended_at,
            note=note,
            confirmed_by=actor,
        )
        create_audited(
            actor=actor,
            organisation=locked.organisation,
            action="rota.delivery_confirm",
            obj=delivery,
            person=locked.person,
            fields=("shift", "staff_member", "started_at", "ended_at", "note"),
        )
        old_disturbances: list[Disturbance] = []
    else:
        if expect_new or changed_since(existing.updated_at, seen):
            raise ValidationError(
                _(
                    "Someone else changed this confirmation since you opened it: it now says "
                    "%(start)s to %(end)s. Save again to replace it with the times below."
                )
                % {"start": _clock(existing.started_at), "end": _clock(existing.ended_at)}
            )
        delivery = existing
        old = {
            "started_at": existing.started_at,
            "ended_at": existing.ended_at,
            "note": existing.note,
        }
        old_disturbances = list(existing.disturbances.all())
        delivery.started_at, delivery.ended_at, delivery.note = started_at, ended_at, note
        delivery.confirmed_by = actor
        delivery.full_clean()
        delivery.save()
        changes = field_changes(
            old, {"started_at": started_at, "ended_at": ended_at, "note": note}, private=("note",)
        )
        changes.update(
            field_changes(
                _summary(old_disturbances), _summary(checked), private=("disturbance_reasons",)
            )
        )
        record_change(
            actor=actor,
            organisation=locked.organisation,
            action="rota.delivery_change",
            obj=delivery,
            person=locked.person,
            changes=changes,
        )
        existing.disturbances.all().delete()
    if checked:
        Disturbance.objects.bulk_create(
            [
                Disturbance(
                    delivery=delivery, started_at=d.started_at, ended_at=d.ended_at, reason=d.reason
                )
                for d in checked
            ]
        )
        if existing is None:
            record_change(
                actor=actor,
                organisation=locked.organisation,
                action="rota.delivery_disturbances",
                obj=delivery,
                person=locked.person,
                changes=field_changes({}, _summary(checked), private=("disturbance_reasons",)),
            )
    return delivery


# Closing a pay period -------------------------------------------------------------------


def check_pay_period(first: dt.date, last: dt.date) -> None:
    if last < first:
        raise ValidationError({"last": _("The last day must be on or after the first day.")})
    if (last - first).days + 1 > MAX_PAY_PERIOD_DAYS:
        raise ValidationError(
            {"last": _("A pay period can be at most %(n)s days.") % {"n": MAX_PAY_PERIOD_DAYS}}
        )


@transaction.atomic
def close_pay_period(
    *,
    actor: User,
    organisation: Organisation,
    first: dt.date,
    last: dt.date,
    rows: Sequence[PayrollRow],
    today: dt.date,
) -> list[WorkedHours]:
    """Records the minutes worked from ``first`` to ``last`` for each irregular-hours worker
    in ``rows`` (from ``payroll_rows``) as their holiday-accruing hours (``source="rota"``).
    All or nothing: a worker whose hours already cover part of the period stops the close."""
    check_pay_period(first, last)
    if last >= today:
        raise ValidationError(
            {"last": _("Close a pay period once it has ended (the last day is before today).")}
        )
    due = [row for row in rows if row.irregular and row.paid_minutes > 0]
    if not due:
        raise ValidationError(
            _("No irregular-hours worker has confirmed hours in this period: nothing to record.")
        )
    recorded = []
    for row in due:
        if row.staff_member.organisation_id != organisation.pk:
            raise ValidationError(_("Every worker must be in your organisation."))
        try:
            recorded.append(
                record_worked_hours(
                    actor=actor,
                    staff_member=row.staff_member,
                    starts_on=first,
                    ends_on=last,
                    minutes=row.paid_minutes,
                    source=WorkedHours.Source.ROTA,
                )
            )
        except ValidationError as error:
            detail = " ".join(error.messages)
            raise ValidationError(
                _("Nothing was recorded. %(name)s: %(detail)s")
                % {"name": row.staff_member.name, "detail": detail}
            ) from error
    return recorded
