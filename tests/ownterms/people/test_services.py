"""Writes to a person's record and circle: audited, atomic, and ending access at once."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.test import Client

from ownterms.audit.models import AuditEvent
from ownterms.people.access import access_person
from ownterms.people.models import CircleMember, Consent, Person
from ownterms.people.services import (
    EditConflictError,
    add_circle_member,
    create_person,
    end_consent,
    give_consent,
    update_person,
    withdraw_consent,
)
from tests.cast import Cast


def _signed_in(client: Client, user: object) -> None:
    client.force_login(user)  # type: ignore[arg-type]


def test_update_person_records_old_and_new_but_not_private_text(cast: Cast) -> None:
    secret = "Uses Makaton; anxious about hospitals since a seizure."
    update_person(
        actor=cast.manager,
        person=cast.person,
        basis="manager",
        first_name="Alexandrina",
        communication_summary=secret,
    )
    event = AuditEvent.objects.get(action="person.update")
    assert event.changes == {
        "first_name": {"old": "Alexandra", "new": "Alexandrina"},
        "communication_summary": {"changed": True},
    }
    assert secret not in str(event.changes)
    assert (event.actor, event.person, event.basis) == (cast.manager, cast.person, "manager")


def test_no_change_records_nothing(cast: Cast) -> None:
    update_person(actor=cast.manager, person=cast.person, basis="manager", first_name="Alexandra")
    assert not AuditEvent.objects.filter(action="person.update").exists()


def test_invalid_update_saves_nothing(cast: Cast) -> None:
    with pytest.raises(ValidationError):
        update_person(actor=cast.manager, person=cast.person, basis="manager", first_name="x" * 500)
    with pytest.raises(ValidationError):
        update_person(actor=cast.manager, person=cast.person, basis="manager", home="castle")
    cast.person.refresh_from_db()
    assert cast.person.first_name == "Alexandra"
    assert not AuditEvent.objects.filter(kind="change").exists()


def test_unknown_fields_are_refused(cast: Cast) -> None:
    with pytest.raises(ValueError, match="not editable"):
        update_person(actor=cast.manager, person=cast.person, basis="manager", organisation_id=2)


def test_concurrent_edit_is_refused(cast: Cast) -> None:
    loaded = cast.person.updated_at
    update_person(actor=cast.manager, person=cast.person, basis="manager", first_name="B")
    with pytest.raises(EditConflictError):
        update_person(
            actor=cast.administrator,
            person=cast.person,
            basis="administrator",
            expected_updated_at=loaded,
            first_name="C",
        )
    assert Person.objects.get(pk=cast.person.pk).first_name == "B"


def test_create_person_in_own_organisation_only(cast: Cast) -> None:
    person = create_person(
        actor=cast.administrator,
        organisation=cast.organisation,
        first_name="Dee",
        last_name="Evans",
        home=Person.Home.OWN_TENANCY,
    )
    assert AuditEvent.objects.filter(action="person.create", person=person).exists()
    with pytest.raises(ValidationError):
        create_person(
            actor=cast.other_org_admin,
            organisation=cast.organisation,
            first_name="Eve",
            last_name="X",
            home="other",
        )


def test_circle_and_consent(cast: Cast) -> None:
    member = add_circle_member(
        actor=cast.manager,
        person=cast.person,
        name="Sam Friend",
        kind=CircleMember.Kind.FRIEND,
        relationship="Friend from dance class",
    )
    with pytest.raises(ValidationError):
        give_consent(
            actor=cast.manager,
            circle_member=member,
            category="rota",
            given_by=Consent.GivenBy.BEST_INTERESTS,
            starts_on=cast.today,
        )
    consent = give_consent(
        actor=cast.manager,
        circle_member=member,
        category="rota",
        given_by=Consent.GivenBy.BEST_INTERESTS,
        starts_on=cast.today,
        decision_note="Meeting of 3 March; private details.",
    )
    event = AuditEvent.objects.get(action="consent.give")
    assert event.changes["decision_note"] == {"changed": True}
    assert consent.pk


def test_withdrawing_consent_ends_access_and_sessions(cast: Cast, client: Client) -> None:
    family = cast.circle_with_consent
    _signed_in(client, family)
    other = Client()
    _signed_in(other, cast.manager)
    home = f"/o/{cast.organisation.slug}/"
    assert client.get(home).status_code == 200
    consent = Consent.objects.get(circle_member__user=family)
    withdraw_consent(actor=cast.manager, consent=consent)
    assert client.get(home).status_code == 302  # signed out at once
    assert other.get(home).status_code == 200  # the manager's session survives
    with pytest.raises(Http404):
        access_person(family, cast.person.public_id, category="profile")
    assert AuditEvent.objects.filter(action="security.sessions_ended", actor=family).exists()


def test_ending_a_partner_grant_today_ends_access(cast: Cast, client: Client) -> None:
    partner = cast.partner_current
    _signed_in(client, partner)
    for consent in Consent.objects.filter(circle_member__user=partner):
        end_consent(actor=cast.manager, consent=consent)
    assert client.get(f"/o/{cast.organisation.slug}/").status_code == 302
    with pytest.raises(Http404):
        access_person(partner, cast.person.public_id, category="health")


def test_future_end_keeps_access(cast: Cast, client: Client) -> None:
    partner = cast.partner_current
    _signed_in(client, partner)
    consent = Consent.objects.filter(circle_member__user=partner).first()
    assert consent is not None
    end_consent(actor=cast.manager, consent=consent, ends_on=cast.today + dt.timedelta(days=3))
    assert client.get(f"/o/{cast.organisation.slug}/").status_code == 200
