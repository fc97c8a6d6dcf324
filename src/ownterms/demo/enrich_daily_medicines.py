"""Demo: two months of the medication record. Dose times for every current regular medicine
(read from its "how often" text), doses almost all given by the worker on shift (a few
refused with reasons, a handful missed), PRN use trending down for one person, seizures for
one person with epilepsy (two with rescue medication: one by a trained worker, one flagged
untrained), and weekly stock counts for a couple of medicines. All in bulk."""

from __future__ import annotations

import bisect
import datetime as dt
import random
import re

from ownterms.core.models import Organisation
from ownterms.daily.models import (
    DoseOutcome,
    DoseRecord,
    DoseSchedule,
    Seizure,
    SeizureType,
    StockCount,
)
from ownterms.daily.selectors.doses_due import due_at
from ownterms.daily.selectors.medicines import local_zone
from ownterms.health.models import Medication
from ownterms.rota.models import Assignment, Shift
from ownterms.staff.models import StaffMember, TeamMembership, TrainingRecord
from ownterms.vocabulary.models import Skill

DAYS = 61
EPILEPSY_SKILL = "Epilepsy rescue medication"
CLOCK = re.compile(r"(\d{1,2})(?::(\d{2}))?\s*(am|pm)")
WORDS = (
    ("four times", ("08:00", "12:00", "17:00", "21:00")),
    ("three times", ("08:00", "13:00", "20:00")),
    ("twice", ("08:00", "20:00")),
    ("at night", ("21:00",)),
    ("bedtime", ("21:00",)),
    ("morning", ("08:00",)),
    ("once", ("08:00",)),
)
REFUSALS = (
    "Said no; tried again 20 minutes later and still refused.",
    "Asleep; did not want waking.",
    "Felt sick and did not want to swallow anything.",
)
PRN_REASONS = (
    "Said her head hurt and pointed to her forehead.",
    "Toothache; holding her jaw.",
    "Period pain, asked for paracetamol.",
    "Temperature 38.1°C.",
    "Sore knee after the long walk.",
)


def times_from(frequency: str) -> list[dt.time]:
    """Dose times from "how often" text: explicit times ("8am and 8pm") or words."""
    found = []
    for hour, minute, half in CLOCK.findall(frequency.lower()):
        h = int(hour) % 12 + (12 if half == "pm" else 0)
        found.append(dt.time(h, int(minute or 0)))
    if found:
        return sorted(set(found))
    text = frequency.lower()
    for word, times in WORDS:
        if word in text:
            return [dt.time.fromisoformat(t) for t in times]
    return [dt.time(8)]


