"""Skills, training and skill needs for the cast (used by these tests and tests/browser/pages.py).

``team_health_data(cast)`` is idempotent: the person needs epilepsy rescue medication on every
shift (only ``team_worker`` holds it: a single point of failure), first aid (``team_worker``'s
has expired: no one) and driving on some shifts (``team_worker``, expiring within 30 days).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ownterms.staff.models import SkillNeed, TeamMembership, TrainingRecord
from ownterms.vocabulary.models import Skill, normalise
from tests.cast import Cast


@dataclass
class HealthData:
    epilepsy: Skill
    first_aid: Skill
    driving: Skill


def skill(cast: Cast, name: str, months: int | None = 12) -> Skill:
    found = Skill.objects.filter(organisation=cast.organisation, key=normalise(name)).first()
    return found or Skill.objects.create(
        organisation=cast.organisation, name=name, renew_every_months=months
    )


def train(
    cast: Cast, member: str, what: Skill, completed: dt.date, expires: dt.date | None
) -> TrainingRecord:
    return TrainingRecord.objects.create(
        organisation=cast.organisation,
        staff_member=cast.staff[member],
        skill=what,
        completed_on=completed,
        expires_on=expires,
    )


def team_health_data(cast: Cast) -> HealthData:
    data = HealthData(
        epilepsy=skill(cast, "Epilepsy rescue medication"),
        first_aid=skill(cast, "First aid", 36),
        driving=skill(cast, "Driving with own car", None),
    )
    if SkillNeed.objects.filter(person=cast.person).exists():
        return data
    today = cast.today
    train(
        cast,
        "team_worker",
        data.epilepsy,
        today - dt.timedelta(days=100),
        today + dt.timedelta(days=200),
    )
    train(
        cast,
        "team_worker",
        data.first_aid,
        today - dt.timedelta(days=800),
        today - dt.timedelta(days=5),
    )
    train(
        cast,
        "team_worker",
        data.driving,
        today - dt.timedelta(days=300),
        today + dt.timedelta(days=10),
    )
    # The former member held everything, but is no longer in the team.
    for what in (data.epilepsy, data.first_aid, data.driving):
        train(cast, "former_worker", what, today - dt.timedelta(days=50), None)
    for what, coverage in (
        (data.epilepsy, SkillNeed.Coverage.EVERY_SHIFT),
        (data.first_aid, SkillNeed.Coverage.EVERY_SHIFT),
        (data.driving, SkillNeed.Coverage.SOME_SHIFTS),
    ):
        SkillNeed.objects.create(
            organisation=cast.organisation, person=cast.person, skill=what, coverage=coverage
        )
    return data


def team_worker_membership(cast: Cast) -> TeamMembership:
    return TeamMembership.objects.get(person=cast.person, staff_member=cast.staff["team_worker"])
