"""/api/v1/today and /api/v1/trends: the today board and the monthly trends as JSON, with the
same rules as the pages (the board for administrators, managers and the on-call manager on
duty; trends for whoever may read the people's daily records)."""

from __future__ import annotations

import datetime as dt
import uuid

from django.http import Http404, HttpRequest
from django.utils import timezone
from ninja import Router, Schema

from ownterms.api.auth import actor
from ownterms.api.schemas import ErrorOut
from ownterms.core.selectors import zone_of
from ownterms.daily.access import access_person_daily
from ownterms.daily.selectors.today import Board, BoardShift, board, board_scope
from ownterms.daily.selectors.trends import Trends, trends
from ownterms.people.models import ConsentCategory
from ownterms.people.selectors import people_visible_to

router = Router(tags=["today"])
ERRORS: dict[int, type[ErrorOut]] = {401: ErrorOut, 404: ErrorOut}


class CountsOut(Schema):
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


class WorkerOut(Schema):
    staff_id: uuid.UUID
    name: str
    off_sick: bool


class ShiftOut(Schema):
    shift_id: uuid.UUID
    person_id: uuid.UUID
    starts_at: dt.datetime
    ends_at: dt.datetime
    kind: str
    headcount: int
    missing: int
    workers: list[WorkerOut]


class PersonNowOut(Schema):
    person_id: uuid.UUID
    name: str
    now: list[ShiftOut]
    next: ShiftOut | None


class SicknessOut(Schema):
    staff_id: uuid.UUID
    name: str
    starts_on: dt.date
    ends_on: dt.date
    affects: list[uuid.UUID]


class RecordOut(Schema):
    """A record on the board: what it is, whose, when, its flags and where its page is."""

    record_id: uuid.UUID
    person_id: uuid.UUID
    at: dt.datetime
    link: str
    flags: list[str]


class DoseOut(Schema):
    medication_id: uuid.UUID
    person_id: uuid.UUID
    medicine: str
    due_at: dt.datetime
    state: str
    link: str


class ActivityOut(Schema):
    person_id: uuid.UUID
    name: str
    starts: dt.time
    ends: dt.time
    place: str
    source: str


class TrainingOut(Schema):
    staff_id: uuid.UUID
    name: str
    skill: str
    state: str
    expires_on: dt.date | None
    shift_id: uuid.UUID


class FollowUpOut(Schema):
    call_id: uuid.UUID
    person_id: uuid.UUID | None
    received_at: dt.datetime
    due: dt.date | None
    owner: str


class TodayOut(Schema):
    day: dt.date
    now: dt.datetime
    since: dt.datetime
    everyone: bool
    counts: CountsOut
    now_and_next: list[PersonNowOut]
    gaps: list[ShiftOut]
    sickness: list[SicknessOut]
    incidents: list[RecordOut]
    restrictive_practices: list[RecordOut]
    seizures: list[RecordOut]
    doses: list[DoseOut]
    activities: list[ActivityOut]
    training: list[TrainingOut]
    follow_ups: list[FollowUpOut]


class MonthOut(Schema):
    month: dt.date
    incidents: int
    restrictive_practices: int
    prn_doses: int
    seizures: int


class TrendsOut(Schema):
    months: list[MonthOut]


def _shift(item: BoardShift) -> dict[str, object]:
    return {
        "shift_id": item.shift.public_id,
        "person_id": item.person.public_id,
        "starts_at": item.shift.starts_at,
        "ends_at": item.shift.ends_at,
        "kind": item.shift.kind,
        "headcount": item.shift.headcount,
        "missing": item.missing,
        "workers": [
            {"staff_id": w.member.public_id, "name": w.member.name, "off_sick": w.off_sick}
            for w in item.workers
        ],
    }


