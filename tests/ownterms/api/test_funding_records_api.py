"""/api/v1/people/{person}/funding/arrangements: funding records and budget plans as JSON, with
the pages' access (money category) and services; bad input answers 422, stale edits 409."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from ownterms.api import services
from ownterms.funding.models import FundingArrangement, Rate
from tests.cast import Cast
from tests.ownterms.api.conftest import ApiClient, assert_envelope
from tests.ownterms.funding.records_data import funded

pytestmark = pytest.mark.django_db


def client_for(cast: Cast, member: str) -> ApiClient:
    user = cast.user(member)
    assert user is not None
    return ApiClient(services.create_token(user=user, name=member).secret)


def _base(cast: Cast) -> str:
    return f"/api/v1/people/{cast.person.public_id}/funding/arrangements"


def test_readers_see_the_funding_and_others_get_404(cast: Cast) -> None:
    row = funded(cast)
    for member in ("finance", "manager", "person_user", "administrator"):
        [item] = client_for(cast, member).get(_base(cast)).json()
        assert item["public_id"] == str(row.public_id)
        assert item["weekly_budget_pence"] == 240_000
        assert len(item["sources"]) == 2 and len(item["rates"]) == 3
        assert "A surplus of up to 4 weeks' budget may be kept for up to 12 weeks." in item["terms"]
    for member in ("team_worker", "circle_with_consent", "coordinator", "other_org_admin"):
        assert_envelope(client_for(cast, member).get(_base(cast)), 404)


def test_writers_create_and_change_arrangements_and_bad_input_is_422(cast: Cast) -> None:
    body: dict[str, Any] = {
        "kind": "direct_payment",
        "starts_on": cast.today.isoformat(),
        "review_on": (cast.today + dt.timedelta(days=365)).isoformat(),
        "surplus_cap_hundredths": 400,
    }
    assert_envelope(client_for(cast, "person_user").request("POST", _base(cast), body), 403)
    finance = client_for(cast, "finance")
    for bad in (
        {"surplus_cap_hundredths": 0},
        {"surplus_cap_hundredths": "4"},
        {"paid_every_weeks": 53},
        {"management_fee_kind": "percent", "management_fee_value": 0},
        {"review_on": (cast.today - dt.timedelta(days=1)).isoformat()},
        {"unknown": 1},
    ):
        assert_envelope(finance.request("POST", _base(cast), {**body, **bad}), 422)
    assert not FundingArrangement.objects.exists()
    created = finance.request("POST", _base(cast), body)
    assert created.status_code == 201, created.content
    item = created.json()
    one = f"{_base(cast)}/{item['public_id']}"
    changed = finance.request("PATCH", one, {"updated_at": item["updated_at"], "reference": "DP-9"})
    assert changed.status_code == 200 and changed.json()["reference"] == "DP-9"
    assert_envelope(
        finance.request("PATCH", one, {"updated_at": item["updated_at"], "reference": "x"}),
        409,
    )


def test_sources_and_rates_through_the_api(cast: Cast) -> None:
    row = funded(cast)
    one = f"{_base(cast)}/{row.public_id}"
    manager = client_for(cast, "manager")
    day = cast.today.isoformat()
    assert_envelope(
        manager.request(
            "POST",
            f"{one}/sources",
            {"funder_kind": "council", "funder_name": "C", "weekly_pence": -1, "starts_on": day},
        ),
        422,
    )
    assert (
        manager.request(
            "POST",
            f"{one}/sources",
            {
                "funder_kind": "person",
                "funder_name": "Alex",
                "weekly_pence": 2_000,
                "starts_on": day,
            },
        ).status_code
        == 201
    )
    before = Rate.objects.count()
    clash = assert_envelope(
        manager.request(
            "POST",
            f"{one}/rates",
            {"kind": "sleep_in", "pence": 9500, "starts_on": row.starts_on.isoformat()},
        ),
        422,
    )
    assert "overlaps" in clash["fields"]["body.starts_on"][0]
    assert Rate.objects.count() == before
    assert (
        manager.request(
            "POST", f"{one}/rates", {"kind": "sleep_in", "pence": 9500, "starts_on": day}
        ).status_code
        == 201
    )


def test_plans_through_the_api(cast: Cast) -> None:
    row = funded(cast)
    plans = f"{_base(cast)}/{row.public_id}/plans"
    person = client_for(cast, "person_user")
    listed = person.get(plans).json()
    assert {p["status"] for p in listed} == {"agreed", "draft"}
    assert all(p["weekly_budget_pence"] == 240_000 for p in listed)
    assert_envelope(person.request("POST", plans, {"name": "Mine"}), 403)
    manager = client_for(cast, "manager")
    draft = manager.request("POST", plans, {"name": "Fewer nights"})
    assert draft.status_code == 201
    plan_id = draft.json()["public_id"]
    line = manager.request(
        "POST",
        f"{plans}/{plan_id}/lines",
        {"kind": "support", "description": "Day", "support_kind": "day", "quantity": 600},
    )
    assert line.status_code == 201
    assert line.json()["total_pence"] == 25_500  # 10 h at £25.50
    assert_envelope(
        manager.request(
            "POST", f"{plans}/{plan_id}/lines", {"kind": "activity", "description": "x"}
        ),
        422,
    )
    agreed = manager.request(
        "POST",
        f"{plans}/{plan_id}/agree",
        {"agreed_with": "Alex", "agreed_on": cast.today.isoformat()},
    )
    assert agreed.status_code == 200 and agreed.json()["status"] == "agreed"
    statuses = sorted(p["status"] for p in manager.get(plans).json())
    assert statuses == ["agreed", "draft", "superseded"]


def test_notes_are_written_and_read_through_the_api(cast: Cast) -> None:
    finance = client_for(cast, "finance")
    body = {
        "kind": "isf",
        "starts_on": cast.today.isoformat(),
        "review_on": (cast.today + dt.timedelta(days=365)).isoformat(),
        "notes": "Council agreed £50 a month for swimming from the contingency.",
    }
    made = finance.request("POST", _base(cast), body)
    assert made.status_code == 201, made.json()
    assert made.json()["notes"] == body["notes"]
    one = f"{_base(cast)}/{made.json()['public_id']}"
    changed = finance.request("PATCH", one, {"notes": "Reviewed with Alex in March."})
    assert changed.status_code == 200, changed.json()
    assert changed.json()["notes"] == "Reviewed with Alex in March."
    assert_envelope(finance.request("PATCH", one, {"notes": "x" * 4001}), 422)
    assert_envelope(finance.request("PATCH", one, {"notes": None}), 422)
