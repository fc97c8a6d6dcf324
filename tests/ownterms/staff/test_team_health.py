"""The team health calculation: who in the person's team holds each needed skill."""

from __future__ import annotations

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext

from ownterms.accounts.models import User
from ownterms.staff.models import StaffMember, TeamMembership, TrainingRecord
from ownterms.staff.selectors import needs_training_attention, skill_states, team_health
from tests.cast import Cast
from tests.ownterms.staff.data import team_health_data, train


def levels(cast: Cast, today: dt.date | None = None) -> dict[str, tuple[int, int, str]]:
    return {
        cover.need.skill.name: (len(cover.holders_today), len(cover.holders_later), cover.level)
        for cover in team_health(cast.person, today=today or cast.today)
    }


def test_flags_a_single_point_of_failure_and_a_missing_skill(cast: Cast) -> None:
    team_health_data(cast)
    # The former member holds all three, but their membership has ended: not counted.
    assert levels(cast) == {
        "Driving with own car": (1, 0, "single"),
        "Epilepsy rescue medication": (1, 1, "single"),
        "First aid": (0, 0, "none"),
    }


def new_member(cast: Cast, name: str, **membership: object) -> StaffMember:
    user = User.objects.create(
        email=f"{name}@brookside.example", display_name=name, organisation=cast.organisation
    )
    member = StaffMember.objects.create(
        organisation=cast.organisation,
        user=user,
        first_name=name,
        last_name="Test",
        job_title="Support worker",
        employment="part_time",
        contract_minutes_per_week=20 * 60,
        starts_on=cast.today - dt.timedelta(days=365),
        ends_on=membership.pop("contract_ends", None),  # type: ignore[arg-type]
    )
    TeamMembership.objects.create(
        organisation=cast.organisation,
        person=cast.person,
        staff_member=member,
        approved_by_person=True,
        starts_on=membership.pop("starts_on", cast.today - dt.timedelta(days=30)),  # type: ignore[arg-type]
        ends_on=membership.pop("ends_on", None),  # type: ignore[arg-type]
    )
    cast.staff[name] = member
    return member


def test_counts_only_current_members_and_records_valid_on_the_day(cast: Cast) -> None:
    data = team_health_data(cast)
    today = cast.today
    # A second holder makes epilepsy covered today; but their record expires within 30 days.
    new_member(cast, "ruth")
    train(
        cast, "ruth", data.epilepsy, today - dt.timedelta(days=300), today + dt.timedelta(days=20)
    )
    assert levels(cast)["Epilepsy rescue medication"] == (2, 1, "soon")
    # A renewal already completed keeps them counted in 30 days.
    train(cast, "ruth", data.epilepsy, today - dt.timedelta(days=1), today + dt.timedelta(days=364))
    assert levels(cast)["Epilepsy rescue medication"] == (2, 2, "ok")
    # A record not started yet (a course booked for next week) does not count today.
    new_member(cast, "sam")
    train(
        cast, "sam", data.first_aid, today + dt.timedelta(days=7), today + dt.timedelta(days=1000)
    )
    assert levels(cast)["First aid"] == (0, 0, "none")
    # A member joining next month is not in the team yet, whatever they hold.
    new_member(cast, "tom", starts_on=today + dt.timedelta(days=30))
    train(cast, "tom", data.first_aid, today - dt.timedelta(days=10), None)
    assert levels(cast)["First aid"] == (0, 0, "none")
    # A member leaving within 30 days counts today but not later; so does a contract ending.
    new_member(cast, "uma", ends_on=today + dt.timedelta(days=10))
    train(cast, "uma", data.first_aid, today - dt.timedelta(days=10), None)
    new_member(cast, "vic", contract_ends=today + dt.timedelta(days=12))
    train(cast, "vic", data.first_aid, today - dt.timedelta(days=10), None)
    assert levels(cast)["First aid"] == (2, 0, "soon")
    # An ended membership and an ended contract don't count at all.
    new_member(cast, "wes", ends_on=today)
    train(cast, "wes", data.first_aid, today - dt.timedelta(days=10), None)
    assert levels(cast)["First aid"] == (2, 0, "soon")
    # The day a record expires it no longer counts.
    assert levels(cast, today + dt.timedelta(days=200))["Epilepsy rescue medication"][0] == 1


def test_team_health_has_a_fixed_number_of_queries(cast: Cast) -> None:
    data = team_health_data(cast)
    for index in range(12):
        new_member(cast, f"m{index}")
        train(cast, f"m{index}", data.epilepsy, cast.today - dt.timedelta(days=5), None)
    with CaptureQueriesContext(connection) as queries:
        covers = team_health(cast.person, today=cast.today)
    assert len(queries) == 3
    assert len(covers[1].holders_today) == 13


def test_skill_states_pick_the_record_that_lasts_longest(cast: Cast) -> None:
    data = team_health_data(cast)
    today = cast.today
    member = cast.staff["team_worker"]
    states = {s.skill.name: s.state for s in skill_states(member.training.all(), today)}
    assert states == {
        "Driving with own car": TrainingRecord.State.EXPIRING,
        "Epilepsy rescue medication": TrainingRecord.State.VALID,
        "First aid": TrainingRecord.State.EXPIRED,
    }
    attention = StaffMember.objects.filter(needs_training_attention(today))
    assert list(attention) == [member]
    # Renewing first aid and driving clears the flag, in Python and in the database alike.
    train(cast, "team_worker", data.first_aid, today, today + dt.timedelta(days=900))
    train(cast, "team_worker", data.driving, today - dt.timedelta(days=2), None)
    states = {s.skill.name: s.state for s in skill_states(member.training.all(), today)}
    assert set(states.values()) == {TrainingRecord.State.VALID}
    assert not StaffMember.objects.filter(needs_training_attention(today)).exists()
