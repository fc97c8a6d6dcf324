"""Health summary services: audited, refusing bad input, never deleting."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from ownterms.audit.models import AuditEvent
from ownterms.health.models import Allergy, Condition, HealthContact, Medication
from ownterms.health.selectors import health_summary
from ownterms.health.services import (
    add_item,
    add_medication,
    change_medication,
    remove_item,
    stop_medication,
    update_item,
)
from tests.cast import Cast

pytestmark = pytest.mark.django_db


def _regular(**overrides: object) -> dict[str, object]:
    values: dict[str, object] = {
        "name": "Lamotrigine",
        "dose": "100 mg",
        "route": "oral",
        "kind": "regular",
        "frequency": "Twice a day, 8am and 8pm",
        "starts_on": dt.date(2024, 1, 1),
    }
    values.update(overrides)
    return values


def test_condition_added_changed_and_removed_with_audit(cast: Cast) -> None:
    manager = cast.manager
    assert manager is not None
    condition = add_item(
        actor=manager,
        person=cast.person,
        model=Condition,
        name="Epilepsy",
        notes="Night-time seizures",
        since=dt.date(2010, 1, 1),
    )
    added = AuditEvent.objects.get(action="health.condition.add")
    assert added.person_id == cast.person.pk
    assert added.changes["name"] == {"old": None, "new": "Epilepsy"}
    assert added.changes["notes"] == {"changed": True}  # special-category free text
    update_item(actor=manager, item=condition, name="Epilepsy (focal)")
    changed = AuditEvent.objects.get(action="health.condition.update")
    assert changed.changes == {"name": {"old": "Epilepsy", "new": "Epilepsy (focal)"}}
    remove_item(actor=manager, item=condition)
    assert Condition.objects.filter(pk=condition.pk).exists()  # kept, only marked
    assert AuditEvent.objects.filter(action="health.condition.remove").count() == 1
    assert health_summary(cast.person).conditions == []
    with pytest.raises(ValidationError):
        update_item(actor=manager, item=condition, name="Again")


def test_condition_since_in_the_future_is_refused(cast: Cast) -> None:
    with pytest.raises(ValidationError) as error:
        add_item(
            actor=cast.manager,  # type: ignore[arg-type]
            person=cast.person,
            model=Condition,
            name="Asthma",
            since=cast.today + dt.timedelta(days=3),
        )
    assert "since" in error.value.message_dict
    assert not Condition.objects.exists()
    assert not AuditEvent.objects.filter(kind="change").exists()


def test_allergy_and_contact_validated(cast: Cast) -> None:
    manager = cast.manager
    assert manager is not None
    with pytest.raises(ValidationError) as error:
        add_item(actor=manager, person=cast.person, model=Allergy, substance="Nuts", severity="x")
    assert "severity" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        add_item(
            actor=manager,
            person=cast.person,
            model=HealthContact,
            role="gp",
            name="Dr Who",
            email="not an email",
        )
    assert "email" in error.value.message_dict
    with pytest.raises(ValueError, match="not editable"):
        add_item(actor=manager, person=cast.person, model=Allergy, substance="Nuts", person_id=1)


def test_other_organisation_cannot_write(cast: Cast) -> None:
    with pytest.raises(ValidationError):
        add_item(
            actor=cast.other_org_admin,  # type: ignore[arg-type]
            person=cast.person,
            model=Condition,
            name="Epilepsy",
        )


def test_prn_needs_protocol_and_psychotropic_needs_reason_and_review(cast: Cast) -> None:
    manager = cast.manager
    assert manager is not None
    with pytest.raises(ValidationError) as error:
        add_medication(actor=manager, person=cast.person, **_regular(kind="prn"))
    assert "prn_protocol" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        add_medication(actor=manager, person=cast.person, **_regular(is_psychotropic=True))
    assert set(error.value.message_dict) == {"psychotropic_reason", "review_on"}
    with pytest.raises(ValidationError) as error:
        add_medication(
            actor=manager,
            person=cast.person,
            **_regular(
                is_psychotropic=True,
                psychotropic_reason="Anxiety",
                review_on=cast.today - dt.timedelta(days=1),
            ),
        )
    assert error.value.message_dict["review_on"] == ["The review date must not be in the past."]
    assert not Medication.objects.exists()


def test_database_refuses_psychotropic_without_review(cast: Cast) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        Medication.objects.create(
            organisation=cast.organisation,
            person=cast.person,
            **_regular(is_psychotropic=True, psychotropic_reason="Anxiety"),
        )


def test_change_keeps_history_and_stop_never_deletes(cast: Cast) -> None:
    manager = cast.manager
    assert manager is not None
    first = add_medication(actor=manager, person=cast.person, **_regular())
    change_on = cast.today
    second = change_medication(actor=manager, medication=first, changes_on=change_on, dose="150 mg")
    first.refresh_from_db()
    assert first.stops_on == change_on and first.stop_reason == "Changed"
    assert second.replaces == first and second.dose == "150 mg" and second.starts_on == change_on
    summary = health_summary(cast.person)
    assert summary.medications == [second]
    assert summary.past_medications == [first]
    with pytest.raises(ValidationError, match="Nothing has changed"):
        change_medication(
            actor=manager, medication=second, changes_on=change_on + dt.timedelta(days=1)
        )
    with pytest.raises(ValidationError) as error:
        stop_medication(
            actor=manager, medication=second, stops_on=dt.date(2000, 1, 1), reason="Error"
        )
    assert "stops_on" in error.value.message_dict
    with pytest.raises(ValidationError):
        stop_medication(actor=manager, medication=second, reason="  ")
    stop_medication(actor=manager, medication=second, reason="Stopped by the neurologist")
    assert Medication.objects.count() == 2
    assert health_summary(cast.person).medications == []
    actions = list(
        AuditEvent.objects.filter(action__startswith="health.medication")
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert actions == [
        "health.medication.add",
        "health.medication.stop",
        "health.medication.change",
        "health.medication.stop",
    ]
    with pytest.raises(ValidationError, match="already stopped"):
        stop_medication(actor=manager, medication=second, reason="Again")


def test_overdue_psychotropic_review_is_flagged(cast: Cast) -> None:
    Medication.objects.create(
        organisation=cast.organisation,
        person=cast.person,
        **_regular(
            is_psychotropic=True,
            psychotropic_reason="Anxiety",
            review_on=cast.today - dt.timedelta(days=1),
        ),
    )
    summary = health_summary(cast.person)
    assert [m.name for m in summary.overdue_reviews] == ["Lamotrigine"]
