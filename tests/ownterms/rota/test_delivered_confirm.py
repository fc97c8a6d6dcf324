"""Confirming a shift as worked: who may, the rules on times and disturbances, corrections
audited with private text kept out, and the phone form."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from ownterms.audit.models import AuditEvent
from ownterms.rota.models import Delivery, Disturbance, Shift, ShiftKind
from ownterms.rota.services.delivery import DisturbanceInput, confirm_worked
from tests.cast import Cast
from tests.ownterms.rota.delivered_data import future_shift, past_shift, user
from tests.ownterms.rota.factories import assign, at, shift

pytestmark = pytest.mark.django_db


def _url(cast: Cast, row: Shift) -> str:
    return reverse(
        "rota:confirm_worked", kwargs={"org": cast.organisation.slug, "shift_id": row.public_id}
    )


def _confirm(cast: Cast, row: Shift, **kw: object) -> Delivery:
    values: dict[str, object] = {
        "actor": user(cast, "team_worker"),
        "shift": row,
        "staff_member": cast.staff["team_worker"],
        "started_at": row.starts_at,
        "ended_at": row.ends_at,
    }
    values.update(kw)
    return confirm_worked(**values)  # type: ignore[arg-type]


def _sleep_in(cast: Cast) -> Shift:
    return past_shift(cast, days_ago=3, start_hour=22, hours=9, kind=ShiftKind.SLEEP_IN)


def test_worker_confirms_with_planned_times(cast: Cast) -> None:
    row = past_shift(cast)
    delivery = _confirm(cast, row, note="All good")
    assert (delivery.started_at, delivery.ended_at) == (row.starts_at, row.ends_at)
    event = AuditEvent.objects.get(action="rota.delivery_confirm")
    assert event.person_id == cast.person.pk
    assert "All good" not in str(event.changes)


@pytest.mark.parametrize(
    ("start", "end", "field", "words"),
    [
        (dt.timedelta(hours=-5), dt.timedelta(0), "started_at", "4 hours before"),
        (dt.timedelta(hours=7), dt.timedelta(hours=8), "started_at", "planned end"),
        (dt.timedelta(0), dt.timedelta(hours=13), "ended_at", "6 hours after"),
        (dt.timedelta(hours=2), dt.timedelta(hours=1), "ended_at", "after the start"),
        (dt.timedelta(hours=1), dt.timedelta(hours=1), "ended_at", "after the start"),
    ],
)
def test_absurd_times_are_refused(
    cast: Cast, start: dt.timedelta, end: dt.timedelta, field: str, words: str
) -> None:
    row = past_shift(cast, days_ago=3)
    with pytest.raises(ValidationError) as caught:
        _confirm(cast, row, started_at=row.starts_at + start, ended_at=row.starts_at + end)
    assert words in " ".join(caught.value.message_dict[field])
    assert not Delivery.objects.exists()


def test_shift_not_started_or_not_ended_is_refused(cast: Cast) -> None:
    row = future_shift(cast)
    assign(row, cast.staff["team_worker"])
    with pytest.raises(ValidationError, match="not started"):
        _confirm(cast, row)
    now = timezone.now()
    running = shift(cast.person, timezone.localdate(), 0, 1)
    running.starts_at, running.ends_at = now - dt.timedelta(hours=1), now + dt.timedelta(hours=1)
    running.save()
    assign(running, cast.staff["team_worker"])
    with pytest.raises(ValidationError, match="future"):
        _confirm(cast, running)


def test_cancelled_shift_and_unassigned_worker_are_refused(cast: Cast) -> None:
    row = past_shift(cast)
    with pytest.raises(ValidationError, match="not on the rota"):
        _confirm(cast, row, staff_member=cast.staff["outside_worker"])
    Shift.objects.filter(pk=row.pk).update(status=Shift.Status.CANCELLED)
    with pytest.raises(ValidationError, match="cancelled"):
        _confirm(cast, row)


def test_sleep_in_disturbances_inside_and_apart(cast: Cast) -> None:
    row = _sleep_in(cast)
    woken = row.starts_at + dt.timedelta(hours=3)
    delivery = _confirm(
        cast,
        row,
        disturbances=[
            DisturbanceInput(woken, woken + dt.timedelta(minutes=25), "Needed the toilet"),
            DisturbanceInput(
                woken + dt.timedelta(hours=2),
                woken + dt.timedelta(hours=2, minutes=10),
                "Bad dream",
            ),
        ],
    )
    assert delivery.disturbances.count() == 2
    audit = AuditEvent.objects.get(action="rota.delivery_disturbances")
    assert "toilet" not in str(audit.changes) and "dream" not in str(audit.changes)
    assert audit.changes["disturbance_reasons"] == {"changed": True}


@pytest.mark.parametrize(
    ("items", "field", "words"),
    [
        ([(-1, 30, "x")], "disturbance_1", "inside the shift"),
        ([(60, 30, "x")], "disturbance_1", "after woken"),
        ([(60, 90, "  ")], "disturbance_1", "why you were woken"),
        ([(60, 120, "a"), (100, 130, "b")], "disturbance_2", "overlaps"),
        ([(60, 90, "r" * 201)], "disturbance_1", "200 characters"),
    ],
)
def test_bad_disturbances_are_refused(
    cast: Cast, items: list[tuple[int, int, str]], field: str, words: str
) -> None:
    row = _sleep_in(cast)
    with pytest.raises(ValidationError) as caught:
        _confirm(
            cast,
            row,
            disturbances=[
                DisturbanceInput(
                    row.starts_at + dt.timedelta(minutes=a),
                    row.starts_at + dt.timedelta(minutes=b),
                    reason,
                )
                for a, b, reason in items
            ],
        )
    assert words in " ".join(caught.value.message_dict[field])
    assert not Delivery.objects.exists()


def test_disturbances_only_on_a_sleep_in(cast: Cast) -> None:
    row = past_shift(cast)
    with pytest.raises(ValidationError, match="Only a sleep-in"):
        _confirm(
            cast,
            row,
            disturbances=[
                DisturbanceInput(row.starts_at, row.starts_at + dt.timedelta(minutes=5), "x")
            ],
        )


def test_correction_is_audited_and_stale_edit_refused(cast: Cast) -> None:
    row = _sleep_in(cast)
    first = _confirm(cast, row)
    seen = first.updated_at
    later = _confirm(
        cast,
        row,
        actor=user(cast, "manager"),
        ended_at=row.ends_at - dt.timedelta(minutes=30),
        note="Left early, private reason",
        seen=seen,
        disturbances=[
            DisturbanceInput(
                row.starts_at + dt.timedelta(hours=1),
                row.starts_at + dt.timedelta(hours=2),
                "Seizure",
            )
        ],
    )
    assert later.pk == first.pk and Delivery.objects.count() == 1
    assert Disturbance.objects.filter(delivery=later).count() == 1
    event = AuditEvent.objects.get(action="rota.delivery_change")
    assert event.person_id == cast.person.pk
    text = str(event.changes)
    assert "Seizure" not in text and "private reason" not in text
    assert event.changes["note"] == {"changed": True}
    assert "ended_at" in event.changes and "disturbances" in event.changes
    with pytest.raises(ValidationError, match="Someone else changed"):
        _confirm(cast, row, seen=seen)


# The page ---------------------------------------------------------------------------------


def _client(cast: Cast, name: str) -> Client:
    client = Client()
    client.force_login(user(cast, name))
    return client


def test_phone_form_defaults_to_planned_times(cast: Cast) -> None:
    row = past_shift(cast)
    page = _client(cast, "team_worker").get(_url(cast, row))
    assert page.status_code == 200
    html = page.content.decode()
    assert 'value="09:00"' in html and 'value="15:00"' in html
    assert "Disturbance" not in html


def test_worker_posts_times_and_a_disturbance_across_midnight(cast: Cast) -> None:
    row = _sleep_in(cast)  # 22:00 to 07:00
    response = _client(cast, "team_worker").post(
        _url(cast, row),
        {
            "started": "22:00",
            "ended": "06:45",
            "disturbance_1_woken": "23:50",
            "disturbance_1_back": "00:20",
            "disturbance_1_reason": "Called out",
        },
    )
    assert response.status_code == 302
    delivery = Delivery.objects.get()
    assert delivery.ended_at == at(row.on + dt.timedelta(days=1), 6, 45)
    disturbance = delivery.disturbances.get()
    assert disturbance.started_at == at(row.on, 23, 50)
    assert disturbance.ended_at == at(row.on + dt.timedelta(days=1), 0, 20)


@pytest.mark.parametrize(
    ("data", "field", "words"),
    [
        ({"started": "", "ended": "15:00"}, "started", "Enter a time"),
        ({"started": "9am", "ended": "15:00"}, "started", "09:00"),
        ({"started": "25:00", "ended": "15:00"}, "started", "between 00:00"),
        ({"started": "02:00", "ended": "15:00"}, "started", "4 hours before"),
        ({"started": "=cmd|' /C calc'!A0", "ended": "15:00"}, "started", "5 characters"),
    ],
)
def test_bad_input_shows_next_to_the_field(
    cast: Cast, data: dict[str, str], field: str, words: str
) -> None:
    row = past_shift(cast)
    response = _client(cast, "team_worker").post(_url(cast, row), data)
    assert response.status_code == 400
    form = response.context["form"]
    assert words in " ".join(form.errors[field])
    assert not Delivery.objects.exists()


def test_office_confirms_for_a_worker_and_readers_may_not(cast: Cast) -> None:
    row = past_shift(cast)
    manager = _client(cast, "manager")
    assert manager.get(_url(cast, row)).status_code == 200
    assert manager.post(_url(cast, row), {"started": "09:15", "ended": "15:00"}).status_code == 302
    delivery = Delivery.objects.get()
    assert delivery.staff_member == cast.staff["team_worker"]
    assert delivery.started_at == at(row.on, 9, 15)
    assert _client(cast, "on_call_manager").get(_url(cast, row)).status_code == 403
    assert _client(cast, "outside_worker").get(_url(cast, row)).status_code == 404


def test_future_shift_page_says_wait(cast: Cast) -> None:
    row = future_shift(cast)
    assign(row, cast.staff["team_worker"])
    page = _client(cast, "team_worker").get(_url(cast, row))
    assert page.status_code == 200
    assert "has not started yet" in page.content.decode()


def test_two_first_confirmations_do_not_overwrite(cast: Cast) -> None:
    row = past_shift(cast)
    worker, manager = _client(cast, "team_worker"), _client(cast, "manager")
    worker_form = worker.get(_url(cast, row)).context["form"]
    manager_form = manager.get(_url(cast, row)).context["form"]
    assert worker_form.initial["seen"] == manager_form.initial["seen"] == "new"
    first = {"started": "09:00", "ended": "14:00", "seen": "new"}
    assert worker.post(_url(cast, row), first).status_code == 302
    second = {"started": "09:00", "ended": "15:00", "seen": "new"}
    refused = manager.post(_url(cast, row), second)
    assert refused.status_code == 400
    assert "Someone else changed" in refused.content.decode()
    assert Delivery.objects.get().ended_at == at(row.on, 14)
    assert "now says" in refused.content.decode()
    seen = refused.context["form"]["seen"].value()
    assert seen != "new"
    again = manager.post(_url(cast, row), {**second, "seen": seen})
    assert again.status_code == 302
    assert Delivery.objects.get().ended_at == at(row.on, 15)


def test_office_chooses_the_worker_on_a_two_to_one(cast: Cast) -> None:
    row = past_shift(cast, headcount=2)
    assign(row, cast.staff["former_worker"])
    manager = _client(cast, "manager")
    page = manager.get(_url(cast, row))
    assert "Who worked it" in page.content.decode()
    fern = cast.staff["former_worker"]
    response = manager.post(
        f"{_url(cast, row)}?worker={fern.public_id}",
        {"worker": str(fern.public_id), "started": "09:00", "ended": "13:00", "seen": "new"},
    )
    assert response.status_code == 302
    assert Delivery.objects.get().staff_member == fern
    missing = manager.post(_url(cast, row), {"started": "09:00", "ended": "13:00"})
    assert missing.status_code == 400
    assert "Choose who worked the shift." in missing.content.decode()
