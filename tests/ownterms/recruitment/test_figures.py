"""Workforce figures computed by hand on a small history: time to hire (with a vacancy still
open, one closed without a hire, one filled long ago), stage conversion from the history,
sources, vacancies per person; the page, its CSV and its query ceiling."""

from __future__ import annotations

import csv
import datetime as dt
import io
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ownterms.accounts.models import User
from ownterms.core.selectors import zone_of
from ownterms.people.models import Person
from ownterms.recruitment.models import (
    Applicant,
    Application,
    Stage,
    StageChange,
    Vacancy,
    VacancyStatus,
)
from ownterms.recruitment.selectors.figures import Outcome, figures
from tests.cast import Cast
from tests.ownterms.recruitment import data
from tests.queries import warm_up

pytestmark = pytest.mark.django_db


def noon(cast: Cast, days_ago: int) -> dt.datetime:
    """Noon in the organisation's time zone ``days_ago`` days before the cast's today."""
    zone = zone_of(cast.organisation)
    return dt.datetime.combine(cast.today - dt.timedelta(days=days_ago), dt.time(12), tzinfo=zone)


def vacancy(
    cast: Cast,
    person: Person,
    status: str,
    opened: int | None,
    *,
    filled: int | None = None,
    closed: int | None = None,
) -> Vacancy:
    return Vacancy.objects.create(
        organisation=cast.organisation,
        person=person,
        status=status,
        kind=Vacancy.Kind.CORE,
        opened_at=noon(cast, opened) if opened is not None else None,
        filled_at=noon(cast, filled) if filled is not None else None,
        closed_at=noon(cast, closed) if closed is not None else None,
    )


_count = iter(range(1000))


def application(
    cast: Cast,
    to: Vacancy,
    created: int,
    history: list[tuple[str, int]],
    *,
    stage: str | None = None,
    ended_at: str = "",
    source: str = "job_board",
) -> Application:
    n = next(_count)
    applicant = Applicant.objects.create(
        organisation=cast.organisation,
        first_name=f"Applicant{n}",
        last_name="Test",
        email=f"applicant{n}@example.org",
        source=source,
    )
    Applicant.objects.filter(pk=applicant.pk).update(created_at=noon(cast, created))
    found = Application.objects.create(
        organisation=cast.organisation,
        applicant=applicant,
        vacancy=to,
        stage=stage or (history[-1][0] if history else Stage.APPLIED),
        ended_at_stage=ended_at,
    )
    Application.objects.filter(pk=found.pk).update(created_at=noon(cast, created))
    previous = ""
    for to_stage, days_ago in history:
        change = StageChange.objects.create(
            application=found, from_stage=previous, to_stage=to_stage
        )
        StageChange.objects.filter(pk=change.pk).update(at=noon(cast, days_ago))
        previous = to_stage
    return found


WHOLE_WAY: list[tuple[str, int]] = [
    (Stage.APPLIED, 38),
    (Stage.SCREENED, 37),
    (Stage.INTERVIEW, 36),
    (Stage.MEETING, 35),
    (Stage.CHECKS, 34),
    (Stage.OFFER, 32),
    (Stage.STARTED, 30),
]


