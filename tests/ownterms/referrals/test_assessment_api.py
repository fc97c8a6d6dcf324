"""The assessment API: read, rate (422 with field paths), draft blocks; office only."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from ownterms.api.services import create_token
from ownterms.referrals.models import ComponentAssessment
from tests.cast import Cast
from tests.ownterms.referrals import data

pytestmark = pytest.mark.django_db


def _call(cast: Cast, method: str, path: str, body: Any = None, member: str = "manager") -> Any:
    user = cast.user(member)
    assert user is not None
    secret = create_token(user=user, name="test").secret
    send = getattr(Client(), method)
    kwargs: dict[str, Any] = {"headers": {"Authorization": f"Bearer {secret}"}}
    if body is not None:
        kwargs |= {"data": json.dumps(body), "content_type": "application/json"}
    return send(path, **kwargs)


def _base(cast: Cast) -> str:
    return f"/api/v1/referrals/{data.a_referral(cast).public_id}"


def test_get_and_rate(cast: Cast) -> None:
    base = _base(cast)
    found = _call(cast, "get", base + "/assessment").json()
    assert [c["component"] for c in found["components"]] == [
        "hours",
        "clarity",
        "family",
        "recruitability",
        "capacity",
    ]
    hours = found["components"][0]
    assert hours["rating"] is None
    assert hours["figures"]["commissioned_minutes"] == 39 * 60
    assert found["recommendation"]["outcome"] is None
    assert len(found["recommendation"]["missing"]) == 5

    answered = _call(
        cast,
        "put",
        base + "/assessment/clarity",
        {
            "rating": "partly",
            "evidence": "Jo told us about swimming and work; money support is less clear.",
            "answers": {"knows_support": "yes", "achievable": "partly", "heard_from_person": "yes"},
        },
    )
    assert answered.status_code == 200
    clarity = answered.json()["components"][1]
    assert (clarity["rating"], clarity["suggested"]) == ("partly", "partly")
    assert clarity["assessed_by"] == "Mo Manager"


@pytest.mark.parametrize(
    ("path", "body", "field"),
    [
        ("/assessment/hours", {"rating": "met", "evidence": ""}, "body.evidence"),
        ("/assessment/hours", {"rating": "brilliant", "evidence": "E."}, "body.rating"),
        ("/assessment/family", {"rating": "met", "evidence": "E."}, "body.answers.partnership"),
        ("/assessment/hours", {"rating": "met", "evidence": "E.", "extra": 1}, "body.extra"),
    ],
)
def test_bad_ratings_answer_422_with_field_paths(
    cast: Cast, path: str, body: dict[str, Any], field: str
) -> None:
    response = _call(cast, "put", _base(cast) + path, body)
    assert response.status_code == 422
    assert field in response.json()["error"]["fields"]
    assert not ComponentAssessment.objects.exists()


def test_an_unknown_component_is_not_found(cast: Cast) -> None:
    response = _call(cast, "put", _base(cast) + "/assessment/nonsense", {"rating": "met"})
    assert response.status_code == 404


def test_draft_blocks(cast: Cast) -> None:
    base = _base(cast) + "/draft-blocks"
    assert len(_call(cast, "get", base).json()) == 3
    created = _call(
        cast,
        "post",
        base,
        {"weekday": 6, "start": "22:00", "end": "07:00", "next_day": True, "kind": "waking_night"},
    )
    assert created.status_code == 201
    assert created.json()["times"] == "22:00\u201307:00 (next day)"
    backwards = _call(
        cast, "post", base, {"weekday": 3, "start": "15:00", "end": "09:00", "kind": "day"}
    )
    assert backwards.status_code == 422
    assert "body.end" in backwards.json()["error"]["fields"]
    overlapping = _call(
        cast, "post", base, {"weekday": 0, "start": "06:00", "end": "08:00", "kind": "day"}
    )  # the Sunday waking night runs to 07:00 on Monday
    assert overlapping.status_code == 422
    assert "body.start" in overlapping.json()["error"]["fields"]
    gone = _call(cast, "delete", f"{base}/{created.json()['public_id']}")
    assert gone.status_code == 204
    assert len(_call(cast, "get", base).json()) == 3


def test_partners_get_404(cast: Cast) -> None:
    for member in ("partner_current", "team_worker", "other_org_admin"):
        response = _call(cast, "get", _base(cast) + "/assessment", member=member)
        assert response.status_code == 404, member
