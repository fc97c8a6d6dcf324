"""Reading daily notes and handovers: the start of a shift, a person's day, one record.

Each function takes the ``Person`` an access check gave and runs a fixed number of queries
whatever the number of rows."""

from __future__ import annotations

import datetime as dt
import uuid
import zoneinfo
from dataclasses import dataclass, field

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404

from ownterms.core.selectors import zone_of
from ownterms.daily.models import (
    AuthorisedPractice,
    BehaviourSupportPlan,
    DailyNote,
    DailyRecord,
    Handover,
    HandoverAcknowledgement,
)
from ownterms.daily.selectors.doses_due import DueDose, doses_due
from ownterms.people.access import uuid_or_404
from ownterms.people.models import Person
from ownterms.plans import selectors as plans_selectors
from ownterms.plans.models import Goal, RoutineActivity
from ownterms.rota.models import Assignment, Shift
from ownterms.staff.models import StaffMember

#: The shift start shows handovers written since the previous shift started, at most this long.
HANDOVER_LOOKBACK = dt.timedelta(days=3)
#: Goals a note can be about (and the prompts come from).
OPEN_GOALS = (Goal.Status.NOT_STARTED, Goal.Status.IN_PROGRESS)


def day_bounds(day: dt.date, zone: zoneinfo.ZoneInfo) -> tuple[dt.datetime, dt.datetime]:
    """Local midnight to the next local midnight (23 or 25 hours on clock-change days)."""
    start = dt.datetime.combine(day, dt.time(0), tzinfo=zone)
    end = dt.datetime.combine(day + dt.timedelta(days=1), dt.time(0), tzinfo=zone)
    return start, end


def author_name(record: DailyRecord) -> str:
    """Who wrote a record: their staff name, else their user name (needs both selected)."""
    staff = record.recorded_by_staff
    if staff is not None:
        return f"{staff.first_name} {staff.last_name}".strip()
    user = record.recorded_by
    return user.display_name or user.email if user is not None else ""


def _shifts() -> QuerySet[Shift]:
    return Shift.objects.prefetch_related(
        Prefetch(
            "assignments",
            queryset=Assignment.objects.select_related("staff_member").order_by(
                "staff_member__first_name", "staff_member__last_name", "pk"
            ),
        )
    )


def workers_of(shift: Shift) -> list[StaffMember]:
    return [assignment.staff_member for assignment in shift.assignments.all()]


def shift_of(person: Person, shift_id: uuid.UUID | str) -> Shift:
    """One of the person's shifts with its workers (404 when it is not theirs)."""
    shift = _shifts().filter(person=person, public_id=uuid_or_404(shift_id)).first()
    if shift is None:
        raise Http404
    return shift


def notes() -> QuerySet[DailyNote]:
    return DailyNote.objects.select_related(
        "recorded_by", "recorded_by_staff", "shift"
    ).prefetch_related(Prefetch("goals", queryset=Goal.objects.order_by("title", "pk")))


def handovers() -> QuerySet[Handover]:
    return Handover.objects.select_related(
        "recorded_by", "recorded_by_staff", "shift"
    ).prefetch_related(
        Prefetch(
            "acknowledgements",
            queryset=HandoverAcknowledgement.objects.select_related(
                "staff_member", "shift"
            ).order_by("acknowledged_at", "pk"),
        )
    )


def note_of(person: Person, note_id: uuid.UUID | str) -> DailyNote:
    note = notes().filter(person=person, public_id=uuid_or_404(note_id)).first()
    if note is None:
        raise Http404
    return note


def handover_of(person: Person, handover_id: uuid.UUID | str) -> Handover:
    handover = handovers().filter(person=person, public_id=uuid_or_404(handover_id)).first()
    if handover is None:
        raise Http404
    return handover


def own_note(shift: Shift, actor_id: int) -> DailyNote | None:
    return DailyNote.objects.filter(shift=shift, recorded_by_id=actor_id).first()


def own_handover(shift: Shift, actor_id: int) -> Handover | None:
    return Handover.objects.filter(shift=shift, recorded_by_id=actor_id).first()


