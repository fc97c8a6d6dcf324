"""/api/v1/rota-runs: start, follow, read the draft, publish; errors in the envelope."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.test import Client

from ownterms.api.services import create_token
from ownterms.rota.models import Assignment, RotaRun
from tests.cast import Cast
from tests.ownterms.rota.build_data import done_run, scenario

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _deterministic(settings: Any) -> None:
    settings.OWNTERMS_ROTA_DETERMINISTIC_TIME = 0.5


def _headers(cast: Cast, name: str = "administrator") -> dict[str, str]:
    issued = create_token(user=cast.user(name), name="test")
    return {"Authorization": f"Bearer {issued.secret}"}


def _post(cast: Cast, path: str, body: Any = None, name: str = "administrator") -> Any:
    return Client().post(
        path,
        json.dumps(body or {}),
        content_type="application/json",
        headers=_headers(cast, name),
    )


def test_start_follow_draft_publish(cast: Cast, django_capture_on_commit_callbacks: Any) -> None:
    data = scenario(cast)
    body = {
        "first_day": data.monday.isoformat(),
        "last_day": (data.monday + dt.timedelta(days=6)).isoformat(),
        "people": [str(cast.person.public_id), str(data.nell.public_id)],
        "time_limit_seconds": 5,
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = _post(cast, "/api/v1/rota-runs", body)
    assert response.status_code == 201, response.content
    run_id = response.json()["public_id"]
    got = Client().get(f"/api/v1/rota-runs/{run_id}", headers=_headers(cast))
    answer = got.json()
    assert answer["status"] == "done"
    assert answer["result"]["uncovered"][0]["reason"] == "no_team"
    assert answer["progress"]["solutions_found"] >= 1
    draft = Client().get(f"/api/v1/rota-runs/{run_id}/draft", headers=_headers(cast)).json()
    assert len(draft) == 5
    assert {row["person"] for row in draft} == {str(cast.person.public_id)}
    published = _post(cast, f"/api/v1/rota-runs/{run_id}/publish")
    assert published.status_code == 200
    assert published.json()["status"] == "published"
    assert Assignment.objects.count() == 5
    again = _post(cast, f"/api/v1/rota-runs/{run_id}/publish")
    assert again.status_code == 422
    assert "Only a finished draft" in json.dumps(again.json()["error"])


@pytest.mark.parametrize(
    "body",
    [
        {"first_day": "2026-01-05", "last_day": "2026-03-05", "people": []},
        {"first_day": "2026-01-05", "last_day": "2026-01-01", "people": []},
        {"first_day": "yesterday", "last_day": "2026-01-01", "people": []},
        {"first_day": "2026-01-05", "last_day": "2026-01-06", "people": ["nope"]},
        {"first_day": "2026-01-05", "last_day": "2026-01-06", "people": [], "extra": 1},
        {
            "first_day": "2026-01-05",
            "last_day": "2026-01-06",
            "people": [],
            "time_limit_seconds": 100000,
        },
    ],
)
def test_start_refuses_bad_input_in_the_envelope(cast: Cast, body: dict[str, Any]) -> None:
    response = _post(cast, "/api/v1/rota-runs", body)
    assert response.status_code == 422
    assert set(response.json()["error"]) == {"code", "message", "fields"}
    assert not RotaRun.objects.exists()


def test_people_of_another_organisation_are_not_found(cast: Cast) -> None:
    body = {
        "first_day": "2026-01-05",
        "last_day": "2026-01-06",
        "people": [str(cast.other_org_person.public_id)],
    }
    response = _post(cast, "/api/v1/rota-runs", body)
    assert response.status_code == 422
    assert not RotaRun.objects.exists()


def test_cancel_a_running_build(cast: Cast) -> None:
    run = done_run(cast)
    RotaRun.objects.filter(pk=run.pk).update(status=RotaRun.Status.RUNNING)
    response = _post(cast, f"/api/v1/rota-runs/{run.public_id}/cancel")
    assert response.status_code == 200
    assert response.json()["cancel_requested"] is True


def test_workers_cannot_see_runs(cast: Cast) -> None:
    run = done_run(cast)
    response = Client().get(
        f"/api/v1/rota-runs/{run.public_id}", headers=_headers(cast, "team_worker")
    )
    assert response.status_code == 404
