"""Reading the live rota for its readers: the person ("who is coming"), the worker ("my
shifts", the calendar feed) and the API. The live rota is the ``Assignment`` rows of planned
shifts. Every function runs a fixed number of queries whatever the number of rows.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from ownterms.accounts.models import User
from ownterms.people.models import ConsentCategory, Person
from ownterms.people.selectors import people_visible_to, person_team
from ownterms.plans.models import ProfileVersion, RoutineActivity
from ownterms.rota.models import Assignment, Shift
from ownterms.rota.selectors.time_words import ClockHands, clock_hands, span_in_words
from ownterms.staff.models import StaffMember

#: How far "my shifts" looks ahead and back.
MY_SHIFTS_AHEAD = dt.timedelta(days=14)
MY_SHIFTS_BACK = dt.timedelta(days=7)
#: A neighbouring shift of the same person is a handover when it ends (or starts) this close.
HANDOVER_WINDOW = dt.timedelta(hours=2)


def live_shifts() -> QuerySet[Shift]:
    """Planned shifts with their live workers (first name order) prefetched."""
    return (
        Shift.objects.filter(status=Shift.Status.PLANNED)
        .select_related("person")
        .prefetch_related(
            Prefetch(
                "assignments",
                queryset=Assignment.objects.select_related("staff_member").order_by(
                    "staff_member__first_name", "staff_member__last_name", "pk"
                ),
            )
        )
        .order_by("starts_at", "pk")
    )


def workers_of(shift: Shift) -> list[StaffMember]:
    return [assignment.staff_member for assignment in shift.assignments.all()]


def local(value: dt.datetime) -> dt.datetime:
    return timezone.localtime(value)


# -- who is coming (the person, easy read) ----------------------------------------------------


@dataclass(frozen=True)
class Visitor:
    first_name: str
    public_id: str
    #: Whether the person's pages may show this worker's photo (current team, has a photo).
    has_photo: bool
    member: StaffMember


@dataclass(frozen=True)
class Visit:
    shift: Shift
    words: str
    clock: ClockHands
    visitors: list[Visitor]
    doing: list[str]


@dataclass
class ComingDay:
    day: dt.date
    heading: str
    visits: list[Visit] = field(default_factory=list)


def routine_at(
    activities: Iterable[RoutineActivity], starts: dt.datetime, ends: dt.datetime
) -> list[str]:
    """Names of the routine activities on the shift's weekday that overlap its local times."""
    day = starts.date()
    names: list[str] = []
    for activity in activities:
        if activity.day != day.weekday():
            continue
        a_start = dt.datetime.combine(day, activity.starts_at, tzinfo=starts.tzinfo)
        a_end = dt.datetime.combine(day, activity.ends_at, tzinfo=starts.tzinfo)
        if a_start < ends and a_end > starts and activity.name not in names:
            names.append(activity.name)
    return names


def who_is_coming(person: Person, *, today: dt.date, days: int = 7) -> list[ComingDay]:
    """``days`` days from ``today``, each with its live visits (shifts with someone on)."""
    last = today + dt.timedelta(days=days - 1)
    shifts = list(live_shifts().filter(person=person, on__gte=today, on__lte=last))
    routine = list(RoutineActivity.objects.filter(person=person).order_by("starts_at", "pk"))
    team = set(person_team(person, today=today).values_list("staff_member_id", flat=True))
    by_day: dict[dt.date, list[Visit]] = defaultdict(list)
    for shift in shifts:
        workers = workers_of(shift)
        if not workers:
            continue
        starts, ends = local(shift.starts_at), local(shift.ends_at)
        doing = [shift.activity] if shift.activity else routine_at(routine, starts, ends)
        by_day[shift.on].append(
            Visit(
                shift=shift,
                words=span_in_words(starts, ends, day=shift.on),
                clock=clock_hands(starts.time()),
                visitors=[
                    Visitor(
                        first_name=worker.first_name,
                        public_id=str(worker.public_id),
                        has_photo=bool(worker.photo) and worker.pk in team,
                        member=worker,
                    )
                    for worker in workers
                ],
                doing=doing,
            )
        )
    result: list[ComingDay] = []
    for offset in range(days):
        day = today + dt.timedelta(days=offset)
        heading = {0: _("Today"), 1: _("Tomorrow")}.get(offset) or _day_heading(day)
        result.append(ComingDay(day=day, heading=heading, visits=by_day.get(day, [])))
    return result


def _day_heading(day: dt.date) -> str:
    from django.utils.formats import date_format

    return date_format(day, "l j F")


# -- my shifts (the worker) --------------------------------------------------------------------


@dataclass(frozen=True)
class MyShift:
    shift: Shift
    person_name: str
    starts: dt.datetime
    ends: dt.datetime
    co_workers: list[str]
    before: list[str]
    after: list[str]
    #: Lines of "what is important to me" from the person's one-page profile (when readable).
    matters: list[str]
    #: Whether the worker may open the person's record (profile).
    may_open_record: bool


@dataclass
class MyDay:
    day: dt.date
    shifts: list[MyShift] = field(default_factory=list)


