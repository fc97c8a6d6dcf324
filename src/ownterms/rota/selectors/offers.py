"""Reading open shifts: who may take an offered shift, the offers a worker may accept, the
offers and the shifts with a missing place that the office sees."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable

from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from ownterms.accounts.models import User
from ownterms.leave.selectors import unavailable_intervals, unavailable_intervals_of
from ownterms.people.access import uuid_or_404
from ownterms.people.models import Person
from ownterms.people.selectors import current
from ownterms.rota.models import Assignment, OpenShift, Shift, SkillMode
from ownterms.staff.models import StaffMember, TeamMembership, TrainingRecord
from ownterms.staff.selectors import holds_skill_on

#: How far ahead the office list of shifts with a missing place looks.
MISSING_PLACES_DAYS = 28


def offer_in_organisation(actor: User, offer_id: uuid.UUID | str) -> OpenShift:
    """The offer of the actor's organisation (404 otherwise); who may do what with it is
    decided by the caller (eligibility for workers, ``access_shift`` for the office)."""
    offer = (
        OpenShift.objects.filter(
            organisation_id=actor.organisation_id, public_id=uuid_or_404(offer_id)
        )
        .select_related("shift__person")
        .first()
    )
    if offer is None:
        raise Http404
    return offer


def _in_team(member: StaffMember, shift: Shift) -> bool:
    return (
        TeamMembership.objects.filter(current(shift.on), approved_by_person=True)
        .filter(person_id=shift.person_id, staff_member=member)
        .exists()
    )


def _holds_skills(member: StaffMember, shift: Shift, colleagues: Iterable[StaffMember]) -> bool:
    skill_ids = [skill.pk for skill in shift.required_skills.all()]
    if not skill_ids:
        return True
    colleagues = list(colleagues)
    records = list(TrainingRecord.objects.filter(staff_member__in=[member, *colleagues]))
    if shift.skill_mode == SkillMode.AT_LEAST_ONE and any(
        _holds_all(c.pk, skill_ids, records, shift.on) for c in colleagues
    ):
        return True
    return _holds_all(member.pk, skill_ids, records, shift.on)


def _overlapping(shift: Shift) -> QuerySet[Assignment]:
    """Live assignments of other planned shifts at the same time as ``shift``."""
    return Assignment.objects.filter(
        shift__status=Shift.Status.PLANNED,
        shift__starts_at__lt=shift.ends_at,
        shift__ends_at__gt=shift.starts_at,
    ).exclude(shift=shift)


def ineligible_reason(member: StaffMember, shift: Shift) -> str | None:
    """Why ``member`` may not take ``shift`` (``None``: they may). The rules: a current,
    approved member of the person's team; holding the shift's skills on the day; available
    for the whole shift (pattern, leave, contract); no overlapping shift of their own; not
    already on this one."""
    if member.organisation_id != shift.organisation_id:
        return _("You are not in this person's team.")
    colleagues = [
        a.staff_member
        for a in Assignment.objects.filter(shift=shift).select_related("staff_member")
    ]
    if any(c.pk == member.pk for c in colleagues):
        return _("You are already on this shift.")
    if not _in_team(member, shift):
        return _("You are not in this person's team.")
    if not _holds_skills(member, shift, colleagues):
        return _("You do not hold the skills this shift needs, valid on the day.")
    if unavailable_intervals(member, shift.starts_at, shift.ends_at):
        return _("You are not available for the whole shift (leave or your usual hours).")
    if _overlapping(shift).filter(staff_member=member).exists():
        return _("You already work a shift at that time.")
    return None


def workers_who_may_take(shift: Shift) -> list[StaffMember]:
    """The members of the person's team who may take a place on ``shift`` (the rules of
    ``ineligible_reason``), in a fixed number of queries however big the team."""
    team = list(
        StaffMember.objects.filter(
            organisation_id=shift.organisation_id,
            team_memberships__in=TeamMembership.objects.filter(
                current(shift.on), person_id=shift.person_id, approved_by_person=True
            ),
        )
        .select_related("user")
        .distinct()
        .order_by("pk")
    )
    on_shift = set(Assignment.objects.filter(shift=shift).values_list("staff_member", flat=True))
    busy = set(
        _overlapping(shift).filter(staff_member__in=team).values_list("staff_member", flat=True)
    )
    skill_ids = [skill.pk for skill in shift.required_skills.all()]
    records = (
        list(TrainingRecord.objects.filter(staff_member_id__in={m.pk for m in team} | on_shift))
        if skill_ids
        else []
    )
    pair_holds = shift.skill_mode == SkillMode.AT_LEAST_ONE and any(
        _holds_all(worker, skill_ids, records, shift.on) for worker in on_shift
    )
    away = unavailable_intervals_of(team, shift.starts_at, shift.ends_at)
    return [
        member
        for member in team
        if member.pk not in on_shift | busy
        and not away[member.pk]
        and (pair_holds or _holds_all(member.pk, skill_ids, records, shift.on))
    ]


def open_offers(organisation_id: int) -> QuerySet[OpenShift]:
    return (
        OpenShift.objects.filter(organisation_id=organisation_id, status=OpenShift.Status.OPEN)
        .select_related("shift__person")
        .order_by("shift__starts_at", "pk")
    )


def _holds_all(
    worker_id: int, skill_ids: list[int], records: list[TrainingRecord], day: dt.date
) -> bool:
    return all(
        holds_skill_on(
            [r for r in records if r.staff_member_id == worker_id and r.skill_id == skill_id], day
        )
        for skill_id in skill_ids
    )


def offers_for_worker(member: StaffMember, *, now: dt.datetime | None = None) -> list[OpenShift]:
    """Open offers of shifts still to start that ``member`` may accept, soonest first: the
    same rules as ``ineligible_reason``, checked for every offer in a fixed number of queries
    (team, own shifts and overlaps in SQL; skills and availability over all offers at once)."""
    now = now or timezone.now()
    in_team = TeamMembership.objects.filter(
        Q(ends_on__isnull=True) | Q(ends_on__gt=OuterRef("shift__on")),
        starts_on__lte=OuterRef("shift__on"),
        approved_by_person=True,
        person_id=OuterRef("shift__person_id"),
        staff_member=member,
    )
    overlapping = Assignment.objects.filter(
        staff_member=member,
        shift__status=Shift.Status.PLANNED,
        shift__starts_at__lt=OuterRef("shift__ends_at"),
        shift__ends_at__gt=OuterRef("shift__starts_at"),
    )
    candidates = list(
        open_offers(member.organisation_id)
        .filter(Exists(in_team), shift__starts_at__gt=now, shift__status=Shift.Status.PLANNED)
        .exclude(Exists(overlapping))
        .prefetch_related(
            "shift__required_skills",
            Prefetch("shift__assignments", queryset=Assignment.objects.order_by("pk")),
        )
    )
    if not candidates:
        return []
    busy = unavailable_intervals(
        member,
        min(o.shift.starts_at for o in candidates),
        max(o.shift.ends_at for o in candidates),
    )
    workers = {member.pk} | {
        a.staff_member_id for o in candidates for a in o.shift.assignments.all()
    }
    records = list(TrainingRecord.objects.filter(staff_member_id__in=workers))
    eligible = []
    for offer in candidates:
        shift = offer.shift
        colleagues = [a.staff_member_id for a in shift.assignments.all()]
        skill_ids = [skill.pk for skill in shift.required_skills.all()]
        if skill_ids and not (
            (
                shift.skill_mode == SkillMode.AT_LEAST_ONE
                and any(_holds_all(c, skill_ids, records, shift.on) for c in colleagues)
            )
            or _holds_all(member.pk, skill_ids, records, shift.on)
        ):
            continue
        if any(b < shift.ends_at and shift.starts_at < e for b, e in busy):
            continue
        eligible.append(offer)
    return eligible


def office_offers(
    organisation_id: int, person_ids: QuerySet[Person] | Iterable[int], *, days: int = 14
) -> QuerySet[OpenShift]:
    """Open offers, and those filled or withdrawn in the last ``days`` days, of these people."""
    since = timezone.now() - dt.timedelta(days=days)
    return (
        OpenShift.objects.filter(organisation_id=organisation_id, shift__person_id__in=person_ids)
        .filter(Q(status=OpenShift.Status.OPEN) | Q(created_at__gte=since))
        .select_related("shift__person", "filled_by")
        .order_by("shift__starts_at", "pk")
    )


def shifts_missing_a_place(
    organisation_id: int,
    person_ids: QuerySet[Person] | Iterable[int],
    *,
    now: dt.datetime | None = None,
    days: int = MISSING_PLACES_DAYS,
) -> QuerySet[Shift]:
    """Planned shifts still to start in the next ``days`` days with fewer live assignments
    (and open offers) than their headcount."""
    now = now or timezone.now()
    return (
        Shift.objects.filter(
            organisation_id=organisation_id,
            person_id__in=person_ids,
            status=Shift.Status.PLANNED,
            starts_at__gt=now,
            starts_at__lt=now + dt.timedelta(days=days),
        )
        .annotate(
            workers=Count("assignments", distinct=True),
            offered=Count("offers", filter=Q(offers__status=OpenShift.Status.OPEN), distinct=True),
        )
        .filter(workers__lt=F("headcount") - F("offered"))
        .select_related("person")
        .order_by("starts_at", "pk")
    )
