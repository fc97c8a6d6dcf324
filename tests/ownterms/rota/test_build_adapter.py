"""The engine adapter: the database as the engine's Problem, and the engine's words for people."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from ownterms.core.models import OrganisationSetting
from ownterms.leave import services as leave_services
from ownterms.rota import engine_adapter as adapter
from ownterms.rota.models import Shift
from ownterms.rota.selectors.time_words import when_words
from ownterms.staff.models import StaffMember, TeamMembership
from ownterms.vocabulary.models import Skill, Tag
from tests.cast import Cast
from tests.ownterms.rota.build_data import Scenario, new_worker, scenario
from tests.ownterms.rota.factories import assign, at, shift, team_member, trained

pytestmark = pytest.mark.django_db


def _build(cast: Cast, data: Scenario, **kw: Any) -> adapter.BuiltProblem:
    return adapter.build_problem(
        organisation=cast.organisation,
        people=kw.pop("people", [cast.person, cast.other_person, data.nell]),
        first_day=kw.pop("first", data.monday),
        last_day=kw.pop("last", data.monday + dt.timedelta(days=6)),
        **kw,
    )


def _shift(built: adapter.BuiltProblem, row: Shift) -> Any:
    return next(s for s in built.problem.shifts if s.id == str(row.public_id))


def _staff(built: adapter.BuiltProblem, member: StaffMember) -> Any:
    return next(s for s in built.problem.staff if s.id == str(member.public_id))


def test_shifts_days_and_eligibility_by_team_on_the_day(cast: Cast) -> None:
    data = scenario(cast)
    # Wren leaves the team on Wednesday (the end date is the first day without access).
    TeamMembership.objects.filter(staff_member=data.wren).update(
        ends_on=data.monday + dt.timedelta(days=2)
    )
    cancelled = shift(cast.person, data.monday + dt.timedelta(days=5))
    Shift.objects.filter(pk=cancelled.pk).update(status=Shift.Status.CANCELLED)
    outside = shift(cast.person, data.monday + dt.timedelta(days=8))
    built = _build(cast, data)
    ids = {s.id for s in built.problem.shifts}
    assert str(cancelled.public_id) not in ids
    assert str(outside.public_id) not in ids
    assert len(ids) == 7
    tuesday, wednesday = _shift(built, data.alex_shifts[1]), _shift(built, data.alex_shifts[2])
    assert tuesday.day == 1 and wednesday.day == 2
    wren = str(data.wren.public_id)
    assert wren in tuesday.eligible and wren not in wednesday.eligible
    assert str(data.una.public_id) not in tuesday.eligible
    assert _shift(built, data.nell_shift).eligible == ()
    # Core for Alex: Tariq and Wren; Reece is relief.
    assert _staff(built, data.tariq).core_for == (str(cast.person.public_id),)
    assert _staff(built, data.reece).core_for == ()
    assert built.shifts[tuesday.id] == data.alex_shifts[1]


def test_unapproved_membership_gives_no_eligibility(cast: Cast) -> None:
    data = scenario(cast)
    TeamMembership.objects.filter(staff_member=data.reece).update(approved_by_person=False)
    built = _build(cast, data)
    assert str(data.reece.public_id) not in _shift(built, data.alex_shifts[0]).eligible
    assert str(data.reece.public_id) not in built.staff


def test_skills_valid_on_the_day_and_preferences(cast: Cast) -> None:
    data = scenario(cast)
    epilepsy = Skill.objects.create(organisation=cast.organisation, name="Epilepsy rescue")
    dancing = Tag.objects.create(organisation=cast.organisation, kind="interest", label="Dancing")
    row = data.alex_shifts[0]
    row.required_skills.set([epilepsy])
    row.preferred_staff.set([data.wren])
    row.preferred_tags.set([dancing])
    data.reece.tags.set([dancing])
    data.una.tags.set([dancing])  # not in Alex's team: never a preference
    trained(
        data.tariq,
        epilepsy,
        on=data.monday - dt.timedelta(days=300),
        expires=data.monday + dt.timedelta(days=2),
    )
    built = _build(cast, data)
    engine_shift = _shift(built, row)
    assert engine_shift.required_skills == (epilepsy.key,)
    skill_key = epilepsy.key
    tariq = _staff(built, data.tariq)
    assert tariq.has_skill(skill_key, data.monday + dt.timedelta(days=1))
    assert not tariq.has_skill(skill_key, data.monday + dt.timedelta(days=2))  # expired that day
    assert built.skill_names[skill_key] == "Epilepsy rescue"
    weights = {p.staff_id: p.weight for p in engine_shift.preferences}
    assert weights == {
        str(data.wren.public_id): adapter.PREFERRED_STAFF_WEIGHT,
        str(data.reece.public_id): adapter.PREFERRED_TAG_WEIGHT,
    }


def test_leave_and_other_live_shifts_make_workers_unavailable(cast: Cast) -> None:
    data = scenario(cast)
    leave_services.request_leave(
        actor=cast.user("manager"),
        staff_member=data.wren,
        kind="sickness",
        starts_on=data.monday,
        ends_on=data.monday,
        approve=True,
    )
    elsewhere = shift(cast.other_person, data.monday + dt.timedelta(days=1), 8, 3)
    assign(elsewhere, data.tariq)
    built = _build(cast, data, people=[cast.person])
    wren = _staff(built, data.wren)
    monday_nine = at(data.monday, 9)
    assert any(i.start <= monday_nine < i.end for i in wren.unavailable)
    tariq = _staff(built, data.tariq)
    blocks = [i for i in tariq.unavailable if i.reason == "other_shift"]
    assert [(i.start, i.end) for i in blocks] == [(elsewhere.starts_at, elsewhere.ends_at)]
    # The same shift is not a block when it is part of the problem (it will be replaced).
    built = _build(cast, data)
    assert not [i for i in _staff(built, data.tariq).unavailable if i.reason == "other_shift"]


def test_history_rest_and_opt_out(cast: Cast) -> None:
    data = scenario(cast)
    sunday = data.monday - dt.timedelta(days=1)
    late = shift(cast.person, sunday, 14, 8)  # ends 22:00 the day before the horizon
    assign(late, data.tariq)
    StaffMember.objects.filter(pk=data.wren.pk).update(
        opt_out_signed_on=data.monday - dt.timedelta(days=50)
    )
    built = _build(cast, data)
    tariq = _staff(built, data.tariq)
    assert tariq.history_minutes == 8 * 60
    assert tariq.last_shift_end == late.ends_at
    assert tariq.history_days == 17 * 7 - 7
    assert _staff(built, data.wren).opted_out_48h
    assert not tariq.opted_out_48h


def test_contract_bands(cast: Cast) -> None:
    data = scenario(cast)
    built = _build(cast, data)
    tariq = _staff(built, data.tariq)  # full time, 37.5 h
    assert tariq.target_minutes_per_week == 2250
    assert tariq.max_minutes_per_week == 2250 + adapter.CONTRACT_MARGIN_MINUTES
    assert tariq.min_minutes_per_week == int(2250 * adapter.FULL_TIME_MIN_SHARE)
    assert _staff(built, data.wren).min_minutes_per_week is None  # part time


def test_organisation_settings_are_the_rules(cast: Cast) -> None:
    data = scenario(cast)
    for key, value in [
        ("working_time.min_daily_rest_hours", 12),
        ("working_time.weekly_rest_period_days", 14),
        ("working_time.max_average_weekly_hours", 40),
        ("working_time.reference_weeks", 26),
    ]:
        OrganisationSetting.objects.create(
            organisation=cast.organisation,
            key=key,
            value=value,
            effective_from=data.monday - dt.timedelta(days=1),
        )
    built = _build(cast, data)
    rules = built.problem.rules
    assert rules.min_rest_minutes == 12 * 60
    assert rules.weekly_rest == "48h_per_14"
    assert rules.max_average_weekly_minutes == 40 * 60
    assert _staff(built, data.tariq).history_days == 26 * 7 - 7


def test_builds_a_big_problem_with_a_fixed_number_of_queries(
    cast: Cast, django_assert_max_num_queries: Any
) -> None:
    data = scenario(cast)
    since = cast.today - dt.timedelta(days=400)
    for n in range(6):
        member = new_worker(cast, f"extra{n}", f"Extra{n}")
        team_member(cast.person, member, since=since)
    for d in range(7):
        for hour in (7, 15):
            shift(cast.person, data.monday + dt.timedelta(days=d), hour, 8)
    # Per worker: patterns, their ranges, exceptions and leave (leave.selectors); the rest is
    # a fixed number of queries however many shifts there are.
    workers = 3 + 6
    with django_assert_max_num_queries(12 + 4 * workers):
        _build(cast, data, people=[cast.person])


def test_uncovered_words(cast: Cast) -> None:
    data = scenario(cast)
    built = _build(cast, data)
    skill_gap = adapter.engine.UncoveredShift(
        str(data.alex_shifts[0].public_id), 1, "no_valid_skill", {"skill": "driving"}
    )
    assert adapter.uncovered_words(built, skill_gap) == (
        "Nobody in the team holds driving, valid on the day."
    )
    busy = adapter.engine.UncoveredShift(
        str(data.alex_shifts[0].public_id),
        2,
        "rest_rule",
        {"staff_ids": [str(data.wren.public_id), str(data.tariq.public_id)]},
    )
    assert adapter.uncovered_words(built, busy) == (
        "2 workers missing. Everyone left would miss their rest between shifts (Tariq, Wren)."
    )


def test_continuity_in_words(cast: Cast) -> None:
    data = scenario(cast)
    since = cast.today - dt.timedelta(days=400)
    extra = [new_worker(cast, f"face{n}", f"Face{n}") for n in range(3)]
    for member in extra:
        team_member(cast.person, member, since=since)
    built = _build(cast, data, people=[cast.person])
    workers = [data.tariq, data.wren, data.reece, *extra]
    pairs = [
        (str(row.public_id), str(member.public_id))
        for row, member in zip(data.alex_shifts, workers, strict=False)
    ]
    assert adapter.continuity_weeks(built, pairs) == {str(cast.person.public_id): 1}
    words = adapter.penalty_words(built, {"continuity": 80}, pairs)
    assert "1 week where Alex sees more than 4 different workers." in words


def test_times_in_words_are_local(cast: Cast) -> None:
    row = shift(cast.person, dt.date(2026, 7, 6), 9, 6)
    assert when_words(row) == "Monday 6 July, 09:00 to 15:00"
    assert timezone.is_aware(row.starts_at)


def test_night_worker_flag_reaches_the_engine_and_its_limit(cast: Cast) -> None:
    data = scenario(cast)
    StaffMember.objects.filter(pk=data.wren.pk).update(night_worker=True)
    monday = data.monday
    built = _build(cast, data, people=[cast.person], first=monday, last=monday)
    assert _staff(built, data.wren).night_worker is True
    assert _staff(built, data.tariq).night_worker is False
    # One day: Alex's 6-hour shift and a 4-hour evening one, 10 hours for whoever works both.
    shift(cast.person, monday, 17, 4)
    built = _build(cast, data, people=[cast.person], first=monday, last=monday)
    rows = [str(s.public_id) for s in built.shifts.values()]
    for member, broken in ((data.wren, True), (data.tariq, False)):
        pairs = [(row, str(member.public_id)) for row in rows]
        rules = {v.rule for v in adapter.check_draft(built, pairs)}
        assert ("night_worker" in rules) is broken
