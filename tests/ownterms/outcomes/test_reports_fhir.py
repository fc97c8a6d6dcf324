"""The FHIR R4 export of a person's record: every resource parses with the published R4 (4.0.1)
models (``fhirclient``, generated from the 4.0.1 specification), references resolve inside the
bundle, codes come from the R4 value sets they are bound to, and the bundle holds only the
categories the reader may read. Nothing is downloaded at test time: the models are Python code.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from fhirclient.models.bundle import Bundle
from fhirclient.models.fhirabstractbase import FHIRValidationError

from ownterms.api.services import create_token
from ownterms.audit.models import AuditEvent
from ownterms.health.models import Medication
from ownterms.outcomes import fhir
from ownterms.outcomes.selectors.fhir_record import collect
from ownterms.people.models import ConsentCategory, Person
from ownterms.plans.models import Goal
from tests.cast import Cast
from tests.ownterms.outcomes.data import a_fhir_record

pytestmark = pytest.mark.django_db

#: Codes of the R4 value sets with a *required* binding that the export uses (hl7.org/fhir/R4).
REQUIRED_CODES: dict[tuple[str, str], set[str]] = {
    ("Bundle", "type"): {
        "document", "message", "transaction", "transaction-response", "batch",
        "batch-response", "history", "searchset", "collection",
    },
    ("Goal", "lifecycleStatus"): {
        "proposed", "planned", "accepted", "active", "on-hold", "completed", "cancelled",
        "entered-in-error", "rejected",
    },
    ("CarePlan", "status"): {
        "draft", "active", "on-hold", "revoked", "completed", "entered-in-error", "unknown",
    },
    ("CarePlan", "intent"): {"proposal", "plan", "order", "option"},
    ("Observation", "status"): {
        "registered", "preliminary", "final", "amended", "corrected", "cancelled",
        "entered-in-error", "unknown",
    },
    ("MedicationStatement", "status"): {
        "active", "completed", "entered-in-error", "intended", "stopped", "on-hold", "unknown",
        "not-taken",
    },
    ("Flag", "status"): {"active", "inactive", "entered-in-error"},
}  # fmt: skip
ACTIVITY_STATUS = {
    "not-started", "scheduled", "in-progress", "on-hold", "completed", "cancelled", "stopped",
    "unknown", "entered-in-error",
}  # fmt: skip
FHIR_ID = re.compile(r"^[A-Za-z0-9\-.]{1,64}$")


def validate(bundle: dict[str, Any]) -> Bundle:
    """Parses ``bundle`` with the R4 models (strict: unknown elements, wrong types, missing
    required elements and malformed dates all raise) and checks nothing was dropped."""
    parsed = Bundle(copy.deepcopy(bundle), strict=True)
    assert parsed.as_json() == bundle, "the models dropped or changed something"
    return parsed


def resources(bundle: dict[str, Any], kind: str | None = None) -> list[dict[str, Any]]:
    found = [entry["resource"] for entry in bundle.get("entry", [])]
    return [item for item in found if kind is None or item["resourceType"] == kind]


def references(value: Any) -> list[str]:
    if isinstance(value, dict):
        own = [value["reference"]] if isinstance(value.get("reference"), str) else []
        return own + [ref for item in value.values() for ref in references(item)]
    if isinstance(value, list):
        return [ref for item in value for ref in references(item)]
    return []


def bundle_as(cast: Cast, member: str) -> dict[str, Any]:
    client = Client()
    client.force_login(cast.user(member))
    url = reverse(
        "outcomes:fhir_bundle",
        kwargs={"org": cast.organisation.slug, "person_id": cast.person.public_id},
    )
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"].startswith("application/fhir+json")
    assert response["Content-Disposition"].startswith("attachment;")
    loaded: dict[str, Any] = json.loads(response.content)
    return loaded


def test_the_managers_bundle_is_valid_r4_with_every_resource(cast: Cast) -> None:
    a_fhir_record(cast)
    bundle = bundle_as(cast, "manager")
    validate(bundle)
    kinds = {item["resourceType"] for item in resources(bundle)}
    assert kinds == {
        "Patient", "Flag", "CarePlan", "Goal", "Observation", "MedicationStatement",
    }  # fmt: skip
    assert bundle["type"] == "collection"
    full_urls = [entry["fullUrl"] for entry in bundle["entry"]]
    assert len(full_urls) == len(set(full_urls))
    for entry in bundle["entry"]:
        assert entry["fullUrl"] == f"urn:uuid:{entry['resource']['id']}"
        assert FHIR_ID.match(entry["resource"]["id"])
    for ref in references(bundle):
        assert ref in full_urls, f"{ref} does not resolve inside the bundle"
    for item in resources(bundle):
        for (kind, element), allowed in REQUIRED_CODES.items():
            if item["resourceType"] == kind:
                assert item[element] in allowed, (kind, element, item[element])
    assert bundle["type"] in REQUIRED_CODES[("Bundle", "type")]
    plan = resources(bundle, "CarePlan")[0]
    assert {a["detail"]["status"] for a in plan["activity"]} <= ACTIVITY_STATUS
    assert {g["reference"] for g in plan["goal"]} == {
        f"urn:uuid:{g['id']}" for g in resources(bundle, "Goal")
    }


def test_the_patient_carries_communication_needs_and_no_street(cast: Cast) -> None:
    a_fhir_record(cast)
    bundle = bundle_as(cast, "manager")
    (patient,) = resources(bundle, "Patient")
    assert patient["id"] == str(cast.person.public_id)
    assert patient["birthDate"] == "1990-04-12"
    assert patient["address"] == [{"use": "home", "city": "Maidstone", "postalCode": "ME14 1AA"}]
    assert "Hidden Street" not in json.dumps(bundle)
    (language,) = patient["communication"]
    assert language["language"]["coding"][0] == {
        "system": "urn:ietf:bcp:47",
        "code": "bfi",
        "display": "British Sign Language",
    }
    flags = {f["code"]["coding"][0]["code"]: f for f in resources(bundle, "Flag")}
    assert set(flags) == {"bsl", "easy_read", "how-to-communicate"}
    assert flags["how-to-communicate"]["code"]["text"].startswith("Give me time")
    assert all(f["subject"]["reference"] == f"urn:uuid:{patient['id']}" for f in flags.values())


def test_goals_and_medicines_follow_the_record(cast: Cast) -> None:
    a_fhir_record(cast)
    today = timezone.localdate()
    for status in (Goal.Status.ACHIEVED, Goal.Status.STOPPED):
        Goal.objects.create(
            organisation=cast.organisation,
            person=cast.person,
            title=f"A goal {status}",
            owner="Alex",
            status=status,
            achieved_on=today if status == Goal.Status.ACHIEVED else None,
        )
    Medication.objects.create(
        organisation=cast.organisation,
        person=cast.person,
        name="Vitamin D",
        dose="400 units",
        route="oral",
        kind="regular",
        frequency="Once a day",
        starts_on=today + dt.timedelta(days=5),
    )
    bundle = bundle_as(cast, "manager")
    validate(bundle)
    goals = {g["description"]["text"]: g for g in resources(bundle, "Goal")}
    assert goals["Get a volunteer job in a café"]["lifecycleStatus"] == "active"
    assert goals["Get a volunteer job in a café"]["achievementStatus"]["coding"][0]["code"] == (
        "in-progress"
    )
    achieved = goals["A goal achieved"]
    assert achieved["lifecycleStatus"] == "completed"
    assert achieved["achievementStatus"]["coding"][0]["code"] == "achieved"
    assert achieved["statusDate"] == today.isoformat()
    assert goals["A goal stopped"]["lifecycleStatus"] == "cancelled"
    cafe = goals["Try a day's work experience at the cafe"]
    assert cafe["lifecycleStatus"] == "planned" and "achievementStatus" not in cafe
    assert cafe["target"] == [{"dueDate": (today + dt.timedelta(days=60)).isoformat()}]
    assert any("person-centred review" in note["text"] for note in cafe["note"])
    statuses = {
        m["medicationCodeableConcept"]["text"]: m["status"]
        for m in resources(bundle, "MedicationStatement")
    }
    assert statuses["Sodium valproate"] == "completed"
    assert statuses["Risperidone"] == "active"
    assert statuses["Vitamin D"] == "intended"
    prn = next(
        m for m in resources(bundle, "MedicationStatement")
        if m["medicationCodeableConcept"]["text"] == "Paracetamol"
    )  # fmt: skip
    assert prn["dosage"][0]["asNeededBoolean"] is True


def test_observations_hold_check_ins_and_monthly_counts(cast: Cast) -> None:
    a_fhir_record(cast)
    bundle = bundle_as(cast, "manager")
    observations = resources(bundle, "Observation")
    check_ins = [o for o in observations if o["code"]["coding"][0]["code"] == "life_says"]
    assert len(check_ins) == 2
    words = {note["text"] for o in check_ins for note in o.get("note", [])}
    assert {"I like swimming. I want a job.", "My tooth hurts."} <= words
    scores = {
        c["code"]["coding"][0]["code"]: c["valueInteger"]
        for o in check_ins
        if o["effectiveDateTime"] == (timezone.localdate() - dt.timedelta(days=40)).isoformat()
        for c in o["component"]
    }
    assert scores == {"home": 3, "people": 3, "health": 2}
    counted: dict[str, int] = {}
    for o in observations:
        code = o["code"]["coding"][0]["code"]
        if code != "life_says":
            counted[code] = counted.get(code, 0) + o["valueInteger"]
            assert o["effectivePeriod"]["start"].endswith("-01")
    assert counted == {"ae_visits": 1, "nhs_contacts": 1, "prn_doses": 2}
    per_measure = [o for o in observations if o["code"]["coding"][0]["code"] == "prn_doses"]
    assert len(per_measure) == 12, "every month of the year, zeros included"
    assert [o["status"] for o in per_measure].count("preliminary") == 1  # this month


def test_ids_are_stable_and_each_export_is_a_new_bundle(cast: Cast) -> None:
    a_fhir_record(cast)
    first, second = bundle_as(cast, "manager"), bundle_as(cast, "administrator")
    assert first["id"] != second["id"]
    assert [e["fullUrl"] for e in first["entry"]] == [e["fullUrl"] for e in second["entry"]]


@pytest.mark.parametrize(
    ("member", "kinds"),
    [
        ("partner_current", {"Patient", "Flag", "MedicationStatement", "Observation"}),
        ("circle_with_consent", {"Patient", "Flag"}),
        ("person_user", {"Patient", "Flag", "CarePlan", "Goal", "Observation",
                         "MedicationStatement"}),
    ],
)  # fmt: skip
def test_the_bundle_holds_only_what_the_reader_may_read(
    cast: Cast, member: str, kinds: set[str]
) -> None:
    a_fhir_record(cast)
    bundle = bundle_as(cast, member)
    validate(bundle)
    assert {item["resourceType"] for item in resources(bundle)} == kinds
    if member == "partner_current":
        codes = {o["code"]["coding"][0]["code"] for o in resources(bundle, "Observation")}
        assert "life_says" not in codes, "check-ins are plans, not health"
        assert "I like swimming" not in json.dumps(bundle)


@pytest.mark.parametrize(
    ("member", "status"),
    [
        ("team_worker", 403),
        ("on_call_manager", 403),
        ("outside_worker", 404),
        ("finance", 404),
        ("other_manager", 404),
        ("partner_expired", 404),
        ("other_org_admin", 404),
    ],
)
def test_who_may_not_export(cast: Cast, member: str, status: int) -> None:
    client = Client()
    client.force_login(cast.user(member))
    org = (cast.other_organisation if member == "other_org_admin" else cast.organisation).slug
    for name in ("outcomes:fhir_bundle", "outcomes:fhir_export"):
        url = reverse(name, kwargs={"org": org, "person_id": cast.person.public_id})
        assert client.get(url).status_code == status
    assert not AuditEvent.objects.filter(action="person.fhir_export").exists()


def test_an_export_is_audited_with_what_it_held(cast: Cast) -> None:
    a_fhir_record(cast)
    bundle = bundle_as(cast, "partner_current")
    event = AuditEvent.objects.get(action="person.fhir_export")
    assert event.person_id == cast.person.pk
    assert event.actor == cast.user("partner_current")
    assert event.basis == "partner_grant"
    assert event.changes["bundle"]["new"] == bundle["id"]
    assert event.changes["categories"]["new"] == ["health", "profile"]
    assert event.changes["resources"]["new"]["Patient"] == 1
    assert AuditEvent.objects.filter(
        kind=AuditEvent.Kind.ACCESS, person=cast.person, page="outcomes.fhir.bundle"
    ).exists()


def test_the_page_says_what_the_file_holds(cast: Cast) -> None:
    client = Client()
    client.force_login(cast.user("partner_current"))
    url = reverse(
        "outcomes:fhir_export",
        kwargs={"org": cast.organisation.slug, "person_id": cast.person.public_id},
    )
    text = client.get(url).content.decode()
    assert "Download the FHIR file" in text
    assert "medicines" in text and "Plans and goals:" not in text
    assert not AuditEvent.objects.filter(action="person.fhir_export").exists()


def test_hostile_and_empty_text_still_makes_a_valid_bundle(cast: Cast) -> None:
    Person.objects.filter(pk=cast.person.pk).update(
        first_name="  Zoë 🙂 ",
        last_name="O'Brien \"</script>",
        preferred_name="",
        town="",
        postcode="",
        communication_summary="   ",
        communication_formats=["not-a-format", "large_print"],
    )
    bundle = bundle_as(cast, "manager")
    validate(bundle)
    (patient,) = resources(bundle, "Patient")
    assert patient["name"][0]["given"] == ["Zoë 🙂"]
    assert "address" not in patient and "communication" not in patient
    assert [f["code"]["text"] for f in resources(bundle, "Flag")] == ["Large print"]


def test_a_broken_bundle_fails_validation(cast: Cast) -> None:
    a_fhir_record(cast)
    good = bundle_as(cast, "manager")
    validate(good)

    def broken(change: Any) -> dict[str, Any]:
        copied = copy.deepcopy(good)
        change(copied)
        return copied

    def goal_of(bundle: dict[str, Any]) -> dict[str, Any]:
        return resources(bundle, "Goal")[0]

    mistakes = {
        "goal without a subject": lambda b: goal_of(b).pop("subject"),
        "goal without a description": lambda b: goal_of(b).pop("description"),
        "a misspelt element": lambda b: resources(b, "Patient")[0].update(nmae=[{"text": "x"}]),
        "a UK date": lambda b: resources(b, "Patient")[0].update(birthDate="12/04/1990"),
        "a number as text": lambda b: resources(b, "Observation")[0].update(valueInteger="3"),
        "a statement without a status": lambda b: resources(b, "MedicationStatement")[0].pop(
            "status"
        ),
    }
    for reason, mistake in mistakes.items():
        with pytest.raises(FHIRValidationError):
            validate(broken(mistake))
            pytest.fail(f"accepted {reason}")


def test_collect_reads_in_a_fixed_number_of_queries(
    cast: Cast, django_assert_max_num_queries: Any
) -> None:
    a_fhir_record(cast)
    today = timezone.localdate()
    Goal.objects.bulk_create(
        Goal(organisation=cast.organisation, person=cast.person, title=f"Goal {n}", owner="Alex")
        for n in range(30)
    )
    categories = frozenset({ConsentCategory.PROFILE, ConsentCategory.PLANS, ConsentCategory.HEALTH})
    with django_assert_max_num_queries(8):
        record = collect(cast.person, categories, today)
        built = fhir.bundle(
            record,
            base_url="https://care.example",
            org_slug="brookside",
            organisation_name="Brookside",
            bundle_id=cast.person.public_id,
            timestamp=timezone.now(),
        )
    assert len(resources(built, "Goal")) >= 32
    validate(built)
    assert resources(built, "Patient")[0]["identifier"][0]["system"] == (
        "https://care.example/o/brookside/fhir/NamingSystem/people"
    )


def test_the_api_gives_the_same_bundle(cast: Cast) -> None:
    a_fhir_record(cast)
    client = Client()
    url = f"/api/v1/people/{cast.person.public_id}/fhir"
    partner = create_token(user=cast.user("partner_current"), name="t")
    response = client.get(url, headers={"Authorization": f"Bearer {partner.secret}"})
    assert response.status_code == 200
    bundle = response.json()
    validate(bundle)
    assert "Goal" not in {item["resourceType"] for item in resources(bundle)}
    worker = create_token(user=cast.user("team_worker"), name="t")
    response = client.get(url, headers={"Authorization": f"Bearer {worker.secret}"})
    assert response.status_code == 403
    assert response.json()["error"]["code"]
    assert client.get(url).status_code == 401
