"""Reading seizure records, and the two checks on rescue medication: is the giver in the
person's team, and did they hold valid training for the medicine that day."""

from __future__ import annotations

import datetime as dt
import uuid
import zoneinfo

from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils import timezone

from ownterms.daily.models import Seizure
from ownterms.health.models import Medication
from ownterms.people.models import Person
from ownterms.people.selectors import current
from ownterms.staff.models import StaffMember, TeamMembership, TrainingRecord

#: Rescue medication may be given from the start of a seizure until this long after its end.
RESCUE_WINDOW = dt.timedelta(hours=1)


def in_team_on(person: Person, staff: StaffMember, day: dt.date) -> bool:
    return TeamMembership.objects.filter(
        current(day), person=person, staff_member=staff, approved_by_person=True
    ).exists()


def trained_on(staff: StaffMember, medication: Medication, day: dt.date) -> bool | None:
    """Whether ``staff`` held valid training for ``medication`` on ``day`` (completed on or
    before it, expiring after it); ``None`` when the medicine names no training."""
    if medication.training_skill_id is None:
        return None
    return TrainingRecord.objects.filter(
        current_training(day), staff_member=staff, skill_id=medication.training_skill_id
    ).exists()


def current_training(day: dt.date) -> Q:
    return Q(completed_on__lte=day) & (Q(expires_on__isnull=True) | Q(expires_on__gt=day))


def rescue_givers(person: Person, day: dt.date) -> QuerySet[StaffMember]:
    """Who may be chosen as having given rescue medication: the person's team that day."""
    return (
        StaffMember.objects.filter(
            team_memberships__in=TeamMembership.objects.filter(
                current(day), person=person, approved_by_person=True
            )
        )
        .distinct()
        .order_by("first_name", "last_name")
    )


def seizures_of(person: Person) -> QuerySet[Seizure]:
    return Seizure.objects.filter(person=person).select_related(
        "rescue_medication", "rescue_given_by", "recorded_by"
    )


def seizure_of(person: Person, seizure_id: uuid.UUID | str) -> Seizure | None:
    return seizures_of(person).filter(public_id=seizure_id).first()


def seizures_between(
    person_ids: list[int], starts: dt.datetime, ends: dt.datetime
) -> QuerySet[Seizure]:
    """Seizures of ``person_ids`` that started from ``starts`` to before ``ends`` (the today
    board: "seizures since yesterday")."""
    return (
        Seizure.objects.filter(person_id__in=person_ids, starts_at__gte=starts, starts_at__lt=ends)
        .select_related("person", "rescue_medication", "rescue_given_by")
        .order_by("-starts_at", "-pk")
    )


def seizures_per_month(
    person_ids: list[int], starts: dt.datetime, ends: dt.datetime
) -> dict[str, int]:
    """Seizures per local month ("2026-10": 3) from ``starts`` to before ``ends`` (trends)."""
    zone = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    months: dict[str, int] = {}
    for at in Seizure.objects.filter(
        person_id__in=person_ids, starts_at__gte=starts, starts_at__lt=ends
    ).values_list("starts_at", flat=True):
        key = f"{timezone.localtime(at, zone):%Y-%m}"
        months[key] = months.get(key, 0) + 1
    return dict(sorted(months.items()))