def history(cast: Cast) -> dict[str, Vacancy]:
    """The small history the expected figures below were worked out from."""
    alex, bilal = cast.person, cast.other_person
    hired_quickly = vacancy(cast, alex, VacancyStatus.FILLED, 40, filled=30)
    hired_slowly = vacancy(cast, bilal, VacancyStatus.FILLED, 200, filled=150)
    still_open = vacancy(cast, alex, VacancyStatus.OPEN, 20)
    closed = vacancy(cast, alex, VacancyStatus.CLOSED, 50, closed=5)
    long_ago = vacancy(cast, alex, VacancyStatus.FILLED, 500, filled=480)
    vacancy(cast, bilal, VacancyStatus.AWAITING_APPROVAL, None)
    vacancy(cast, bilal, VacancyStatus.DRAFT, None)
    # Hires: 10 days, 50 days, and one 20 days long ago (out of every period).
    application(cast, hired_quickly, 39, WHOLE_WAY)
    application(cast, hired_slowly, 190, [(Stage.APPLIED, 190), (Stage.STARTED, 150)])
    application(cast, long_ago, 499, [(Stage.APPLIED, 499), (Stage.STARTED, 480)])
    # The open vacancy's applicants, all in the last three months.
    application(
        cast,
        still_open,
        18,
        [(Stage.APPLIED, 18), (Stage.SCREENED, 17), (Stage.REJECTED, 16)],
        ended_at=Stage.SCREENED,
        source="website",
    )
    application(
        cast,
        still_open,
        17,
        [(Stage.APPLIED, 17), (Stage.WITHDRAWN, 15)],
        ended_at=Stage.APPLIED,
        source="website",
    )
    application(
        cast,
        still_open,
        16,
        [(Stage.APPLIED, 16), (Stage.SCREENED, 15), (Stage.INTERVIEW, 14)],
        source="",
    )
    # No history at all (made before history was kept): its current stage says how far it got.
    application(cast, still_open, 10, [], stage=Stage.MEETING, source="job_board")
    return {"still_open": still_open, "closed": closed, "hired_quickly": hired_quickly}


def test_time_to_hire(cast: Cast) -> None:
    made = history(cast)
    found = figures(cast.organisation, 12, now=noon(cast, 0))
    rows = [(row.person_name, row.outcome, row.days) for row in found.hires]
    alex, bilal = cast.person.name, cast.other_person.name
    assert rows == [
        (bilal, Outcome.HIRED, 50),
        (alex, Outcome.HIRED, 10),
        (alex, Outcome.OPEN, 20),
        (alex, Outcome.ENDED, 45),
    ]
    assert found.median_days == 30
    assert found.hires[2].vacancy == made["still_open"]
    assert found.hires[1].ended_on == cast.today - dt.timedelta(days=30)
    assert "2 vacancies were filled; the median time to hire was 30 days." in found.hire_summary()
    assert "still open, for 20 days so far" in found.hire_summary()
    recent = figures(cast.organisation, 3, now=noon(cast, 0))
    assert [(row.outcome, row.days) for row in recent.hires] == [
        (Outcome.HIRED, 10),
        (Outcome.OPEN, 20),
        (Outcome.ENDED, 45),
    ]
    assert recent.median_days == 10


def test_a_vacancy_with_no_hire_yet(cast: Cast) -> None:
    vacancy(cast, cast.person, VacancyStatus.OPEN, 7)
    found = figures(cast.organisation, 12, now=noon(cast, 0))
    assert [(row.outcome, row.days) for row in found.hires] == [(Outcome.OPEN, 7)]
    assert found.median_days is None
    assert found.hire_summary().startswith("No vacancy was filled in this period.")


def test_stage_conversion_follows_the_history(cast: Cast) -> None:
    history(cast)
    found = figures(cast.organisation, 3, now=noon(cast, 0))
    table = [
        (
            row.stage.value,
            row.reached,
            row.went_on,
            row.percent,
            row.rejected_here,
            row.withdrew_here,
        )
        for row in found.stages
    ]
    assert table == [
        ("applied", 5, 4, 80, 0, 1),
        ("screened", 4, 3, 75, 1, 0),
        ("interview", 3, 2, 67, 0, 0),
        ("meeting", 2, 1, 50, 0, 0),
        ("checks", 1, 1, 100, 0, 0),
        ("offer", 1, 1, 100, 0, 0),
        ("started", 1, None, None, 0, 0),
    ]
    assert found.stage_summary() == "5 applications were made; 1 of them led to a start (20%)."
    # Over a year the slow hire is in too (applied, then started: it passed every stage).
    year = figures(cast.organisation, 12, now=noon(cast, 0))
    assert [row.reached for row in year.stages] == [6, 5, 4, 3, 2, 2, 2]


def test_sources(cast: Cast) -> None:
    history(cast)
    found = figures(cast.organisation, 3, now=noon(cast, 0))
    assert [(row.label, row.applicants, row.started) for row in found.sources] == [
        ("A job board", 2, 1),
        ("Our website", 2, 0),
        ("Not said", 1, 0),
    ]
    assert found.source_summary() == "Most applicants heard of us from: a job board (2 of 5)."


