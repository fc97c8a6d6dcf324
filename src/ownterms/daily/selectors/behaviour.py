"""Reading behaviour support plans, incidents (ABC) and restrictive practice events.

``missing_parts`` is the one rule for when an incident is complete enough to close;
``authorisation_for`` the one rule for whether a restrictive practice was authorised."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.db.models.functions import TruncMonth
from django.http import Http404
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from ownterms.daily.models import (
    AuthorisedPractice,
    BehaviourSupportPlan,
    DoseRecord,
    Incident,
    PracticeKind,
    RestrictivePracticeEvent,
)
from ownterms.people.access import uuid_or_404
from ownterms.people.models import Person
from ownterms.people.selectors import current
from ownterms.staff.models import StaffMember, TeamMembership

#: Practices that raise an immediate alert to the on-call manager and the person's managers.
ALERTING_KINDS = frozenset({PracticeKind.PRONE, PracticeKind.SECLUSION})
#: Practices the plan may never authorise (seclusion is never allowed in the community).
NEVER_AUTHORISED = frozenset({PracticeKind.SECLUSION})

#: Each part an incident needs before it can be closed, with the words for what is missing.
REQUIRED_PARTS: tuple[tuple[str, Promise], ...] = (
    ("ends_at", _("Enter when the incident ended.")),
    ("location", _("Say where it happened.")),
    ("activity", _("Say what was happening.")),
    ("people_present", _("Say who was there.")),
    ("setting_events", _("Describe any setting events (or say there were none).")),
    ("antecedent", _("Describe what happened just before (A).")),
    ("behaviour", _("Describe what the person did (B).")),
    ("behaviour_minutes", _("Enter how long the behaviour lasted, in minutes.")),
    ("intensity", _("Choose the intensity, from 1 to 5.")),
    ("consequence", _("Describe what happened after (C).")),
    ("strategies_used", _("Say which strategies from the plan were used.")),
    ("injuries", _("Record any injuries, or write “none”.")),
    ("debrief", _("Write the debrief.")),
    ("safeguarding_needed", _("Decide whether a safeguarding referral is needed.")),
    (
        "regulator_notification_needed",
        _("Decide whether a notification to the regulator is needed."),
    ),
)


def missing_parts(incident: Incident) -> dict[str, str]:
    """Field name → what is missing, for every part the incident still needs to be closed."""
    missing: dict[str, str] = {}
    for name, message in REQUIRED_PARTS:
        value = getattr(incident, name)
        if value is None or (isinstance(value, str) and not value.strip()):
            missing[name] = str(message)
    return missing


def plan_of(person: Person) -> BehaviourSupportPlan | None:
    """The person's plan, with its authorised practices (one query each)."""
    return (
        BehaviourSupportPlan.objects.filter(person=person)
        .prefetch_related(
            Prefetch(
                "authorised_practices",
                queryset=AuthorisedPractice.objects.order_by("ends_on", "kind", "authorised_on"),
            )
        )
        .first()
    )


def practice_of(plan: BehaviourSupportPlan, practice_id: uuid.UUID | str) -> AuthorisedPractice:
    found = AuthorisedPractice.objects.filter(plan=plan, public_id=uuid_or_404(practice_id)).first()
    if found is None:
        raise Http404
    return found


def is_current(practice: AuthorisedPractice, day: dt.date) -> bool:
    return practice.authorised_on <= day and (practice.ends_on is None or practice.ends_on > day)


def authorisation_for(person: Person, kind: str, day: dt.date) -> AuthorisedPractice | None:
    """The current authorisation of ``kind`` in the person's plan on ``day``, if any.

    An authorisation past its review date still covers the practice (the overdue review is
    warned on the plan); one that has ended does not. Seclusion is never authorised."""
    if kind in NEVER_AUTHORISED:
        return None
    return (
        AuthorisedPractice.objects.filter(plan__person=person, kind=kind, authorised_on__lte=day)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gt=day))
        .order_by("-authorised_on", "pk")
        .first()
    )


@dataclass(frozen=True)
class StrategyPrompts:
    """The plan's strategies, line by line, offered while writing an incident."""

    green: list[str]
    amber: list[str]
    red: list[str]

    def __bool__(self) -> bool:
        return bool(self.green or self.amber or self.red)


def _lines(text: str) -> list[str]:
    return [line.strip(" -•*\t") for line in text.splitlines() if line.strip(" -•*\t")]


def strategy_prompts(plan: BehaviourSupportPlan | None) -> StrategyPrompts:
    if plan is None:
        return StrategyPrompts([], [], [])
    return StrategyPrompts(_lines(plan.green), _lines(plan.amber), _lines(plan.red))


def incidents_of(person: Person) -> QuerySet[Incident]:
    """The person's incidents, newest first, with how many restrictive practices each has."""
    return (
        Incident.objects.filter(person=person)
        .select_related("recorded_by")
        .annotate(
            practice_count=Count("restrictive_practices", distinct=True),
            unauthorised_count=Count(
                "restrictive_practices",
                filter=Q(restrictive_practices__authorised_practice__isnull=True),
                distinct=True,
            ),
        )
        .order_by("-starts_at", "-pk")
    )


