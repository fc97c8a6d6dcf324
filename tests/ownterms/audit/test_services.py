"""The audit trail: what is recorded, what never is, and that it can't be rewritten."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import DatabaseError, connection, transaction
from django.test import Client
from django.utils import timezone

from ownterms.accounts.models import Role
from ownterms.audit.models import AuditEvent
from ownterms.audit.services import (
    field_changes,
    record_access,
    record_change,
    record_security,
    redact_events,
)
from ownterms.core import services as core_services
from tests.cast import Cast
from tests.ownterms.accounts import helpers


def test_field_changes_old_and_new() -> None:
    changes = field_changes(
        {"first_name": "Alex", "home": "own_tenancy", "status": "active"},
        {"first_name": "Alexa", "home": "own_tenancy", "status": "ended"},
    )
    assert changes == {
        "first_name": {"old": "Alex", "new": "Alexa"},
        "status": {"old": "active", "new": "ended"},
    }


def test_special_category_text_is_marked_changed_never_copied() -> None:
    secret_story = "Has epilepsy; seizures at night."
    changes = field_changes(
        {"communication_summary": "", "first_name": "A"},
        {"communication_summary": secret_story, "first_name": "A"},
        private={"communication_summary"},
    )
    assert changes == {"communication_summary": {"changed": True}}
    assert secret_story not in str(changes)


def test_secrets_are_never_recorded(cast: Cast) -> None:
    changes = field_changes(
        {"password": "old-hash", "api_token": "t1", "name": "x"},
        {"password": "new-hash", "api_token": "t2", "name": "y"},
    )
    assert changes == {"name": {"old": "x", "new": "y"}}
    event = record_change(
        actor=cast.administrator,
        organisation=cast.organisation,
        action="test.change",
        obj=cast.person,
        person=cast.person,
        changes={"password": {"old": "a", "new": "b"}, "nested": {"totp_secret": "s", "ok": 1}},
    )
    event.refresh_from_db()
    assert event.changes == {"nested": {"ok": 1}}
    assert event.object_id == str(cast.person.public_id)


def test_model_snapshot_changes(cast: Cast) -> None:
    person = cast.person
    before = field_changes(None, person, private={"communication_summary"})
    assert before["first_name"] == {"old": None, "new": "Alexandra"}
    assert before["communication_summary"] == {"changed": True}
    assert before["organisation"] == {"old": None, "new": cast.organisation.pk}


def test_one_access_event_per_user_person_page_in_five_minutes(cast: Cast) -> None:
    manager = cast.manager
    assert manager is not None
    first = record_access(actor=manager, person=cast.person, page="person", basis="manager")
    again = record_access(actor=manager, person=cast.person, page="person", basis="manager")
    other_page = record_access(actor=manager, person=cast.person, page="team", basis="manager")
    assert first is not None and again is None and other_page is not None
    assert first.kind == AuditEvent.Kind.ACCESS and first.basis == "manager"
    later = record_access(actor=manager, person=cast.other_person, page="person", basis="on_call")
    assert later is not None


def test_access_window_expires(cast: Cast) -> None:
    manager = cast.manager
    assert manager is not None
    old = AuditEvent.objects.create(
        organisation=cast.organisation,
        occurred_at=timezone.now() - dt.timedelta(minutes=6),
        kind=AuditEvent.Kind.ACCESS,
        action="record.view",
        actor=manager,
        actor_label="x",
        person=cast.person,
        page="person",
    )
    assert old.pk
    assert record_access(actor=manager, person=cast.person, page="person", basis="manager")


def test_security_events_from_sign_in_and_out(cast: Cast, client: Client) -> None:
    user = cast.team_worker
    assert user is not None
    client.force_login(user)
    client.post("/accounts/logout/")
    actions = list(
        AuditEvent.objects.filter(actor=user, kind=AuditEvent.Kind.SECURITY)
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions[:2] == ["security.signed_in", "security.signed_out"]


def test_failed_sign_in_is_recorded_for_a_known_account_only(cast: Cast, client: Client) -> None:
    user = cast.team_worker
    assert user is not None
    client.post("/accounts/login/", {"login": user.email, "password": "wrong password"})
    client.post("/accounts/login/", {"login": "nobody@nowhere.example", "password": "x"})
    failed = AuditEvent.objects.filter(action="security.sign_in_failed")
    assert [event.actor_id for event in failed] == [user.pk]
    assert "wrong password" not in str(failed[0].changes)


def test_security_event_without_account_or_organisation_is_skipped() -> None:
    assert record_security(action="security.sign_in_failed", user=None) is None


def test_redaction_blanks_and_stamps(cast: Cast) -> None:
    event = record_change(
        actor=cast.manager,
        organisation=cast.organisation,
        action="person.update",
        obj=cast.person,
        person=cast.person,
        changes={"first_name": {"old": "A", "new": "B"}},
    )
    assert redact_events(event_ids=[event.pk], fields=["changes", "page"]) == 1
    event.refresh_from_db()
    assert event.changes == {} and event.redacted_at is not None
    assert AuditEvent.objects.filter(action="audit.redact").count() == 1
    with pytest.raises(ValueError, match="cannot be redacted"):
        redact_events(event_ids=[event.pk], fields=["action"])
    assert redact_events(event_ids=[], fields=["changes"]) == 0


@pytest.mark.postgres
def test_trigger_rejects_update_and_delete(cast: Cast) -> None:
    event = record_change(
        actor=cast.manager,
        organisation=cast.organisation,
        action="person.update",
        obj=cast.person,
        person=cast.person,
        changes={"first_name": {"old": "A", "new": "B"}},
    )
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).update(action="tampered")
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).delete()
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).update(changes={}, redacted_at=timezone.now())
    event.refresh_from_db()
    assert event.action == "person.update" and event.changes


@pytest.mark.postgres
def test_trigger_allows_only_blanking_inside_the_marked_transaction(cast: Cast) -> None:
    event = record_change(
        actor=cast.manager,
        organisation=cast.organisation,
        action="person.update",
        obj=cast.person,
        person=cast.person,
        changes={"first_name": {"old": "A", "new": "B"}},
    )
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SELECT set_config('ownterms.audit_redaction', 'on', true)")
        AuditEvent.objects.filter(pk=event.pk).update(action="tampered", redacted_at=timezone.now())
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SELECT set_config('ownterms.audit_redaction', 'on', true)")
        AuditEvent.objects.filter(pk=event.pk).delete()
    assert redact_events(event_ids=[event.pk]) == 1
    event.refresh_from_db()
    assert event.changes == {} and event.action == "person.update"
    # Once redacted, not even the retention job can touch it again.
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SELECT set_config('ownterms.audit_redaction', 'on', true)")
        AuditEvent.objects.filter(pk=event.pk).update(page="", redacted_at=timezone.now())


def test_role_changes_and_ended_access_are_recorded(cast: Cast) -> None:
    from ownterms.accounts.models import Role
    from ownterms.accounts.services import end_sessions_for, grant_role, revoke_role

    worker = cast.team_worker
    assert worker is not None
    grant_role(actor=cast.administrator, user=worker, role=Role.COORDINATOR)
    revoke_role(actor=cast.administrator, user=worker, role=Role.COORDINATOR)
    end_sessions_for(worker, reason="contract_ended")
    changes = AuditEvent.objects.filter(kind="change", object_id=str(worker.public_id))
    assert [(e.action, e.changes["role"]) for e in changes.order_by("id")] == [
        ("role.grant", {"old": None, "new": "coordinator"}),
        ("role.revoke", {"old": "coordinator", "new": None}),
    ]
    ended = AuditEvent.objects.filter(action="security.sessions_ended", actor=worker)
    assert {e.changes["reason"] for e in ended} == {"role_revoked", "contract_ended"}


@pytest.mark.django_db
def test_a_settings_change_is_audited_with_old_and_new_values() -> None:
    org = helpers.organisation()
    admin = helpers.user(org, Role.ADMINISTRATOR)
    starts = timezone.localdate() + dt.timedelta(days=7)
    row = core_services.change_setting(
        actor=admin,
        organisation=org,
        key="working_time.reference_weeks",
        value=26,
        effective_from=starts,
    )
    event = AuditEvent.objects.get(action="setting.change")
    assert (event.organisation, event.actor, event.kind) == (org, admin, AuditEvent.Kind.CHANGE)
    assert event.object_id == str(row.pk)
    assert event.changes == {
        "working_time.reference_weeks": {"old": 17, "new": 26},
        "effective_from": {"old": None, "new": starts.isoformat()},
    }
