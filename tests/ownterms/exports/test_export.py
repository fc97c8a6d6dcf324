"""The subject access export holds every row about the person, and nothing about anyone else.

Rendering a PDF takes seconds, so a test that reads only the JSON or the audit asks for none
(``with_pdf=False``, as the API does); the PDF of a record with a row of every related model is
rendered in ``test_nothing_about_anyone_else_is_exported``.
"""

from __future__ import annotations

import io
import json
import uuid
import zipfile
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.db import models
from django.test import Client
from django.urls import reverse

from ownterms.audit.models import AuditEvent
from ownterms.audit.services import record_access, record_change, redact_events
from ownterms.exports import selectors
from ownterms.exports.selectors import BOUNDARY_MODELS, collect_record, person_related_models
from ownterms.exports.services import export_person, render_html
from ownterms.people.models import Consent, Person
from ownterms.people.services import update_person
from tests.cast import Cast
from tests.ownterms.exports.rows import RowFactory

pytestmark = pytest.mark.django_db


def models_relating_to_person() -> set[type[models.Model]]:
    """Walks every model: a foreign key, one-to-one or many-to-many to Person, or to a model
    that has one (however many steps), makes a model part of the person's record."""
    found: set[type[models.Model]] = set()
    while True:
        before = len(found)
        for model in apps.get_models():
            if model is Person or model._meta.proxy:
                continue
            if model._meta.label in BOUNDARY_MODELS:
                continue  # the organisation, sign-ins and others' data are never the record
            for field in model._meta.get_fields():
                if field.auto_created or not field.is_relation:
                    continue
                target = field.related_model
                if target is Person or target in found:
                    found.add(model)
        if len(found) == before:
            return found


def build_every_related_row(person: Person, marker: str) -> dict[str, set[Any]]:
    """One row (at least) of every related model for ``person``, by model label."""
    related = models_relating_to_person()
    factory = RowFactory(person, marker)
    for model in sorted(related, key=lambda m: m._meta.label):
        if model not in factory.built:
            factory.build(model, related)
    return {model._meta.label_lower: {row.pk} for model, row in factory.built.items()}


def exported(export_json: bytes) -> dict[str, Any]:
    return json.loads(export_json)  # type: ignore[no-any-return]


def test_the_exporter_finds_every_model_that_relates_to_a_person() -> None:
    discovered = {related.model for related in person_related_models()}
    assert discovered == models_relating_to_person()
    # The chain is followed: a consent reaches the person through the circle member.
    lookups = {related.label: related.lookups for related in person_related_models()}
    assert "circle_member__person" in lookups["people.consent"]


def test_every_row_of_every_related_model_is_exported(cast: Cast) -> None:
    built = build_every_related_row(cast.person, "Zmine")
    build_every_related_row(cast.other_person, "Zother")
    update_person(actor=cast.manager, person=cast.person, basis="manager", preferred_name="Lexi")
    record_access(actor=cast.team_worker, person=cast.person, page="person", basis="team")

    record = collect_record(cast.person, generated_by="test")
    sections = {section.label: {row.pk for row in section.rows} for section in record.sections}
    assert set(sections) == {model._meta.label_lower for model in models_relating_to_person()}
    for label, pks in built.items():
        assert pks <= sections[label], f"{label}: rows built for the person are missing"
    # The cast's own rows, too: every circle member, consent, team membership and event.
    for related in person_related_models():
        condition = models.Q()
        for lookup in related.lookups:
            condition |= models.Q(**{lookup: cast.person})
        rows = related.model._base_manager.filter(condition)
        expected = set(rows.values_list("pk", flat=True))
        assert expected == sections[related.label], related.label
    assert len(sections["people.circlemember"]) >= 4
    assert len(sections["people.consent"]) >= 5

    # The JSON has the same rows, named by public ids (database ids never leave the server).
    data = exported(
        export_person(actor=cast.manager, person=cast.person, with_pdf=False).record_json
    )
    assert {s["model"]: s["count"] for s in data["sections"]} == {
        label: len(pks) for label, pks in sections.items()
    }
    circle = next(s for s in data["sections"] if s["model"] == "people.circlemember")
    assert {row["ref"] for row in circle["rows"]} >= {
        str(member.public_id) for member in cast.circle.values()
    }
    consents = next(s for s in data["sections"] if s["model"] == "people.consent")
    assert {row["ref"] for row in consents["rows"]} >= {
        str(consent.public_id)
        for consent in Consent.objects.filter(circle_member__person=cast.person)
    }
    assert all(
        row["circle_member"]["ref"] in {r["ref"] for r in circle["rows"]}
        for row in consents["rows"]
    )
    assert all("id" not in row for section in data["sections"] for row in section["rows"])
    assert "id" not in data["person"] and data["person"]["ref"] == str(cast.person.public_id)