def open_goals(person: Person) -> QuerySet[Goal]:
    """The person's goals not yet achieved or stopped (from the plan's selectors)."""
    return plans_selectors.goals_of(person).filter(status__in=OPEN_GOALS)


def routine_on(person: Person, day: dt.date) -> list[RoutineActivity]:
    """The person's routine activities on ``day``'s weekday, in time order."""
    return list(plans_selectors.routine_of(person).filter(day=day.weekday()))


def prompts(goals: list[Goal], routine: list[RoutineActivity], activity: str) -> list[str]:
    """Quick questions for the note, from the shift's plan, the day's routine and the goals."""
    from django.utils.formats import time_format
    from django.utils.translation import gettext as _

    lines: list[str] = []
    if activity:
        lines.append(_("The plan was: %(activity)s. How did it go?") % {"activity": activity})
    for item in routine:
        lines.append(
            _("%(name)s (%(start)s to %(end)s): did it happen, and what was it like for them?")
            % {
                "name": item.name,
                "start": time_format(item.starts_at, "H:i"),
                "end": time_format(item.ends_at, "H:i"),
            }
        )
    for goal in goals:
        if goal.next_step:
            lines.append(
                _("Goal '%(goal)s': any progress on the next step, '%(step)s'?")
                % {"goal": goal.title, "step": goal.next_step}
            )
        else:
            lines.append(_("Goal '%(goal)s': anything towards it today?") % {"goal": goal.title})
    return lines


# -- the start of a shift ---------------------------------------------------------------------


@dataclass(frozen=True)
class HandoverItem:
    handover: Handover
    written_by: str
    acknowledged_by: list[str]
    #: The viewer's own acknowledgement, when they have read it.
    mine: HandoverAcknowledgement | None
    #: The viewer wrote it (nothing to acknowledge).
    own: bool


@dataclass(frozen=True)
class ShiftStart:
    shift: Shift
    workers: list[StaffMember]
    previous: Shift | None
    #: Handovers written since this moment are shown.
    since: dt.datetime
    handovers: list[HandoverItem]
    routine: list[RoutineActivity]
    goals: list[Goal]
    plan: BehaviourSupportPlan | None
    practices: list[AuthorisedPractice]
    doses: list[DueDose]
    #: The viewer's note and handover for this shift, when written.
    my_note: DailyNote | None = None
    my_handover: Handover | None = None
    unread: int = field(default=0)


def handover_item(
    handover: Handover, *, viewer_id: int, viewer_staff: StaffMember | None
) -> HandoverItem:
    """A handover as the viewer sees it (``handovers()`` prefetches what this reads)."""
    acknowledgements = list(handover.acknowledgements.all())
    mine = next(
        (
            a
            for a in acknowledgements
            if viewer_staff is not None and a.staff_member_id == viewer_staff.pk
        ),
        None,
    )
    return HandoverItem(
        handover=handover,
        written_by=author_name(handover),
        acknowledged_by=[
            f"{a.staff_member.first_name} {a.staff_member.last_name}" for a in acknowledgements
        ],
        mine=mine,
        own=handover.recorded_by_id == viewer_id,
    )


def previous_shift(shift: Shift) -> Shift | None:
    """The person's last planned shift that started before this one."""
    return (
        Shift.objects.filter(
            person_id=shift.person_id,
            status=Shift.Status.PLANNED,
            starts_at__lt=shift.starts_at,
        )
        .exclude(pk=shift.pk)
        .order_by("-starts_at", "-pk")
        .first()
    )


def handovers_since(shift: Shift, previous: Shift | None) -> tuple[dt.datetime, list[Handover]]:
    """Handovers about the person written from the start of the previous shift (at most
    ``HANDOVER_LOOKBACK`` before this shift starts), newest first; not this shift's own."""
    earliest = shift.starts_at - HANDOVER_LOOKBACK
    since = max(previous.starts_at, earliest) if previous is not None else earliest
    rows = list(
        handovers()
        .filter(person_id=shift.person_id, created_at__gte=since)
        .exclude(shift=shift)
        .order_by("-created_at", "-pk")
    )
    return since, rows


