"""/api/v1/on-call: the same access and services as the pages, and the error envelope."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.utils import timezone

from ownterms.api.services import create_token
from ownterms.audit.models import AuditEvent
from ownterms.oncall.models import CallLog
from tests.cast import Cast
from tests.ownterms.api.conftest import ApiClient, assert_envelope
from tests.ownterms.oncall.helpers import a_call

pytestmark = pytest.mark.django_db
BASE = "/api/v1/on-call"


def api_as(cast: Cast, member: str) -> ApiClient:
    user = cast.user(member)
    assert user is not None
    return ApiClient(create_token(user=user, name="test").secret)


def data(response: Any) -> Any:
    return json.loads(response.content)


def test_now_for_staff_only(cast: Cast) -> None:
    response = api_as(cast, "team_worker").get(f"{BASE}/now")
    assert response.status_code == 200
    body = data(response)
    assert body["on_call"]["name"] == "Nia Oncall" and body["office_phone"] == ""
    assert_envelope(api_as(cast, "person_user").get(f"{BASE}/now"), 404, "not_found")
    assert_envelope(ApiClient().get(f"{BASE}/now"), 401)


def test_duties_between_dates(cast: Cast) -> None:
    client = api_as(cast, "coordinator")
    today = timezone.localdate()
    response = client.get(f"{BASE}/duties?from={today}&to={today + dt.timedelta(days=1)}")
    assert response.status_code == 200
    (duty,) = data(response)
    assert duty["manager"]["name"] == "Nia Oncall" and duty["kind"] in {
        "weekend",
        "weekday",
        "other",
    }
    assert_envelope(api_as(cast, "team_worker").get(f"{BASE}/duties?from={today}&to={today}"), 404)


@pytest.mark.parametrize(
    "query",
    [
        "from=2030-01-10&to=2030-01-01",
        "from=2030-01-01&to=2032-01-01",
        "from=nonsense&to=2030-01-01",
        "",
    ],
)
def test_bad_duty_ranges(cast: Cast, query: str) -> None:
    assert_envelope(api_as(cast, "manager").get(f"{BASE}/duties?{query}"), 422, "invalid")


def test_calls_hide_details_from_those_who_do_not_support_the_person(cast: Cast) -> None:
    a_call(cast)
    (mine,) = data(api_as(cast, "manager").get(f"{BASE}/calls"))
    assert mine["what_happened"].startswith("Alex had a seizure")
    assert mine["person"] == str(cast.person.public_id)
    (theirs,) = data(api_as(cast, "other_manager").get(f"{BASE}/calls"))
    assert theirs["about_someone_you_do_not_support"] is True
    assert theirs["what_happened"] is None and theirs["caller"] is None and theirs["person"] is None
    assert_envelope(api_as(cast, "team_worker").get(f"{BASE}/calls"), 404)


def test_log_a_call_and_close_its_follow_up(cast: Cast) -> None:
    client = api_as(cast, "on_call_manager")
    body = {
        "received_at": (timezone.now() - dt.timedelta(minutes=5)).isoformat(),
        "caller": "Carol Fairweather, mum",
        "person": str(cast.person.public_id),
        "what_happened": "Asked about Saturday.",
        "follow_up_needed": True,
        "follow_up_owner": str(cast.staff["manager"].public_id),
        "follow_up_due": str(timezone.localdate()),
    }
    response = client.request("POST", f"{BASE}/calls", body)
    assert response.status_code == 201, response.content
    call_id = data(response)["public_id"]
    assert AuditEvent.objects.filter(action="on_call.call", person=cast.person.pk).exists()
    done = f"{BASE}/calls/{call_id}/follow-up-done"
    assert_envelope(api_as(cast, "manager").request("POST", done, {"outcome": ""}), 422)
    response = api_as(cast, "manager").request("POST", done, {"outcome": "Sorted."})
    assert response.status_code == 200 and data(response)["follow_up_done_at"]
    error = assert_envelope(api_as(cast, "manager").request("POST", done, {"outcome": "x"}), 422)
    assert "marked this follow-up done" in json.dumps(error)


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"person": "00000000-0000-0000-0000-000000000000"}, "body.person"),
        ({"follow_up_owner": "00000000-0000-0000-0000-000000000000"}, "body.follow_up_owner"),
        ({"what_happened": ""}, "body.what_happened"),
        ({"received_at": "2999-01-01T00:00:00+00:00"}, "body.received_at"),
        ({"caller": "x" * 201}, "body.caller"),
        ({"surprise": 1}, "body.surprise"),
    ],
)
def test_bad_calls_get_the_envelope(cast: Cast, change: dict[str, Any], field: str) -> None:
    body = {
        "received_at": timezone.now().isoformat(),
        "caller": "Sam",
        "what_happened": "Asked a question.",
        **change,
    }
    error = assert_envelope(api_as(cast, "manager").request("POST", f"{BASE}/calls", body), 422)
    assert any(name.endswith(field.removeprefix("body.")) for name in error["fields"]), error
    assert not CallLog.objects.exists()


def test_follow_up_of_a_missing_call_is_404(cast: Cast) -> None:
    response = api_as(cast, "manager").request(
        "POST",
        f"{BASE}/calls/00000000-0000-0000-0000-000000000000/follow-up-done",
        {"outcome": "x"},
    )
    assert_envelope(response, 404)
