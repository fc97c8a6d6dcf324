"""The assessment's evidence, computed from the organisation's own data built in each test."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from ownterms.core.selectors import settings_on
from ownterms.core.services import change_setting
from ownterms.referrals.models import DraftBlock, Rating, Referral, Status
from ownterms.referrals.selectors.evidence import (
    capacity_evidence,
    evidence_for,
    hours_evidence,
    recruitability_evidence,
    workers_needed,
)
from ownterms.staff.models import ManagerAssignment, OnCallDuty
from tests.cast import Cast
from tests.ownterms.referrals import data

pytestmark = pytest.mark.django_db


def _blocks(referral: Referral) -> list[DraftBlock]:
    return list(referral.draft_blocks.all())


def _recruitability(referral: Referral):  # type: ignore[no-untyped-def]
    return recruitability_evidence(referral, today=timezone.localdate(), now=timezone.now())


# Hours and money ----------------------------------------------------------------------------


def test_hours_by_kind_gap_and_developmental_time(cast: Cast) -> None:
    referral = data.a_referral(cast)
    found = hours_evidence(referral, _blocks(referral), settings_on(cast.organisation))
    rows = {row.kind: row for row in found.rows}
    assert (rows["day_minutes"].commissioned, rows["day_minutes"].planned) == (35 * 60, 8 * 60)
    assert (rows["two_to_one_minutes"].commissioned, rows["two_to_one_minutes"].planned) == (
        240,
        120,
    )
    assert (rows["sleep_in_nights"].commissioned, rows["sleep_in_nights"].planned) == (7, 1)
    assert found.developmental_minutes == 10 * 60
    assert found.developmental_percent == 100
    assert found.gap_minutes == 10 * 60 - 39 * 60
    assert "leaves 29 h" in " ".join(found.sentences)
    # The pattern uses fewer hours than commissioned: enough hours, and every rate covers cost.
    assert found.suggested == Rating.MET


def test_a_pattern_needing_more_than_commissioned_is_not_met_with_the_money(cast: Cast) -> None:
    referral = data.a_referral(cast)
    Referral.objects.filter(pk=referral.pk).update(day_minutes=6 * 60, sleep_in_nights=1)
    referral.refresh_from_db()
    found = hours_evidence(referral, _blocks(referral), settings_on(cast.organisation))
    rows = {row.kind: row for row in found.rows}
    # 8 h of day support planned against 6 h commissioned: 2 h at £24.50.
    assert rows["day_minutes"].gap == 120
    assert rows["day_minutes"].gap_pence == 4900
    assert found.suggested == Rating.NOT_MET
    assert any("needs more than is commissioned" in s for s in found.sentences)


def test_rates_below_what_an_hour_costs_us_are_not_viable(cast: Cast) -> None:
    referral = data.a_referral(cast)
    manager = cast.user("manager")
    assert manager is not None
    today = timezone.localdate()
    change_setting(
        actor=manager,
        organisation=cast.organisation,
        key="referrals.hourly_pay",
        value=2000,
        effective_from=today,
    )
    found = hours_evidence(referral, _blocks(referral), settings_on(cast.organisation))
    day = next(r for r in found.rates if r.kind == "day_minutes")
    # £20.00 an hour with 30% on-costs is £26.00: the £24.50 offered is £1.50 short.
    assert (day.costs, day.margin, day.viable) == (2600, -150, False)
    assert "£1.50 less than it costs us" in day.sentence
    assert found.suggested == Rating.NOT_MET


def test_no_pattern_or_no_developmental_time_is_partly_met(cast: Cast) -> None:
    referral = data.a_referral(cast)
    values = settings_on(cast.organisation)
    assert hours_evidence(referral, [], values).suggested == Rating.PARTLY
    referral.draft_blocks.update(developmental=False)
    found = hours_evidence(referral, _blocks(referral), values)
    assert found.developmental_minutes == 0
    assert found.suggested == Rating.PARTLY


# Recruitability -----------------------------------------------------------------------------


def test_workers_needed_rule() -> None:
    referral = Referral(day_minutes=35 * 60, two_to_one_minutes=240, sleep_in_nights=7)
    # 35 h + 2 x 4 h + 7 x 10 h = 113 h: 4 full-time workers, plus relief for nights = 5.
    assert workers_needed(referral) == (5, 113 * 60)
    assert workers_needed(Referral(day_minutes=10 * 60)) == (3, 600)  # never below 3
    assert workers_needed(Referral(day_minutes=400 * 60)) == (8, 400 * 60)  # never above 8
    assert workers_needed(Referral()) == (0, 0)


def test_staff_nearby_with_spare_hours_and_skills_count(cast: Cast) -> None:
    data.places()
    referral = data.a_referral(cast)
    skill = data.epilepsy(cast)
    referral.skills.set([skill])
    before = _recruitability(referral)
    assert (before.from_staff, before.suggested) == (0, Rating.NOT_MET)

    data.support_worker(cast, "near", "ME15", skills=(skill,))
    data.support_worker(cast, "neartoo", "ME14", skills=(skill,))
    data.support_worker(cast, "far", "CT1", skills=(skill,))
    data.support_worker(cast, "untrained", "ME15")
    data.support_worker(cast, "lapsed", "ME15", skills=(skill,), expired=True)
    data.support_worker(cast, "tiny", "ME15", contract_hours=4, skills=(skill,))
    after = _recruitability(referral)
    assert after.located
    assert after.staff_ready == 2  # near and neartoo; far is 38 km away, tiny has 4 h
    assert after.staff_need_training == 2  # untrained and lapsed
    assert after.from_staff == 2
    assert after.workers_needed == 5
    assert after.suggested == Rating.PARTLY
    text = " ".join(after.sentences)
    assert "2 of the 5 workers needed could come from current staff" in text
    assert "need training in: Epilepsy rescue medication" in text


def test_rostered_hours_use_up_spare_hours(cast: Cast) -> None:
    from tests.ownterms.recruitment.data import planned_shifts

    data.places()
    referral = data.a_referral(cast)
    member = data.support_worker(cast, "busy", "ME15")
    cast.staff["busy"] = member
    assert _recruitability(referral).staff_ready == 1
    planned_shifts(cast, "busy", hours=35)  # 35 h a week planned of 37.5 h
    assert _recruitability(referral).staff_ready == 0


def test_applicants_in_the_area_and_median_days_to_fill(cast: Cast) -> None:
    data.places()
    referral = data.a_referral(cast)
    skill = data.epilepsy(cast)
    referral.skills.set([skill])
    data.applicant(cast, "ann", "ME14 2BB", skills=(skill,))
    data.applicant(cast, "bo", "ME15 6AA")
    data.applicant(cast, "cy", "CT1 1AA", skills=(skill,))
    for days, area in ((28, "ME14"), (49, "ME15"), (70, "ME14"), (200, "CT1")):
        data.filled_vacancy(cast, days, area)
    found = _recruitability(referral)
    assert (found.applicants_near, found.applicants_near_with_skills) == (2, 1)
    assert found.median_days_to_fill == 49  # Canterbury's 200 days are not nearby
    assert not found.median_is_organisation_wide
    assert found.vacancies_counted == 3
    assert "similar vacancies nearby took a median of 7 weeks" in " ".join(found.sentences)
    assert found.suggested == Rating.PARTLY


def test_the_organisation_median_when_the_area_has_none(cast: Cast) -> None:
    data.places()
    referral = data.a_referral(cast)
    data.filled_vacancy(cast, 70, "CT1")
    data.filled_vacancy(cast, 14, "CT1")
    found = _recruitability(referral)
    assert found.median_days_to_fill == 42
    assert found.median_is_organisation_wide
    assert "across the organisation" in " ".join(found.sentences)


def test_a_full_team_from_staff_is_met(cast: Cast) -> None:
    data.places()
    referral = data.a_referral(cast)
    for index in range(5):
        data.support_worker(cast, f"ready{index}", "ME14")
    found = _recruitability(referral)
    assert (found.from_staff, found.suggested) == (5, Rating.MET)


# Capacity -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("existing", "expected"),
    [
        (1, Rating.MET),
        (2, Rating.PARTLY),  # with Jo it would be 3: the warning level
        (3, Rating.PARTLY),
        (4, Rating.PARTLY),  # with Jo, 5: the most a year, still allowed
        (5, Rating.NOT_MET),  # at the stop level already
    ],
)
def test_growth_guardrail(cast: Cast, existing: int, expected: Rating) -> None:
    referral = data.a_referral(cast)
    today = timezone.localdate()
    for index in range(existing):
        data.new_person(cast, index, today - dt.timedelta(days=30 * (index + 1)))
    data.new_person(cast, 99, today - dt.timedelta(days=500))  # started long ago: not new
    found = capacity_evidence(
        referral, settings_on(cast.organisation), today=today, now=timezone.now()
    )
    assert found.new_people == existing
    assert found.new_people_with_this == existing + 1
    assert found.suggested == expected


def test_accepted_referrals_being_planned_count_as_new(cast: Cast) -> None:
    referral = data.a_referral(cast)
    other = data.a_referral(cast, "partner_expired")
    Referral.objects.filter(pk=other.pk).update(status=Status.TRANSITION)
    found = capacity_evidence(
        referral, settings_on(cast.organisation), today=timezone.localdate(), now=timezone.now()
    )
    assert found.new_people == 1


def test_manager_caseload_and_on_call_against_the_average(cast: Cast) -> None:
    referral = data.a_referral(cast)
    today = timezone.localdate()
    manager = cast.staff["manager"]
    for index in range(4):
        person = data.new_person(cast, index, today - dt.timedelta(days=600))
        ManagerAssignment.objects.create(
            organisation=cast.organisation, person=person, manager=manager, starts_on=today
        )
    now = timezone.now()
    for week in range(1, 5):
        OnCallDuty.objects.create(
            organisation=cast.organisation,
            manager=manager,
            starts_at=now - dt.timedelta(weeks=week),
            ends_at=now - dt.timedelta(weeks=week) + dt.timedelta(hours=48),
        )
    found = capacity_evidence(referral, settings_on(cast.organisation), today=today, now=now)
    # Mo manages Alex and 4 more (5); Olu manages Bilal (1): the average is 3.
    assert (found.manager_caseload, found.average_caseload) == (5, 3.0)
    # Mo 4 duties in 8 weeks (the cast's current duty began 2 hours ago: Nia 1); average 2.5.
    assert (found.manager_on_call, found.average_on_call) == (4, 2.5)
    assert found.suggested == Rating.PARTLY
    assert "heavy load" in " ".join(found.sentences)


def test_no_manager_proposed_is_partly_met(cast: Cast) -> None:
    referral = data.a_referral(cast)
    Referral.objects.filter(pk=referral.pk).update(proposed_manager=None)
    referral.refresh_from_db()
    found = evidence_for(referral).capacity
    assert found.manager_caseload is None
    assert found.suggested == Rating.PARTLY
