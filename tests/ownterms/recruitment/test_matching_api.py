"""/api/v1 matching: vacancies' and applicants' matches and the cross-match, for recruiters;
the error envelope for everything else."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from django.test import Client

from ownterms.accounts.models import User
from ownterms.api.services import create_token
from tests.cast import CAST_MEMBERS, Cast
from tests.ownterms.recruitment import data

pytestmark = pytest.mark.django_db

RECRUITERS = {"administrator", "manager", "other_manager", "on_call_manager"}


def get(user: User | None, path: str, **params: str) -> Any:
    headers = {}
    if user is not None:
        headers["Authorization"] = f"Bearer {create_token(user=user, name='test').secret}"
    return Client().get(path, params, headers=headers)


def paths(cast: Cast) -> list[str]:
    return [
        f"/api/v1/vacancies/{data.a_vacancy(cast).public_id}/matches",
        f"/api/v1/applicants/{data.an_applicant(cast).public_id}/matches",
        "/api/v1/cross-match",
    ]


def test_by_the_cast(cast: Cast, recruiter: User) -> None:
    data.a_matching_pool(cast)
    for path in paths(cast):
        assert get(recruiter, path).status_code == 200
        for member in CAST_MEMBERS:
            response = get(cast.user(member), path)
            expected = 401 if member == "anonymous" else 200 if member in RECRUITERS else 404
            if member == "other_org_admin" and path.endswith("cross-match"):
                expected = 200  # their own organisation's: nothing of ours
                assert response.json()["pairs"] == []
            assert response.status_code == expected, (path, member)
            if expected != 200:
                assert set(response.json()["error"]) == {"code", "message", "fields"}


def test_a_vacancys_matches(cast: Cast) -> None:
    data.a_matching_pool(cast)
    found = get(cast.manager, paths(cast)[0]).json()
    first = found[0]
    assert first["candidate"]["name"] == "Jo Applicant"
    assert first["candidate"]["kind"] == "applicant"
    assert first["vacancy"]["person"] == "Alex"
    interests = next(f for f in first["factors"] if f["factor"] == "interests")
    assert interests == {
        "factor": "interests",
        "points": 30,
        "maximum": 30,
        "counted": True,
        "words": ["both love swimming"],
    }
    kim = next(m for m in found if m["candidate"]["name"] == "Kim Pool")
    assert kim["eligible"] is False
    assert kim["barred"] == ["Alex said not for me: Too loud for me"]
    assert any(m["candidate"]["kind"] == "staff" for m in found)


def test_an_applicants_matches(cast: Cast) -> None:
    data.a_matching_pool(cast)
    found = get(cast.manager, paths(cast)[1]).json()
    assert [m["vacancy"]["person"] for m in found] == ["Alex", "Bilal"]


def test_the_cross_match(cast: Cast) -> None:
    data.a_matching_pool(cast)
    found = get(cast.manager, "/api/v1/cross-match").json()
    assert found["minimum"] == 40
    assert found["total"] == sum(p["total"] for p in found["pairs"])
    assert all(p["eligible"] and p["total"] >= 40 for p in found["pairs"])
    none = get(cast.manager, "/api/v1/cross-match", minimum="100").json()
    assert none["pairs"] == []
    assert {u["vacancy"]["person"] for u in none["unfilled"]} == {"Alex", "Bilal"}
    assert all(u["why"] for u in none["unfilled"])


@pytest.mark.parametrize("minimum", ["101", "-1", "abc", "9" * 40])
def test_a_bad_minimum_is_a_422_envelope(cast: Cast, minimum: str) -> None:
    response = get(cast.manager, "/api/v1/cross-match", minimum=minimum)
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "invalid"


def test_unknown_and_malformed_ids_are_404(cast: Cast) -> None:
    assert get(cast.manager, f"/api/v1/vacancies/{uuid.uuid4()}/matches").status_code == 404
    assert get(cast.manager, f"/api/v1/applicants/{uuid.uuid4()}/matches").status_code == 404
    assert get(cast.manager, "/api/v1/vacancies/not-a-uuid/matches").status_code == 404
    other = get(cast.other_org_admin, paths(cast)[0])
    assert other.status_code == 404
