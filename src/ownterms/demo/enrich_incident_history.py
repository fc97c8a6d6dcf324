"""Demo: a year of incident and restrictive-practice history before the daily records' own two
months, so the outcome measures and the referrals report "how accepted packages fared" have
real trends to show (issues 7 and 8).

- The people with a behaviour support plan: incidents falling month by month over the year as
  the plan works (about six a month a year ago, two a month just before the daily records'
  window, which carries on at that rate), a few of the more intense ones with an authorised
  restrictive practice, used less as the year goes on. All within the practice's authorisation
  (the daily enricher dates it before this history starts), none unauthorised.
- The people accepted from referrals (the referrals enricher's active ones): incidents in their
  first year with us, most in the first months and settling after; the one who started most
  recently (without a behaviour plan, when there is one) settles most clearly: the person whose
  incidents fall after they moved in. Someone with both has both (their plan's year
  overlaps the end of their first year).

The regular psychotropic medicines of these people are given over the same months (at their
dose times, before the daily records' window): their outcome measures start at their first
record here, so without it the psychotropic doses would seem to jump from none to every day
when the daily records begin.

Nothing is added in the last ``RECENT_DAYS`` days: that window is the daily records' (their
demo test pins it). Every incident is closed and complete, written by someone in the person's
team that day (or their manager). Deterministic from ``rng``; in bulk.
"""

from __future__ import annotations

import datetime as dt
import random
import zoneinfo
from collections import defaultdict
from dataclasses import dataclass

from ownterms.core.models import Organisation
from ownterms.daily.models import (
    AuthorisedPractice,
    BehaviourSupportPlan,
    DoseOutcome,
    DoseRecord,
    DoseSchedule,
    Incident,
    RestrictivePracticeEvent,
)
from ownterms.daily.selectors.doses_due import due_at
from ownterms.demo.enrich_daily_medicines import DAYS as MEDICINE_DAYS
from ownterms.demo.incident_story import (
    AUTHORISED,
    how_it_ended,
    practice_in,
    save_practices,
    what_happened,
)
from ownterms.health.models import Medication
from ownterms.people.models import CommissionedPackage, Person
from ownterms.referrals.models import Referral, Status
from ownterms.staff.models import ManagerAssignment, StaffMember, TeamMembership
from ownterms.staff.services import add_months

#: The daily records' own window: the history stays older than this.
RECENT_DAYS = 61
#: Incidents a month for a person with a behaviour plan, 12 months ago first, up to the month
#: before the daily records' window (which carries on at about two a month).
PLAN_MONTHS = (6, 6, 5, 5, 4, 4, 3, 3, 3, 2)
#: Incidents in each month of the first year with us for a person accepted from a referral.
FIRST_YEAR = (3, 3, 2, 2, 1, 2, 1, 1, 0, 1, 0, 0)
#: The accepted person who settled most clearly after moving in.
SETTLED = (6, 5, 4, 3, 3, 2, 1, 1, 0, 1, 0, 0)
#: The chance that an intense incident (3 or more) in month n of the plan's year had a
#: restrictive practice: used less as the year goes on.
PRACTICE_CHANCE = (0.7, 0.6, 0.6, 0.5, 0.4, 0.4, 0.3, 0.3, 0.2, 0.2)


@dataclass(frozen=True)
class _Membership:
    staff: StaffMember
    starts_on: dt.date
    ends_on: dt.date | None

    def on(self, day: dt.date) -> bool:
        return self.starts_on <= day and (self.ends_on is None or self.ends_on > day)


def _days(rng: random.Random, first: dt.date, last: dt.date, count: int) -> list[dt.date]:
    """``count`` different days from ``first`` to ``last`` (inclusive), oldest first."""
    span = (last - first).days + 1
    if span <= 0 or count <= 0:
        return []
    return [first + dt.timedelta(days=n) for n in sorted(rng.sample(range(span), min(count, span)))]


def _schedule(
    rng: random.Random, today: dt.date, plan_people: list[int], accepted: dict[int, dt.date]
) -> dict[int, set[dt.date]]:
    """Person → the days of their historic incidents."""
    newest = today - dt.timedelta(days=RECENT_DAYS + 1)
    days: dict[int, set[dt.date]] = defaultdict(set)
    for person_id in plan_people:
        for n, count in enumerate(PLAN_MONTHS):
            start = add_months(today, -(12 - n))
            end = min(add_months(start, 1) - dt.timedelta(days=1), newest)
            days[person_id].update(_days(rng, start, end, count))
    # The clearest settling is someone with no behaviour plan, when there is one.
    candidates = [pid for pid in accepted if pid not in plan_people] or list(accepted)
    settled = max(candidates, key=lambda pid: (accepted[pid], pid)) if candidates else None
    for person_id, started in sorted(accepted.items()):
        curve = SETTLED if person_id == settled else FIRST_YEAR
        for n, count in enumerate(curve):
            start = add_months(started, n)
            end = min(add_months(started, n + 1) - dt.timedelta(days=1), newest)
            days[person_id].update(_days(rng, start, end, count))
    return days


