"""/api/v1/referrals: lists by who asks, creating as the form does (422 with field paths),
messages both ways, and the office's moves (422 when the pipeline refuses, 409 when stale)."""

from __future__ import annotations

import json
from typing import Any

import pytest

from ownterms.api.services import create_token
from ownterms.audit.models import AuditEvent
from ownterms.referrals.models import Decision, Message, Referral, Status
from ownterms.vocabulary.models import Skill
from tests.cast import Cast
from tests.ownterms.api.conftest import ApiClient, assert_envelope
from tests.ownterms.referrals import data, intake_data

pytestmark = pytest.mark.django_db

BASE = "/api/v1/referrals"


def client_for(cast: Cast, member: str) -> ApiClient:
    user = cast.user(member)
    assert user is not None
    return ApiClient(create_token(user=user, name="test").secret)


def body_of(response: Any) -> Any:
    return json.loads(response.content)


def test_who_lists_and_reads_what(cast: Cast) -> None:
    jo = data.a_referral(cast)
    sam = data.a_referral(cast, "partner_expired")
    office = body_of(client_for(cast, "manager").get(BASE))
    assert {item["reference"] for item in office["items"]} == {"R-TEST-001", "R-TEST-002"}
    partner = client_for(cast, "partner_current")
    mine = body_of(partner.get(BASE))
    assert [item["reference"] for item in mine["items"]] == ["R-TEST-001"]
    item = mine["items"][0]
    assert item["status_words"].startswith("We are finding out")
    assert item["contacts"][0]["name"] == "Gill Bright"
    assert item["contact"]["email"] == cast.user("manager").email  # type: ignore[union-attr]
    assert body_of(partner.get(f"{BASE}/{jo.public_id}"))["first_name"] == "Jo"
    assert_envelope(partner.get(f"{BASE}/{sam.public_id}"), 404)
    assert_envelope(client_for(cast, "partner_expired").get(f"{BASE}/{sam.public_id}"), 404)
    assert body_of(client_for(cast, "partner_expired").get(BASE))["count"] == 0
    assert body_of(client_for(cast, "team_worker").get(BASE))["count"] == 0
    assert_envelope(client_for(cast, "other_org_admin").get(f"{BASE}/{jo.public_id}"), 404)
    assert_envelope(ApiClient().get(BASE), 401)
    filtered = body_of(client_for(cast, "manager").get(f"{BASE}?status=received"))
    assert filtered["count"] == 0
    assert_envelope(client_for(cast, "manager").get(f"{BASE}?status=nonsense"), 422)
    assert AuditEvent.objects.filter(action="referral.view", page="api.referrals.referral").exists()


def test_a_partner_creates_a_referral(cast: Cast) -> None:
    data.grant(cast)
    skill = Skill.objects.create(organisation=cast.organisation, name="Driving", key="driving")
    partner = client_for(cast, "partner_current")
    response = partner.request("POST", BASE, intake_data.api_body(skills=[str(skill.public_id)]))
    assert response.status_code == 201, response.content
    created = body_of(response)
    assert created["reference"].startswith("R-")
    assert created["status"] == "received"
    assert created["day_minutes"] == 1200 and created["day_rate_pence"] == 2450
    assert created["skills"] == [{"public_id": str(skill.public_id), "name": "Driving"}]
    assert created["referrer_agency"] == data.grant(cast).agency
    again = partner.request("POST", BASE, intake_data.api_body())
    error = assert_envelope(again, 422)
    assert created["reference"] in error["fields"]["body"][0]
    for member in ("manager", "partner_expired", "team_worker"):
        assert_envelope(client_for(cast, member).request("POST", BASE, intake_data.api_body()), 404)
    assert Referral.objects.count() == 1


