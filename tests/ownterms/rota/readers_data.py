"""Live rota rows for the readers' tests, the permission matrix and the browser pages: the cast's
person has shifts today and tomorrow worked by the team worker (tomorrow 2:1 with the outside
worker), and an uncovered shift the day after."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.urls import reverse
from django.utils import timezone

from ownterms.rota.models import CalendarFeed, Shift
from tests.cast import Cast
from tests.ownterms.rota.factories import assign, shift


def live_rota(cast: Cast) -> list[Shift]:
    """Creates (once) the cast person's live shifts around today."""
    existing = list(Shift.objects.filter(person=cast.person).order_by("starts_at"))
    if existing:
        return existing
    today = timezone.localdate()
    worker = cast.staff["team_worker"]
    first = shift(cast.person, today, 9, 6, activity="Swimming")
    second = shift(cast.person, today + dt.timedelta(days=1), 10, 5, headcount=2)
    third = shift(cast.person, today + dt.timedelta(days=2), 9, 6)
    assign(first, worker)
    assign(second, worker, cast.staff["outside_worker"])
    return [first, second, third]


def feed_token(cast: Cast) -> str:
    """The team worker's calendar feed token (created once)."""
    live_rota(cast)
    member = cast.staff["team_worker"]
    feed = CalendarFeed.objects.filter(staff_member=member, revoked_at__isnull=True).first()
    if feed is None:
        feed = CalendarFeed.objects.create(
            organisation_id=member.organisation_id, staff_member=member
        )
    return feed.token


def person_kwargs(cast: Cast) -> dict[str, Any]:
    live_rota(cast)
    return {"org": cast.organisation.slug, "person_id": cast.person.public_id}


def org_kwargs(cast: Cast) -> dict[str, Any]:
    live_rota(cast)
    return {"org": cast.organisation.slug}


def feed_url(cast: Cast) -> str:
    return reverse("rota_feed:feed", kwargs={"token": feed_token(cast)})


def busy_week(cast: Cast, people: int, monday: dt.date) -> None:
    """``people`` more people, each with a worker of their own, a 2:1 shift every day (one
    place filled), a skill on every shift and training records: rows for the query ceiling."""
    from ownterms.people.models import Person
    from ownterms.rota.models import Assignment, ShiftKind
    from ownterms.staff.models import ManagerAssignment, StaffMember, TeamMembership, TrainingRecord
    from ownterms.vocabulary.models import Skill
    from tests.ownterms.rota.factories import at

    org = cast.organisation
    skill = Skill.objects.create(organisation=org, name="Driving", key="driving")
    since = monday - dt.timedelta(days=400)
    added = Person.objects.bulk_create(
        [
            Person(organisation=org, first_name=f"P{n}", last_name="Q", home="other", town="Leeds")
            for n in range(people)
        ]
    )
    from ownterms.accounts.models import User

    users = User.objects.bulk_create(
        [
            User(
                email=f"w{n}@{org.slug}.example",
                display_name=f"W{n} Z",
                organisation=org,
                password="!",
            )
            for n in range(people)
        ]
    )
    workers = StaffMember.objects.bulk_create(
        [
            StaffMember(
                organisation=org,
                user=users[n],
                first_name=f"W{n}",
                last_name="Z",
                job_title="Support worker",
                employment=StaffMember.Employment.PART_TIME,
                contract_minutes_per_week=10 * 60,
                starts_on=since,
            )
            for n in range(people)
        ]
    )
    TeamMembership.objects.bulk_create(
        [
            TeamMembership(
                organisation=org,
                person=p,
                staff_member=w,
                approved_by_person=True,
                starts_on=since,
            )
            for p, w in zip(added, workers, strict=True)
        ]
    )
    ManagerAssignment.objects.bulk_create(
        [
            ManagerAssignment(
                organisation=org, person=p, manager=cast.staff["manager"], starts_on=since
            )
            for p in added
        ]
    )
    TrainingRecord.objects.bulk_create(
        [
            TrainingRecord(
                organisation=org,
                staff_member=w,
                skill=skill,
                completed_on=since,
                expires_on=monday + dt.timedelta(days=3),
            )
            for w in workers
        ]
    )
    shifts = Shift.objects.bulk_create(
        [
            Shift(
                organisation=org,
                person=p,
                on=monday + dt.timedelta(days=d),
                starts_at=at(monday + dt.timedelta(days=d), 9),
                ends_at=at(monday + dt.timedelta(days=d), 17),
                kind=ShiftKind.DAY,
                headcount=2,
            )
            for p in added
            for d in range(7)
        ]
    )
    Shift.required_skills.through.objects.bulk_create(
        [Shift.required_skills.through(shift_id=s.pk, skill_id=skill.pk) for s in shifts]
    )
    by_person = dict(zip([p.pk for p in added], workers, strict=True))
    Assignment.objects.bulk_create(
        [Assignment(shift=s, staff_member=by_person[s.person_id]) for s in shifts]
    )
