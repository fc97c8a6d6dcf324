"""The demo organisation's year of outcomes history: the trends exist in the records the
measures read, every person has a review, and there is one working together for change round
with themes grouping real points."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from typing import Any

import pytest
from django.utils import timezone

from ownterms.daily.models import BehaviourSupportPlan, DoseRecord
from ownterms.health.models import Medication
from ownterms.outcomes.models import (
    Action,
    CheckIn,
    Connection,
    HealthEvent,
    Review,
    ReviewPoint,
    WtfcRound,
)
from ownterms.outcomes.selectors.measures import Trend, person_series
from ownterms.people.models import CommissionedPackage, Person
from ownterms.referrals.models import Referral, Status
from ownterms.staff.services import add_months

pytestmark = [pytest.mark.django_db, pytest.mark.demo_data]


def _months(today: dt.date, first: int, last: int) -> tuple[dt.date, dt.date]:
    """From the start of ``first`` months ago to the start of ``last`` months ago."""
    return add_months(today, -first), add_months(today, -last)


def test_the_demo_has_a_year_of_outcomes(demo: Any) -> None:
    today = timezone.localdate()
    prn = DoseRecord.objects.filter(organisation=demo, due_at__isnull=True, seizure__isnull=True)
    assert prn.values("person").distinct().count() == 1
    early_from, early_to = _months(today, 12, 9)
    late_from = add_months(today, -3)
    early = prn.filter(at__date__gte=early_from, at__date__lt=early_to).count()
    late = prn.filter(at__date__gte=late_from).count()
    assert early > 2 * late > 0, (early, late)

    connections = Connection.objects.filter(organisation=demo)
    person = connections.values_list("person", flat=True).first()
    mine = connections.filter(person=person)

    def current(on: dt.date) -> int:
        return mine.filter(started_on__lte=on).exclude(ended_on__lte=on).count()

    assert current(add_months(today, -11)) < current(add_months(today, -6)) < current(today)

    events = HealthEvent.objects.filter(organisation=demo)
    assert events.filter(kind=HealthEvent.Kind.ADMISSION).count() == 1
    assert events.filter(kind=HealthEvent.Kind.AE).count() >= 2
    first_half = events.filter(on__lt=add_months(today, -6)).count()
    assert first_half > 2 * events.filter(on__gte=add_months(today, -6)).count()

    check_ins = CheckIn.objects.filter(organisation=demo).order_by("on")
    assert check_ins.values("person").distinct().count() == 3
    for someone in check_ins.values_list("person", flat=True).distinct():
        theirs = [c for c in check_ins if c.person_id == someone]
        assert len(theirs) == 12 and all(c.own_words for c in theirs)

        def mean(rows: list[CheckIn]) -> float:
            scores = [score for c in rows for score in c.answers.values()]
            return sum(scores) / len(scores)

        assert mean(theirs[-3:]) > mean(theirs[:3]) + 1


def test_incidents_fall_after_moving_in_and_as_plans_work(demo: Any) -> None:
    """A year of incident history before the daily records' two months: the accepted person who
    started most recently settles after moving in, and the people with a behaviour plan have
    fewer incidents and restrictive practices than a year ago."""
    today = timezone.localdate()
    zone = zoneinfo.ZoneInfo(demo.time_zone or "Europe/London")
    accepted = Person.objects.filter(
        pk__in=Referral.objects.filter(organisation=demo, status=Status.ACTIVE).values("person")
    )
    planned = BehaviourSupportPlan.objects.filter(organisation=demo).values_list(
        "person", flat=True
    )
    candidates = [p for p in accepted if p.pk not in set(planned)] or list(accepted)

    def started(person: Person) -> dt.date:
        return min(
            CommissionedPackage.objects.filter(person=person).values_list("starts_on", flat=True)
        )

    settled = max(candidates, key=lambda p: (started(p), p.pk))
    series = {s.key: s for s in person_series(settled, today, zone)}
    incidents = series["incidents"]
    assert incidents.baseline and incidents.baseline >= 3, incidents.values
    assert incidents.trend == Trend.BETTER
    for person in Person.objects.filter(pk__in=planned):
        series = {s.key: s for s in person_series(person, today, zone)}
        # Better than a year ago; someone also accepted from a referral is compared with their
        # first months with us instead, so at least not worse.
        wanted = {Trend.BETTER} if person not in accepted else {Trend.BETTER, Trend.SAME}
        assert series["incidents"].trend in wanted, series["incidents"].values
        # Their regular psychotropics were given over the history too: no jump from none
        # (a medicine started during the year is counted from its start, as it should be).
        doses = series["psychotropic_doses"]
        earlier = Medication.objects.filter(
            person=person, is_psychotropic=True, kind="regular", starts_on__lt=doses.months[0]
        )
        if earlier.exists():
            assert doses.baseline, doses.values
    practices = sum(
        {s.key: s for s in person_series(p, today, zone)}["restrictive_practices"].total_since(
            add_months(today, -12)
        )
        for p in Person.objects.filter(pk__in=planned)
    )
    assert practices > 5


def test_everyone_has_a_review_and_one_round_groups_the_points(demo: Any) -> None:
    today = timezone.localdate()
    people = Person.objects.filter(organisation=demo, status=Person.Status.ACTIVE)
    held = Review.objects.filter(
        organisation=demo, status=Review.Status.HELD, held_on__gte=today - dt.timedelta(days=365)
    )
    assert set(held.values_list("person", flat=True)) == set(people.values_list("pk", flat=True))
    for review in held.prefetch_related("participants", "points", "actions"):
        perspectives = {p.perspective for p in review.participants.all()}
        assert {"person", "staff"} <= perspectives
        points = list(review.points.all())
        assert any(p.verbatim and p.perspective == "person" for p in points)
        assert sum(p.top_two and p.kind == "working" for p in points) <= 2
        assert sum(p.top_two and p.kind == "not_working" for p in points) == 2
        assert all(a.goal_id and a.owner for a in review.actions.all())
    assert Action.objects.filter(review__organisation=demo, goal__status="achieved").exists()
    assert (
        Review.objects.filter(
            organisation=demo, status=Review.Status.PLANNED, due_on__lt=today
        ).count()
        == 2
    )
    (round_,) = WtfcRound.objects.filter(organisation=demo)
    themes = list(round_.themes.all())
    assert 3 <= len(themes) <= 4
    for theme in themes:
        points = list(theme.points.all())
        assert len(points) >= 2, theme.title
        assert all(p.top_two and p.kind == theme.kind for p in points)
    assert ReviewPoint.objects.filter(review__organisation=demo, themes__isnull=False).exists()