def test_vacancies_open_per_person(cast: Cast) -> None:
    history(cast)
    year = figures(cast.organisation, 12, now=noon(cast, 0))
    alex, bilal = cast.person.name, cast.other_person.name
    assert [(r.name, r.open, r.awaiting, r.filled) for r in year.people] == [
        (alex, 1, 0, 1),
        (bilal, 0, 1, 1),
    ]
    assert year.people_summary() == "1 vacancy is open now, for 1 people."
    recent = figures(cast.organisation, 3, now=noon(cast, 0))
    assert [(r.name, r.filled) for r in recent.people] == [(alex, 1), (bilal, 0)]


def _client(user: User | None) -> Client:
    return data.signed_in(user)


def _url(cast: Cast, name: str) -> str:
    return reverse(f"recruitment:{name}", kwargs={"org": cast.organisation.slug})


def test_the_page_and_its_csv(cast: Cast, recruiter: User) -> None:
    history(cast)
    client = _client(recruiter)
    page = client.get(_url(cast, "figures") + "?months=3")
    assert page.status_code == 200
    text = page.content.decode()
    assert "the median time to hire was" not in text  # one hire in three months
    assert "It took 10 days." not in text
    assert "One vacancy was filled; it took 10 days." in text
    assert 'value="3" checked' in text
    # An unknown period falls back to a year.
    assert 'value="12" checked' in client.get(_url(cast, "figures") + "?months=7").content.decode()
    for table, first in [
        ("time_to_hire", ["Person", "Opened", "Outcome", "Days", "Started, filled or closed"]),
        ("stages", ["Stage", "Reached it"]),
        ("sources", ["Where they heard of us", "Applicants", "Started", "Started (%)"]),
        ("open_per_person", ["Person", "Open now"]),
    ]:
        response = client.get(_url(cast, "figures_csv") + f"?table={table}&months=3")
        assert response.status_code == 200
        assert response["Content-Type"] == "text/csv; charset=utf-8"
        assert "attachment" in response["Content-Disposition"]
        rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
        assert rows[0][: len(first)] == first
    stages = list(
        csv.reader(
            io.StringIO(
                client.get(_url(cast, "figures_csv") + "?table=stages&months=3").content.decode(
                    "utf-8-sig"
                )
            )
        )
    )
    assert stages[1] == ["Applied", "5", "4", "80", "0", "1"]
    assert client.get(_url(cast, "figures_csv") + "?table=nonsense").status_code == 404


def test_a_person_s_name_is_safe_in_the_csv(cast: Cast, recruiter: User) -> None:
    person = Person.objects.create(
        organisation=cast.organisation, first_name="=cmd|' /C calc'!A0", last_name="<b>x</b>"
    )
    vacancy(cast, person, VacancyStatus.OPEN, 3)
    client = _client(recruiter)
    body = client.get(_url(cast, "figures_csv") + "?table=open_per_person").content
    assert "'=cmd" in body.decode("utf-8-sig")
    page = client.get(_url(cast, "figures")).content.decode()
    assert "<b>x</b>" not in page and "&lt;b&gt;x&lt;/b&gt;" in page


@pytest.mark.parametrize("member", ["team_worker", "person_user", "finance", "coordinator"])
def test_only_recruiters_see_the_figures(cast: Cast, member: str) -> None:
    client = _client(cast.user(member))
    assert client.get(_url(cast, "figures")).status_code == 404
    assert client.get(_url(cast, "figures_csv") + "?table=stages").status_code == 404


FIGURES_CEILING = 14


def test_the_page_has_a_query_ceiling(
    cast: Cast, recruiter: User, django_assert_max_num_queries: Any
) -> None:
    client = _client(recruiter)
    counts = []
    for _more in range(2):
        history(cast)
        target = _url(cast, "figures")
        warm_up(client, target)
        with (
            django_assert_max_num_queries(FIGURES_CEILING),
            CaptureQueriesContext(connection) as queries,
        ):
            assert client.get(target).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], "the number of queries grows with the data"