def _today(found: Board) -> dict[str, object]:
    return {
        "day": found.today,
        "now": found.now,
        "since": found.since,
        "everyone": found.everyone,
        "counts": found.counts.as_dict(),
        "now_and_next": [
            {
                "person_id": row.person.public_id,
                "name": row.person.name,
                "now": [_shift(s) for s in row.now],
                "next": _shift(row.next) if row.next else None,
            }
            for row in found.now_and_next
        ],
        "gaps": [_shift(s) for s in found.gaps],
        "sickness": [
            {
                "staff_id": s.member.public_id,
                "name": s.member.name,
                "starts_on": s.leave.starts_on,
                "ends_on": s.leave.ends_on,
                "affects": [a.shift.public_id for a in s.affects],
            }
            for s in found.sickness
        ],
        "incidents": [
            {
                "record_id": i.record.public_id,
                "person_id": i.person.public_id,
                "at": i.record.starts_at,
                "link": i.link,
                "flags": ["open"] if i.record.status == "open" else [],
            }
            for i in found.incidents
        ],
        "restrictive_practices": [
            {
                "record_id": p.record.public_id,
                "person_id": p.person.public_id,
                "at": p.record.starts_at,
                "link": p.link,
                "flags": [
                    flag
                    for flag, on in (("prone", p.prone), ("unauthorised", p.unauthorised))
                    if on
                ],
            }
            for p in found.practices
        ],
        "seizures": [
            {
                "record_id": s.record.public_id,
                "person_id": s.person.public_id,
                "at": s.record.starts_at,
                "link": s.link,
                "flags": [
                    flag
                    for flag, on in (
                        ("ambulance", s.record.ambulance_called),
                        ("untrained_rescue", s.record.rescue_by_trained_worker is False),
                    )
                    if on
                ],
            }
            for s in found.seizures
        ],
        "doses": [
            {
                "medication_id": d.dose.medication.public_id,
                "person_id": d.person.public_id,
                "medicine": d.dose.medication.name,
                "due_at": d.dose.due_at,
                "state": d.state.value,
                "link": d.link,
            }
            for d in found.doses
        ],
        "activities": [
            {
                "person_id": a.person.public_id,
                "name": a.name,
                "starts": a.starts,
                "ends": a.ends,
                "place": a.place,
                "source": a.source,
            }
            for a in found.activities
        ],
        "training": [
            {
                "staff_id": t.worker.public_id,
                "name": t.worker.name,
                "skill": t.skill.name,
                "state": t.state,
                "expires_on": t.expires_on,
                "shift_id": t.shift.shift.public_id,
            }
            for t in found.training
        ],
        "follow_ups": [
            {
                "call_id": c.public_id,
                "person_id": c.person.public_id if c.person else None,
                "received_at": c.received_at,
                "due": c.follow_up_due,
                "owner": c.follow_up_owner.name if c.follow_up_owner else "",
            }
            for c in found.follow_ups
        ],
    }


def _trends(found: Trends) -> dict[str, object]:
    return {"months": found.as_rows()}


@router.get(
    "/today",
    response={200: TodayOut, **ERRORS},
    summary="The today board: today and tonight for the people you look after",
)
def get_today(request: HttpRequest) -> dict[str, object]:
    user = actor(request)
    now = timezone.now()
    scope = board_scope(user, user.organisation, now)
    if scope is None:
        raise Http404
    return _today(board(scope, now))


@router.get(
    "/trends",
    response={200: TrendsOut, **ERRORS},
    summary="Incidents, restrictive practices, PRN doses and seizures per month (12 months)",
)
def get_trends(request: HttpRequest) -> dict[str, object]:
    user = actor(request)
    people = people_visible_to(user, ConsentCategory.DAILY)
    if not people.exists():
        raise Http404
    zone = zone_of(user.organisation)
    return _trends(trends(people.values("pk"), timezone.localdate(timezone=zone), zone))


@router.get(
    "/people/{uuid:person_id}/trends",
    response={200: TrendsOut, **ERRORS},
    summary="One person's incidents, restrictive practices, PRN doses and seizures per month",
)
def get_person_trends(request: HttpRequest, person_id: uuid.UUID) -> dict[str, object]:
    user = actor(request)
    access = access_person_daily(user, person_id, page="api.daily.trends")
    zone = zone_of(user.organisation)
    return _trends(trends([access.person.pk], timezone.localdate(timezone=zone), zone))