def enrich_incident_history(
    org: Organisation, rng: random.Random, today: dt.date
) -> dict[str, int]:
    zone = zoneinfo.ZoneInfo(org.time_zone or "Europe/London")
    plans = {plan.person_id: plan for plan in BehaviourSupportPlan.objects.filter(organisation=org)}
    practices: dict[int, AuthorisedPractice] = {}
    for practice in (
        AuthorisedPractice.objects.filter(organisation=org).select_related("plan").order_by("pk")
    ):
        practices.setdefault(practice.plan.person_id, practice)
    accepted: dict[int, dt.date] = {}
    for person_id in Referral.objects.filter(
        organisation=org, status=Status.ACTIVE, person__isnull=False
    ).values_list("person_id", flat=True):
        first = (
            CommissionedPackage.objects.filter(person_id=person_id)
            .order_by("starts_on")
            .values_list("starts_on", flat=True)
            .first()
        )
        if person_id is not None and first is not None:
            accepted[person_id] = first
    schedule = _schedule(rng, today, sorted(plans), accepted)
    if not schedule:
        return {"historic_incidents": 0, "historic_restrictive_practices": 0}
    ids = sorted(schedule)
    people = {p.pk: p for p in Person.objects.filter(pk__in=ids)}
    teams: dict[int, list[_Membership]] = defaultdict(list)
    for membership in (
        TeamMembership.objects.filter(person_id__in=ids)
        .select_related("staff_member")
        .order_by("kind", "pk")
    ):
        teams[membership.person_id].append(
            _Membership(membership.staff_member, membership.starts_on, membership.ends_on)
        )
    managers: dict[int, StaffMember] = {}
    for assignment in ManagerAssignment.objects.filter(person_id__in=ids).select_related("manager"):
        managers.setdefault(assignment.person_id, assignment.manager)

    incidents: list[Incident] = []
    staffing: list[list[StaffMember]] = []
    for person_id in ids:
        person = people[person_id]
        name = person.called
        manager = managers.get(person_id)
        for number, day in enumerate(sorted(schedule[person_id])):
            team = [m.staff for m in teams[person_id] if m.on(day)]
            writer = team[number % len(team)] if team else manager
            starts = dt.datetime.combine(
                day, dt.time(rng.randint(9, 20), rng.choice((0, 15, 30, 45))), tzinfo=zone
            )
            minutes = rng.randint(3, 25)
            ends = starts + dt.timedelta(minutes=minutes + rng.randint(5, 20))
            incidents.append(
                Incident(
                    organisation_id=org.pk,
                    person=person,
                    recorded_by_id=writer.user_id if writer else None,
                    recorded_by_staff=writer,
                    starts_at=starts,
                    ends_at=ends,
                    behaviour_minutes=minutes,
                    injuries="None" if number % 6 else "A small bruise on the worker's arm.",
                    status=Incident.Status.CLOSED,
                    closed_at=ends + dt.timedelta(hours=rng.randint(2, 20)),
                    closed_by_id=manager.user_id if manager else None,
                    **what_happened(rng, name, number),
                    **how_it_ended(rng, name),
                )
            )
            staffing.append(team[:2])
    Incident.objects.bulk_create(incidents, batch_size=500)

    # Authorised restrictive practices in the plan people's more intense incidents, used less
    # as the year goes on; only where the authorisation covers the day and a team was on.
    events: list[RestrictivePracticeEvent] = []
    named: list[list[StaffMember]] = []
    year_start = add_months(today, -12)
    for incident, team in zip(incidents, staffing, strict=True):
        found = practices.get(incident.person_id)
        day = incident.starts_at.astimezone(zone).date()
        if (
            found is None
            or not team
            or (incident.intensity or 0) < 3
            or day < found.authorised_on
            or (found.ends_on is not None and found.ends_on <= day)
        ):
            continue
        practice = found
        month = min(max((day.year - year_start.year) * 12 + day.month - year_start.month, 0), 9)
        if rng.random() >= PRACTICE_CHANCE[month]:
            continue
        events.append(
            practice_in(rng, incident, practice.kind, AUTHORISED[practice.kind], practice)
        )
        named.append(team)
    save_practices(events, named)
    doses = _psychotropic_doses(org, today, zone, schedule, teams, managers)
    return {
        "historic_incidents": len(incidents),
        "historic_restrictive_practices": len(events),
        "historic_psychotropic_doses": doses,
    }


def _psychotropic_doses(
    org: Organisation,
    today: dt.date,
    zone: zoneinfo.ZoneInfo,
    schedule: dict[int, set[dt.date]],
    teams: dict[int, list[_Membership]],
    managers: dict[int, StaffMember],
) -> int:
    """Each regular psychotropic medicine given at its dose times from the month of the
    person's first historic incident (or the medicine's start) to the daily records' window."""
    window = today - dt.timedelta(days=MEDICINE_DAYS - 1)  # where the daily doses begin
    times: dict[int, list[dt.time]] = defaultdict(list)
    for medication_id, time in DoseSchedule.objects.filter(
        organisation=org, medication__person_id__in=list(schedule)
    ).values_list("medication_id", "time"):
        times[medication_id].append(time)
    rows: list[DoseRecord] = []
    for medication in Medication.objects.filter(
        organisation=org,
        person_id__in=list(schedule),
        is_psychotropic=True,
        kind=Medication.Kind.REGULAR,
    ).order_by("pk"):
        first = min(schedule[medication.person_id]).replace(day=1)
        day = max(first, medication.starts_on)
        while day < window and medication.is_current(day):
            team = [m.staff for m in teams[medication.person_id] if m.on(day)]
            for n, time in enumerate(sorted(times.get(medication.pk, []))):
                writer = (
                    team[(day.day + n) % len(team)] if team else managers.get(medication.person_id)
                )
                moment = due_at(day, time, zone)
                rows.append(
                    DoseRecord(
                        organisation_id=org.pk,
                        person_id=medication.person_id,
                        recorded_by_id=writer.user_id if writer else None,
                        recorded_by_staff=writer,
                        medication=medication,
                        due_at=moment,
                        at=moment + dt.timedelta(minutes=(day.day * 7 + n * 11) % 25),
                        outcome=DoseOutcome.GIVEN,
                        dose=medication.dose,
                    )
                )
            day += dt.timedelta(days=1)
    DoseRecord.objects.bulk_create(rows, batch_size=1000)
    return len(rows)
