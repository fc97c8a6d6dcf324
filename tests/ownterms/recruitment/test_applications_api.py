"""/api/v1/applicants and /api/v1/applications: lists, one, and moves with the error envelope."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from ownterms.api.services import create_token
from ownterms.recruitment.models import Stage
from tests.cast import Cast
from tests.ownterms.recruitment import data

pytestmark = pytest.mark.django_db


def api(cast: Cast, member: str) -> tuple[Client, dict[str, str]]:
    user = cast.user(member)
    assert user is not None
    issued = create_token(user=user, name="test")
    return Client(), {"Authorization": f"Bearer {issued.secret}"}


def get(cast: Cast, member: str, path: str) -> Any:
    client, headers = api(cast, member)
    return client.get(f"/api/v1{path}", headers=headers)


def post(cast: Cast, member: str, path: str, body: object) -> Any:
    client, headers = api(cast, member)
    return client.post(
        f"/api/v1{path}", json.dumps(body), content_type="application/json", headers=headers
    )


def test_applicants_for_recruiters_only(cast: Cast) -> None:
    applicant = data.an_applicant(cast)
    listed = get(cast, "manager", "/applicants")
    assert listed.status_code == 200
    body = listed.json()
    assert body["count"] == 1
    assert body["items"][0]["email"] == "jo.applicant@example.org"
    assert body["items"][0]["interests"] == ["Swimming"]
    one = get(cast, "manager", f"/applicants/{applicant.public_id}")
    assert one.status_code == 200 and one.json()["postcode"] == "LS6 2AB"
    for member in ("person_user", "circle_with_consent", "team_worker"):
        assert get(cast, member, "/applicants").status_code == 404
        refused = get(cast, member, f"/applicants/{applicant.public_id}")
        assert refused.status_code == 404
        assert refused.json()["error"]["code"] == "not_found"


def test_applications_by_vacancy(cast: Cast) -> None:
    second = data.an_application(cast, stage=Stage.MEETING)
    data.application_at(cast, Stage.SCREENED)
    vacancy = second.vacancy
    listed = get(cast, "manager", f"/applications?vacancy={vacancy.public_id}")
    assert listed.status_code == 200
    assert listed.json()["count"] == 2
    theirs = get(cast, "person_user", f"/applications?vacancy={vacancy.public_id}").json()
    assert theirs["count"] == 1
    item = theirs["items"][0]
    assert item["applicant_first_name"] == "Jo"
    assert item["applicant"] is None and item["rejection_reason"] is None
    assert "email" not in json.dumps(item)
    assert get(cast, "team_worker", f"/applications?vacancy={vacancy.public_id}").status_code == 404
    one = get(cast, "circle_with_consent", f"/applications/{second.public_id}")
    assert one.status_code == 200
    assert get(cast, "manager", "/applications").status_code == 422


def test_moves_with_the_same_rules(cast: Cast) -> None:
    application = data.application_at(cast, Stage.APPLIED)
    path = f"/applications/{application.public_id}/moves"
    skipped = post(cast, "manager", path, {"to_stage": "interview"})
    assert skipped.status_code == 422
    assert "the next stage is “Screened”" in skipped.json()["error"]["fields"]["body.__all__"][0]
    moved = post(cast, "manager", path, {"to_stage": "screened", "note": "Looks good"})
    assert moved.status_code == 200
    assert moved.json()["stage"] == "screened"
    no_reason = post(cast, "manager", path, {"to_stage": "rejected"})
    assert no_reason.status_code == 422
    assert "body.reason" in no_reason.json()["error"]["fields"]
    unknown = post(cast, "manager", path, {"to_stage": "hired"})
    assert unknown.status_code == 422
    extra = post(cast, "manager", path, {"to_stage": "interview", "salary": 1})
    assert extra.status_code == 422
    rejected = post(cast, "manager", path, {"to_stage": "rejected", "reason": "Too far away."})
    assert rejected.status_code == 200
    body = rejected.json()
    assert (body["stage"], body["ended_at_stage"]) == ("rejected", "screened")


def test_the_person_may_read_but_not_move(cast: Cast) -> None:
    application = data.an_application(cast, stage=Stage.MEETING)
    path = f"/applications/{application.public_id}/moves"
    refused = post(cast, "person_user", path, {"to_stage": "checks"})
    assert refused.status_code == 403
    assert refused.json()["error"]["code"] == "forbidden"
    assert post(cast, "team_worker", path, {"to_stage": "checks"}).status_code == 404
