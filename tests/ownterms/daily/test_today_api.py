"""/api/v1/today and /api/v1/trends: the same rules and numbers as the pages."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.test import Client
from django.utils import timezone

from ownterms.accounts.models import User
from ownterms.api.services import create_token
from tests.cast import Cast
from tests.ownterms.daily.today_data import person_with_a_day


def _get(user: User | None, path: str) -> Any:
    assert user is not None
    token = create_token(user=user, name="test").secret
    return Client().get(path, headers={"Authorization": f"Bearer {token}"})


def _with_a_day(cast: Cast) -> None:
    manager = cast.manager
    assert manager is not None
    person_with_a_day(
        cast.organisation,
        now=timezone.now(),
        manager=cast.staff["manager"],
        name="Alex",
        creator=manager,
        person=cast.person,
    )


def test_today_for_a_manager(cast: Cast) -> None:
    _with_a_day(cast)
    response = _get(cast.manager, "/api/v1/today")
    assert response.status_code == 200
    data = response.json()
    assert data["everyone"] is False
    assert data["counts"]["people"] == 1
    assert data["counts"]["incidents"] == 1
    (practice,) = data["restrictive_practices"]
    assert set(practice["flags"]) == {"prone", "unauthorised"}
    base = f"/o/brookside/people/{cast.person.public_id}/daily/"
    assert practice["link"] == f"{base}restrictive-practices/{practice['record_id']}/"
    (row,) = data["now_and_next"]
    assert row["person_id"] == str(cast.person.public_id)
    assert [w["off_sick"] for w in row["now"][0]["workers"]] == [False, True]
    assert data["seizures"][0]["flags"] == ["untrained_rescue"]
    assert data["follow_ups"][0]["owner"] == "Mo Manager"


def test_today_is_404_for_those_without_a_board_and_401_without_a_token(cast: Cast) -> None:
    for member in ("team_worker", "person_user", "coordinator"):
        response = _get(cast.user(member), "/api/v1/today")
        assert response.status_code == 404, member
        assert set(response.json()["error"]) >= {"code", "message"}
    assert Client().get("/api/v1/today").status_code == 401


def test_trends_for_a_person_and_for_everyone_the_user_may_read(cast: Cast) -> None:
    _with_a_day(cast)
    mine = _get(cast.team_worker, f"/api/v1/people/{cast.person.public_id}/trends").json()
    assert len(mine["months"]) == 12
    this_month = mine["months"][-1]
    assert dt.date.fromisoformat(this_month["month"]).day == 1
    total = sum(m["incidents"] for m in mine["months"])
    assert total == 1
    assert sum(m["prn_doses"] for m in mine["months"]) == 1
    everyone = _get(cast.administrator, "/api/v1/trends").json()
    assert sum(m["seizures"] for m in everyone["months"]) == 1


def test_trends_of_someone_you_may_not_read_is_404(cast: Cast) -> None:
    path = f"/api/v1/people/{cast.person.public_id}/trends"
    assert _get(cast.outside_worker, path).status_code == 404
    assert _get(cast.other_org_admin, path).status_code == 404
    assert _get(cast.coordinator, "/api/v1/trends").status_code == 404
    assert _get(cast.manager, "/api/v1/people/not-a-uuid/trends").status_code == 404
