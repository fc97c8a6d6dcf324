"""The today board: one page for today and tonight across the people a manager looks after.

Who sees it: administrators (everyone), managers (the people they manage now) and the on-call
manager while on duty (everyone); anyone else gets ``None`` from ``board_scope`` (a 404). The
people are read with ``people.selectors.basis_conditions`` (the one definition of who may read
whose daily records), keeping only the administrator, manager and on-call bases.

"Today" is the organisation's local day; "tonight" is the shifts that day generated (a night
belongs to the day it starts). "Since yesterday" is from the start of yesterday, for records
and for missed and late doses (``doses_due``, the one rule: last night's missed dose matters
in the morning). A fixed number of queries however many
people (``tests/ownterms/daily/test_today_board.py`` and ``bench/today_board.py`` hold it).
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from django.db.models import Q
from django.urls import reverse

from ownterms.accounts.models import Role, User
from ownterms.core.models import Organisation
from ownterms.core.selectors import zone_of
from ownterms.daily.models import (
    DailyRecord,
    DoseRecord,
    Incident,
    RestrictivePracticeEvent,
    Seizure,
)
from ownterms.daily.models.behaviour import PracticeKind
from ownterms.daily.models.seizures import SeizureType
from ownterms.daily.selectors.doses_due import DoseState, DueDose, doses_due
from ownterms.leave.models import LeaveRequest
from ownterms.oncall.models import CallLog
from ownterms.oncall.selectors import open_follow_ups
from ownterms.people.models import ConsentCategory, Person
from ownterms.people.selectors import Basis, basis_conditions, roles_of
from ownterms.plans.models import RoutineActivity
from ownterms.rota.models import Assignment, Shift, ShiftKind
from ownterms.staff.models import OnCallDuty, StaffMember, TrainingRecord
from ownterms.vocabulary.models import Skill

#: The bases that put a person on someone's board.
BOARD_BASES = frozenset({Basis.ADMINISTRATOR, Basis.MANAGER, Basis.ON_CALL})
#: Training that ends within this many days of a shift is shown.
TRAINING_WITHIN = dt.timedelta(days=7)
#: How far past midnight "next" looks for someone's next shift (the morning after a night).
NEXT_UNTIL = dt.timedelta(hours=36)
#: No shift is longer (a pattern block ends at most 48 hours after its day's midnight).
LONGEST_SHIFT = dt.timedelta(hours=48)
STAFF_FIELDS = ("id", "public_id", "first_name", "last_name", "user_id")
SHIFT_FIELDS = (
    "pk",
    "public_id",
    "person_id",
    "on",
    "starts_at",
    "ends_at",
    "kind",
    "headcount",
    "activity",
)


# Who sees whom ------------------------------------------------------------------------------


@dataclass(frozen=True)
class BoardScope:
    organisation: Organisation
    #: True for administrators and the on-call manager on duty: the whole organisation.
    everyone: bool
    people: list[Person]


def board_scope(actor: User, organisation: Organisation, now: dt.datetime) -> BoardScope | None:
    """The people on ``actor``'s board, or None when they have no board (two queries)."""
    if not actor.is_authenticated or actor.organisation_id != organisation.pk:
        return None
    roles = roles_of(actor)
    on_duty = OnCallDuty.objects.filter(
        organisation_id=organisation.pk,
        manager__user=actor,
        starts_at__lte=now,
        ends_at__gt=now,
    ).exists()
    everyone = Role.ADMINISTRATOR in roles or on_duty
    if not everyone and Role.MANAGER not in roles:
        return None
    people = Person.objects.filter(organisation_id=organisation.pk).exclude(
        status=Person.Status.ENDED
    )
    if not everyone:
        conditions = basis_conditions(actor, ConsentCategory.DAILY, now=now)
        manager = conditions.get(Basis.MANAGER)
        if manager is None:
            people = people.none()
        else:
            people = people.filter(manager if isinstance(manager, Q) else Q(manager))
    return BoardScope(
        organisation=organisation,
        everyone=everyone,
        people=list(people.order_by("first_name", "last_name", "pk")),
    )