def test_nothing_about_anyone_else_is_exported(cast: Cast) -> None:
    build_every_related_row(cast.person, "Zmine")
    build_every_related_row(cast.other_person, "Zother")
    build_every_related_row(cast.other_org_person, "Zforeign")
    record_access(actor=cast.other_manager, person=cast.other_person, page="person", basis="x")
    export = export_person(actor=cast.administrator, person=cast.person)
    record = collect_record(cast.person, generated_by="test")
    for text in (export.record_json.decode(), render_html(record)):
        assert "Zmine" in text
        for absent in (
            "Zother",
            "Zforeign",
            cast.other_person.first_name,
            cast.other_person.last_name,
            str(cast.other_person.public_id),
            cast.other_org_person.first_name,
            cast.other_organisation.name,
            "Una Outsider",  # in the other person's team only
            "Olu Othermanager",  # manages the other person only
            "Oscar Otherorg",
        ):
            assert absent not in text, absent


def test_secrets_and_other_peoples_records_stay_out(cast: Cast) -> None:
    cast.person_user.set_password("correct horse battery staple")  # type: ignore[union-attr]
    cast.person_user.save()  # type: ignore[union-attr]
    data = export_person(
        actor=cast.manager, person=cast.person, with_pdf=False
    ).record_json.decode()
    assert "argon2" not in data and "password" not in data
    assert "totp" not in data.lower() and "secret" not in data.lower()
    loaded = json.loads(data)
    team = next(s for s in loaded["sections"] if s["model"] == "staff.teammembership")
    # A staff member appears by name only, never with their own record.
    assert {row["staff_member"]["label"] for row in team["rows"]} >= {"Tariq Teamworker"}
    assert all(set(row["staff_member"]) == {"label"} for row in team["rows"])
    assert "team@brookside.example" not in data  # a staff member's email is their own record


def test_the_audit_of_views_and_changes_is_exported_and_redactions_stay_redacted(
    cast: Cast,
) -> None:
    update_person(actor=cast.manager, person=cast.person, basis="manager", preferred_name="Lexi")
    record_access(actor=cast.team_worker, person=cast.person, page="person", basis="team")
    redacted = record_change(
        actor=cast.manager,
        organisation=cast.organisation,
        action="person.update",
        obj=cast.person,
        person=cast.person,
        changes={},
    )
    # The retention job's way (the only update PostgreSQL's append-only trigger allows).
    redact_events(event_ids=[redacted.pk], fields=("changes", "actor_label"))
    data = exported(
        export_person(actor=cast.manager, person=cast.person, with_pdf=False).record_json
    )
    audit = next(s for s in data["sections"] if s["model"] == "audit.auditevent")
    assert any(
        row["kind"] == "access" and row["actor"] == {"label": "Tariq Teamworker"}
        for row in audit["rows"]
    )
    assert any(
        row["action"] == "person.update" and row["changes"].get("preferred_name")
        for row in audit["rows"]
    )
    assert all("<" not in (row["actor_label"] or "") for row in audit["rows"])  # no emails
    [gone] = [row for row in audit["rows"] if row["ref"] == str(redacted.public_id)]
    assert gone["redacted_at"] and gone["changes"] == {} and gone["actor_label"] == ""


def test_the_export_is_audited(cast: Cast) -> None:
    export_person(actor=cast.manager, person=cast.person, basis="manager", with_pdf=False)
    event = AuditEvent.objects.get(action="person.export")
    assert event.person_id == cast.person.pk and event.actor == cast.manager
    assert event.basis == "manager" and event.changes["rows"]["new"] > 1


def test_communication_needs_come_first(cast: Cast) -> None:
    record = collect_record(cast.person, generated_by="test")
    html = render_html(record)
    first_heading = html.index("<h2")
    assert "Communication needs" in html[first_heading : first_heading + 80]
    assert html.index(cast.person.communication_summary) < html.index("About the person")
    data = exported(
        export_person(actor=cast.manager, person=cast.person, with_pdf=False).record_json
    )
    assert list(data)[:4] == ["format", "generated_at", "generated_by", "communication_needs"]
    assert data["communication_needs"]["communication_summary"].startswith("Short sentences")


