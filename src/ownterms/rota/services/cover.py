"""Sickness and cover: record a worker off sick, then propose cover with the engine's repair
mode (fewest changes, the core team first, then relief, and what is left as open shifts).

The proposal is a run (``result["purpose"] == "cover"``) over the people the sick worker was
due to support on those days: its draft is the repaired rota, shown on the run page, and
accepting it is publishing that run (audited, notified; the places still empty become open
shifts)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ownterms.accounts.models import User
from ownterms.audit.services import record_change
from ownterms.leave import services as leave_services
from ownterms.leave.models import LeaveRequest
from ownterms.rota import engine_adapter as adapter
from ownterms.rota.models import Assignment, RotaRun, Shift
from ownterms.rota.services.build import (
    COVER,
    MAX_DAYS,
    deterministic_time_setting,
    store_solution,
)
from ownterms.staff.models import StaffMember

#: Wall-clock budget for a cover proposal (a few people over a few days: small).
COVER_SECONDS = 5


@transaction.atomic
def propose_cover(
    *, actor: User, staff_member: StaffMember, first_day: dt.date, last_day: dt.date
) -> RotaRun:
    """Records ``staff_member`` off sick from ``first_day`` to ``last_day`` (approved sickness)
    and returns a finished cover proposal for the shifts they were due to work."""
    if last_day >= first_day and (last_day - first_day).days + 1 > MAX_DAYS:
        raise ValidationError(
            {"ends_on": [_("Record at most %(days)s days at a time.") % {"days": MAX_DAYS}]}
        )
    leave_services.request_leave(
        actor=actor,
        staff_member=staff_member,
        kind=LeaveRequest.Kind.SICKNESS,
        starts_on=first_day,
        ends_on=last_day,
        approve=True,
    )
    affected = Shift.objects.filter(
        assignments__staff_member=staff_member,
        status=Shift.Status.PLANNED,
        on__gte=first_day,
        on__lte=last_day,
    ).select_related("person")
    people = sorted({row.person for row in affected}, key=lambda p: p.pk)
    run = RotaRun.objects.create(
        organisation_id=actor.organisation_id,
        first_day=first_day,
        last_day=last_day,
        time_limit_seconds=COVER_SECONDS,
        status=RotaRun.Status.RUNNING,
        created_by=actor,
        started_at=timezone.now(),
    )
    run.people.set(people)
    record_change(
        actor=actor,
        organisation=run.organisation,
        action="rota.cover_proposed",
        obj=run,
        person=None,
        changes={
            "worker": staff_member.name,
            "first_day": first_day.isoformat(),
            "last_day": last_day.isoformat(),
            "shifts": len(affected),
        },
    )
    extra = {
        "purpose": COVER,
        "sick": str(staff_member.public_id),
        "sick_name": staff_member.first_name,
    }
    probe = adapter.build_problem(
        organisation=run.organisation, people=people, first_day=first_day, last_day=last_day
    )
    previous = [
        (a.shift, a.staff_member)
        for a in Assignment.objects.filter(shift__in=list(probe.shifts.values())).select_related(
            "shift", "staff_member"
        )
    ]
    built = adapter.build_problem(
        organisation=run.organisation,
        people=people,
        first_day=first_day,
        last_day=last_day,
        previous=previous,
        now=timezone.now(),
    )
    solution = adapter.solve(
        built, time_limit=COVER_SECONDS, deterministic_time=deterministic_time_setting() or 1.0
    )
    store_solution(run, built, solution, extra)
    run.refresh_from_db()
    return run
