"""Matching's selectors: what they load from the database, in a fixed number of queries."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ownterms.core.services import change_setting
from ownterms.recruitment.matching import Factor, Kind, Match
from ownterms.recruitment.models import Application, Stage
from ownterms.recruitment.selectors import matching as selectors
from ownterms.staff.models import StaffMember, TrainingRecord
from tests.cast import Cast
from tests.ownterms.recruitment import data

pytestmark = pytest.mark.django_db


def names(matches: list[Match]) -> list[str]:
    return [m.candidate.name for m in matches]


def test_the_vacancy_ranks_applicants_and_staff_with_spare_hours(cast: Cast) -> None:
    data.a_matching_pool(cast)
    vacancy = data.a_vacancy(cast)
    matches = selectors.vacancy_matches(cast.organisation, vacancy)
    by_name = {m.candidate.name: m for m in matches}
    # Jo and Lee suit Alex best; Kim is vetoed and listed last.
    assert names(matches)[:2] == ["Jo Applicant", "Lee Pool"]
    assert names(matches)[-1] == "Kim Pool"
    assert by_name["Kim Pool"].barred == ("Alex said not for me: Too loud for me",)
    # Staff: the team worker is in Alex's team already; the outside worker has spare hours.
    team = by_name["Tariq Teamworker"]
    assert team.candidate.kind is Kind.STAFF
    assert team.barred == ("already in Alex's team",)
    outside = by_name["Una Outsider"].candidate
    assert (outside.contract_minutes, outside.planned_minutes) == (37 * 60 + 30, 10 * 60)
    assert outside.available_minutes == 27 * 60 + 30
    # Managers are not candidates (not support workers); the former team member is (their
    # contract is current; only their place in Alex's team ended).
    assert "Mo Manager" not in by_name
    assert by_name["Fern Former"].eligible
    # Travel by distance (Lee's postcode is known) and by district (Kim's area).
    lee = next(f for f in by_name["Lee Pool"].factors if f.factor is Factor.TRAVEL)
    assert lee.words == ("lives less than 1 km away",)


def test_staff_skills_are_valid_training_on_the_day(cast: Cast) -> None:
    data.a_matching_pool(cast)
    vacancy = data.a_vacancy(cast)
    member = cast.staff["outside_worker"]
    driving = data.skill(cast, "Driving")
    TrainingRecord.objects.create(
        organisation=cast.organisation,
        staff_member=member,
        skill=driving,
        completed_on=cast.today.replace(year=cast.today.year - 1),
    )
    found = next(
        m
        for m in selectors.vacancy_matches(cast.organisation, vacancy)
        if m.candidate.id == member.pk
    )
    skills = next(f for f in found.factors if f.factor is Factor.SKILLS)
    assert skills.words == ("trained: driving",)
    TrainingRecord.objects.filter(staff_member=member).update(expires_on=cast.today)
    found = next(
        m
        for m in selectors.vacancy_matches(cast.organisation, vacancy)
        if m.candidate.id == member.pk
    )
    skills = next(f for f in found.factors if f.factor is Factor.SKILLS)
    assert skills.words == ("no valid training yet: driving",)


def test_staff_with_no_spare_hours_are_not_candidates(cast: Cast) -> None:
    data.a_matching_pool(cast)
    StaffMember.objects.filter(pk=cast.staff["outside_worker"].pk).update(
        contract_minutes_per_week=10 * 60
    )
    matches = selectors.vacancy_matches(cast.organisation, data.a_vacancy(cast))
    assert "Una Outsider" not in names(matches)


def test_the_pool_keeps_the_rejected_and_drops_the_hired_and_withdrawn(cast: Cast) -> None:
    data.a_matching_pool(cast)
    vacancy = data.bilals_vacancy(cast)
    lee, max_ = data.pool_applicant(cast, 1), data.pool_applicant(cast, 2)
    Application.objects.filter(applicant=lee).update(
        stage=Stage.REJECTED, ended_at_stage=Stage.SCREENED
    )
    Application.objects.filter(applicant=max_).update(
        stage=Stage.WITHDRAWN, ended_at_stage=Stage.SCREENED
    )
    matches = selectors.vacancy_matches(cast.organisation, vacancy)
    assert "Lee Pool" in names(matches)  # not taken forward for Alex: considered for Bilal
    assert "Max Pool" not in names(matches)
    alex = selectors.vacancy_matches(cast.organisation, data.a_vacancy(cast))
    lee_for_alex = next(m for m in alex if m.candidate.name == "Lee Pool")
    assert lee_for_alex.barred == ("not taken forward for this vacancy",)


def test_weights_come_from_the_organisations_settings(cast: Cast) -> None:
    assert selectors.weights_of(cast.organisation)[Factor.TRAITS] == 4
    change_setting(
        actor=cast.user("administrator"),
        organisation=cast.organisation,
        key="recruitment.weight_traits",
        value=9,
        effective_from=cast.today,
    )
    assert selectors.weights_of(cast.organisation)[Factor.TRAITS] == 9


def test_an_applicant_is_matched_against_every_open_vacancy(cast: Cast) -> None:
    data.a_matching_pool(cast)
    kim = data.pool_applicant(cast, 0)
    matches = selectors.applicant_matches(cast.organisation, kim)
    assert [m.vacancy.person for m in matches] == ["Bilal", "Alex"]  # vetoed by Alex: last
    assert not matches[1].eligible


def test_the_cross_match_suggests_one_each(cast: Cast) -> None:
    data.a_matching_pool(cast)
    found = selectors.cross_match(cast.organisation, minimum=40)
    chosen = {m.vacancy.person: m.candidate.name for m in found.pairs}
    assert chosen["Alex"] in {"Jo Applicant", "Lee Pool"}
    assert len(set(chosen.values())) == len(chosen)
    assert all(m.eligible and m.total >= 40 for m in found.pairs)


def _count(call: Callable[..., object], *args: object) -> int:
    with CaptureQueriesContext(connection) as queries:
        call(*args)
    return len(queries)


def test_a_fixed_number_of_queries_at_1x_and_3x(cast: Cast) -> None:
    counts = []
    for size in (3, 9):
        data.a_matching_pool(cast, size)
        vacancy = data.a_vacancy(cast)
        kim = data.pool_applicant(cast, 0)
        counts.append(
            (
                _count(selectors.vacancy_matches, cast.organisation, vacancy),
                _count(selectors.applicant_matches, cast.organisation, kim),
                _count(selectors.cross_match, cast.organisation),
            )
        )
    assert counts[0] == counts[1], counts
    assert max(counts[0]) <= 25, counts


def _travel(matches: list[Match], name: str) -> tuple[int, tuple[str, ...]]:
    found = next(m for m in matches if m.candidate.name == name)
    travel = next(f for f in found.factors if f.factor is Factor.TRAVEL)
    return travel.points, travel.words


def test_staff_are_placed_by_distance_when_their_point_is_known(cast: Cast) -> None:
    """Staff hold a home district, no postcode: the centre of the postcode they applied with
    (while it is in their home district), else the middle of their district from the table,
    else the district alone."""
    data.a_matching_pool(cast)
    vacancy = data.a_vacancy(cast)  # Alex, LS6 2AB
    outside, former = cast.staff["outside_worker"], cast.staff["former_worker"]
    StaffMember.objects.filter(pk=outside.pk).update(home_area="LS12")
    StaffMember.objects.filter(pk=former.pk).update(home_area="YO1")
    matches = selectors.vacancy_matches(cast.organisation, vacancy)
    # LS12's only known postcode is about 3 km from Alex's: (nearly) full points, where the
    # district alone (the same postcode area) would give 8 of 20.
    points, words = _travel(matches, "Una Outsider")
    assert words == ("lives about 3 km away (from the middle of LS12)",)
    assert points >= 19
    # No YO1 postcode in the table: by district, as before.
    assert _travel(matches, "Fern Former")[1] == ("lives further away (YO1; the work is in LS6)",)
    # Hired through recruitment from LS6 3CD, living in LS6: that postcode's centre.
    lee = data.pool_applicant(cast, 1)
    lee.staff_member = outside
    lee.save()
    StaffMember.objects.filter(pk=outside.pk).update(home_area="LS6")
    matches = selectors.vacancy_matches(cast.organisation, vacancy)
    assert _travel(matches, "Una Outsider") == (20, ("lives less than 1 km away",))
    # Moved since (home district LS12 now): the applicant's postcode is stale, not used.
    StaffMember.objects.filter(pk=outside.pk).update(home_area="LS12")
    matches = selectors.vacancy_matches(cast.organisation, vacancy)
    assert _travel(matches, "Una Outsider")[1] == (
        "lives about 3 km away (from the middle of LS12)",
    )
