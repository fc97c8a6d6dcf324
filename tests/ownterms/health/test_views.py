"""Health pages: who sees them, forms, and query ceilings."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client

from ownterms.audit.models import AuditEvent
from ownterms.health.models import Allergy, Condition, Medication
from tests.cast import Cast
from tests.ownterms.health.data import give_health

pytestmark = pytest.mark.django_db


def url(cast: Cast, suffix: str = "") -> str:
    return f"/o/{cast.organisation.slug}/people/{cast.person.public_id}/health/{suffix}"


def signed_in(client: Client, cast: Cast, member: str) -> Client:
    client.force_login(cast.user(member))  # type: ignore[arg-type]
    return client


def date(prefix: str, day: dt.date) -> dict[str, str]:
    return {
        f"{prefix}_day": str(day.day),
        f"{prefix}_month": str(day.month),
        f"{prefix}_year": str(day.year),
    }


def test_team_worker_reads_health_but_cannot_change_it(cast: Cast, client: Client) -> None:
    give_health(cast)
    page = signed_in(client, cast, "team_worker").get(url(cast))
    html = page.content.decode()
    assert page.status_code == 200
    assert html.index("Short sentences") < html.index("<h1")  # communication needs first
    for text in ("Epilepsy", "Penicillin", "Buccal midazolam", "Review overdue", "Dr Amara"):
        assert text in html
    assert "Sodium valproate" in html  # in the medication history
    assert "Add a medicine" not in html
    event = AuditEvent.objects.get(kind="access", actor=cast.team_worker)
    assert (event.page, event.basis) == ("person.health", "team")
    assert client.get(url(cast, "medicines/add/")).status_code == 403


def test_circle_member_without_health_consent_gets_404(cast: Cast, client: Client) -> None:
    give_health(cast)
    signed_in(client, cast, "circle_with_consent")
    assert client.get(url(cast)).status_code == 404
    assert client.get(url(cast, "passport/")).status_code == 404


def test_partner_with_health_grant_reads(cast: Cast, client: Client) -> None:
    give_health(cast)
    page = signed_in(client, cast, "partner_current").get(url(cast))
    assert page.status_code == 200 and "Penicillin" in page.content.decode()
    event = AuditEvent.objects.get(kind="access", actor=cast.partner_current)
    assert event.basis == "partner_grant"


def test_health_tab_listed_only_for_those_who_may_read_it(cast: Cast, client: Client) -> None:
    person_page = f"/o/{cast.organisation.slug}/people/{cast.person.public_id}/"
    html = signed_in(client, cast, "team_worker").get(person_page).content.decode()
    assert url(cast) in html
    other = Client()
    html = signed_in(other, cast, "circle_with_consent").get(person_page).content.decode()
    assert url(cast) not in html


def test_passport_has_every_section(cast: Cast, client: Client) -> None:
    give_health(cast)
    html = signed_in(client, cast, "manager").get(url(cast, "passport/")).content.decode()
    for heading in (
        "Who I am",
        "How to communicate with me",
        "How to support me",
        "Allergies",
        "My conditions",
        "My medication",
        "Key contacts",
    ):
        assert heading in html
    assert "call 999" in html  # the rescue medicine's protocol
    assert "Carol Fairweather" not in html  # no phone or email recorded: not a contact


def test_passport_carries_how_best_to_support_me_from_the_profile(
    cast: Cast, client: Client
) -> None:
    from tests.ownterms.plans.data import plan_data

    give_health(cast)
    plan_data(cast)
    html = signed_in(client, cast, "manager").get(url(cast, "passport/")).content.decode()
    assert "Give me time to answer." in html


def test_manager_adds_condition_and_bad_input_is_refused(cast: Cast, client: Client) -> None:
    signed_in(client, cast, "manager")
    future = cast.today + dt.timedelta(days=5)
    page = client.post(url(cast, "condition/add/"), {"name": "Asthma", **date("since", future)})
    assert page.status_code == 400
    assert "The date must be today or in the past." in page.content.decode()
    assert not Condition.objects.exists()
    page = client.post(url(cast, "condition/add/"), {"name": "Asthma"})
    assert page.status_code == 302
    assert Condition.objects.get().name == "Asthma"
    condition = Condition.objects.get()
    page = client.post(url(cast, f"condition/{condition.public_id}/"), {"name": ""})
    assert page.status_code == 400 and "Enter the condition." in page.content.decode()
    page = client.post(url(cast, f"condition/{condition.public_id}/remove/"), {})
    assert page.status_code == 302
    html = client.get(url(cast)).content.decode()
    assert "Latest changes" in html and "Condition taken off" in html and "Mo Manager" in html
    worker = signed_in(Client(), cast, "team_worker").get(url(cast)).content.decode()
    assert "Latest changes" not in worker
    condition.refresh_from_db()
    assert condition.removed_at is not None
    assert client.get(url(cast, f"condition/{condition.public_id}/")).status_code == 404


def test_allergy_form_and_unknown_kind(cast: Cast, client: Client) -> None:
    signed_in(client, cast, "manager")
    page = client.post(url(cast, "allergy/add/"), {"substance": "Latex", "severity": "nope"})
    assert page.status_code == 400
    page = client.post(url(cast, "allergy/add/"), {"substance": "Latex", "severity": "mild"})
    assert page.status_code == 302 and Allergy.objects.get().substance == "Latex"
    assert client.get(url(cast, "medicine/add/")).status_code == 404


def test_psychotropic_without_reason_is_refused_on_the_form(cast: Cast, client: Client) -> None:
    signed_in(client, cast, "manager")
    data = {
        "name": "Risperidone",
        "dose": "0.5 mg",
        "route": "oral",
        "kind": "regular",
        "frequency": "Once a day",
        "is_psychotropic": "on",
        **date("starts_on", dt.date(2025, 1, 1)),
    }
    page = client.post(url(cast, "medicines/add/"), data)
    html = page.content.decode()
    assert page.status_code == 400
    assert "Say why this psychotropic medicine is prescribed (STOMP)." in html
    assert "Enter when this psychotropic medicine will be reviewed (STOMP)." in html
    assert not Medication.objects.exists()
    review = cast.today + dt.timedelta(days=90)
    page = client.post(
        url(cast, "medicines/add/"),
        {**data, "psychotropic_reason": "Anxiety at night", **date("review_on", review)},
    )
    assert page.status_code == 302
    assert Medication.objects.get().review_on == review


def test_change_and_stop_pages(cast: Cast, client: Client) -> None:
    rescue = give_health(cast)["rescue"]
    assert isinstance(rescue, Medication)
    signed_in(client, cast, "manager")
    assert client.get(url(cast, f"medicines/{rescue.public_id}/change/")).status_code == 200
    page = client.post(
        url(cast, f"medicines/{rescue.public_id}/change/"),
        {
            "name": rescue.name,
            "dose": "5 mg",
            "route": rescue.route,
            "kind": rescue.kind,
            "frequency": rescue.frequency,
            "prn_protocol": rescue.prn_protocol,
            **date("changes_on", cast.today),
        },
    )
    assert page.status_code == 302
    new = Medication.objects.get(replaces=rescue)
    assert new.dose == "5 mg"
    page = client.post(url(cast, f"medicines/{new.public_id}/stop/"), date("stops_on", cast.today))
    assert page.status_code == 400 and "Say why the medicine is stopping." in page.content.decode()
    page = client.post(
        url(cast, f"medicines/{new.public_id}/stop/"),
        {**date("stops_on", cast.today), "stop_reason": "Reviewed by the GP"},
    )
    assert page.status_code == 302
    new.refresh_from_db()
    assert new.stops_on == cast.today


def _more_health(cast: Cast, count: int) -> None:
    for index in range(count):
        Condition.objects.create(
            organisation=cast.organisation, person=cast.person, name=f"C{index}"
        )
        Allergy.objects.create(
            organisation=cast.organisation,
            person=cast.person,
            substance=f"A{index}",
            severity="mild",
        )
        Medication.objects.create(
            organisation=cast.organisation,
            person=cast.person,
            name=f"M{index}",
            dose="1 mg",
            route="oral",
            kind="regular",
            frequency="daily",
            starts_on=dt.date(2024, 1, 1),
            stops_on=dt.date(2024, 6, 1) if index % 2 else None,
        )


@pytest.mark.parametrize("page", ["", "passport/"])
def test_health_pages_have_a_query_ceiling(
    cast: Cast, client: Client, django_assert_max_num_queries: Any, page: str
) -> None:
    signed_in(client, cast, "manager")
    give_health(cast)
    _more_health(cast, 2)
    client.get(url(cast, page))  # warm the access-event de-duplication
    with django_assert_max_num_queries(30) as small:
        assert client.get(url(cast, page)).status_code == 200
    _more_health(cast, 25)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(url(cast, page)).status_code == 200
