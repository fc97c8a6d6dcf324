"""The organisation's week for the rota office: people by 7 days of live shifts, with gaps,
over-hours and training warnings. A fixed number of queries whatever the size of the
organisation (the page's test and ``bench/rota_week_queries.py`` hold it to that).

Area filter: the person's town (``Person.town``): the rota is about where support happens.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet
from django.utils import timezone

from ownterms.accounts.models import User
from ownterms.people.models import ConsentCategory, Person
from ownterms.people.selectors import current, people_visible_to
from ownterms.rota.models import Assignment, Shift
from ownterms.staff.models import ManagerAssignment, StaffMember, TrainingRecord
from ownterms.vocabulary.models import Skill

#: Over contracted hours by more than this is a warning (overtime is normal; this much is not).
OVER_CONTRACT_MARGIN_MINUTES = 8 * 60
#: The Working Time Regulations' weekly limit, for workers without an opt-out in force.
WEEKLY_LIMIT_MINUTES = 48 * 60
EXPIRING_WITHIN = TrainingRecord.EXPIRING_WITHIN
SHIFT_FIELDS = (
    "pk",
    "public_id",
    "person_id",
    "on",
    "starts_at",
    "ends_at",
    "kind",
    "headcount",
    "changed_from_pattern",
)
STAFF_FIELDS = (
    "pk",
    "public_id",
    "first_name",
    "last_name",
    "photo",
    "employment",
    "contract_minutes_per_week",
    "opt_out_signed_on",
    "opt_out_withdrawal_notice_on",
    "opt_out_notice_days",
)


@dataclass(frozen=True)
class TrainingWarning:
    worker: StaffMember
    skill: Skill
    #: "expired" (or never held on the day) or "expiring".
    state: str
    expires_on: dt.date | None


@dataclass
class WeekShift:
    shift: Shift
    workers: list[StaffMember]
    starts: dt.datetime
    ends: dt.datetime
    skills: list[Skill] = field(default_factory=list)
    training: list[TrainingWarning] = field(default_factory=list)

    @property
    def missing(self) -> int:
        return max(self.shift.headcount - len(self.workers), 0)


@dataclass
class PersonWeek:
    person: Person
    days: list[list[WeekShift]]


@dataclass(frozen=True)
class HoursWarning:
    worker: StaffMember
    minutes: int
    contract_minutes: int
    #: "over_48" (no opt-out in force) or "over_contract".
    reason: str

    @property
    def hours(self) -> str:
        return _hours(self.minutes)

    @property
    def contract_hours(self) -> str:
        return _hours(self.contract_minutes)


def _hours(minutes: int) -> str:
    whole, rest = divmod(minutes, 60)
    return f"{whole}" if not rest else f"{whole}:{rest:02d}"


@dataclass(frozen=True)
class WeekFilters:
    manager: StaffMember | None = None
    area: str = ""


@dataclass
class OrganisationWeek:
    monday: dt.date
    days: list[dt.date]
    rows: list[PersonWeek]
    gaps: int
    hours: list[HoursWarning]
    training: list[TrainingWarning]


def week_managers(actor: User, *, today: dt.date) -> list[StaffMember]:
    """Managers currently assigned to someone in the actor's organisation (the filter's list)."""
    ids = ManagerAssignment.objects.filter(
        current(today), organisation_id=actor.organisation_id
    ).values("manager_id")
    return list(StaffMember.objects.filter(pk__in=ids).order_by("first_name", "last_name", "pk"))


def week_areas(actor: User) -> list[str]:
    towns = (
        people_visible_to(actor, ConsentCategory.ROTA)
        .exclude(town="")
        .values_list("town", flat=True)
        .distinct()
    )
    return sorted(set(towns), key=str.casefold)


def _people(actor: User, filters: WeekFilters, today: dt.date) -> QuerySet[Person]:
    people = people_visible_to(actor, ConsentCategory.ROTA).exclude(status=Person.Status.ENDED)
    if filters.manager is not None:
        people = people.filter(
            pk__in=ManagerAssignment.objects.filter(current(today), manager=filters.manager).values(
                "person_id"
            )
        )
    if filters.area:
        people = people.filter(town__iexact=filters.area)
    return people.order_by("first_name", "last_name", "pk")


def organisation_week(
    actor: User, monday: dt.date, filters: WeekFilters, *, today: dt.date | None = None
) -> OrganisationWeek:
    today = today or timezone.localdate()
    sunday = monday + dt.timedelta(days=6)
    people = list(_people(actor, filters, today))
    in_week = Q(
        person__in=[p.pk for p in people],
        status=Shift.Status.PLANNED,
        on__gte=monday,
        on__lte=sunday,
    )
    # Plain rows rather than prefetches: thousands of shifts at 10x scale, and a model
    # instance per assignment (or a queryset clone per ``.all()``) is what makes it slow.
    shifts = list(Shift.objects.filter(in_week).only(*SHIFT_FIELDS).order_by("starts_at", "pk"))
    on_shift: dict[int, list[int]] = defaultdict(list)
    for shift_id, member_id in (
        Assignment.objects.filter(shift__in=Shift.objects.filter(in_week))
        .order_by("staff_member__first_name", "pk")
        .values_list("shift_id", "staff_member_id")
    ):
        on_shift[shift_id].append(member_id)
    needs: dict[int, list[int]] = defaultdict(list)
    for shift_id, skill_id in Shift.required_skills.through.objects.filter(
        shift__in=Shift.objects.filter(in_week)
    ).values_list("shift_id", "skill_id"):
        needs[shift_id].append(skill_id)
    member_ids = {m for ids in on_shift.values() for m in ids}
    members = {m.pk: m for m in StaffMember.objects.filter(pk__in=member_ids).only(*STAFF_FIELDS)}
    skill_ids = {k for ids in needs.values() for k in ids}
    skills = {k.pk: k for k in Skill.objects.filter(pk__in=skill_ids).only("pk", "name")}
    cells: dict[int, list[list[WeekShift]]] = {p.pk: [[] for _ in range(7)] for p in people}
    week_shifts: list[WeekShift] = []
    for shift in shifts:
        item = WeekShift(
            shift=shift,
            workers=[members[m] for m in on_shift.get(shift.pk, [])],
            starts=timezone.localtime(shift.starts_at),
            ends=timezone.localtime(shift.ends_at),
            skills=[skills[k] for k in needs.get(shift.pk, [])],
        )
        week_shifts.append(item)
        cells[shift.person_id][(shift.on - monday).days].append(item)
    training = _training_warnings(week_shifts, member_ids)
    return OrganisationWeek(
        monday=monday,
        days=[monday + dt.timedelta(days=n) for n in range(7)],
        rows=[PersonWeek(person=p, days=cells[p.pk]) for p in people],
        gaps=sum(item.missing for item in week_shifts),
        hours=_hours_warnings(members, monday),
        training=training,
    )


def _hours_warnings(workers: dict[int, StaffMember], monday: dt.date) -> list[HoursWarning]:
    """Live hours of the week (every shift they work, whoever it is for) against the contract
    and the 48-hour limit. Sleep-ins count in full: they are working time for the 48 hours."""
    if not workers:
        return []
    minutes: dict[int, int] = defaultdict(int)
    rows = Assignment.objects.filter(
        staff_member_id__in=list(workers),
        shift__status=Shift.Status.PLANNED,
        shift__on__gte=monday,
        shift__on__lte=monday + dt.timedelta(days=6),
    ).values_list("staff_member_id", "shift__starts_at", "shift__ends_at")
    for member_id, starts, ends in rows:
        minutes[member_id] += int((ends - starts).total_seconds() // 60)
    warnings: list[HoursWarning] = []
    for member_id, total in minutes.items():
        worker = workers[member_id]
        contract = worker.contract_minutes_per_week
        if total > WEEKLY_LIMIT_MINUTES and not worker.opt_out_in_force_on(monday):
            reason = "over_48"
        elif (
            worker.employment != StaffMember.Employment.BANK
            and total > contract + OVER_CONTRACT_MARGIN_MINUTES
        ):
            reason = "over_contract"
        else:
            continue
        warnings.append(HoursWarning(worker, total, contract, reason))
    return sorted(warnings, key=lambda w: (w.worker.first_name, w.worker.last_name, w.worker.pk))


def _training_warnings(items: list[WeekShift], worker_ids: set[int]) -> list[TrainingWarning]:
    """For each shift's required skills and each worker on it: expired (or not held) on the
    day, or expiring within 30 days of it. Annotates the shifts; returns the distinct list."""
    skill_ids = {s.pk for item in items for s in item.skills}
    records: dict[tuple[int, int], list[TrainingRecord]] = defaultdict(list)
    if skill_ids and worker_ids:
        for record in TrainingRecord.objects.filter(
            staff_member_id__in=worker_ids, skill_id__in=skill_ids
        ):
            records[(record.staff_member_id, record.skill_id)].append(record)
    found: dict[tuple[int, int], TrainingWarning] = {}
    for item in items:
        for skill in item.skills:
            for worker in item.workers:
                warning = _skill_warning(
                    worker, skill, records[(worker.pk, skill.pk)], item.shift.on
                )
                if warning is None:
                    continue
                item.training.append(warning)
                key = (worker.pk, skill.pk)
                if key not in found or warning.state == "expired":
                    found[key] = warning
    return sorted(
        found.values(), key=lambda w: (w.state != "expired", w.worker.first_name, w.skill.name)
    )


def _skill_warning(
    worker: StaffMember, skill: Skill, records: list[TrainingRecord], day: dt.date
) -> TrainingWarning | None:
    held = [
        r for r in records if r.completed_on <= day and (r.expires_on is None or r.expires_on > day)
    ]
    if not held:
        lapsed = max((r.expires_on for r in records if r.expires_on), default=None)
        return TrainingWarning(worker, skill, "expired", lapsed)
    if any(r.expires_on is None for r in held):
        return None
    lasts = max(r.expires_on for r in held if r.expires_on is not None)
    if lasts - day <= EXPIRING_WITHIN:
        return TrainingWarning(worker, skill, "expiring", lasts)
    return None
