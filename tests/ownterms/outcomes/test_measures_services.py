"""The services that record NHS use, connections and the person's own measures: the rules they
keep, the audit they write, and what they refuse."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from ownterms.accounts.models import User
from ownterms.audit.models import AuditEvent
from ownterms.outcomes.models import MeasureRecord
from ownterms.outcomes.services import records as services
from tests.cast import Cast
from tests.ownterms.outcomes import data

pytestmark = pytest.mark.django_db


def _manager(cast: Cast) -> User:
    user = cast.user("manager")
    assert user is not None
    return user


def test_an_unchanged_correction_writes_no_audit(cast: Cast) -> None:
    event = data.a_health_event(cast)
    services.update_health_event(actor=_manager(cast), event=event, note=event.note)
    assert not AuditEvent.objects.filter(action="outcomes.health_event_update").exists()
    services.update_health_event(actor=_manager(cast), event=event, planned=True)
    change = AuditEvent.objects.get(action="outcomes.health_event_update")
    assert change.changes == {"planned": {"old": False, "new": True}}
    assert change.person_id == cast.person.pk


def test_nhs_use_in_the_future_is_refused(cast: Cast) -> None:
    with pytest.raises(ValidationError) as raised:
        services.add_health_event(
            actor=_manager(cast), person=cast.person, kind="gp", on=cast.today + dt.timedelta(1)
        )
    assert "on" in raised.value.message_dict


def test_another_organisations_person_is_refused(cast: Cast) -> None:
    admin = cast.user("other_org_admin")
    assert admin is not None
    with pytest.raises(ValidationError):
        services.add_connection(
            actor=admin, person=cast.person, kind="community", name="Club", started_on=cast.today
        )


def test_a_connection_needs_a_name_and_an_end_after_its_start(cast: Cast) -> None:
    with pytest.raises(ValidationError) as raised:
        services.add_connection(
            actor=_manager(cast),
            person=cast.person,
            kind="work",
            name="   ",
            started_on=cast.today,
            ended_on=cast.today,
            minutes_per_week=200 * 60,
        )
    assert set(raised.value.message_dict) == {"name", "ended_on", "minutes_per_week"}


def test_moving_a_value_onto_a_date_that_has_one_is_refused(cast: Cast) -> None:
    first = data.a_measure_record(cast)
    second = services.record_measure(
        actor=_manager(cast),
        person=cast.person,
        measure="nights_out",
        on=first.on - dt.timedelta(days=7),
        value=Decimal("2.5"),
    )
    with pytest.raises(ValidationError) as raised:
        services.update_measure_record(actor=_manager(cast), record=second, on=first.on)
    assert "already has a value" in raised.value.message_dict["on"][0]
    second.refresh_from_db()
    assert second.on == first.on - dt.timedelta(days=7)
    assert MeasureRecord.objects.count() == 2
    assert AuditEvent.objects.filter(action="outcomes.measure_record_add").count() == 1


def test_the_same_name_in_other_words_is_still_a_computed_measure(cast: Cast) -> None:
    assert services.computed_measure_named("A&E VISITS") == "A&E visits"
    assert services.computed_measure_named("Nights out") is None