def test_an_absurd_size_is_refused_clearly(cast: Cast, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(selectors, "MAX_ROWS", 3)
    with pytest.raises(selectors.ExportTooLargeError, match="more than 3 rows"):
        collect_record(cast.person, generated_by="test")
    assert not AuditEvent.objects.filter(action="person.export").exists()


def test_the_photo_is_listed_and_embedded(cast: Cast, settings: Any, tmp_path: Path) -> None:
    from PIL import Image

    settings.MEDIA_ROOT = tmp_path
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "blue").save(buffer, "PNG")
    (tmp_path / "people" / "photos").mkdir(parents=True)
    (tmp_path / "people" / "photos" / "a.png").write_bytes(buffer.getvalue())
    Person.objects.filter(pk=cast.person.pk).update(photo="people/photos/a.png")
    record = collect_record(cast.person, generated_by="test")
    assert record.files == [
        {"field": "photo", "name": "people/photos/a.png", "size": len(buffer.getvalue())}
    ]
    assert 'src="data:image/png;base64,' in render_html(record)
    export = export_person(actor=cast.manager, person=cast.person)
    assert export.record_pdf.startswith(b"%PDF")
    assert b"StructTreeRoot" in _pdf_objects(export.record_pdf)  # tagged for screen readers


def _pdf_objects(pdf: bytes) -> bytes:
    """The PDF's streams, inflated (its objects are compressed in object streams)."""
    import re
    import zlib

    inflated = b""
    for match in re.finditer(rb"stream\r?\n", pdf):
        try:
            inflated += zlib.decompressobj().decompress(pdf[match.end() :])
        except zlib.error:
            continue
    return inflated


def test_the_button_downloads_a_zip_for_managers(cast: Cast) -> None:
    client = Client()
    client.force_login(cast.manager)
    detail = reverse(
        "people:detail", kwargs={"org": cast.organisation.slug, "person_id": cast.person.public_id}
    )
    url = reverse(
        "exports:person", kwargs={"org": cast.organisation.slug, "person_id": cast.person.public_id}
    )
    assert url in client.get(detail).content.decode()
    response = client.post(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert "attachment" in response["Content-Disposition"]
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        assert sorted(archive.namelist()) == ["record.json", "record.pdf"]
        assert archive.read("record.pdf").startswith(b"%PDF")
        assert json.loads(archive.read("record.json"))["person"]["last_name"] == "Fairweather"
    assert AuditEvent.objects.filter(action="person.export", actor=cast.manager).exists()
    assert AuditEvent.objects.filter(page="person.export", kind="access").exists()
    # Someone who may read but not change the profile sees no button and is refused.
    worker = Client()
    worker.force_login(cast.team_worker)
    assert url not in worker.get(detail).content.decode()
    assert worker.post(url).status_code == 403


def test_the_command_writes_json_and_pdf(cast: Cast, tmp_path: Path) -> None:
    call_command("export_person", str(cast.person.public_id), "--out", str(tmp_path / "out"))
    assert (tmp_path / "out" / "record.pdf").read_bytes().startswith(b"%PDF")
    data = json.loads((tmp_path / "out" / "record.json").read_text())
    assert data["person"]["public_id"] == str(cast.person.public_id)
    event = AuditEvent.objects.get(action="person.export")
    assert event.actor is None and event.actor_label == "System"
    with pytest.raises(CommandError, match="No person"):
        call_command("export_person", str(uuid.uuid4()), "--out", str(tmp_path))
    with pytest.raises(CommandError, match="UUID"):
        call_command("export_person", "nope", "--out", str(tmp_path))


def test_rendering_a_pdf_leaves_pillow_strict(cast: Cast) -> None:
    """WeasyPrint's import turns on Pillow's LOAD_TRUNCATED_IMAGES; the export turns it off
    again, so photo uploads are still checked in full (lib.photos)."""
    from PIL import ImageFile

    export_person(actor=cast.manager, person=cast.person)
    assert ImageFile.LOAD_TRUNCATED_IMAGES is False


def test_the_api_gives_the_same_record_as_json(cast: Cast, monkeypatch: pytest.MonkeyPatch) -> None:
    from ownterms.api.services import create_token

    manager = cast.user("manager")
    assert manager is not None
    token = create_token(user=manager, name="export").secret
    url = f"/api/v1/exports/people/{cast.person.public_id}"
    client = Client()
    response = client.post(url, headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200
    data = response.json()
    assert data["format"] == "ownterms.subject-access/1"
    assert data["communication_needs"]["has_communication_needs"] is True
    assert {s["model"] for s in data["sections"]} == {
        m._meta.label_lower for m in models_relating_to_person()
    }
    assert AuditEvent.objects.filter(action="person.export", actor=manager).count() == 1
    assert AuditEvent.objects.filter(page="api.person.export", kind="access").exists()
    monkeypatch.setattr(selectors, "MAX_ROWS", 2)
    response = client.post(url, headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 413
    assert response.json()["error"]["code"] == "export_too_large"
    assert "more than 2 rows" in response.json()["error"]["message"]