# What the board shows -----------------------------------------------------------------------


@dataclass(frozen=True)
class Worker:
    member: StaffMember
    off_sick: bool = False


@dataclass
class BoardShift:
    shift: Shift
    person: Person
    workers: list[Worker]
    skills: list[Skill] = field(default_factory=list)
    #: The shift's kind in words ("sleep-in"); labels are read once per board, not per row.
    kind_label: str = ""

    @property
    def missing(self) -> int:
        """Places short: the headcount less the workers who are not off sick."""
        working = sum(1 for w in self.workers if not w.off_sick)
        return max(self.shift.headcount - working, 0)


@dataclass
class PersonNow:
    person: Person
    now: list[BoardShift]
    next: BoardShift | None


@dataclass
class Sickness:
    member: StaffMember
    leave: LeaveRequest
    affects: list[BoardShift]


@dataclass(frozen=True)
class Activity:
    person: Person
    name: str
    starts: dt.time
    ends: dt.time
    place: str
    #: "routine" (from the person's week) or "shift" (what the shift is for).
    source: str
    #: The routine's frequency label when not weekly ("Every two weeks").
    frequency: str = ""


@dataclass(frozen=True)
class TrainingAlert:
    worker: StaffMember
    skill: Skill
    #: "expiring" (within 7 days of the shift) or "expired" (not held on the day).
    state: str
    expires_on: dt.date | None
    shift: BoardShift


_R = TypeVar("_R", bound=DailyRecord)


@dataclass(frozen=True)
class Linked(Generic[_R]):
    """A record on the board, its person and where it links."""

    record: _R
    person: Person
    link: str
    #: The kind of practice or seizure in words.
    kind_label: str = ""


@dataclass(frozen=True)
class Practice(Linked[RestrictivePracticeEvent]):
    unauthorised: bool = False
    prone: bool = False


@dataclass(frozen=True)
class DoseItem:
    dose: DueDose
    state: DoseState
    person: Person
    link: str


@dataclass(frozen=True)
class Counts:
    """The board as numbers: the morning briefing, the API and the live summary."""

    people: int
    supported_now: int
    gaps: int
    sick: int
    incidents: int
    practices: int
    unauthorised_practices: int
    prone_holds: int
    seizures: int
    late_doses: int
    missed_doses: int
    activities: int
    training: int
    follow_ups: int

    def as_dict(self) -> dict[str, int]:
        return {name: getattr(self, name) for name in self.__dataclass_fields__}


@dataclass
class Board:
    organisation: Organisation
    everyone: bool
    now: dt.datetime
    today: dt.date
    since: dt.datetime
    people: list[Person]
    now_and_next: list[PersonNow]
    gaps: list[BoardShift]
    sickness: list[Sickness]
    incidents: list[Linked[Incident]]
    practices: list[Practice]
    seizures: list[Linked[Seizure]]
    doses: list[DoseItem]
    activities: list[Activity]
    training: list[TrainingAlert]
    follow_ups: list[CallLog]

    @property
    def counts(self) -> Counts:
        late = sum(1 for d in self.doses if d.state is DoseState.LATE)
        return Counts(
            people=len(self.people),
            supported_now=sum(1 for row in self.now_and_next if row.now),
            gaps=sum(s.missing for s in self.gaps),
            sick=len(self.sickness),
            incidents=len(self.incidents),
            practices=len(self.practices),
            unauthorised_practices=sum(1 for p in self.practices if p.unauthorised),
            prone_holds=sum(1 for p in self.practices if p.prone),
            seizures=len(self.seizures),
            late_doses=late,
            missed_doses=len(self.doses) - late,
            activities=len(self.activities),
            training=len(self.training),
            follow_ups=len(self.follow_ups),
        )


#: Each kind of record's own page, and the name its id takes in the URL.
RECORD_PAGES: dict[type[DailyRecord], tuple[str, str]] = {
    Incident: ("daily:incident_detail", "incident_id"),
    RestrictivePracticeEvent: ("daily:restrictive_practice_detail", "event_id"),
    Seizure: ("daily:seizure_detail", "seizure_id"),
    DoseRecord: ("daily:dose_detail", "dose_id"),
}


