"""/api/v1/people/{id}/medication-chart, /doses, /seizures, /stock-counts."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest

from ownterms.api import services
from ownterms.daily.models import DoseRecord, Seizure
from ownterms.daily.selectors.doses_due import due_at
from ownterms.daily.selectors.medicines import local_zone
from tests.cast import Cast
from tests.ownterms.api.conftest import ApiClient
from tests.ownterms.daily.medicines_data import a_seizure, regular, rescue

pytestmark = pytest.mark.django_db


def client_for(cast: Cast, member: str) -> ApiClient:
    user = cast.user(member)
    assert user is not None
    return ApiClient(services.create_token(user=user, name=member).secret)


def base(cast: Cast) -> str:
    return f"/api/v1/people/{cast.person.public_id}"


def test_a_regular_dose_is_recorded_once(cast: Cast) -> None:
    medication = regular(cast)
    client = client_for(cast, "team_worker")
    due = due_at(cast.today - dt.timedelta(days=1), dt.time(8), local_zone())
    body = {"medication_id": str(medication.public_id), "due_at": due.isoformat()}
    created = client.request("POST", f"{base(cast)}/doses", body)
    assert created.status_code == 201, created.content
    assert created.json()["outcome"] == "given" and created.json()["recorded_by"]
    again = client.request("POST", f"{base(cast)}/doses", body)
    assert again.status_code == 422
    assert "already been recorded" in again.json()["error"]["fields"]["body"][0]
    assert DoseRecord.objects.count() == 1
    chart = client.get(f"{base(cast)}/medication-chart?day={due.date().isoformat()}").json()
    assert chart["doses"][0]["state"] == "given"


def test_a_prn_dose_needs_a_protocol_and_a_reason(cast: Cast) -> None:
    client = client_for(cast, "team_worker")
    no_protocol = client.request(
        "POST",
        f"{base(cast)}/doses",
        {"medication_id": str(regular(cast).public_id), "reason": "pain"},
    )
    assert no_protocol.status_code == 422
    assert "no PRN protocol" in no_protocol.json()["error"]["fields"]["body.medication"][0]
    medication = rescue(cast)
    no_reason = client.request(
        "POST", f"{base(cast)}/doses", {"medication_id": str(medication.public_id)}
    )
    assert no_reason.status_code == 422 and "body.reason" in no_reason.json()["error"]["fields"]
    ok = client.request(
        "POST",
        f"{base(cast)}/doses",
        {"medication_id": str(medication.public_id), "reason": "Seizure 5 minutes"},
    )
    assert ok.status_code == 201 and ok.json()["prn"] is True
    patched = client.request(
        "PATCH",
        f"{base(cast)}/doses/{ok.json()['public_id']}",
        {"reason_for_change": "More detail", "reason": "Seizure 6 minutes"},
    )
    assert patched.status_code == 200 and patched.json()["version"] == 2


def test_a_seizure_ending_before_it_starts_is_refused(cast: Cast) -> None:
    client = client_for(cast, "team_worker")
    starts = dt.datetime(2026, 1, 5, 14, tzinfo=dt.UTC)
    response = client.request(
        "POST",
        f"{base(cast)}/seizures",
        {
            "starts_at": starts.isoformat(),
            "ends_at": (starts - dt.timedelta(minutes=1)).isoformat(),
            "seizure_type": "tonic_clonic",
        },
    )
    assert response.status_code == 422
    assert "body.ends_at" in response.json()["error"]["fields"]
    assert not Seizure.objects.exists()


def test_seizures_read_and_amend(cast: Cast) -> None:
    seizure = a_seizure(cast)
    client = client_for(cast, "manager")
    listed = client.get(f"{base(cast)}/seizures").json()
    assert [s["public_id"] for s in listed] == [str(seizure.public_id)]
    patched = client.request(
        "PATCH",
        f"{base(cast)}/seizures/{seizure.public_id}",
        {"reason_for_change": "Added", "recovery": "Slept"},
    )
    assert patched.status_code == 200 and patched.json()["recovery"] == "Slept"
    assert client_for(cast, "outside_worker").get(f"{base(cast)}/seizures").status_code == 404


def test_stock_counts(cast: Cast) -> None:
    medication = regular(cast)
    client = client_for(cast, "team_worker")
    created = client.request(
        "POST",
        f"{base(cast)}/stock-counts",
        {"medication_id": str(medication.public_id), "quantity": 28},
    )
    assert created.status_code == 201
    assert client.get(f"{base(cast)}/stock-counts").json()[0]["quantity"] == 28
    unknown = client.request(
        "POST", f"{base(cast)}/stock-counts", {"medication_id": str(uuid.uuid4()), "quantity": 1}
    )
    assert unknown.status_code == 422
