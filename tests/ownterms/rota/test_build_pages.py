"""The build pages as a manager uses them: start, watch, read the draft, edit, publish."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from ownterms.rota.models import Assignment, DraftAssignment, RotaRun
from tests.cast import Cast
from tests.ownterms.rota.build_data import done_run, first_shift, scenario

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _deterministic(settings: Any) -> None:
    settings.OWNTERMS_ROTA_DETERMINISTIC_TIME = 0.5


def _client(cast: Cast, name: str = "manager") -> Client:
    client = Client()
    client.force_login(cast.user(name))
    return client


def _url(cast: Cast, name: str, **kwargs: Any) -> str:
    return reverse(f"rota:{name}", kwargs={"org": cast.organisation.slug, **kwargs})


def _date(prefix: str, day: dt.date) -> dict[str, str]:
    return {
        f"{prefix}_day": str(day.day),
        f"{prefix}_month": str(day.month),
        f"{prefix}_year": str(day.year),
    }


def test_build_form_lists_only_people_the_actor_may_read(cast: Cast) -> None:
    response = _client(cast).get(_url(cast, "build"))
    assert response.status_code == 200
    text = response.content.decode()
    assert "Alexandra" in text or "Alex" in text
    assert "Carys" not in text  # another organisation
    assert "checked" in text  # everyone selected by default


def test_build_end_to_end(cast: Cast, django_capture_on_commit_callbacks: Any) -> None:
    data = scenario(cast)
    client = _client(cast, "administrator")
    form = {
        **_date("first_day", data.monday),
        **_date("last_day", data.monday + dt.timedelta(days=6)),
        "people": [str(cast.person.public_id), str(data.nell.public_id)],
        "time_limit_seconds": "5",
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_url(cast, "build"), form)
    assert response.status_code == 302
    run = RotaRun.objects.get()
    assert response["Location"] == _url(cast, "run", run_id=run.public_id)
    assert run.status == RotaRun.Status.DONE
    page = client.get(response["Location"]).content.decode()
    assert "83% covered" in page
    assert "Nobody is in this person&#x27;s approved team on the day." in page
    assert "ownterms-shift--gap" in page
    grid = client.get(
        _url(cast, "draft_person", run_id=run.public_id, person_id=data.nell.public_id)
    )
    assert grid.status_code == 200
    assert "ownterms-shift--gap" in grid.content.decode()
    worker = client.get(
        _url(cast, "draft_worker", run_id=run.public_id, staff_id=data.tariq.public_id)
    )
    assert worker.status_code == 200
    response = client.post(_url(cast, "publish", run_id=run.public_id))
    assert response.status_code == 302
    assert Assignment.objects.count() == DraftAssignment.objects.filter(run=run).count() == 5


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"last_day_day": "31", "last_day_month": "2"}, "Enter a real date"),
        ({"people": []}, "Choose at least one person."),
        ({"time_limit_seconds": "100000"}, "less than or equal to 120"),
        ({"last_day_year": "2099"}, "Build at most 42 days at a time."),
    ],
)
def test_build_form_errors(cast: Cast, change: dict[str, Any], message: str) -> None:
    form: dict[str, Any] = {
        **_date("first_day", cast.today),
        **_date("last_day", cast.today + dt.timedelta(days=6)),
        "people": [str(cast.person.public_id)],
        "time_limit_seconds": "5",
        **change,
    }
    response = _client(cast).post(_url(cast, "build"), form)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not RotaRun.objects.exists()


def test_hostile_people_ids_are_refused(cast: Cast) -> None:
    form = {
        **_date("first_day", cast.today),
        **_date("last_day", cast.today),
        "people": [str(cast.other_org_person.public_id), "<script>"],
        "time_limit_seconds": "5",
    }
    response = _client(cast).post(_url(cast, "build"), form)
    assert response.status_code == 400
    assert not RotaRun.objects.exists()


def test_progress_fragment_polls_while_running_and_refreshes_when_done(cast: Cast) -> None:
    run = done_run(cast)
    RotaRun.objects.filter(pk=run.pk).update(
        status=RotaRun.Status.RUNNING,
        elapsed_seconds=4,
        solutions_found=3,
        objective=200,
        bound=150,
    )
    client = _client(cast)
    page = client.get(_url(cast, "run", run_id=run.public_id)).content.decode()
    assert 'class="ownterms-progress"' in page
    assert 'hx-trigger="every 1s"' in page
    assert "At least 75% of the best possible" in page
    assert _url(cast, "run_cancel", run_id=run.public_id) in page
    fragment = client.get(_url(cast, "run_progress", run_id=run.public_id))
    assert "HX-Refresh" not in fragment
    RotaRun.objects.filter(pk=run.pk).update(status=RotaRun.Status.DONE)
    fragment = client.get(_url(cast, "run_progress", run_id=run.public_id))
    assert fragment["HX-Refresh"] == "true"


def test_cancel_button(cast: Cast) -> None:
    run = done_run(cast)
    RotaRun.objects.filter(pk=run.pk).update(status=RotaRun.Status.RUNNING)
    response = _client(cast).post(_url(cast, "run_cancel", run_id=run.public_id))
    assert response.status_code == 302
    run.refresh_from_db()
    assert run.cancel_requested


def test_discard(cast: Cast) -> None:
    run = done_run(cast)
    _client(cast).post(_url(cast, "run_discard", run_id=run.public_id))
    run.refresh_from_db()
    assert run.status == RotaRun.Status.DISCARDED
    assert not DraftAssignment.objects.filter(run=run).exists()


def test_draft_shift_live_check_and_confirmation(cast: Cast) -> None:
    run = done_run(cast)
    target = first_shift(run)
    url = _url(cast, "draft_shift", run_id=run.public_id, shift_id=target.public_id)
    client = _client(cast)
    page = client.get(url)
    assert page.status_code == 200
    assert 'hx-trigger="change"' in page.content.decode()
    fragment = client.get(
        url, {"check": "1", "workers": [str(cast.staff["team_worker"].public_id)]}
    )
    assert "This keeps every working rule." in fragment.content.decode()
    hostile = client.get(url, {"check": "1", "workers": ["<b>x</b>"]}).content.decode()
    assert "working rule" not in hostile
    assert "<b>x</b>" not in hostile
    response = client.post(url, {"workers": []})
    assert response.status_code == 302
    assert not DraftAssignment.objects.filter(run=run, shift=target).exists()
    outsider = client.post(url, {"workers": [str(cast.staff["outside_worker"].public_id)]})
    assert outsider.status_code == 400


def test_shift_workers_page_for_published_shift(cast: Cast) -> None:
    run = done_run(cast)
    target = first_shift(run)
    client = _client(cast)
    client.post(_url(cast, "publish", run_id=run.public_id))
    url = _url(cast, "shift_workers", shift_id=target.public_id)
    page = client.get(url)
    assert page.status_code == 200
    target.refresh_from_db()
    response = client.post(url, {"workers": [], "seen": target.updated_at.isoformat()})
    assert response.status_code == 302
    assert not Assignment.objects.filter(shift=target).exists()
    stale = client.post(url, {"workers": [], "seen": target.updated_at.isoformat()})
    assert stale.status_code == 400
    assert "Someone else changed this shift" in stale.content.decode()


def test_runs_list_query_count(cast: Cast, django_assert_max_num_queries: Any) -> None:
    for _ in range(5):
        done_run(cast)
    client = _client(cast)
    with django_assert_max_num_queries(15):
        response = client.get(_url(cast, "runs"))
    assert response.status_code == 200


def test_person_grid_query_count(cast: Cast, django_assert_max_num_queries: Any) -> None:
    run = done_run(cast)
    client = _client(cast)
    with django_assert_max_num_queries(19):
        response = client.get(
            _url(cast, "draft_person", run_id=run.public_id, person_id=cast.person.public_id)
        )
    assert response.status_code == 200


def test_run_page_query_count(cast: Cast, django_assert_max_num_queries: Any) -> None:
    run = done_run(cast)
    client = _client(cast)
    with django_assert_max_num_queries(17):
        response = client.get(_url(cast, "run", run_id=run.public_id))
    assert response.status_code == 200
    assert "100% covered" in response.content.decode()
