"""/api/v1/people/{id}/reviews, /check-ins, /outcomes/wtfc-rounds: access, rules, 422 paths."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from ownterms.api import services as api_services
from ownterms.outcomes.models import CheckIn, Review, Theme
from ownterms.plans.models import Goal
from tests.cast import CAST_MEMBERS, Cast
from tests.ownterms.api.conftest import ApiClient
from tests.ownterms.outcomes import data

PLANS_READERS = {"administrator", "manager", "on_call_manager", "team_worker", "person_user"}
WRITERS = {"administrator", "manager"}
CHECK_IN_WRITERS = {"administrator", "manager", "team_worker", "person_user"}
REPORT_READERS = {"administrator", "manager", "other_manager", "on_call_manager"}


def client_for(cast: Cast, member: str) -> ApiClient:
    user = cast.user(member)
    if user is None:
        return ApiClient()
    return ApiClient(api_services.create_token(user=user, name=member).secret)


def base(cast: Cast) -> str:
    return f"/api/v1/people/{cast.person.public_id}"


def day(offset: int = 0) -> str:
    return (timezone.localdate() + dt.timedelta(days=offset)).isoformat()


def post(client: ApiClient, path: str, body: Any) -> Any:
    return client.request("POST", path, body)


def fields(response: Any) -> dict[str, list[str]]:
    assert response.status_code == 422, response.content
    result: dict[str, list[str]] = response.json()["error"]["fields"]
    return result


@pytest.mark.parametrize("member", CAST_MEMBERS)
def test_reading_reviews_follows_plans_access(cast: Cast, member: str) -> None:
    review = data.a_review(cast)
    client = client_for(cast, member)
    listing = client.get(f"{base(cast)}/reviews")
    one = client.get(f"{base(cast)}/reviews/{review.public_id}")
    if member == "anonymous":
        assert listing.status_code == one.status_code == 401
    elif member in PLANS_READERS:
        assert listing.status_code == one.status_code == 200
        assert listing.json()["held"][0]["public_id"] == str(review.public_id)
        body = one.json()
        assert body["actions"][0]["goal"]["status"] == "not_started"
        assert body["check_ins"][0]["own_words"] == "I like swimming. I want a job."
    else:
        assert listing.status_code == one.status_code == 404


def test_hold_through_the_api_with_actions_becoming_goals(cast: Cast) -> None:
    review = data.a_planned_review(cast)
    client = client_for(cast, "manager")
    response = post(
        client,
        f"{base(cast)}/reviews/{review.public_id}/hold",
        {
            "held_on": day(),
            "participants": [
                {"circle_member": str(cast.circle["circle_with_consent"].public_id)},
                {"name": "Dee Advocate", "perspective": "other", "role": "Advocate"},
            ],
            "points": [
                {
                    "perspective": "family",
                    "kind": "not_working",
                    "text": "Late buses",
                    "top_two": True,
                },
            ],
            "actions": [{"text": "Find a bus buddy", "owner": "Dee", "due_on": day(20)}],
            "budget_working": "yes",
        },
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["status"] == "held"
    assert {p["name"] for p in body["participants"]} == {
        "Alex",
        "Carol Fairweather",
        "Dee Advocate",
    }
    goal = Goal.objects.get(public_id=body["actions"][0]["goal"]["public_id"])
    assert goal.title == "Find a bus buddy" and goal.owner == "Dee"
    # Holding twice is refused.
    again = post(client, f"{base(cast)}/reviews/{review.public_id}/hold", {"held_on": day()})
    assert "body.status" in fields(again)


@pytest.mark.parametrize(
    ("body", "path"),
    [
        ({"held_on": "2020-01-01x"}, "body.held_on"),
        ({"held_on": day(1), "participants": [{"is_person": True}]}, "body.held_on"),
        ({"held_on": day()}, "body.participants"),
        (
            {
                "held_on": day(),
                "participants": [{"is_person": True}],
                "actions": [{"text": "Call the GP", "owner": "", "due_on": day(3)}],
            },
            "body.actions.0.owner",
        ),
        (
            {"held_on": day(), "participants": [{"name": "Sam", "perspective": "aunt"}]},
            "body.participants.0.perspective",
        ),
        (
            {
                "held_on": day(),
                "participants": [{"is_person": True}],
                "points": [
                    {
                        "perspective": "staff",
                        "kind": "working",
                        "text": "",
                    }
                ],
            },
            "body.points.0.text",
        ),
        ({"held_on": day(), "surprise": 1}, "body.surprise"),
    ],
)
def test_bad_holds_answer_422_with_the_field(cast: Cast, body: dict[str, Any], path: str) -> None:
    review = data.a_planned_review(cast)
    review.participants.all().delete()
    response = post(
        client_for(cast, "manager"), f"{base(cast)}/reviews/{review.public_id}/hold", body
    )
    assert path in fields(response), response.json()
    review.refresh_from_db()
    assert review.status == Review.Status.PLANNED
    assert not Goal.objects.exists()


@pytest.mark.parametrize("member", sorted(PLANS_READERS - WRITERS))
def test_readers_who_do_not_write_get_403(cast: Cast, member: str) -> None:
    review = data.a_planned_review(cast)
    response = post(
        client_for(cast, member),
        f"{base(cast)}/reviews/{review.public_id}/hold",
        {"held_on": day()},
    )
    assert response.status_code == 403


def test_an_action_on_a_held_review_needs_a_reason(cast: Cast) -> None:
    review = data.a_review(cast)
    client = client_for(cast, "manager")
    path = f"{base(cast)}/reviews/{review.public_id}/actions"
    body = {"text": "Try the Saturday club", "owner": "Tariq", "due_on": day(30)}
    assert "body.amend_reason" in fields(post(client, path, body))
    assert "body.owner" in fields(post(client, path, {**body, "owner": " ", "amend_reason": "x"}))
    created = post(client, path, {**body, "amend_reason": "Agreed by phone with Mum"})
    assert created.status_code == 201, created.content
    assert created.json()["goal"]["title"] == "Try the Saturday club"


def test_plan_a_review(cast: Cast) -> None:
    client = client_for(cast, "manager")
    response = post(client, f"{base(cast)}/reviews", {"kind": "unplanned", "due_on": day(5)})
    assert "body.reason" in fields(response)
    response = post(
        client,
        f"{base(cast)}/reviews",
        {"kind": "unplanned", "due_on": day(5), "reason": "A change of home"},
    )
    assert response.status_code == 201
    assert response.json()["status"] == "planned"


@pytest.mark.parametrize("member", CAST_MEMBERS)
def test_who_records_a_check_in(cast: Cast, member: str) -> None:
    response = post(
        client_for(cast, member),
        f"{base(cast)}/check-ins",
        {"on": day(), "answers": {"home": 5, "staff": 2}, "own_words": "I like my flat"},
    )
    if member == "anonymous":
        assert response.status_code == 401
    elif member in CHECK_IN_WRITERS:
        assert response.status_code == 201, response.content
        assert response.json()["answers"] == {"home": 5, "staff": 2}
    elif member in PLANS_READERS:
        assert response.status_code == 403
    else:
        assert response.status_code == 404
    assert CheckIn.objects.count() == (1 if member in CHECK_IN_WRITERS else 0)


@pytest.mark.parametrize(
    ("body", "path"),
    [
        ({"on": day(), "answers": {"home": 6}}, "body.answers.home"),
        ({"on": day(), "answers": {"home": 0}}, "body.answers.home"),
        ({"on": day(), "answers": {"home": "3"}}, "body.answers.home"),
        ({"on": day(), "answers": {"garden": 3}}, "body.answers.garden"),
        ({"on": day(1), "answers": {"home": 3}}, "body.on"),
        ({"on": day(), "answers": {}}, "body.answers"),
        (
            {"on": day(), "answers": {"home": 3}, "review": "00000000-0000-0000-0000-000000000000"},
            "body.review",
        ),
    ],
)
def test_bad_check_ins_answer_422(cast: Cast, body: dict[str, Any], path: str) -> None:
    response = post(client_for(cast, "person_user"), f"{base(cast)}/check-ins", body)
    assert path in fields(response), response.json()
    assert not CheckIn.objects.exists()


def test_the_person_reads_their_own_check_ins(cast: Cast) -> None:
    data.a_review(cast)
    response = client_for(cast, "person_user").get(f"{base(cast)}/check-ins")
    assert response.status_code == 200
    assert response.json()[0]["helped_by"] == "Tariq, my support worker"


@pytest.mark.parametrize("member", CAST_MEMBERS)
def test_rounds_are_for_report_readers(cast: Cast, member: str) -> None:
    round_ = data.a_round(cast)
    client = client_for(cast, member)
    listing = client.get("/api/v1/outcomes/wtfc-rounds")
    one = client.get(f"/api/v1/outcomes/wtfc-rounds/{round_.public_id}")
    if member == "anonymous":
        assert listing.status_code == one.status_code == 401
    elif member in REPORT_READERS:
        assert listing.status_code == one.status_code == 200
        body = one.json()
        assert {p["person"] for p in body["points"]} == {"Person 1"}
        assert "Fairweather" not in one.content.decode()
        assert len(body["themes"][0]["points"]) == 2
    elif member == "other_org_admin":  # their own organisation's rounds: none
        assert listing.status_code == 200 and listing.json() == []
        assert one.status_code == 404
    else:
        assert listing.status_code == one.status_code == 404


def test_create_a_round_and_a_theme(cast: Cast) -> None:
    data.a_review(cast)
    client = client_for(cast, "other_manager")
    bad = post(
        client,
        "/api/v1/outcomes/wtfc-rounds",
        {"name": "Winter", "starts_on": day(), "ends_on": day(-1)},
    )
    assert "body.ends_on" in fields(bad)
    created = post(
        client,
        "/api/v1/outcomes/wtfc-rounds",
        {"name": "Winter", "starts_on": day(-60), "ends_on": day(1)},
    )
    assert created.status_code == 201
    round_id = created.json()["public_id"]
    detail = client.get(f"/api/v1/outcomes/wtfc-rounds/{round_id}").json()
    hopes = [p["public_id"] for p in detail["points"] if p["kind"] == "future"]
    path = f"/api/v1/outcomes/wtfc-rounds/{round_id}/themes"
    theme = {"title": "Work", "kind": "future", "i_statement": "I want a job", "points": hopes}
    assert "body.points" in fields(post(client, path, {**theme, "kind": "working"}))
    assert "body.points" in fields(
        post(client, path, {**theme, "points": ["00000000-0000-0000-0000-000000000000"]})
    )
    assert "body.i_statement" in fields(post(client, path, {**theme, "i_statement": " "}))
    response = post(client, path, theme)
    assert response.status_code == 201, response.content
    assert Theme.objects.get().points.count() == 1