def record_link(org: str, record: DailyRecord, zone: zoneinfo.ZoneInfo) -> str:
    """Where an item of the board links: the record's own page (the person's daily records
    for its day, for a kind without one)."""
    person: Person = record.person
    kwargs = {"org": org, "person_id": person.public_id}
    page = RECORD_PAGES.get(type(record))
    if page is not None:
        name, key = page
        return reverse(name, kwargs={**kwargs, key: record.public_id})
    moment = getattr(record, "starts_at", None) or getattr(record, "at", None) or record.created_at
    day = moment.astimezone(zone).date()
    return f"{reverse('daily:person_daily', kwargs=kwargs)}?day={day:%Y-%m-%d}"


def dose_link(org: str, dose: DueDose, person: Person, zone: zoneinfo.ZoneInfo) -> str:
    """Where a due dose links: the person's medication chart for the day it was due."""
    path = reverse("daily:mar", kwargs={"org": org, "person_id": person.public_id})
    return f"{path}?day={dose.due_at.astimezone(zone).date():%Y-%m-%d}"


def _labels(choices: list[tuple[str, Any]]) -> dict[str, str]:
    return {value: str(label) for value, label in choices}


def _local_midnight(day: dt.date, zone: zoneinfo.ZoneInfo) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(0), tzinfo=zone)


def board(scope: BoardScope, now: dt.datetime) -> Board:
    """Everything on the board for ``scope``'s people at ``now`` (a fixed number of queries)."""
    zone = zone_of(scope.organisation)
    local_now = now.astimezone(zone)
    today = local_now.date()
    midnight = _local_midnight(today, zone)
    since = _local_midnight(today - dt.timedelta(days=1), zone)
    people = {p.pk: p for p in scope.people}
    ids = list(people)

    shifts = _shifts(ids, people, today, midnight, now)
    todays = [s for s in shifts if s.shift.on == today]
    sick = _sick(scope.organisation.pk, today)
    for item in shifts:
        # Sickness is known for today: tomorrow morning's shift (shown as "next") is not marked.
        if item.shift.on <= today:
            item.workers = [Worker(w.member, w.member.pk in sick) for w in item.workers]

    now_and_next = _now_and_next(scope.people, shifts, now)
    gaps = [s for s in todays if s.missing and s.shift.ends_at > now]

    sickness = []
    for member_id, leave in sick.items():
        affects = [s for s in todays if any(w.member.pk == member_id for w in s.workers)]
        if affects or scope.everyone:
            sickness.append(Sickness(leave.staff_member, leave, affects))
    sickness.sort(key=lambda s: (s.member.first_name, s.member.last_name, s.member.pk))

    slug = scope.organisation.slug

    def linked(record: _R, kind_label: str = "") -> Linked[_R]:
        record.person = people[record.person_id]
        return Linked(record, record.person, record_link(slug, record, zone), kind_label)

    incidents = [
        linked(r)
        for r in Incident.objects.filter(
            person_id__in=ids, starts_at__gte=since, starts_at__lte=now
        )
        .only("pk", "public_id", "person_id", "starts_at", "ends_at", "status", "intensity")
        .order_by("-starts_at", "-pk")
    ]
    practice_kinds = _labels(PracticeKind.choices)
    practices = []
    for event in (
        RestrictivePracticeEvent.objects.filter(
            person_id__in=ids, starts_at__gte=since, starts_at__lte=now
        )
        .only("pk", "public_id", "person_id", "kind", "starts_at", "ends_at", "authorised_practice")
        .order_by("-starts_at", "-pk")
    ):
        event.person = people[event.person_id]
        practices.append(
            Practice(
                event,
                event.person,
                record_link(slug, event, zone),
                practice_kinds[event.kind],
                unauthorised=event.authorised_practice_id is None,
                prone=event.kind == PracticeKind.PRONE,
            )
        )
    seizure_types = _labels(SeizureType.choices)
    seizures = [
        linked(r, seizure_types[r.seizure_type])
        for r in Seizure.objects.filter(person_id__in=ids, starts_at__gte=since, starts_at__lte=now)
        .only(
            "pk",
            "public_id",
            "person_id",
            "starts_at",
            "ends_at",
            "seizure_type",
            "ambulance_called",
            "rescue_medication",
            "rescue_by_trained_worker",
        )
        .order_by("-starts_at", "-pk")
    ]
    doses = []
    for dose in doses_due(ids, today - dt.timedelta(days=1), today, zone, outstanding_only=True):
        state = dose.state(now)
        if state in (DoseState.LATE, DoseState.MISSED):
            person = people[dose.person_id]
            doses.append(DoseItem(dose, state, person, dose_link(slug, dose, person, zone)))

    return Board(
        organisation=scope.organisation,
        everyone=scope.everyone,
        now=now,
        today=today,
        since=since,
        people=scope.people,
        now_and_next=now_and_next,
        gaps=gaps,
        sickness=sickness,
        incidents=incidents,
        practices=practices,
        seizures=seizures,
        doses=doses,
        activities=_activities(ids, people, todays, today),
        training=_training(todays, today),
        follow_ups=_follow_ups(scope, ids),
    )


