"""The clock-driven jobs runner: registered jobs run in name order; once-a-day claims."""

from __future__ import annotations

import datetime as dt

import pytest

from ownterms.core import jobs
from ownterms.core.models import JobRun
from tests.cast import Cast


def test_every_registered_job_runs_once_in_name_order(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[tuple[str, dt.datetime]] = []
    monkeypatch.setattr(jobs, "JOBS", {})
    jobs.register_job("b", lambda now: calls.append(("b", now)) or 2)
    jobs.register_job("a", lambda now: calls.append(("a", now)) or 1)
    now = dt.datetime(2030, 1, 1, 7, 30, tzinfo=dt.UTC)
    assert jobs.run_due(now) == {"a": 1, "b": 2}
    assert calls == [("a", now), ("b", now)]


def test_the_apps_register_their_jobs() -> None:
    assert "funding.delivered_support" in jobs.JOBS


def test_a_day_is_claimed_once_per_job_and_organisation(cast: Cast) -> None:
    day = dt.date(2030, 1, 1)
    assert jobs.once_a_day(cast.organisation, "x", day)
    assert not jobs.once_a_day(cast.organisation, "x", day)
    assert jobs.once_a_day(cast.organisation, "y", day)
    assert jobs.once_a_day(cast.other_organisation, "x", day)
    assert jobs.once_a_day(cast.organisation, "x", day + dt.timedelta(days=1))
    assert JobRun.objects.count() == 4
