"""The demo's recruitment: vacancies built from the people's wishes, about forty applicants at
every stage whose matches visibly make sense, and the training route's two cohorts."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

import pytest
from django.utils import timezone

from ownterms.demo import builders
from ownterms.plans.models import PersonPlan, RoutineActivity
from ownterms.recruitment.models import (
    Applicant,
    Application,
    Check,
    Cohort,
    Meeting,
    PostcodeCentroid,
    Question,
    Stage,
    StageChange,
    Vacancy,
    VacancyStatus,
    Veto,
)
from ownterms.recruitment.selectors.cohorts import route_report
from ownterms.recruitment.selectors.figures import Outcome, figures
from ownterms.staff.models import TeamMembership

pytestmark = [pytest.mark.django_db, pytest.mark.demo_data]


def test_vacancies_come_from_the_people_s_wishes(demo: Any) -> None:
    vacancies = Vacancy.objects.filter(organisation=demo)
    statuses = Counter(vacancies.values_list("status", flat=True))
    assert statuses == {
        VacancyStatus.OPEN: 4,
        VacancyStatus.AWAITING_APPROVAL: 1,
        VacancyStatus.FILLED: 2,
    }
    person_user = builders.SIGN_INS["person"]
    assert vacancies.filter(status=VacancyStatus.OPEN, person__user__email=person_user).exists()
    for vacancy in vacancies.select_related("person"):
        person = vacancy.person
        routine = set(
            RoutineActivity.objects.filter(person=person)
            .exclude(interest=None)
            .values_list("interest", flat=True)
        )
        plan = set(
            PersonPlan.interests.through.objects.filter(personplan__person=person).values_list(
                "tag", flat=True
            )
        )
        wanted = set(vacancy.wanted_tags.filter(kind="interest").values_list("pk", flat=True))
        assert wanted and wanted <= routine | plan, f"{person}: wishes from their own plan"
        assert vacancy.wanted_tags.filter(kind="trait").exists()
        assert Question.objects.filter(vacancy=vacancy).exists()
        assert vacancy.area == person.postcode.split()[0]
        assert PostcodeCentroid.objects.filter(postcode=person.postcode).exists()
        # The advert's words never name the person's surname or address.
        words = " ".join([vacancy.in_my_words, *vacancy.questions.values_list("text", flat=True)])
        assert person.last_name not in words and person.address_line_1 not in words
    assert vacancies.filter(status=VacancyStatus.OPEN, deciders__isnull=False).exists()


def test_applicants_at_every_stage(demo: Any) -> None:
    applicants = Applicant.objects.filter(organisation=demo)
    assert 35 <= applicants.count() <= 45
    assert not applicants.filter(keep_until=None).exists()
    assert not applicants.filter(latitude=None).exists()
    assert all(a.email.endswith("@example.org") for a in applicants)
    postcodes = set(applicants.values_list("postcode", flat=True))
    assert postcodes <= set(PostcodeCentroid.objects.values_list("postcode", flat=True))
    assert len(set(applicants.values_list("source", flat=True))) >= 5
    applications = Application.objects.filter(organisation=demo)
    assert set(applications.values_list("stage", flat=True)) == set(Stage.values)
    rejected = applications.filter(stage=Stage.REJECTED)
    assert not rejected.filter(rejection_reason="").exists()
    assert len(set(rejected.values_list("ended_at_stage", flat=True))) >= 4
    assert applications.filter(stage=Stage.WITHDRAWN).count() == 1
    considered = applications.exclude(considered_from=None).get()
    assert considered.considered_from.applicant_id == considered.applicant_id  # type: ignore[union-attr]
    assert Veto.objects.filter(vacancy__organisation=demo).count() == 2
    # Every application has its history, in time order, ending where it is now.
    for application in applications:
        history = list(StageChange.objects.filter(application=application).order_by("at", "pk"))
        assert history and history[-1].to_stage == application.stage
        assert history == sorted(history, key=lambda change: change.pk)
        assert history[0].at.date() >= application.vacancy.opened_at.date()  # type: ignore[union-attr]
    assert StageChange.objects.filter(
        application__in=applications, at__lt=timezone.now() - dt.timedelta(days=30)
    ).exists()
    answered = applications.exclude(answers={})
    assert answered.count() == applications.count()


def test_meetings_checks_and_starts(demo: Any) -> None:
    applications = Application.objects.filter(organisation=demo)
    second = Meeting.objects.filter(application__in=applications, stage=Stage.MEETING)
    assert second.exclude(decision_words="").count() >= 4
    assert second.filter(decision=Meeting.Decision.NO).exists()
    assert Meeting.objects.filter(
        application__in=applications, stage=Stage.INTERVIEW, interviewers__isnull=False
    ).exists()
    checks = Check.objects.filter(application__stage=Stage.CHECKS, application__in=applications)
    assert checks.exclude(requested_on=None).exists() and checks.filter(cleared_on=None).exists()
    offered = applications.get(stage=Stage.OFFER)
    assert offered.starts_on is not None
    assert not Check.objects.filter(application=offered, cleared_on=None).exists()
    started = applications.filter(stage=Stage.STARTED).select_related("vacancy")
    assert started.count() == 2
    for application in started:
        assert application.staff_member is not None
        assert TeamMembership.objects.filter(
            staff_member=application.staff_member, person=application.vacancy.person
        ).exists()
        assert application.vacancy.status == VacancyStatus.FILLED
        assert application.vacancy.filled_at is not None


def test_matches_visibly_make_sense(demo: Any) -> None:
    for vacancy in Vacancy.objects.filter(organisation=demo, status=VacancyStatus.OPEN):
        wanted = set(vacancy.wanted_tags.values_list("pk", flat=True))
        avoided = set(vacancy.avoided_tags.values_list("pk", flat=True))
        suited = [
            a
            for a in Applicant.objects.filter(applications__vacancy=vacancy)
            if len(wanted & set(a.tags.values_list("pk", flat=True))) >= 2
            and a.home_area == vacancy.area
            and a.available_minutes_per_week >= vacancy.minutes_per_week
        ]
        assert len(suited) >= 2, vacancy
        if avoided:
            assert Applicant.objects.filter(
                applications__vacancy=vacancy, tags__in=avoided
            ).exists()


def test_the_training_route_and_the_figures(demo: Any) -> None:
    today = timezone.localdate()
    cohorts = list(Cohort.objects.filter(organisation=demo).order_by("starts_on"))
    assert len(cohorts) == 2
    finished, running = cohorts
    assert finished.ends_on < today <= running.ends_on
    assert finished.mentor is not None
    report = route_report(demo.pk)
    rows = {row.label: row for row in report.rows}
    assert rows[finished.name].started == 2
    assert rows[finished.name].informed > rows[finished.name].enrolled
    assert rows[running.name].enrolled >= 5
    assert running.sessions.filter(on__lte=today, attendance__isnull=False).exists()
    assert not running.sessions.filter(on__gt=today, attendance__isnull=False).exists()
    found = figures(demo, 12)
    assert found.median_days is not None and 30 <= found.median_days <= 70
    assert {row.outcome for row in found.hires} == {Outcome.HIRED, Outcome.OPEN}
    assert found.stages[0].reached >= 35
    assert len(found.people) == 7 - 2 + 2  # four open, one waiting, two filled