def _shifts(
    ids: list[int],
    people: dict[int, Person],
    today: dt.date,
    midnight: dt.datetime,
    now: dt.datetime,
) -> list[BoardShift]:
    """Today's shifts, any still running from before, and those up to ``NEXT_UNTIL`` (for
    "next"): three queries."""
    window = Q(
        person_id__in=ids,
        status=Shift.Status.PLANNED,
        # No shift lasts two days: a tight range on the (person, starts_at) index.
        starts_at__gte=midnight - LONGEST_SHIFT,
        starts_at__lt=midnight + NEXT_UNTIL,
    ) & (Q(on=today) | Q(ends_at__gt=now) | Q(starts_at__gte=midnight))
    found = list(Shift.objects.filter(window).only(*SHIFT_FIELDS).order_by("starts_at", "pk"))
    shift_ids = [s.pk for s in found]
    # Plain rows, then each worker and skill once: fewer model instances than joins.
    pairs = list(
        Assignment.objects.filter(shift_id__in=shift_ids)
        .order_by("pk")
        .values_list("shift_id", "staff_member_id")
    )
    members = {
        m.pk: m
        for m in StaffMember.objects.filter(pk__in={m for _, m in pairs}).only(*STAFF_FIELDS)
    }
    by_name = sorted(members.values(), key=lambda m: (m.first_name, m.last_name, m.pk))
    rank = {m.pk: n for n, m in enumerate(by_name)}
    workers: dict[int, list[Worker]] = defaultdict(list)
    for shift_id, member_id in sorted(pairs, key=lambda pair: rank[pair[1]]):
        workers[shift_id].append(Worker(members[member_id]))
    needs = list(
        Shift.required_skills.through.objects.filter(shift_id__in=shift_ids).values_list(
            "shift_id", "skill_id"
        )
    )
    known = {k.pk: k for k in Skill.objects.filter(pk__in={k for _, k in needs}).only("id", "name")}
    skills: dict[int, list[Skill]] = defaultdict(list)
    for shift_id, skill_id in sorted(needs, key=lambda pair: (known[pair[1]].name, pair[1])):
        skills[shift_id].append(known[skill_id])
    kinds = _labels(ShiftKind.choices)
    return [
        BoardShift(
            s, people[s.person_id], workers.get(s.pk, []), skills.get(s.pk, []), kinds[s.kind]
        )
        for s in found
    ]


def _sick(organisation_id: int, today: dt.date) -> dict[int, LeaveRequest]:
    """Staff off sick today (approved or reported sickness), by staff member id."""
    rows = (
        LeaveRequest.objects.filter(
            organisation_id=organisation_id,
            kind=LeaveRequest.Kind.SICKNESS,
            status__in=LeaveRequest.ACTIVE,
            starts_on__lte=today,
            ends_on__gte=today,
        )
        .select_related("staff_member")
        .only(
            "pk",
            "starts_on",
            "ends_on",
            "status",
            "staff_member_id",
            *(f"staff_member__{f}" for f in STAFF_FIELDS),
        )
        .order_by("starts_on", "pk")
    )
    return {row.staff_member_id: row for row in rows}


