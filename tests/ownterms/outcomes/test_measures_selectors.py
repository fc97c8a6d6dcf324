"""Every measure computed from real records with known monthly figures (tests/ownterms/outcomes/
data.py, ``measures_history``): the values, the baseline, the trend, month edges in local time,
"not enough data yet", and the organisation-wide variant's fixed number of queries."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ownterms.outcomes.measures import Measure
from ownterms.outcomes.models import HealthEvent, MeasureRecord
from ownterms.outcomes.selectors.measures import (
    Series,
    Trend,
    person_series,
    series_for_people,
)
from ownterms.people.models import CommissionedPackage, ConsentCategory, Person
from tests.cast import Cast
from tests.ownterms.outcomes import data

pytestmark = pytest.mark.django_db
LONDON = zoneinfo.ZoneInfo("Europe/London")


def _by_key(series: list[Series]) -> dict[str, Series]:
    return {s.key: s for s in series}


@pytest.fixture
def alex(cast: Cast) -> dict[str, Series]:
    data.measures_history(cast)
    return _by_key(person_series(cast.person, data.HISTORY_TODAY, LONDON))


def test_the_months_run_from_the_start_of_support_to_this_month(alex: dict[str, Series]) -> None:
    for series in alex.values():
        assert series.months == data.HISTORY_MONTHS, series.key
    assert alex["incidents"].baseline_months == data.HISTORY_MONTHS[:3]


@pytest.mark.parametrize(
    ("measure", "values", "baseline", "recent", "trend"),
    [
        (Measure.INCIDENTS, (*data.INCIDENTS, 0), 4.0, 0.67, Trend.BETTER),
        (Measure.RESTRICTIVE_PRACTICES, (0,) * 10, 0.0, 0.0, Trend.SAME),
        (Measure.PRN_DOSES, (*data.PRN_DOSES, 0), 10.0, 3.0, Trend.BETTER),
        (Measure.PSYCHOTROPIC_DOSES, (12, 10, 10, 6, 5, 4, 3, 3, 3, 0), 10.67, 3.0, Trend.BETTER),
        (Measure.PSYCHOTROPIC_MEDICINES, (2, 2, 2, 2, 2, 2, 1, 1, 1, 1), 2.0, 1.0, Trend.BETTER),
        (Measure.GOALS_ACHIEVED, (0, 0, 0, 0, 0, 0, 0, 2, 0, 0), 0.0, 0.67, Trend.BETTER),
        (Measure.ADMISSIONS, (0, 1, 0, 0, 0, 0, 0, 0, 0, 0), 0.33, 0.0, Trend.SAME),
        (Measure.AE_VISITS, (0, 0, 1, 0, 0, 0, 0, 0, 0, 0), 0.33, 0.0, Trend.SAME),
        (Measure.NHS_CONTACTS, (0, 0, 0, 0, 0, 0, 0, 0, 2, 0), 0.0, 0.67, Trend.WORSE),
        (Measure.CONNECTIONS, (1, 1, 1, 1, 1, 1, 2, 3, 2, 2), 1.0, 2.33, Trend.BETTER),
        (Measure.RELATIONSHIPS, (0, 0, 0, 0, 0, 1, 1, 1, 1, 1), 0.0, 1.0, Trend.BETTER),
        (
            Measure.VOLUNTEERING_AND_WORK,
            (0, 0, 0, 0, 0, 0, 10, 12.06, 10, 10),
            0.0,
            10.69,
            Trend.BETTER,
        ),
        (Measure.ACTIVITIES, (2, 0, 0, 0, 0, 0, 0, 0, 1, 0), 0.67, 0.33, Trend.SAME),
        (Measure.TENANCY, (0, 0, 1, 1, 1, 1, 1, 1, 1, 1), 0.33, 1.0, Trend.BETTER),
        (
            Measure.LIFE_SAYS,
            (2, 2.5, None, None, None, None, 4.5, 4, None, None),
            2.25,
            4.25,
            Trend.BETTER,
        ),
    ],
)
def test_each_measure_from_the_records_kept(
    alex: dict[str, Series],
    measure: Measure,
    values: tuple[float | None, ...],
    baseline: float,
    recent: float,
    trend: Trend,
) -> None:
    series = alex[measure.value]
    assert series.values == tuple(values)
    assert series.baseline == baseline
    assert series.recent == recent
    assert series.trend == trend


def test_a_value_recorded_by_hand_has_its_own_series_without_better_or_worse(
    cast: Cast,
) -> None:
    data.measures_history(cast)
    for month, value in ((6, 2), (7, 4), (12, 9), (1, 8), (2, 9)):
        MeasureRecord.objects.create(
            organisation=cast.organisation,
            person=cast.person,
            measure="Nights out",
            on=dt.date(2025 if month > 3 else 2026, month, 10),
            value=value,
        )
    series = _by_key(person_series(cast.person, data.HISTORY_TODAY, LONDON))["recorded:Nights out"]
    assert series.values == (2, 4, None, None, None, None, 9, 8, 9, None)
    assert (series.baseline, series.recent, series.trend) == (3.0, 8.67, Trend.HIGHER)
    assert series.category == ConsentCategory.PLANS and series.better == ""


def test_only_the_categories_asked_for(cast: Cast) -> None:
    data.measures_history(cast)
    health = person_series(
        cast.person, data.HISTORY_TODAY, LONDON, categories={ConsentCategory.HEALTH}
    )
    assert {s.category for s in health} == {ConsentCategory.HEALTH}
    assert "incidents" in _by_key(health) and "goals_achieved" not in _by_key(health)


def test_the_baseline_starts_with_the_first_records_when_they_come_later(cast: Cast) -> None:
    """Supported since 2019, but the records kept here start in June 2025."""
    data.measures_history(cast)
    CommissionedPackage.objects.create(
        organisation=cast.organisation,
        person=cast.person,
        starts_on=dt.date(2019, 4, 1),
        review_on=dt.date(2020, 4, 1),
        funder_name="Kent",
        funder_kind="council",
    )
    series = _by_key(person_series(cast.person, data.HISTORY_TODAY, LONDON))["incidents"]
    assert series.months[0] == dt.date(2025, 6, 1)


def test_a_few_months_is_not_enough_to_say_anything(cast: Cast) -> None:
    CommissionedPackage.objects.create(
        organisation=cast.organisation,
        person=cast.person,
        starts_on=dt.date(2025, 12, 1),
        review_on=dt.date(2026, 12, 1),
        funder_name="Kent",
        funder_kind="council",
    )
    HealthEvent.objects.create(
        organisation=cast.organisation, person=cast.person, kind="gp", on=dt.date(2025, 12, 5)
    )
    found = _by_key(person_series(cast.person, data.HISTORY_TODAY, LONDON))
    assert found["nhs_contacts"].values == (1, 0, 0, 0)
    assert found["nhs_contacts"].baseline == 0.33
    assert all(s.trend == Trend.NOT_ENOUGH for s in found.values())


def test_no_records_at_all_is_an_empty_series_not_an_error(cast: Cast) -> None:
    found = person_series(cast.other_person, data.HISTORY_TODAY, LONDON)
    assert found and all(not s.months and not s.has_data for s in found)
    assert all(s.trend == Trend.NOT_ENOUGH for s in found)


def test_someone_who_never_had_their_own_tenancy_has_no_tenancy_figures(cast: Cast) -> None:
    # A person of their own: the audit is append-only, so history can't be taken away.
    person = Person.objects.create(
        organisation=cast.organisation,
        first_name="Never",
        last_name="Tenant",
        home=Person.Home.WITH_FAMILY,
    )
    HealthEvent.objects.create(
        organisation=cast.organisation, person=person, kind="ae", on=dt.date(2025, 9, 1)
    )
    tenancy = _by_key(person_series(person, data.HISTORY_TODAY, LONDON))["tenancy"]
    assert tenancy.months and not tenancy.has_data


def _queries(ids: list[int]) -> int:
    with CaptureQueriesContext(connection) as captured:
        series_for_people(ids, data.HISTORY_TODAY, LONDON)
    return len(captured)


def test_everyone_at_once_in_the_same_number_of_queries(cast: Cast) -> None:
    data.measures_history(cast)
    one = _queries([cast.person.pk])
    people = [
        Person.objects.create(
            organisation=cast.organisation,
            first_name=f"P{n}",
            last_name="X",
            home=Person.Home.OWN_TENANCY,
        )
        for n in range(6)
    ]
    for person in people:
        HealthEvent.objects.create(
            organisation=cast.organisation, person=person, kind="ae", on=dt.date(2025, 9, 1)
        )
    many = _queries([cast.person.pk, *(p.pk for p in people)])
    assert many == one
    everyone = series_for_people(
        [cast.person.pk, *(p.pk for p in people)], data.HISTORY_TODAY, LONDON
    )
    mine = _by_key(everyone[cast.person.pk])
    assert mine["incidents"].values == (*data.INCIDENTS, 0)
    assert _by_key(everyone[people[0].pk])["ae_visits"].values[0] == 1
