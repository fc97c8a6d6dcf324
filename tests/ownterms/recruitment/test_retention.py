"""The daily deletion of unsuccessful applicants after the retention period (fixed dates)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.core.files.base import ContentFile

from ownterms.audit.models import AuditEvent
from ownterms.core.jobs import JOBS
from ownterms.recruitment.models import Applicant, Application, Meeting, Stage
from ownterms.recruitment.retention import delete_expired_applicants
from tests.cast import Cast
from tests.ownterms.recruitment import data

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 6, 15, 3, 0, tzinfo=ZoneInfo("Europe/London"))
TODAY = NOW.date()


@pytest.fixture(autouse=True)
def media_root(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = str(tmp_path)
    return tmp_path


def applicant_with(cast: Cast, name: str, keep_until: dt.date | None, *stages: str) -> Applicant:
    applicant = data.an_applicant(cast, email=f"{name}@example.org", first_name=name)
    applicant.keep_until = keep_until
    applicant.save()
    vacancies = [data.a_vacancy(cast), data.another_vacancy(cast)]
    for stage, vacancy in zip(stages, vacancies, strict=False):
        ended = stage in (Stage.REJECTED, Stage.WITHDRAWN)
        Application.objects.create(
            organisation=cast.organisation,
            applicant=applicant,
            vacancy=vacancy,
            stage=stage,
            ended_at_stage=Stage.INTERVIEW if ended else "",
        )
    return applicant


def test_the_job_is_registered() -> None:
    assert JOBS["recruitment.retention"] is delete_expired_applicants


def test_deletes_expired_unsuccessful_applicants_with_their_cv(
    cast: Cast, media_root: Path, django_capture_on_commit_callbacks: Any
) -> None:
    yesterday = TODAY - dt.timedelta(days=1)
    gone = applicant_with(cast, "gone", yesterday, Stage.REJECTED, Stage.WITHDRAWN)
    gone.cv.save("cv.pdf", ContentFile(data.pdf_bytes()), save=True)
    cv_path = Path(gone.cv.path)
    assert cv_path.exists()
    Meeting.objects.create(
        application=gone.applications.first(),
        stage=Stage.INTERVIEW,
        held_on=yesterday,
        decision="no",
    )
    never_applied = applicant_with(cast, "never", yesterday)
    kept_today = applicant_with(cast, "today", TODAY, Stage.REJECTED)
    in_progress = applicant_with(cast, "busy", yesterday, Stage.REJECTED, Stage.SCREENED)
    no_date = applicant_with(cast, "nodate", None, Stage.REJECTED)
    started = applicant_with(cast, "started", yesterday, Stage.STARTED)
    hired = applicant_with(cast, "hired", yesterday, Stage.REJECTED)
    hired.staff_member = cast.staff["team_worker"]
    hired.save()
    public_id = str(gone.public_id)

    with django_capture_on_commit_callbacks(execute=True):
        assert delete_expired_applicants(NOW) == 2

    remaining = set(Applicant.objects.values_list("first_name", flat=True))
    assert "gone" not in remaining and "never" not in remaining
    for kept in (kept_today, in_progress, no_date, started, hired):
        assert kept.first_name in remaining
    assert not Application.objects.filter(applicant_id=gone.pk).exists()
    assert not Meeting.objects.exists()
    assert not cv_path.exists()
    events = AuditEvent.objects.filter(action="recruitment.applicant_deleted")
    assert events.count() == 2
    event = events.get(object_id=public_id)
    assert event.object_type == "recruitment.applicant"
    assert event.actor is None
    assert event.changes == {"applications": 2}
    assert "gone" not in str(event.changes) and "@" not in str(event.changes)
    assert never_applied.public_id != gone.public_id


def test_runs_once_a_day(cast: Cast) -> None:
    applicant_with(cast, "first", TODAY - dt.timedelta(days=1), Stage.REJECTED)
    assert delete_expired_applicants(NOW) == 1
    applicant_with(cast, "second", TODAY - dt.timedelta(days=1), Stage.REJECTED)
    assert delete_expired_applicants(NOW + dt.timedelta(hours=2)) == 0
    assert delete_expired_applicants(NOW + dt.timedelta(days=1)) == 1