def test_bad_bodies_answer_with_field_paths(cast: Cast) -> None:
    data.grant(cast)
    partner = client_for(cast, "partner_current")
    cases: list[tuple[dict[str, Any], str]] = [
        ({"consent_to_share": False}, "body.consent_to_share"),
        (
            {"day_minutes": 0, "day_rate_pence": 0, "sleep_in_nights": 0, "sleep_in_rate_pence": 0},
            "body.day_minutes",
        ),
        ({"start_wanted": "2020-01-01"}, "body.start_wanted"),
        ({"start_wanted": "31/02/2027"}, "body.start_wanted"),
        ({"day_rate_pence": "24.50"}, "body.day_rate_pence"),
        ({"day_minutes": -5}, "body.day_minutes"),
        ({"first_name": "x" * 101}, "body.first_name"),
        ({"key_needs": "x" * 4001}, "body.key_needs"),
        ({"key_needs": "x" * 20000}, "body.key_needs"),
        (
            {"contacts": [{"name": "", "kind": "cousin", "relationship": "Aunt"}]},
            "body.contacts.0.name",
        ),
        ({"skills": ["6f1b7c52-3c9e-4d8e-9a57-0d2f4b1e8a11"]}, "body.skills"),
        ({"surprise": 1}, "body.surprise"),
    ]
    for changes, path in cases:
        error = assert_envelope(partner.request("POST", BASE, intake_data.api_body(**changes)), 422)
        assert path in error["fields"], (changes, error["fields"])
    missing = intake_data.api_body()
    del missing["what_they_want"]
    assert (
        "body.what_they_want"
        in assert_envelope(partner.request("POST", BASE, missing), 422)["fields"]
    )
    assert_envelope(partner.request("POST", BASE, "{not json"), 422)
    assert not Referral.objects.exists()


def test_hostile_text_comes_back_as_data(cast: Cast) -> None:
    data.grant(cast)
    hostile = "<script>alert(1)</script>"
    response = client_for(cast, "partner_current").request(
        "POST", BASE, intake_data.api_body(key_needs=hostile)
    )
    assert body_of(response)["key_needs"] == hostile


def test_messages_both_ways(cast: Cast) -> None:
    referral = intake_data.received(cast)
    partner, manager = client_for(cast, "partner_current"), client_for(cast, "manager")
    path = f"{BASE}/{referral.public_id}/messages"
    assert (
        partner.request("POST", path, {"text": "The care plan is on its way."}).status_code == 201
    )
    assert manager.request("POST", path, {"text": "Thank you."}).status_code == 201
    thread = body_of(partner.get(path))
    assert [(m["from_referrer"], m["text"]) for m in thread] == [
        (True, "The care plan is on its way."),
        (False, "Thank you."),
    ]
    assert (
        "body.text" in assert_envelope(partner.request("POST", path, {"text": " "}), 422)["fields"]
    )
    assert_envelope(partner.request("POST", path, {"text": 5}), 422)
    assert_envelope(client_for(cast, "partner_expired").request("POST", path, {"text": "Hi"}), 404)
    assert Message.objects.filter(referral=referral).count() == 2


def test_the_office_moves_a_referral(cast: Cast) -> None:
    referral = intake_data.received(cast)
    manager = client_for(cast, "manager")
    path = f"{BASE}/{referral.public_id}/status"
    error = assert_envelope(manager.request("POST", path, {"status": "information_requested"}), 422)
    assert error["fields"] == {"body.note": ["Write your message."]}
    asked = manager.request(
        "POST",
        path,
        {"status": "information_requested", "note": "Any care plan?", "seen": "received"},
    )
    assert asked.status_code == 200, asked.content
    assert body_of(asked)["status"] == "information_requested"
    stale = manager.request("POST", path, {"status": "assessment", "seen": "received"})
    error = assert_envelope(stale, 409)
    assert "More information requested" in error["message"]
    refused = manager.request("POST", path, {"status": "active"})
    assert "body.status" in assert_envelope(refused, 422)["fields"]
    assert_envelope(manager.request("POST", path, {"status": "flying"}), 422)
    assert_envelope(
        client_for(cast, "partner_current").request("POST", path, {"status": "assessment"}), 403
    )
    assert_envelope(
        client_for(cast, "team_worker").request("POST", path, {"status": "assessment"}), 404
    )
    declined = manager.request(
        "POST",
        path,
        {
            "status": "declined",
            "note": "We can't recruit waking nights there.",
            "decline_reason": "recruitability",
        },
    )
    assert declined.status_code == 200, declined.content
    out = body_of(declined)
    assert out["status"] == "declined"
    assert out["decision"]["outcome"] == "decline"
    assert Decision.objects.get(referral=referral).decline_reasons == ["recruitability"]
    again = manager.request("POST", path, {"status": "withdrawn", "note": "x"})
    assert "can't become" in assert_envelope(again, 422)["fields"]["body.status"][0]
    referral.refresh_from_db()
    assert referral.status == Status.DECLINED