def enrich_daily_medicines(org: Organisation, rng: random.Random, today: dt.date) -> dict[str, int]:
    zone = local_zone()
    first = today - dt.timedelta(days=DAYS - 1)
    skill = Skill.objects.filter(organisation=org, name=EPILEPSY_SKILL).first()
    if skill is not None:
        Medication.objects.filter(organisation=org, name="Buccal midazolam").update(
            training_skill=skill
        )
    medicines = list(
        Medication.objects.filter(organisation=org)
        .exclude(stops_on__lte=first)
        .select_related("person")
        .order_by("person_id", "name", "pk")
    )
    regulars = [m for m in medicines if m.kind == Medication.Kind.REGULAR]
    schedules = [
        DoseSchedule(organisation=org, medication=m, time=time)
        for m in regulars
        for time in times_from(m.frequency)
    ]
    DoseSchedule.objects.bulk_create(schedules, batch_size=1000)
    workers = _workers(org, first, today)
    team = _teams(org, today)
    staff_users = dict(StaffMember.objects.filter(organisation=org).values_list("pk", "user_id"))

    def who(person_id: int, at: dt.datetime) -> int | None:
        shifts = workers.get(person_id, [])
        index = bisect.bisect_right(shifts, at, key=lambda row: row[0]) - 1
        while index >= 0:
            starts, ends, staff = shifts[index]
            if starts <= at < ends:
                return staff
            if at - starts > dt.timedelta(hours=24):
                break
            index -= 1
        members = team.get(person_id)
        return members[at.day % len(members)] if members else None

    doses: list[DoseRecord] = []
    missed = 0
    times_by_med: dict[int, list[dt.time]] = {}
    for schedule in schedules:
        times_by_med.setdefault(schedule.medication.pk, []).append(schedule.time)
    for medication in regulars:
        day = max(first, medication.starts_on)
        while day < today and medication.is_current(day):
            for time in times_by_med.get(medication.pk, []):
                moment = due_at(day, time, zone)
                roll = rng.random()
                if roll < 0.003 and missed < 6:
                    missed += 1
                    continue
                staff = who(medication.person_id, moment)
                refused = roll > 0.985
                doses.append(
                    DoseRecord(
                        organisation=org,
                        person_id=medication.person_id,
                        recorded_by_id=staff_users.get(staff) if staff else None,
                        recorded_by_staff_id=staff,
                        medication=medication,
                        due_at=moment,
                        at=moment + dt.timedelta(minutes=rng.randint(0, 25)),
                        outcome=DoseOutcome.REFUSED if refused else DoseOutcome.GIVEN,
                        dose="" if refused else medication.dose,
                        reason=rng.choice(REFUSALS) if refused else "",
                    )
                )
            day += dt.timedelta(days=1)
    prn = _prn_trend(org, rng, medicines, first, today, who, staff_users)
    DoseRecord.objects.bulk_create(doses + prn, batch_size=1000)
    seizures = _seizures(org, rng, medicines, first, today, team, skill, staff_users)
    counts = _stock(org, rng, regulars, first, today)
    return {
        "dose_times": len(schedules),
        "doses": len(doses),
        "prn_doses": len(prn),
        "seizures": seizures,
        "stock_counts": counts,
    }


def _workers(
    org: Organisation, first: dt.date, today: dt.date
) -> dict[int, list[tuple[dt.datetime, dt.datetime, int]]]:
    found: dict[int, list[tuple[dt.datetime, dt.datetime, int]]] = {}
    for person_id, starts, ends, staff in Assignment.objects.filter(
        shift__organisation=org,
        shift__status=Shift.Status.PLANNED,
        shift__on__gte=first - dt.timedelta(days=1),
        shift__on__lte=today,
    ).values_list("shift__person_id", "shift__starts_at", "shift__ends_at", "staff_member_id"):
        found.setdefault(person_id, []).append((starts, ends, staff))
    for rows in found.values():
        rows.sort()
    return found


def _teams(org: Organisation, today: dt.date) -> dict[int, list[int]]:
    team: dict[int, list[int]] = {}
    for person_id, staff in (
        TeamMembership.objects.filter(organisation=org, starts_on__lte=today)
        .exclude(ends_on__lte=today)
        .filter(approved_by_person=True)
        .order_by("person_id", "staff_member_id")
        .values_list("person_id", "staff_member_id")
    ):
        team.setdefault(person_id, []).append(staff)
    return team


def _prn_trend(
    org: Organisation,
    rng: random.Random,
    medicines: list[Medication],
    first: dt.date,
    today: dt.date,
    who: object,
    staff_users: dict[int, int],
) -> list[DoseRecord]:
    """About 12 doses in the first month and 4 in the second, for one person."""
    paracetamol = next(
        (
            m
            for m in medicines
            if m.kind == Medication.Kind.PRN
            and m.name == "Paracetamol"
            and m.starts_on <= first
            and m.stops_on is None
        ),
        None,
    )
    if paracetamol is None:
        return []
    zone = local_zone()
    rows = []
    for offset, count in ((0, 12), (30, 4)):
        days = sorted(rng.sample(range(offset, offset + 30), count))
        for index in days:
            day = first + dt.timedelta(days=index)
            if day >= today or not paracetamol.is_current(day):
                continue
            at = due_at(day, dt.time(rng.randint(9, 19), rng.choice((0, 15, 30, 45))), zone)
            staff = who(paracetamol.person_id, at)  # type: ignore[operator]
            rows.append(
                DoseRecord(
                    organisation=org,
                    person_id=paracetamol.person_id,
                    recorded_by_id=staff_users.get(staff) if staff else None,
                    recorded_by_staff_id=staff,
                    medication=paracetamol,
                    at=at,
                    outcome=DoseOutcome.GIVEN,
                    dose=paracetamol.dose,
                    reason=rng.choice(PRN_REASONS),
                )
            )
    return rows


