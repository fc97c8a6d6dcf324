"""/api/v1/health, /packages and /circle: the pages' access and services, as JSON."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from ownterms.api import services
from ownterms.audit.models import AuditEvent
from ownterms.health.models import Condition, Medication
from ownterms.people.models import CircleMember, CommissionedPackage, Consent
from tests.cast import Cast
from tests.ownterms.api.conftest import ApiClient, assert_envelope
from tests.ownterms.health.data import give_health, give_package

pytestmark = pytest.mark.django_db


def client_for(cast: Cast, member: str) -> ApiClient:
    user = cast.user(member)
    assert user is not None
    return ApiClient(services.create_token(user=user, name=member).secret)


def post(client: ApiClient, path: str, body: Any) -> Any:
    return client.request("POST", path, body)


def test_health_summary_for_team_and_partner_not_family(cast: Cast) -> None:
    give_health(cast)
    path = f"/api/v1/health/{cast.person.public_id}"
    data = client_for(cast, "team_worker").get(path).json()
    assert [c["name"] for c in data["conditions"]] == ["Epilepsy"]
    assert {m["name"] for m in data["medications"]} == {"Buccal midazolam", "Risperidone"}
    overdue = [m["name"] for m in data["medications"] if m["review_overdue"]]
    assert overdue == ["Risperidone"]
    assert client_for(cast, "partner_current").get(path).status_code == 200
    assert_envelope(client_for(cast, "circle_with_consent").get(path), 404)
    history = client_for(cast, "team_worker").get(path + "/medications").json()
    assert "Sodium valproate" in {m["name"] for m in history}


def test_health_writes_by_manager_only_and_bad_input_422(cast: Cast) -> None:
    path = f"/api/v1/health/{cast.person.public_id}"
    assert_envelope(post(client_for(cast, "team_worker"), path + "/conditions", {"name": "X"}), 403)
    manager = client_for(cast, "manager")
    created = post(manager, path + "/conditions", {"name": "Epilepsy", "since": "2010-02-01"})
    assert created.status_code == 201 and created.json()["name"] == "Epilepsy"
    assert AuditEvent.objects.filter(action="health.condition.add", basis="manager").exists()
    future = (cast.today + dt.timedelta(days=3)).isoformat()
    error = assert_envelope(
        post(manager, path + "/conditions", {"name": "Asthma", "since": future}), 422
    )
    assert "body.since" in error["fields"]
    error = assert_envelope(
        post(manager, path + "/allergies", {"substance": "Nuts", "severity": "awful"}), 422
    )
    assert "body.severity" in error["fields"]
    error = assert_envelope(
        post(manager, path + "/contacts", {"role": "gp", "name": "Dr X", "email": "nope"}), 422
    )
    assert "body.email" in error["fields"]
    medicine = {
        "name": "Risperidone",
        "dose": "0.5 mg",
        "route": "oral",
        "kind": "regular",
        "frequency": "Once a day",
        "starts_on": "2025-01-01",
        "is_psychotropic": True,
    }
    error = assert_envelope(post(manager, path + "/medications", medicine), 422)
    assert {"body.psychotropic_reason", "body.review_on"} <= set(error["fields"])
    review = (cast.today + dt.timedelta(days=60)).isoformat()
    created = post(
        manager,
        path + "/medications",
        {**medicine, "psychotropic_reason": "Anxiety", "review_on": review},
    )
    assert created.status_code == 201
    assert Condition.objects.count() == 1 and Medication.objects.count() == 1


def test_medication_change_and_stop(cast: Cast) -> None:
    rescue = give_health(cast)["rescue"]
    assert isinstance(rescue, Medication)
    manager = client_for(cast, "manager")
    base = f"/api/v1/health/{cast.person.public_id}/medications/{rescue.public_id}"
    changed = post(
        manager, base + "/change", {"changes_on": cast.today.isoformat(), "dose": "5 mg"}
    )
    assert changed.status_code == 201, changed.content
    assert changed.json()["replaces"] == str(rescue.public_id)
    new_id = changed.json()["public_id"]
    stop_path = f"/api/v1/health/{cast.person.public_id}/medications/{new_id}/stop"
    assert_envelope(post(manager, stop_path, {"reason": ""}), 422)
    stopped = post(manager, stop_path, {"reason": "Stopped at review"})
    assert stopped.status_code == 200 and stopped.json()["stops_on"] == cast.today.isoformat()
    missing = f"/api/v1/health/{cast.other_person.public_id}/medications/{new_id}/stop"
    assert_envelope(post(client_for(cast, "administrator"), missing, {"reason": "x"}), 404)


def test_packages_read_by_team_recorded_by_manager(cast: Cast) -> None:
    give_package(cast)
    path = f"/api/v1/packages/{cast.person.public_id}"
    rows = client_for(cast, "team_worker").get(path).json()
    assert rows[0]["day_minutes"] == 105 * 60 and rows[0]["current"]
    assert_envelope(client_for(cast, "partner_current").get(path), 404)
    body = {
        "starts_on": (cast.today + dt.timedelta(days=30)).isoformat(),
        "review_on": (cast.today + dt.timedelta(days=200)).isoformat(),
        "funder_name": "Porthaven ICB",
        "funder_kind": "icb",
        "day_minutes": 84 * 60,
        "sleep_in_nights": 7,
    }
    assert_envelope(post(client_for(cast, "team_worker"), path, body), 403)
    manager = client_for(cast, "manager")
    assert_envelope(post(manager, path, {**body, "day_minutes": 60.5}), 422)
    assert_envelope(post(manager, path, {**body, "sleep_in_nights": 8}), 422)
    created = post(manager, path, body)
    assert created.status_code == 201 and not created.json()["current"]
    overlap = assert_envelope(post(manager, path, body), 422)
    assert "body.starts_on" in overlap["fields"]
    rows = manager.get(path).json()
    assert rows[1]["superseded"] and rows[1]["effective_until"] == body["starts_on"]
    assert CommissionedPackage.objects.count() == 2


def test_circle_contacts_hidden_from_family_and_consents_managed(cast: Cast) -> None:
    CircleMember.objects.filter(pk=cast.circle["partner_current"].pk).update(phone="01632 960777")
    path = f"/api/v1/circle/{cast.person.public_id}"
    family = client_for(cast, "circle_with_consent").get(path).json()
    assert all(member["phone"] is None for member in family)
    managed = client_for(cast, "manager").get(path).json()
    assert "01632 960777" in {member["phone"] for member in managed}
    manager = client_for(cast, "manager")
    created = post(manager, path, {"name": "Sam", "kind": "neighbour", "relationship": "Next door"})
    assert created.status_code == 201
    member_id = created.json()["public_id"]
    patched = manager.request("PATCH", f"{path}/members/{member_id}", {"role": "Keyholder"})
    assert patched.status_code == 200 and patched.json()["role"] == "Keyholder"
    assert_envelope(manager.request("PATCH", f"{path}/members/{member_id}", {"name": None}), 422)
    consent_path = f"{path}/members/{member_id}/consents"
    bad = {
        "category": "health",
        "given_by": "person",
        "starts_on": cast.today.isoformat(),
        "ends_on": (cast.today - dt.timedelta(days=1)).isoformat(),
    }
    error = assert_envelope(post(manager, consent_path, bad), 422)
    assert "body.ends_on" in error["fields"]
    given = post(manager, consent_path, {**bad, "ends_on": None})
    assert given.status_code == 201 and given.json()["state"] == "current"
    consent_id = given.json()["public_id"]
    early = {"ends_on": (cast.today - dt.timedelta(days=5)).isoformat()}
    assert_envelope(post(manager, f"{path}/consents/{consent_id}/end", early), 422)
    withdrawn = post(manager, f"{path}/consents/{consent_id}/withdraw", None)
    assert withdrawn.status_code == 200 and withdrawn.json()["state"] == "withdrawn"
    assert Consent.objects.get(public_id=consent_id).withdrawn_at is not None
    assert_envelope(post(client_for(cast, "team_worker"), path, {"name": "X"}), 422)
    assert_envelope(
        post(client_for(cast, "team_worker"), path, {**created.json(), "consents": []}), 422
    )


def test_api_pages_have_a_query_ceiling(cast: Cast, django_assert_max_num_queries: Any) -> None:
    give_health(cast)
    client = client_for(cast, "manager")
    path = f"/api/v1/circle/{cast.person.public_id}"
    client.get(path)
    with django_assert_max_num_queries(20) as small:
        client.get(path)
    for index in range(15):
        CircleMember.objects.create(
            organisation=cast.organisation,
            person=cast.person,
            name=f"M{index}",
            kind="friend",
            relationship="Friend",
        )
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(path)


def test_person_context_through_the_people_api(cast: Cast) -> None:
    manager = client_for(cast, "manager")
    path = f"/api/v1/people/{cast.person.public_id}"
    body = {
        "communication_formats": ["bsl", "easy_read"],
        "town": "Porthaven",
        "tenancy": "licence",
        "housing_provider_is_support_provider": True,
    }
    changed = manager.request("PATCH", path, body)
    assert changed.status_code == 200, changed.content
    data = changed.json()
    assert data["communication_formats"] == ["easy_read", "bsl"]
    assert (data["tenancy"], data["town"]) == ("licence", "Porthaven")
    assert data["housing_provider_is_support_provider"] is True
    bad = manager.request("PATCH", path, {"communication_formats": ["semaphore"]})
    assert_envelope(bad, 422)
    assert_envelope(manager.request("PATCH", path, {"tenancy": "castle"}), 422)