def current_plan(
    person: Person, day: dt.date
) -> tuple[BehaviourSupportPlan | None, list[AuthorisedPractice]]:
    """The person's behaviour support plan and the restrictive practices authorised on ``day``."""
    plan = BehaviourSupportPlan.objects.filter(person=person).first()
    if plan is None:
        return None, []
    practices = list(
        AuthorisedPractice.objects.filter(plan=plan, authorised_on__lte=day)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gt=day))
        .order_by("kind", "authorised_on", "pk")
    )
    return plan, practices


def shift_start(
    person: Person, shift: Shift, *, viewer_id: int, viewer_staff: StaffMember | None
) -> ShiftStart:
    zone = zone_of(person.organisation)
    day = shift.starts_at.astimezone(zone).date()
    last = shift.ends_at.astimezone(zone).date()
    previous = previous_shift(shift)
    since, rows = handovers_since(shift, previous)
    items = [handover_item(row, viewer_id=viewer_id, viewer_staff=viewer_staff) for row in rows]
    plan, practices = current_plan(person, day)
    doses = [
        dose
        for dose in doses_due([person.pk], day, last, zone)
        if shift.starts_at <= dose.due_at < shift.ends_at
    ]
    return ShiftStart(
        shift=shift,
        workers=workers_of(shift),
        previous=previous,
        since=since,
        handovers=items,
        routine=routine_on(person, day),
        goals=list(open_goals(person)),
        plan=plan,
        practices=practices,
        doses=doses,
        my_note=own_note(shift, viewer_id),
        my_handover=own_handover(shift, viewer_id),
        unread=sum(1 for item in items if item.mine is None and not item.own),
    )


# -- a person's day ---------------------------------------------------------------------------


@dataclass
class ShiftRecords:
    """One shift of the day (or ``None``: records written off shift) with its records."""

    shift: Shift | None
    workers: list[StaffMember] = field(default_factory=list)
    notes: list[DailyNote] = field(default_factory=list)
    handovers: list[Handover] = field(default_factory=list)


def day_records(person: Person, day: dt.date) -> list[ShiftRecords]:
    """The person's shifts on ``day`` (newest first) with their notes and handovers, and the
    notes and handovers of that day written off shift; seven queries however many rows."""
    start, end = day_bounds(day, zone_of(person.organisation))
    shifts = list(_shifts().filter(person=person, on=day).order_by("-starts_at", "-pk"))
    groups = {shift.pk: ShiftRecords(shift=shift, workers=workers_of(shift)) for shift in shifts}
    off_shift = ShiftRecords(shift=None)
    on_day = Q(shift__in=shifts) | Q(shift__isnull=True, created_at__gte=start, created_at__lt=end)
    for note in notes().filter(on_day, person=person).order_by("-created_at", "-pk"):
        groups.get(note.shift_id or 0, off_shift).notes.append(note)
    for handover in handovers().filter(on_day, person=person).order_by("-created_at", "-pk"):
        groups.get(handover.shift_id or 0, off_shift).handovers.append(handover)
    result = [groups[shift.pk] for shift in shifts]
    if off_shift.notes or off_shift.handovers:
        result.append(off_shift)
    return result


def notes_on(person: Person, day: dt.date | None) -> QuerySet[DailyNote]:
    """The person's notes (of shifts on ``day`` or written that day off shift), newest first."""
    rows = notes().filter(person=person)
    if day is not None:
        start, end = day_bounds(day, zone_of(person.organisation))
        rows = rows.filter(
            Q(shift__on=day) | Q(shift__isnull=True, created_at__gte=start, created_at__lt=end)
        )
    return rows.order_by("-created_at", "-pk")


def handovers_on(person: Person, day: dt.date | None) -> QuerySet[Handover]:
    rows = handovers().filter(person=person)
    if day is not None:
        start, end = day_bounds(day, zone_of(person.organisation))
        rows = rows.filter(
            Q(shift__on=day) | Q(shift__isnull=True, created_at__gte=start, created_at__lt=end)
        )
    return rows.order_by("-created_at", "-pk")