def incident_practices(incident: Incident) -> list[RestrictivePracticeEvent]:
    return list(
        RestrictivePracticeEvent.objects.filter(incident=incident)
        .select_related("authorised_practice")
        .order_by("starts_at", "pk")
    )


def incident_prn_doses(incident: Incident) -> list[DoseRecord]:
    return list(
        DoseRecord.objects.filter(incident=incident)
        .select_related("medication", "recorded_by_staff")
        .order_by("at", "pk")
    )


def practices_of(person: Person) -> QuerySet[RestrictivePracticeEvent]:
    """The person's restrictive practice events, newest first, staff prefetched."""
    return (
        RestrictivePracticeEvent.objects.filter(person=person)
        .select_related("authorised_practice", "incident")
        .prefetch_related(
            Prefetch("staff", queryset=StaffMember.objects.order_by("first_name", "last_name"))
        )
        .order_by("-starts_at", "-pk")
    )


def team_staff(person: Person, day: dt.date | None) -> QuerySet[StaffMember]:
    """Staff in the person's team on ``day`` (who can be named in a restrictive practice);
    with no day, everyone who has ever been in it."""
    memberships = TeamMembership.objects.filter(
        organisation_id=person.organisation_id, person=person
    )
    if day is not None:
        memberships = memberships.filter(current(day))
    return (
        StaffMember.objects.filter(
            organisation_id=person.organisation_id,
            pk__in=memberships.values("staff_member_id"),
        )
        .order_by("first_name", "last_name", "pk")
        .distinct()
    )


# For the today board and trends (issue 5) ----------------------------------------------------


def incidents_between(
    person_ids: Iterable[int], start: dt.datetime, end: dt.datetime
) -> QuerySet[Incident]:
    """Incidents of these people that started in ``start``..``end`` (end excluded), newest
    first, with their person and the count of restrictive practices (one query)."""
    return (
        Incident.objects.filter(person_id__in=list(person_ids), starts_at__gte=start)
        .filter(starts_at__lt=end)
        .select_related("person")
        .annotate(
            practice_count=Count("restrictive_practices", distinct=True),
            unauthorised_count=Count(
                "restrictive_practices",
                filter=Q(restrictive_practices__authorised_practice__isnull=True),
                distinct=True,
            ),
        )
        .order_by("-starts_at", "-pk")
    )


def practices_between(
    person_ids: Iterable[int], start: dt.datetime, end: dt.datetime
) -> QuerySet[RestrictivePracticeEvent]:
    """Restrictive practice events of these people that started in ``start``..``end``, newest
    first, with their person (one query)."""
    return (
        RestrictivePracticeEvent.objects.filter(
            person_id__in=list(person_ids), starts_at__gte=start
        )
        .filter(starts_at__lt=end)
        .select_related("person", "authorised_practice")
        .order_by("-starts_at", "-pk")
    )


@dataclass(frozen=True)
class MonthCounts:
    month: dt.date  # the first day of the month
    incidents: int
    restrictive_practices: int
    unauthorised: int


def monthly_counts(
    person_ids: Iterable[int], first_month: dt.date, last_month: dt.date, zone: Any
) -> list[MonthCounts]:
    """Incidents, restrictive practices and unauthorised practices per month (in ``zone``),
    every month from ``first_month`` to ``last_month`` listed, zeros included (two queries)."""
    ids = list(person_ids)
    first = first_month.replace(day=1)
    last = last_month.replace(day=1)
    start = dt.datetime.combine(first, dt.time(0), tzinfo=zone)
    after = _next_month(last)
    end = dt.datetime.combine(after, dt.time(0), tzinfo=zone)
    incidents = (
        Incident.objects.filter(person_id__in=ids, starts_at__gte=start, starts_at__lt=end)
        .annotate(month=TruncMonth("starts_at", tzinfo=zone))
        .values("month")
        .annotate(n=Count("pk"))
    )
    practices = (
        RestrictivePracticeEvent.objects.filter(
            person_id__in=ids, starts_at__gte=start, starts_at__lt=end
        )
        .annotate(month=TruncMonth("starts_at", tzinfo=zone))
        .values("month")
        .annotate(n=Count("pk"), flagged=Count("pk", filter=Q(authorised_practice=None)))
    )

    def key(value: dt.date | dt.datetime) -> dt.date:
        return value.date() if isinstance(value, dt.datetime) else value

    by_incidents = {key(row["month"]): row["n"] for row in incidents}
    by_practices = {key(row["month"]): (row["n"], row["flagged"]) for row in practices}
    months: list[MonthCounts] = []
    month = first
    while month <= last:
        total, unauthorised = by_practices.get(month, (0, 0))
        months.append(MonthCounts(month, by_incidents.get(month, 0), total, unauthorised))
        month = _next_month(month)
    return months


def _next_month(day: dt.date) -> dt.date:
    return (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
