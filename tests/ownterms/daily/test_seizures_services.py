"""Seizure records: times, rescue medication checked against the protocol, the team and the
worker's training (untrained is allowed, flagged and told to the managers)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from ownterms.daily.models import DoseRecord, Seizure
from ownterms.daily.selectors.medicines import local_zone, prn_per_month
from ownterms.daily.services.seizures import amend_seizure, record_seizure
from ownterms.notifications.models import Notification
from tests.cast import Cast
from tests.ownterms.daily.medicines_data import regular, rescue, train

ZONE = local_zone()
START = dt.datetime(2030, 1, 10, 14, 0, tzinfo=ZONE)
NOW = dt.datetime(2030, 1, 10, 18, 0, tzinfo=ZONE)


def seizure(cast: Cast, **kwargs: Any) -> Seizure:
    values: dict[str, Any] = {
        "actor": cast.user("team_worker"),
        "person": cast.person,
        "starts_at": START,
        "ends_at": START + dt.timedelta(minutes=6),
        "seizure_type": "tonic_clonic",
        "description": "Shaking 🙁 <b>hard</b>",
        "now": NOW,
        **kwargs,
    }
    return record_seizure(**values)


def with_rescue(cast: Cast, **kwargs: Any) -> Seizure:
    return seizure(
        cast,
        rescue_medication=kwargs.pop("medication", None) or rescue(cast),
        rescue_given_at=kwargs.pop("given_at", START + dt.timedelta(minutes=5)),
        rescue_given_by=kwargs.pop("given_by", cast.staff["team_worker"]),
        **kwargs,
    )


def test_a_seizure_ending_before_it_starts_is_refused(cast: Cast) -> None:
    with pytest.raises(ValidationError) as error:
        seizure(cast, ends_at=START - dt.timedelta(minutes=1))
    assert "ends_at" in error.value.message_dict
    assert not Seizure.objects.exists()


def test_a_seizure_in_the_future_is_refused(cast: Cast) -> None:
    with pytest.raises(ValidationError):
        seizure(cast, starts_at=NOW + dt.timedelta(hours=1), ends_at=NOW + dt.timedelta(hours=2))


def test_rescue_by_a_trained_worker_is_a_prn_dose(cast: Cast) -> None:
    train(cast, "team_worker", completed=dt.date(2029, 1, 1), expires=dt.date(2031, 1, 1))
    record = with_rescue(cast)
    assert record.rescue_by_trained_worker is True
    dose = DoseRecord.objects.get(seizure=record)
    assert dose.is_prn and dose.at == START + dt.timedelta(minutes=5)
    assert prn_per_month([cast.person.pk], dt.date(2030, 1, 1), dt.date(2030, 1, 31)) == {
        "2030-01": 1
    }
    assert not Notification.objects.exists()


@pytest.mark.parametrize(
    ("completed", "expires"),
    [
        (None, None),
        (dt.date(2028, 1, 1), dt.date(2030, 1, 10)),
        (dt.date(2030, 1, 11), None),
    ],
    ids=["never-trained", "expired-that-day", "trained-later"],
)
def test_rescue_without_valid_training_is_allowed_flagged_and_told(
    cast: Cast, completed: dt.date | None, expires: dt.date | None
) -> None:
    if completed:
        train(cast, "team_worker", completed=completed, expires=expires)
    record = with_rescue(cast)
    assert record.rescue_by_trained_worker is False
    (note,) = Notification.objects.filter(topic="daily.rescue_untrained")
    assert note.user == cast.user("manager")
    assert "midazolam" not in note.body.lower() and cast.person.first_name not in note.body
    assert str(record.public_id) in note.link


def test_a_medicine_naming_no_training_is_not_checked(cast: Cast) -> None:
    record = with_rescue(cast, medication=rescue(cast, trained_skill=False))
    assert record.rescue_by_trained_worker is None


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"given_at": START - dt.timedelta(minutes=1)}, "rescue_given_at"),
        ({"given_at": START + dt.timedelta(minutes=67)}, "rescue_given_at"),
        ({"given_by": "outside_worker"}, "rescue_given_by"),
        ({"given_by": "former_worker"}, "rescue_given_by"),
        ({"medication": "regular"}, "rescue_medication"),
    ],
    ids=["before-start", "over-an-hour-after", "outside-team", "former-team", "not-prn"],
)
def test_rescue_medication_is_checked(cast: Cast, change: dict[str, Any], field: str) -> None:
    if "given_by" in change:
        change["given_by"] = cast.staff[change["given_by"]]
    if change.get("medication") == "regular":
        change["medication"] = regular(cast)
    with pytest.raises(ValidationError) as error:
        with_rescue(cast, **change)
    assert field in error.value.message_dict
    assert not Seizure.objects.exists() and not DoseRecord.objects.exists()


def test_rescue_details_without_the_medicine_are_refused(cast: Cast) -> None:
    with pytest.raises(ValidationError) as error:
        seizure(cast, rescue_given_by=cast.staff["team_worker"])
    assert "rescue_medication" in error.value.message_dict


def test_an_amendment_keeps_times_in_order(cast: Cast) -> None:
    record = seizure(cast)
    with pytest.raises(ValidationError):
        amend_seizure(
            actor=cast.user("manager"),
            record=record,
            changes={"ends_at": START - dt.timedelta(minutes=1)},
            reason="Typo",
            now=NOW,
        )
    amended = amend_seizure(
        actor=cast.user("manager"),
        record=record,
        changes={"recovery": "Slept for an hour"},
        reason="Added recovery",
        now=NOW,
    )
    assert amended.version == 2


def test_a_medicine_names_its_training_from_the_organisation_only(cast: Cast) -> None:
    from ownterms.health.services import add_medication
    from ownterms.vocabulary.models import Skill

    elsewhere = Skill.objects.create(organisation=cast.other_organisation, name="Rescue")
    values: dict[str, Any] = {
        "name": "Buccal midazolam",
        "dose": "10 mg",
        "route": "buccal",
        "kind": "prn",
        "frequency": "Once",
        "prn_protocol": "Seizure over 5 minutes",
        "starts_on": dt.date(2025, 1, 1),
        "is_psychotropic": False,
        "psychotropic_reason": "",
        "review_on": None,
    }
    with pytest.raises(ValidationError) as error:
        add_medication(
            actor=cast.user("manager"), person=cast.person, training_skill=elsewhere, **values
        )
    assert "training_skill" in error.value.message_dict
    from tests.ownterms.daily.medicines_data import skill

    added = add_medication(
        actor=cast.user("manager"), person=cast.person, training_skill=skill(cast), **values
    )
    assert added.training_skill is not None


def test_seizures_for_the_board_and_trends(cast: Cast) -> None:
    from ownterms.daily.selectors.seizures import seizures_between, seizures_per_month

    first = seizure(cast)
    second = seizure(
        cast, starts_at=START - dt.timedelta(days=40), ends_at=START - dt.timedelta(days=40)
    )
    day_before = START - dt.timedelta(hours=24)
    assert list(seizures_between([cast.person.pk], day_before, NOW)) == [first]
    assert seizures_per_month([cast.person.pk], START - dt.timedelta(days=60), NOW) == {
        "2029-12": 1,
        "2030-01": 1,
    }
    assert second.starts_at.month == 12