@dataclass(frozen=True)
class MyShifts:
    upcoming: list[MyDay]
    past: list[MyDay]

    @property
    def next_shift(self) -> MyShift | None:
        return self.upcoming[0].shifts[0] if self.upcoming else None


def short_lines(text: str, limit: int = 3) -> list[str]:
    """The first ``limit`` lines or sentences of ``text``, for a glance on a phone."""
    parts = [part.strip(" -•\t") for part in re.split(r"[\r\n]+|(?<=[.!?])\s+", text)]
    return [part for part in parts if part][:limit]


def member_shifts(member: StaffMember, start: dt.datetime, end: dt.datetime) -> QuerySet[Shift]:
    """The member's live shifts overlapping ``start``..``end``."""
    return live_shifts().filter(
        assignments__staff_member=member, starts_at__lt=end, ends_at__gt=start
    )


def my_shifts(actor: User, member: StaffMember, *, now: dt.datetime) -> MyShifts:
    today = timezone.localdate(now)
    midnight = dt.datetime.combine(today, dt.time(0), tzinfo=timezone.get_current_timezone())
    window_start = midnight - MY_SHIFTS_BACK
    window_end = midnight + MY_SHIFTS_AHEAD + dt.timedelta(days=1)
    shifts = list(member_shifts(member, window_start, window_end))
    person_ids = {shift.person_id for shift in shifts}
    neighbours = _neighbours(shifts, person_ids)
    readable = set(
        people_visible_to(actor, ConsentCategory.PROFILE)
        .filter(pk__in=person_ids)
        .values_list("pk", flat=True)
    )
    matters = _what_matters(readable)
    upcoming: dict[dt.date, MyDay] = {}
    past: dict[dt.date, MyDay] = {}
    for shift in shifts:
        before, after = _handover(shift, neighbours.get(shift.person_id, []))
        mine = MyShift(
            shift=shift,
            person_name=shift.person.called,
            starts=local(shift.starts_at),
            ends=local(shift.ends_at),
            co_workers=[w.first_name for w in workers_of(shift) if w.pk != member.pk],
            before=before,
            after=after,
            matters=matters.get(shift.person_id, []),
            may_open_record=shift.person_id in readable,
        )
        bucket = upcoming if shift.ends_at > now else past
        bucket.setdefault(shift.on, MyDay(day=shift.on)).shifts.append(mine)
    return MyShifts(
        upcoming=[upcoming[day] for day in sorted(upcoming)],
        past=[past[day] for day in sorted(past, reverse=True)],
    )


def _neighbours(shifts: Sequence[Shift], person_ids: set[int]) -> dict[int, list[Shift]]:
    """Every live shift of the same people near the worker's shifts (one query + prefetch)."""
    if not shifts:
        return {}
    start = min(shift.starts_at for shift in shifts) - HANDOVER_WINDOW
    end = max(shift.ends_at for shift in shifts) + HANDOVER_WINDOW
    found: dict[int, list[Shift]] = defaultdict(list)
    for row in live_shifts().filter(person_id__in=person_ids, starts_at__lt=end, ends_at__gt=start):
        found[row.person_id].append(row)
    return found


def _handover(shift: Shift, around: Sequence[Shift]) -> tuple[list[str], list[str]]:
    """First names of who finishes just before ``shift`` and who starts just after it."""
    earlier = [
        other
        for other in around
        if other.pk != shift.pk
        and other.starts_at < shift.starts_at
        and shift.starts_at - HANDOVER_WINDOW <= other.ends_at <= shift.ends_at
    ]
    later = [
        other
        for other in around
        if other.pk != shift.pk
        and other.ends_at > shift.ends_at
        and shift.starts_at < other.starts_at <= shift.ends_at + HANDOVER_WINDOW
    ]
    before = max(earlier, key=lambda s: (s.ends_at, s.pk), default=None)
    after = min(later, key=lambda s: (s.starts_at, s.pk), default=None)
    return (
        [w.first_name for w in workers_of(before)] if before else [],
        [w.first_name for w in workers_of(after)] if after else [],
    )


def _what_matters(person_ids: set[int]) -> dict[int, list[str]]:
    """ "What is important to me" from each person's newest one-page profile (one query)."""
    newest: dict[int, list[str]] = {}
    rows = (
        ProfileVersion.objects.filter(person_id__in=person_ids)
        .order_by("person_id", "-number")
        .values_list("person_id", "important")
    )
    for person_id, important in rows:
        if person_id not in newest:
            newest[person_id] = short_lines(important)
    return newest


# -- the calendar feed ---------------------------------------------------------------------------

#: What the feed covers around today.
FEED_BACK = dt.timedelta(days=30)
FEED_AHEAD = dt.timedelta(days=90)


def feed_shifts(member: StaffMember, *, now: dt.datetime) -> list[Shift]:
    return list(member_shifts(member, now - FEED_BACK, now + FEED_AHEAD))


# -- the API -------------------------------------------------------------------------------------


def person_shifts(person: Person, first: dt.date, last: dt.date) -> QuerySet[Shift]:
    """The person's planned shifts on ``first``..``last`` with their live workers."""
    return live_shifts().filter(person=person, on__gte=first, on__lte=last)
