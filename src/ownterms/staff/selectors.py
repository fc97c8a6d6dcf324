"""Reading staff records, and who may see them: administrators and managers see every member
of staff of their organisation; a member of staff sees their own record."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from ownterms.accounts.models import Role, User
from ownterms.people.models import Person
from ownterms.people.selectors import current, roles_of
from ownterms.staff.models import (
    OnCallDuty,
    SkillNeed,
    StaffMember,
    TeamMembership,
    TrainingRecord,
)
from ownterms.vocabulary.models import Skill, Tag

#: How far ahead "expiring" and the team health view's second count look.
LOOK_AHEAD = TrainingRecord.EXPIRING_WITHIN

#: Roles that see (and change) every staff record of their organisation.
STAFF_RECORD_ROLES = frozenset({Role.ADMINISTRATOR, Role.MANAGER})


def staff_visible_to(actor: User) -> QuerySet[StaffMember]:
    if not actor.is_authenticated or not actor.is_active:
        return StaffMember.objects.none()
    mine = StaffMember.objects.filter(organisation_id=actor.organisation_id)
    if roles_of(actor) & STAFF_RECORD_ROLES:
        return mine
    return mine.filter(user=actor)


def needs_training_attention(today: dt.date) -> Exists:
    """A condition on ``StaffMember``: some skill's training has expired or expires within 30
    days, and no record of the same skill completed by today lasts beyond that."""
    horizon = today + LOOK_AHEAD
    renewed = TrainingRecord.objects.filter(
        staff_member=OuterRef("staff_member"), skill=OuterRef("skill"), completed_on__lte=today
    ).filter(Q(expires_on__isnull=True) | Q(expires_on__gt=horizon))
    return Exists(
        TrainingRecord.objects.filter(
            staff_member=OuterRef("pk"), completed_on__lte=today, expires_on__lte=horizon
        ).filter(~Exists(renewed))
    )


def staff_list(
    actor: User, *, attention: bool = False, today: dt.date | None = None
) -> QuerySet[StaffMember]:
    """The staff ``actor`` may see, with training and tags prefetched (a fixed number of
    queries a page); ``attention`` keeps those whose training expires soon or has expired."""
    members = staff_visible_to(actor)
    if attention:
        members = members.filter(needs_training_attention(today or timezone.localdate()))
    return members.order_by("first_name", "last_name", "pk").prefetch_related(
        Prefetch("training", queryset=TrainingRecord.objects.select_related("skill")),
        Prefetch("tags", queryset=Tag.objects.order_by("label")),
    )


@dataclass(frozen=True)
class SkillState:
    """Where a member of staff stands with one skill: the record that counts, and its state."""

    skill: Skill
    record: TrainingRecord
    state: str
    #: Every record of this skill, newest first (the history).
    history: tuple[TrainingRecord, ...] = ()

    @property
    def needs_attention(self) -> bool:
        return self.state in (TrainingRecord.State.EXPIRING, TrainingRecord.State.EXPIRED)


def _lasts(record: TrainingRecord) -> dt.date:
    return record.expires_on or dt.date.max


def skill_states(records: Iterable[TrainingRecord], today: dt.date) -> list[SkillState]:
    """One ``SkillState`` per skill, by skill name. The record that counts is the one completed
    by ``today`` that lasts longest; with none completed yet, the next one booked."""
    by_skill: dict[int, list[TrainingRecord]] = {}
    for record in records:
        by_skill.setdefault(record.skill_id, []).append(record)
    states: list[SkillState] = []
    for rows in by_skill.values():
        done = [r for r in rows if r.completed_on <= today]
        best = (
            max(done, key=lambda r: (_lasts(r), r.completed_on))
            if done
            else min(rows, key=lambda r: r.completed_on)
        )
        history = tuple(sorted(rows, key=lambda r: r.completed_on, reverse=True))
        states.append(
            SkillState(skill=best.skill, record=best, state=best.state_on(today), history=history)
        )
    return sorted(states, key=lambda s: s.skill.name.casefold())


def holds_skill_on(records: Iterable[TrainingRecord], day: dt.date) -> bool:
    """Some record is valid on ``day`` (completed on or before it, not yet expired)."""
    return any(
        r.completed_on <= day and (r.expires_on is None or r.expires_on > day) for r in records
    )


def staff_member_of(user: User) -> StaffMember | None:
    return StaffMember.objects.filter(organisation_id=user.organisation_id, user=user).first()


def staff_teams(
    staff_member: StaffMember, *, today: dt.date | None = None
) -> QuerySet[TeamMembership]:
    """The teams this member of staff is in now (people they support)."""
    today = today or timezone.localdate()
    return (
        TeamMembership.objects.filter(current(today))
        .filter(organisation_id=staff_member.organisation_id, staff_member=staff_member)
        .select_related("person")
        .order_by("person__first_name", "person__last_name")
    )


def on_call_now(organisation_id: int, *, now: dt.datetime | None = None) -> QuerySet[OnCallDuty]:
    """Who is on call now (anyone in the organisation may see this)."""
    now = now or timezone.now()
    return (
        OnCallDuty.objects.filter(organisation_id=organisation_id)
        .filter(Q(starts_at__lte=now) & Q(ends_at__gt=now))
        .select_related("manager")
        .order_by("starts_at")
    )


def person_team(person: Person) -> QuerySet[TeamMembership]:
    """Every membership of the person's team (past, current and future), staff and tags
    prefetched."""
    return (
        TeamMembership.objects.filter(organisation_id=person.organisation_id, person=person)
        .select_related("staff_member")
        .prefetch_related(Prefetch("staff_member__tags", queryset=Tag.objects.order_by("label")))
        .order_by("staff_member__first_name", "staff_member__last_name", "-starts_on", "pk")
    )


def skill_needs_of(person: Person) -> QuerySet[SkillNeed]:
    return (
        SkillNeed.objects.filter(organisation_id=person.organisation_id, person=person)
        .select_related("skill")
        .order_by("skill__name", "pk")
    )


@dataclass(frozen=True)
class SkillCover:
    """For one skill the person needs: who in the team holds it today, and in 30 days."""

    need: SkillNeed
    holders_today: list[StaffMember] = field(default_factory=list)
    holders_later: list[StaffMember] = field(default_factory=list)

    @property
    def level(self) -> str:
        """``none`` (no one holds it), ``single`` (a single point of failure), ``soon`` (one
        or no one will still hold it in 30 days) or ``ok``."""
        if not self.holders_today:
            return "none"
        if len(self.holders_today) == 1:
            return "single"
        if len(self.holders_later) <= 1:
            return "soon"
        return "ok"


def team_health(person: Person, *, today: dt.date | None = None) -> list[SkillCover]:
    """For each skill the person's support needs, the current team members (core and relief,
    under a current contract) holding it valid today, and those who still will in 30 days.
    Three queries whatever the size of the team."""
    today = today or timezone.localdate()
    later = today + LOOK_AHEAD
    needs = list(skill_needs_of(person))
    memberships = list(
        TeamMembership.objects.filter(
            current(today),
            current(today, "staff_member__"),
            organisation_id=person.organisation_id,
            person=person,
        )
        .select_related("staff_member")
        .order_by("staff_member__first_name", "staff_member__last_name", "pk")
    )
    members: dict[int, StaffMember] = {}
    staying: set[int] = set()
    for membership in memberships:
        member = membership.staff_member
        members[member.pk] = member
        stays = membership.ends_on is None or membership.ends_on > later
        if stays and (member.ends_on is None or member.ends_on > later):
            staying.add(member.pk)
    records: dict[tuple[int, int], list[TrainingRecord]] = {}
    if needs and members:
        for record in TrainingRecord.objects.filter(
            staff_member_id__in=list(members), skill_id__in=[n.skill_id for n in needs]
        ):
            records.setdefault((record.staff_member_id, record.skill_id), []).append(record)
    covers: list[SkillCover] = []
    for need in needs:
        today_holders = [
            member
            for pk, member in members.items()
            if holds_skill_on(records.get((pk, need.skill_id), ()), today)
        ]
        later_holders = [
            member
            for member in today_holders
            if member.pk in staying
            and holds_skill_on(records.get((member.pk, need.skill_id), ()), later)
        ]
        covers.append(
            SkillCover(need=need, holders_today=today_holders, holders_later=later_holders)
        )
    return covers
