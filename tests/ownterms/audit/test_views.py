"""The audit page: who may search it, what it finds, and bad input."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from ownterms.audit.models import AuditEvent
from ownterms.audit.services import record_access, record_change
from ownterms.people.access import access_person
from tests.cast import Cast


def audit_url(cast: Cast) -> str:
    return f"/o/{cast.organisation.slug}/audit/"


def test_search_by_person_user_action_and_date(cast: Cast, client: Client) -> None:
    access_person(cast.team_worker, cast.person.public_id, category="profile", page="person")
    record_change(
        actor=cast.administrator,
        organisation=cast.organisation,
        action="person.update",
        obj=cast.other_person,
        person=cast.other_person,
        changes={"first_name": {"old": "B", "new": "C"}},
    )
    client.force_login(cast.administrator)  # type: ignore[arg-type]
    everything = client.get(audit_url(cast))
    assert everything.status_code == 200
    found = client.get(audit_url(cast), {"person": "Bilal"}).context["page"].object_list
    assert [event.action for event in found] == ["person.update"]
    found = client.get(audit_url(cast), {"user": "Tariq"}).context["page"].object_list
    assert "record.view" in {event.action for event in found}
    assert all(event.actor == cast.team_worker for event in found)
    found = client.get(audit_url(cast), {"action": "person."}).context["page"].object_list
    assert {event.action for event in found} == {"person.update"}
    today = cast.today.isoformat()
    found = client.get(audit_url(cast), {"date_from": today, "date_to": today})
    assert found.context["page"].paginator.count >= 2
    bad = client.get(audit_url(cast), {"date_from": "2026-13-45", "date_to": "yesterday"})
    assert bad.status_code == 400 and b"govuk-error-summary" in bad.content
    backwards = client.get(audit_url(cast), {"date_from": today, "date_to": "2000-01-01"})
    assert backwards.status_code == 400


def test_manager_sees_only_events_about_their_people(cast: Cast, client: Client) -> None:
    record_access(actor=cast.on_call_manager, person=cast.person, page="person", basis="on_call")
    record_access(
        actor=cast.on_call_manager, person=cast.other_person, page="person", basis="on_call"
    )
    client.force_login(cast.manager)  # type: ignore[arg-type]
    events = list(client.get(audit_url(cast)).context["page"].object_list)
    assert events and all(event.person == cast.person for event in events)


@pytest.mark.parametrize(
    "member", ["team_worker", "finance", "person_user", "circle_with_consent", "other_org_admin"]
)
def test_others_get_404(cast: Cast, client: Client, member: str) -> None:
    client.force_login(cast.user(member))  # type: ignore[arg-type]
    assert client.get(audit_url(cast)).status_code == 404


def test_audit_page_query_ceiling(cast: Cast, client: Client) -> None:
    for _ in range(80):
        AuditEvent.objects.create(
            organisation=cast.organisation,
            occurred_at=cast.person.created_at,
            kind="access",
            action="record.view",
            actor=cast.manager,
            actor_label="Mo",
            person=cast.person,
            page="person",
        )
    client.force_login(cast.administrator)  # type: ignore[arg-type]
    client.get(audit_url(cast))
    with CaptureQueriesContext(connection) as queries:
        assert client.get(audit_url(cast) + "?page=2").status_code == 200
    assert len(queries) <= 12
