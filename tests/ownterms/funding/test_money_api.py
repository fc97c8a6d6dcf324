"""The ledger API: postings, balance, recording movements, delivered support, statements."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.test import Client

from ownterms.api.services import create_token
from tests.cast import Cast
from tests.ownterms.funding.money_data import funded

pytestmark = pytest.mark.django_db


def _call(cast: Cast, name: str, method: str, path: str, body: Any = None) -> Any:
    user = cast.user(name)
    assert user is not None
    headers = {"Authorization": f"Bearer {create_token(user=user, name='test').secret}"}
    send = getattr(Client(), method)
    if body is None:
        return send(f"/api/v1{path}", headers=headers)
    return send(
        f"/api/v1{path}", json.dumps(body), content_type="application/json", headers=headers
    )


def test_ledger_api(cast: Cast) -> None:
    row = funded(cast)
    base = f"/people/{cast.person.public_id}/funding/arrangements/{row.public_id}"
    postings = _call(cast, "person_user", "get", base + "/postings")
    assert postings.status_code == 200
    kinds = [p["kind"] for p in postings.json()]
    assert "funding_received" in kinds and "support_delivered" in kinds
    for posting in postings.json():
        assert sum(e["amount_pence"] for e in posting["entries"]) == 0
    balance = _call(cast, "finance", "get", base + "/balance").json()
    assert balance["accounts"]["fund"] == sum(s["balance_pence"] for s in balance["shares"])
    source = str(row.sources.get().public_id)
    today = cast.today.isoformat()
    refused = _call(
        cast,
        "finance",
        "post",
        base + "/funding-received",
        {"source": source, "amount_pence": -5, "on": today},
    )
    assert refused.status_code == 422
    made = _call(
        cast,
        "finance",
        "post",
        base + "/funding-received",
        {"source": source, "amount_pence": 10_000, "on": today},
    )
    assert made.status_code == 201 and made.json()["entries"][0]["amount_pence"] == 10_000
    assert (
        _call(
            cast,
            "person_user",
            "post",
            base + "/spending",
            {"amount_pence": 1, "on": today, "category": "activity", "description": "x"},
        ).status_code
        == 403
    )
    spent = _call(
        cast,
        "manager",
        "post",
        base + "/spending",
        {"amount_pence": 500, "on": today, "category": "activity", "description": "Bus"},
    )
    assert spent.status_code == 201
    run = _call(cast, "finance", "post", base + "/delivered-support")
    assert run.status_code == 200 and run.json()["postings"] == 0
    statements = _call(cast, "person_user", "get", base + "/statements").json()
    assert len(statements) == 1 and statements[0]["figures"]["support_cost"] == 12_250
    future = (cast.today + dt.timedelta(days=3)).isoformat()
    issued = _call(cast, "finance", "post", base + "/statements", {"from": today, "to": future})
    assert issued.status_code == 422


def test_a_receipt_is_attached_through_the_api_once_and_only_a_real_one(cast: Cast) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from ownterms.audit.models import AuditEvent
    from ownterms.funding.models import Posting
    from tests.ownterms.funding.money_data import PDF

    row = funded(cast)
    base = f"/people/{cast.person.public_id}/funding/arrangements/{row.public_id}"
    spent = _call(
        cast,
        "finance",
        "post",
        base + "/spending",
        {
            "amount_pence": 2_500,
            "on": cast.today.isoformat(),
            "category": "activity",
            "payee": "Leisure centre",
            "description": "Swimming",
        },
    ).json()
    assert spent["has_receipt"] is False
    url = f"/api/v1{base}/postings/{spent['public_id']}/receipt"
    headers = {"Authorization": f"Bearer {create_token(user=cast.finance, name='r').secret}"}

    def upload(name: str, content: bytes, user_headers: dict[str, str] = headers) -> Any:
        file = SimpleUploadedFile(name, content, content_type="application/pdf")
        return Client().post(url, {"receipt": file}, headers=user_headers)

    fake = upload("receipt.pdf", b"<script>alert(1)</script>")
    assert fake.status_code == 422, fake.json()
    assert "body.receipt" in fake.json()["error"]["fields"]
    team = {"Authorization": f"Bearer {create_token(user=cast.team_worker, name='t').secret}"}
    assert upload("receipt.pdf", PDF, team).status_code == 404
    done = upload("receipt.pdf", PDF)
    assert done.status_code == 200, done.json()
    assert done.json()["has_receipt"] is True
    again = upload("other.pdf", PDF)
    assert again.status_code == 422
    posting = Posting.objects.get(public_id=spent["public_id"])
    assert posting.receipt.read() == PDF
    assert AuditEvent.objects.filter(action="funding.receipt_attached").count() == 1
