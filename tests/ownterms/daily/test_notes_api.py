"""/api/v1/people/{person}/daily-notes and /handovers: the pages' access and services as JSON;
duplicates, bad input and amendments without a reason answer 422; acknowledgements once."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from ownterms.api import services
from ownterms.daily.models import DailyNote, Handover, HandoverAcknowledgement
from ownterms.plans.models import Goal
from tests.cast import Cast
from tests.ownterms.api.conftest import ApiClient, assert_envelope
from tests.ownterms.daily import notes_data
from tests.ownterms.rota.factories import assign, shift

pytestmark = pytest.mark.django_db


def client_for(cast: Cast, member: str) -> ApiClient:
    user = cast.user(member)
    assert user is not None
    return ApiClient(services.create_token(user=user, name=member).secret)


def notes_url(cast: Cast, *rest: str) -> str:
    return "/".join([f"/api/v1/people/{cast.person.public_id}/daily-notes", *rest])


def handovers_url(cast: Cast, *rest: str) -> str:
    return "/".join([f"/api/v1/people/{cast.person.public_id}/handovers", *rest])


def test_readers_list_notes_by_day_and_others_get_404(cast: Cast) -> None:
    note = notes_data.a_note(cast)
    day = notes_data.worked_shift(cast).on
    for member in ("team_worker", "manager", "on_call_manager", "person_user", "administrator"):
        body = client_for(cast, member).get(notes_url(cast) + f"?day={day.isoformat()}").json()
        assert body["count"] == 1 and body["limit"] == 50 and body["offset"] == 0
        [item] = body["items"]
        assert item["public_id"] == str(note.public_id)
        assert item["written_by"] == "Tariq Teamworker"
        assert item["version"] == 1 and item["language_warnings"] == []
    empty = client_for(cast, "manager").get(
        notes_url(cast) + f"?day={(day - dt.timedelta(days=1)).isoformat()}"
    )
    assert empty.json()["count"] == 0
    for member in ("outside_worker", "former_worker", "circle_with_consent", "other_org_admin"):
        assert_envelope(client_for(cast, member).get(notes_url(cast)), 404)
    assert_envelope(client_for(cast, "manager").get(notes_url(cast) + "?day=yesterday"), 422)
    assert_envelope(client_for(cast, "manager").get(notes_url(cast) + "?limit=500"), 422)


def test_writing_a_note_with_goals_warnings_and_a_refused_second(cast: Cast) -> None:
    row = notes_data.worked_shift(cast)
    goal = Goal.objects.create(
        organisation=cast.organisation, person=cast.person, title="Swim", owner="Alex"
    )
    body: dict[str, Any] = {
        "shift": str(row.public_id),
        "mood": "okay",
        "activities": "Swam 🏊 <b>ten</b> lengths.",
        "how_they_were": "He was naughty in the changing room.",
        "goals": [str(goal.public_id)],
    }
    client = client_for(cast, "team_worker")
    created = client.request("POST", notes_url(cast), body)
    assert created.status_code == 201, created.content
    data = created.json()
    assert data["activities"] == "Swam 🏊 <b>ten</b> lengths."
    assert data["goals"] == [str(goal.public_id)]
    assert [w["key"] for w in data["language_warnings"]] == ["naughty"]
    again = assert_envelope(client.request("POST", notes_url(cast), body), 422)
    assert data["public_id"] in again["fields"]["body.shift"][0]
    assert DailyNote.objects.count() == 1


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"mood": "furious"}, "body.mood"),
        ({"activities": "x" * 20001}, "body.activities"),
        ({"activities": 5}, "body.activities"),
        ({"shift": "00000000-0000-0000-0000-000000000009"}, "body.shift"),
        ({"goals": ["00000000-0000-0000-0000-000000000009"]}, "body.goals"),
        ({"surprise": 1}, "body.surprise"),
        ({"activities": "", "how_they_were": ""}, "body.activities"),
    ],
    ids=["mood", "too-long", "not-text", "no-shift", "no-goal", "unknown-field", "empty"],
)
def test_bad_notes_answer_422_with_the_field(
    cast: Cast, change: dict[str, Any], field: str
) -> None:
    body = {
        "shift": str(notes_data.worked_shift(cast).public_id),
        "mood": "good",
        "activities": "Walked.",
        **change,
    }
    error = assert_envelope(
        client_for(cast, "team_worker").request("POST", notes_url(cast), body), 422
    )
    assert field in error["fields"], error
    assert not DailyNote.objects.exists()


def test_who_may_write_and_amend(cast: Cast) -> None:
    note = notes_data.a_note(cast)
    body = {
        "shift": str(notes_data.worked_shift(cast).public_id),
        "mood": "good",
        "activities": "A",
    }
    for member in ("on_call_manager", "person_user"):
        assert_envelope(client_for(cast, member).request("POST", notes_url(cast), body), 403)
    path = notes_url(cast, str(note.public_id))
    change = {"reason": "Counted again", "activities": "Swam twelve lengths."}
    assert_envelope(client_for(cast, "on_call_manager").request("PATCH", path, change), 403)
    assert_envelope(client_for(cast, "team_worker").request("PATCH", path, {"mood": "great"}), 422)
    assert_envelope(
        client_for(cast, "team_worker").request("PATCH", path, {"reason": "x", "mood": None}), 422
    )
    amended = client_for(cast, "manager").request("PATCH", path, change)
    assert amended.status_code == 200, amended.content
    assert amended.json()["version"] == 2
    assert amended.json()["activities"] == "Swam twelve lengths."
    assert client_for(cast, "team_worker").get(path).json()["version"] == 2


def test_handovers_written_amended_and_acknowledged_once(cast: Cast) -> None:
    row = notes_data.worked_shift(cast)
    writer = client_for(cast, "team_worker")
    created = writer.request(
        "POST", handovers_url(cast), {"shift": str(row.public_id), "text": "Tea at six."}
    )
    assert created.status_code == 201, created.content
    handover_id = created.json()["public_id"]
    assert_envelope(
        writer.request("POST", handovers_url(cast), {"shift": str(row.public_id), "text": "x"}),
        422,
    )
    assert_envelope(
        writer.request("POST", handovers_url(cast), {"shift": str(row.public_id), "text": ""}),
        422,
    )
    path = handovers_url(cast, handover_id)
    amended = writer.request("PATCH", path, {"reason": "Later", "text": "Tea at seven."})
    assert amended.status_code == 200 and amended.json()["version"] == 2

    incoming = shift(cast.person, row.on + dt.timedelta(days=1), 9, 6)
    assign(incoming, cast.staff["manager"])
    reader = client_for(cast, "manager")
    ack = path + "/acknowledgements"
    first = reader.request("POST", ack, {"shift": str(incoming.public_id)})
    assert first.status_code == 201, first.content
    [entry] = first.json()["acknowledgements"]
    assert entry["name"] == "Mo Manager" and entry["shift"] == str(incoming.public_id)
    assert reader.request("POST", ack, {}).status_code == 200
    assert HandoverAcknowledgement.objects.count() == 1
    assert_envelope(writer.request("POST", ack, {}), 422)
    assert_envelope(client_for(cast, "administrator").request("POST", ack, {}), 403)
    assert_envelope(client_for(cast, "person_user").request("POST", ack, {}), 403)
    listed = reader.get(handovers_url(cast) + f"?day={row.on.isoformat()}").json()
    assert [item["public_id"] for item in listed["items"]] == [handover_id]
    assert Handover.objects.get().text == "Tea at seven."