def _now_and_next(
    people: list[Person], shifts: list[BoardShift], now: dt.datetime
) -> list[PersonNow]:
    by_person: dict[int, list[BoardShift]] = defaultdict(list)
    for item in shifts:
        by_person[item.shift.person_id].append(item)
    rows = []
    for person in people:
        mine = by_person.get(person.pk, [])
        current = [s for s in mine if s.shift.starts_at <= now < s.shift.ends_at]
        later = [s for s in mine if s.shift.starts_at > now]
        rows.append(PersonNow(person, current, later[0] if later else None))
    return rows


def _activities(
    ids: list[int], people: dict[int, Person], todays: list[BoardShift], today: dt.date
) -> list[Activity]:
    found: list[Activity] = []
    routine = RoutineActivity.objects.filter(person_id__in=ids, day=today.weekday()).filter(
        Q(since__isnull=True) | Q(since__lte=today)
    )
    weekly = RoutineActivity.Frequency.WEEKLY
    for item in routine.only(
        "pk", "person_id", "name", "place", "starts_at", "ends_at", "frequency"
    ):
        found.append(
            Activity(
                people[item.person_id],
                item.name,
                item.starts_at,
                item.ends_at,
                item.place,
                "routine",
                "" if item.frequency == weekly else str(item.get_frequency_display()),
            )
        )
    for shift in todays:
        if shift.shift.activity:
            found.append(
                Activity(
                    shift.person,
                    shift.shift.activity,
                    shift.shift.starts_at.time(),
                    shift.shift.ends_at.time(),
                    "",
                    "shift",
                )
            )
    return sorted(found, key=lambda a: (a.starts, a.person.first_name, a.person.pk, a.name))


def _training(todays: list[BoardShift], today: dt.date) -> list[TrainingAlert]:
    """Workers on today's shifts whose training for a skill the shift requires has lapsed or
    ends within ``TRAINING_WITHIN`` (one query)."""
    worker_ids = {w.member.pk for s in todays for w in s.workers}
    skill_ids = {k.pk for s in todays for k in s.skills}
    records: dict[tuple[int, int], list[TrainingRecord]] = defaultdict(list)
    if worker_ids and skill_ids:
        for record in TrainingRecord.objects.filter(
            staff_member_id__in=worker_ids, skill_id__in=skill_ids
        ).only("pk", "staff_member_id", "skill_id", "completed_on", "expires_on"):
            records[(record.staff_member_id, record.skill_id)].append(record)
    found: dict[tuple[int, int], TrainingAlert] = {}
    for item in todays:
        day = item.shift.on
        for skill in item.skills:
            for worker in item.workers:
                if worker.off_sick:
                    continue
                mine = records[(worker.member.pk, skill.pk)]
                held = [
                    r
                    for r in mine
                    if r.completed_on <= day and (r.expires_on is None or r.expires_on > day)
                ]
                if not held:
                    lapsed = max((r.expires_on for r in mine if r.expires_on), default=None)
                    alert = TrainingAlert(worker.member, skill, "expired", lapsed, item)
                elif any(r.expires_on is None for r in held):
                    continue
                else:
                    lasts = max(r.expires_on for r in held if r.expires_on is not None)
                    if lasts - day > TRAINING_WITHIN:
                        continue
                    alert = TrainingAlert(worker.member, skill, "expiring", lasts, item)
                key = (worker.member.pk, skill.pk)
                if key not in found:
                    found[key] = alert
    return sorted(
        found.values(),
        key=lambda a: (a.state != "expired", a.worker.first_name, a.worker.pk, a.skill.name),
    )


def _follow_ups(scope: BoardScope, ids: list[int]) -> list[CallLog]:
    """Open follow-ups: every one for the whole organisation's board; otherwise those about
    the manager's people (one query)."""
    calls = open_follow_ups(scope.organisation.pk)
    if not scope.everyone:
        calls = calls.filter(person_id__in=ids)
    return list(calls)
