"""/api/v1/vacancies: list, read and create, through the cast's tokens."""

from __future__ import annotations

import json

import pytest

from ownterms.api.services import create_token
from ownterms.audit.models import AuditEvent
from ownterms.recruitment.models import Vacancy
from ownterms.vocabulary.models import Tag
from tests.cast import Cast
from tests.ownterms.api.conftest import ApiClient, assert_envelope
from tests.ownterms.recruitment import data
from tests.ownterms.rota.factories import block, pattern

pytestmark = pytest.mark.django_db

BASE = "/api/v1/vacancies"


def client_for(cast: Cast, member: str) -> ApiClient:
    user = cast.user(member)
    assert user is not None
    return ApiClient(create_token(user=user, name="test").secret)


def test_list_and_read(cast: Cast) -> None:
    vacancy = data.a_vacancy(cast)
    data.an_application(cast)
    manager = client_for(cast, "manager")
    listing = json.loads(manager.get(BASE).content)
    assert listing["count"] == 1
    item = listing["items"][0]
    assert item["public_id"] == str(vacancy.public_id)
    assert item["wanted_interests"] == ["Swimming"] and item["avoided_traits"] == ["Talkative"]
    assert item["applications"] == {"meeting": 1}
    one = json.loads(manager.get(f"{BASE}/{vacancy.public_id}").content)
    assert one["questions"][0]["text"] == "Would you enjoy swimming twice a week?"
    assert AuditEvent.objects.filter(
        person=cast.person, page="api.recruitment.vacancy", kind="access"
    ).exists()
    alex = json.loads(client_for(cast, "person_user").get(f"{BASE}/{vacancy.public_id}").content)
    assert alex["applications"] == {}
    assert json.loads(client_for(cast, "team_worker").get(BASE).content)["count"] == 0
    assert_envelope(client_for(cast, "team_worker").get(f"{BASE}/{vacancy.public_id}"), 404)
    assert_envelope(client_for(cast, "other_org_admin").get(f"{BASE}/{vacancy.public_id}"), 404)
    assert_envelope(ApiClient().get(BASE), 401)


def test_create_from_wishes(cast: Cast) -> None:
    support = pattern(cast.person, anchor=cast.today)
    tuesday = block(support, 1, 540, 900)
    driving = data.skill(cast, "Driving")
    response = client_for(cast, "manager").request(
        "POST",
        BASE,
        {
            "person": str(cast.person.public_id),
            "kind": "core",
            "blocks": [str(tuesday.public_id)],
            "area": "LS6",
            "wanted_interests": ["Swimming", "swimming "],
            "wanted_traits": ["Calm"],
            "avoided_traits": ["Talkative"],
            "skills": [str(driving.public_id)],
            "personal_care": "woman",
            "voice": "third",
            "in_my_words": "<b>Hi</b> 🌊",
            "deciders": [str(cast.circle["circle_with_consent"].public_id)],
        },
    )
    assert response.status_code == 201, response.content
    body = json.loads(response.content)
    assert body["status"] == "draft"
    assert body["minutes_per_week"] == 360
    assert body["pattern_text"] == "Tuesdays 09:00\u201315:00"
    assert body["wanted_interests"] == ["Swimming"]
    assert len(body["questions"]) == 5
    assert body["in_my_words"] == "<b>Hi</b> 🌊"
    assert Tag.objects.filter(organisation=cast.organisation, label="Talkative").count() == 1


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"kind": "core"}, "body.person"),
        ({"person": "nonsense", "kind": "core"}, "body.person"),
        ({"kind": "sometimes"}, "body.kind"),
        ({"kind": "core", "area": "LS6 2AB"}, "body.area"),
        ({"kind": "core", "in_my_words": "x" * 100_000}, "body.in_my_words"),
        ({"kind": "core", "skills": ["6f1b7c52-3c9e-4d8e-9a57-0d2f4b1e8a11"]}, "body.skills"),
        ({"kind": "core", "deciders": ["6f1b7c52-3c9e-4d8e-9a57-0d2f4b1e8a11"]}, "body.deciders"),
        ({"kind": "core", "blocks": ["6f1b7c52-3c9e-4d8e-9a57-0d2f4b1e8a11"]}, "body.blocks"),
        (
            {"kind": "core", "wanted_traits": ["Calm"], "avoided_traits": ["calm"]},
            "body.avoided_tags",
        ),
        ({"kind": "core", "surprise": 1}, "body.surprise"),
    ],
)
def test_create_errors(cast: Cast, body: dict[str, object], field: str) -> None:
    person = {} if field == "body.person" else {"person": str(cast.person.public_id)}
    payload = {**person, **body}
    response = client_for(cast, "manager").request("POST", BASE, payload)
    error = assert_envelope(response, 422)
    assert field in error["fields"], error
    assert not Vacancy.objects.exists()


@pytest.mark.parametrize("member", ["person_user", "circle_with_consent", "team_worker"])
def test_only_recruiters_create(cast: Cast, member: str) -> None:
    response = client_for(cast, member).request(
        "POST", BASE, {"person": str(cast.person.public_id), "kind": "core"}
    )
    assert_envelope(response, 404)
