"""The demo's delivered support, after another area has published the demo rota: most shifts
that ended before today confirmed as worked (a few left for workers to confirm, a few times
moved), some sleep-ins with disturbances, and one open shift offered to the team.

With no published rota (no assignments) it does nothing.
"""

from __future__ import annotations

import datetime as dt
import random
from zoneinfo import ZoneInfo

from ownterms.core.models import Organisation
from ownterms.rota.models import Assignment, Delivery, Disturbance, OpenShift, Shift, ShiftKind

LONDON = ZoneInfo("Europe/London")
#: The share of ended shifts left for workers to confirm.
UNCONFIRMED = 0.06
#: The share of sleep-ins with one or two disturbances.
DISTURBED = 0.3
REASONS = (
    "Needed help to the bathroom",
    "Woke and wanted reassurance",
    "Smoke alarm battery",
    "Unsettled after a noise outside",
)
NOTES = ("Stayed late to finish the shopping", "Started early: handover", "")


def _midnight(day: dt.date) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, tzinfo=LONDON)


def _deliveries(
    org: Organisation, rng: random.Random, cutoff: dt.datetime
) -> tuple[list[Delivery], list[tuple[Delivery, Shift]]]:
    ended = (
        Assignment.objects.filter(
            shift__organisation=org,
            shift__status=Shift.Status.PLANNED,
            shift__ends_at__lte=cutoff,
        )
        .exclude(shift__deliveries__isnull=False)
        .select_related("shift", "staff_member__user")
        .order_by("shift__starts_at", "pk")
    )
    deliveries: list[Delivery] = []
    sleep_ins: list[tuple[Delivery, Shift]] = []
    for assignment in ended:
        if rng.random() < UNCONFIRMED:
            continue
        shift = assignment.shift
        started, ended_at = shift.starts_at, shift.ends_at
        note = ""
        if shift.kind == ShiftKind.DAY and rng.random() < 0.1:
            moved = ended_at + dt.timedelta(minutes=rng.choice((-30, -15, 15, 30, 45)))
            if moved - started >= dt.timedelta(hours=1):
                ended_at, note = moved, rng.choice(NOTES)
        delivery = Delivery(
            organisation=org,
            shift=shift,
            staff_member=assignment.staff_member,
            started_at=started,
            ended_at=ended_at,
            note=note,
            confirmed_by=assignment.staff_member.user,
        )
        deliveries.append(delivery)
        if shift.kind == ShiftKind.SLEEP_IN:
            sleep_ins.append((delivery, shift))
    return deliveries, sleep_ins


def _disturbances(rng: random.Random, sleep_ins: list[tuple[Delivery, Shift]]) -> list[Disturbance]:
    rows: list[Disturbance] = []
    for delivery, shift in sleep_ins:
        if rng.random() >= DISTURBED:
            continue
        start = shift.starts_at + dt.timedelta(hours=rng.randint(2, 4), minutes=rng.choice((0, 20)))
        for _ in range(rng.randint(1, 2)):
            end = start + dt.timedelta(minutes=rng.choice((10, 15, 25, 40)))
            if end >= delivery.ended_at:
                break
            rows.append(
                Disturbance(
                    delivery=delivery, started_at=start, ended_at=end, reason=rng.choice(REASONS)
                )
            )
            start = end + dt.timedelta(hours=rng.randint(1, 2))
    return rows


def _open_shift(org: Organisation, rng: random.Random, today: dt.date) -> list[OpenShift]:
    """Offers a shift with a missing place in the next fortnight; without one, a worker has
    dropped out of a filled shift a few days ahead."""
    if OpenShift.objects.filter(organisation=org, status=OpenShift.Status.OPEN).exists():
        return []
    soon = Shift.objects.filter(
        organisation=org,
        status=Shift.Status.PLANNED,
        starts_at__gte=_midnight(today + dt.timedelta(days=2)),
        starts_at__lt=_midnight(today + dt.timedelta(days=14)),
    ).order_by("starts_at", "pk")
    gaps = [
        s for s in soon.prefetch_related("assignments") if len(s.assignments.all()) < s.headcount
    ]
    if gaps:
        shift = gaps[0]
    else:
        filled = list(soon.filter(kind=ShiftKind.DAY, assignments__isnull=False).distinct()[:20])
        if not filled:
            return []
        shift = rng.choice(filled)
        dropped = Assignment.objects.filter(shift=shift).order_by("pk").first()
        if dropped is None:
            return []
        dropped.delete()
    return [OpenShift.objects.create(organisation=org, shift=shift)]


def enrich_rota_delivered(org: Organisation, rng: random.Random, today: dt.date) -> dict[str, int]:
    if not Assignment.objects.filter(shift__organisation=org).exists():
        return {}
    deliveries, sleep_ins = _deliveries(org, rng, _midnight(today))
    Delivery.objects.bulk_create(deliveries)
    disturbances = Disturbance.objects.bulk_create(_disturbances(rng, sleep_ins))
    offers = _open_shift(org, rng, today)
    return {
        "deliveries": len(deliveries),
        "disturbances": len(disturbances),
        "open_shifts": len(offers),
    }
