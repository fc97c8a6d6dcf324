"""The training route's report, worked out by hand: told, enrolled, completed, applied and
went into a job, per cohort and overall, as a table and CSV."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.urls import reverse

from ownterms.accounts.models import User
from ownterms.recruitment.models import Application, Cohort, Stage, Trainee
from ownterms.recruitment.selectors.cohorts import report_csv_rows, route_report
from tests.cast import Cast
from tests.ownterms.recruitment import data

pytestmark = pytest.mark.django_db

Status = Trainee.Status


def _cohort(cast: Cast, name: str, starts_ago: int) -> Cohort:
    return Cohort.objects.create(
        organisation=cast.organisation,
        name=name,
        starts_on=cast.today - dt.timedelta(days=starts_ago),
        ends_on=cast.today - dt.timedelta(days=starts_ago - 60),
    )


def _trainee(
    cast: Cast, cohort: Cohort | None, name: str, status: str, stage: str | None = None
) -> Trainee:
    applicant = None
    if stage is not None:
        applicant = data.an_applicant(cast, email=f"{name.lower()}@example.org", first_name=name)
        Application.objects.create(
            organisation=cast.organisation,
            applicant=applicant,
            vacancy=data.a_vacancy(cast),
            stage=stage,
            ended_at_stage=Stage.INTERVIEW if stage == Stage.REJECTED else "",
        )
    return Trainee.objects.create(
        organisation=cast.organisation,
        cohort=cohort,
        first_name=name,
        last_name="Trainee",
        status=status,
        informed_on=cast.today,
        applicant=applicant,
    )


def history(cast: Cast) -> None:
    autumn = _cohort(cast, "Autumn", 200)
    spring = _cohort(cast, "Spring", 30)
    # Autumn: 4 told; 3 enrolled (one left); 2 completed; 2 applied; 1 went into a job.
    _trainee(cast, autumn, "Ada", Status.COMPLETED, Stage.STARTED)
    _trainee(cast, autumn, "Ben", Status.COMPLETED, Stage.REJECTED)
    _trainee(cast, autumn, "Cal", Status.LEFT)
    _trainee(cast, autumn, "Dee", Status.INFORMED)
    # Spring: 2 told, 1 enrolled, nobody has applied yet.
    _trainee(cast, spring, "Eve", Status.ENROLLED)
    _trainee(cast, spring, "Fay", Status.INFORMED)
    # Someone told about the route who is not in a cohort yet, who applied anyway.
    _trainee(cast, None, "Gus", Status.INFORMED, Stage.SCREENED)


def test_the_report_by_hand(cast: Cast) -> None:
    history(cast)
    report = route_report(cast.organisation.pk)
    table = [
        (row.label, row.informed, row.enrolled, row.completed, row.applied, row.started)
        for row in [*report.rows, report.total]
    ]
    assert table == [
        ("Spring", 2, 1, 0, 0, 0),
        ("Autumn", 4, 3, 2, 2, 1),
        ("Not in a cohort yet", 1, 0, 0, 1, 0),
        ("All cohorts", 7, 4, 2, 3, 1),
    ]
    autumn = report.rows[1]
    assert autumn.cells == [(3, 75), (2, 50), (2, 50), (1, 25)]
    assert report.total.left == 1
    assert report.total.cells == [(4, 57), (2, 29), (3, 43), (1, 14)]


def test_an_empty_report(cast: Cast) -> None:
    _cohort(cast, "New", 0)
    report = route_report(cast.organisation.pk)
    assert report.rows[0].cells == [(0, None)] * 4
    assert report.total.informed == 0


def test_the_report_as_csv(cast: Cast) -> None:
    history(cast)
    rows = report_csv_rows(route_report(cast.organisation.pk))
    assert rows[0] == [
        "Cohort",
        "Told about the route",
        "Enrolled",
        "Enrolled (% of those told)",
        "Completed",
        "Completed (% of those told)",
        "Applied",
        "Applied (% of those told)",
        "Went into a job",
        "Went into a job (% of those told)",
    ]
    assert rows[2] == ["Autumn", "4", "3", "75", "2", "50", "2", "50", "1", "25"]
    assert rows[-1][0] == "All cohorts"


def test_the_report_pages(cast: Cast, recruiter: User) -> None:
    history(cast)
    client = data.signed_in(recruiter)
    org = {"org": cast.organisation.slug}
    page = client.get(reverse("recruitment:cohorts_report", kwargs=org))
    assert page.status_code == 200
    text = page.content.decode()
    assert "7 people have been told about the route; 1 went into a job with us." in text
    assert "2 (50%)" in text
    download = client.get(reverse("recruitment:cohorts_report_csv", kwargs=org))
    assert download.status_code == 200
    assert download["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.reader(io.StringIO(download.content.decode("utf-8-sig"))))
    assert rows[2] == ["Autumn", "4", "3", "75", "2", "50", "2", "50", "1", "25"]


def test_a_cohort_name_is_safe_in_the_csv(cast: Cast, recruiter: User) -> None:
    _cohort(cast, '=HYPERLINK("http://x")', 10)
    client = data.signed_in(recruiter)
    body = client.get(
        reverse("recruitment:cohorts_report_csv", kwargs={"org": cast.organisation.slug})
    ).content.decode("utf-8-sig")
    assert "'=HYPERLINK" in body