def _seizures(
    org: Organisation,
    rng: random.Random,
    medicines: list[Medication],
    first: dt.date,
    today: dt.date,
    team: dict[int, list[int]],
    skill: Skill | None,
    staff_users: dict[int, int],
) -> int:
    """Seven seizures for one person with epilepsy; two with rescue medication."""
    rescue = next(
        (m for m in medicines if m.name == "Buccal midazolam" and team.get(m.person_id)), None
    )
    if rescue is None:
        return 0
    members = team[rescue.person_id]
    trained_ids = set(
        TrainingRecord.objects.filter(
            staff_member_id__in=members, skill=skill, completed_on__lte=today
        )
        .exclude(expires_on__lte=first)
        .values_list("staff_member_id", flat=True)
        if skill
        else []
    )
    trained = next((s for s in members if s in trained_ids), None)
    untrained = next((s for s in members if s not in trained_ids), None)
    zone = local_zone()
    offsets = sorted(rng.sample(range(1, DAYS - 1), 7))
    rows: list[Seizure] = []
    for number, offset in enumerate(offsets):
        day = first + dt.timedelta(days=offset)
        starts = due_at(day, dt.time(rng.choice((2, 6, 14, 19, 22)), rng.randint(0, 59)), zone)
        long = number in (2, 5)
        ends = starts + dt.timedelta(minutes=rng.randint(6, 9) if long else rng.randint(1, 3))
        giver = (trained if number == 2 else untrained) if long else None
        staff = members[number % len(members)]
        rows.append(
            Seizure(
                organisation=org,
                person_id=rescue.person_id,
                recorded_by_id=staff_users.get(staff),
                recorded_by_staff_id=staff,
                starts_at=starts,
                ends_at=ends,
                seizure_type=SeizureType.TONIC_CLONIC if long else SeizureType.FOCAL_IMPAIRED,
                description=(
                    "Fell to the floor, stiffened then jerking of arms and legs; cushioned head, "
                    "timed it, recovery position."
                    if long
                    else "Staring and lip-smacking, did not respond to her name."
                ),
                rescue_medication=rescue if giver else None,
                rescue_given_at=starts + dt.timedelta(minutes=5) if giver else None,
                rescue_given_by_id=giver,
                rescue_by_trained_worker=(giver in trained_ids) if giver and skill else None,
                recovery="Sleepy for about an hour, then had a drink and was herself again.",
                ambulance_called=number == 5,
            )
        )
    Seizure.objects.bulk_create(rows)
    DoseRecord.objects.bulk_create(
        [
            DoseRecord(
                organisation=org,
                person_id=row.person_id,
                recorded_by_id=row.recorded_by_id,
                recorded_by_staff_id=row.recorded_by_staff_id,
                medication=rescue,
                at=row.rescue_given_at,
                outcome=DoseOutcome.GIVEN,
                dose=rescue.dose,
                reason="Rescue medication in a seizure",
                seizure=row,
            )
            for row in rows
            if row.rescue_given_at is not None
        ]
    )
    return len(rows)


def _stock(
    org: Organisation,
    rng: random.Random,
    regulars: list[Medication],
    first: dt.date,
    today: dt.date,
) -> int:
    """Weekly counts for two medicines (each week's count is last week's less 14 doses)."""
    zone = local_zone()
    rows = []
    for medication in regulars[:2]:
        quantity = 56
        day = max(first, medication.starts_on)
        while day < today:
            rows.append(
                StockCount(
                    organisation=org,
                    person_id=medication.person_id,
                    medication=medication,
                    counted_at=due_at(day, dt.time(10), zone),
                    quantity=quantity,
                    note="Weekly count" if quantity != 56 else "New box",
                )
            )
            quantity = quantity - 14 if quantity > 14 else 56
            day += dt.timedelta(days=7)
    StockCount.objects.bulk_create(rows)
    return len(rows)
