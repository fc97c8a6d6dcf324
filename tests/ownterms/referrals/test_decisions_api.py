"""/api/v1/referrals/{id}/decision and /api/v1/referral-reports: the page's rules, the JSON
error envelope with field paths."""

from __future__ import annotations

import pytest

from ownterms.api import services
from ownterms.referrals.models import Decision, Status
from tests.cast import Cast
from tests.ownterms.api.conftest import ApiClient, assert_envelope
from tests.ownterms.referrals import data

pytestmark = pytest.mark.django_db


def client_for(cast: Cast, member: str) -> ApiClient:
    user = cast.user(member)
    assert user is not None
    return ApiClient(services.create_token(user=user, name="test").secret)


def _path(referral: object) -> str:
    return f"/api/v1/referrals/{referral.public_id}/decision"  # type: ignore[attr-defined]


def test_the_office_reads_the_recommendation_and_decides(cast: Cast) -> None:
    referral = data.assessed(cast, {"recruitability": "not_met"})
    api = client_for(cast, "manager")
    got = api.get(_path(referral))
    assert got.status_code == 200
    body = got.json()
    assert body["recommendation"]["outcome"] == "decline"
    assert body["recommendation"]["not_met"] == ["recruitability"]
    assert body["decision"] is None

    bad = api.request(
        "POST", _path(referral), {"outcome": "accept", "reasons": "", "decline_reasons": ["x"]}
    )
    error = assert_envelope(bad, 422)
    assert set(error["fields"]) == {
        "body.reasons",
        "body.decline_reasons",
        "body.differs_because",
    }
    unknown = api.request("POST", _path(referral), {"outcome": "decline", "reasons": "x", "y": 1})
    assert "body.y" in assert_envelope(unknown, 422)["fields"]

    made = api.request(
        "POST",
        _path(referral),
        {
            "outcome": "decline",
            "reasons": "No team could reach Maidstone for waking nights.",
            "decline_reasons": ["recruitability"],
        },
    )
    assert made.status_code == 201
    assert made.json()["status"] == Status.DECLINED
    assert made.json()["decision"]["recommended"] == "decline"
    again = api.request(
        "POST",
        _path(referral),
        {"outcome": "decline", "reasons": "x", "decline_reasons": ["hours"]},
    )
    assert "already recorded" in assert_envelope(again, 422)["fields"]["body"][0]
    assert Decision.objects.count() == 1


def test_the_referrer_reads_the_decision_once_made_without_the_recommendation(
    cast: Cast,
) -> None:
    referral = data.assessed(cast)
    partner = client_for(cast, "partner_current")
    assert_envelope(partner.get(_path(referral)), 404)
    assert_envelope(
        partner.request("POST", _path(referral), {"outcome": "accept", "reasons": "x"}), 404
    )
    client_for(cast, "manager").request(
        "POST", _path(referral), {"outcome": "accept", "reasons": "Every component is met."}
    )
    body = partner.get(_path(referral)).json()
    assert body["recommendation"] is None
    assert body["decision"]["outcome"] == "accept"
    assert body["decision"]["recommended"] is None
    assert body["decision"]["differs_because"] is None
    for member in ("partner_expired", "team_worker", "other_org_admin"):
        assert_envelope(client_for(cast, member).get(_path(referral)), 404)


def test_the_reports(cast: Cast) -> None:
    data.decided_copy(cast, "decline")
    api = client_for(cast, "administrator")
    body = api.get("/api/v1/referral-reports?months=12").json()
    assert body["months"] == 12
    assert body["decline_reasons"] == [
        {"key": "recruitability", "count": 1},
        {"key": "capacity", "count": 1},
    ]
    assert body["sources"][0]["source"] == "council"
    assert_envelope(api.get("/api/v1/referral-reports?months=5"), 422)
    assert_envelope(client_for(cast, "partner_current").get("/api/v1/referral-reports"), 404)
