"""Communication needs, home context, commissioned packages and the circle pages (issue 3)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from ownterms.audit.models import AuditEvent
from ownterms.people.models import CircleMember, CommissionedPackage, Consent, Person
from ownterms.people.selectors import package_on, people_visible_to, person_packages
from ownterms.people.services import (
    add_circle_member,
    add_package,
    give_consent,
    update_circle_member,
    update_person,
)
from tests.cast import Cast

pytestmark = pytest.mark.django_db


def base(cast: Cast, suffix: str = "") -> str:
    return f"/o/{cast.organisation.slug}/people/{cast.person.public_id}/{suffix}"


def signed_in(client: Client, cast: Cast, member: str) -> Client:
    client.force_login(cast.user(member))  # type: ignore[arg-type]
    return client


def date(prefix: str, day: dt.date) -> dict[str, str]:
    return {
        f"{prefix}_day": str(day.day),
        f"{prefix}_month": str(day.month),
        f"{prefix}_year": str(day.year),
    }


def package(cast: Cast, starts_on: dt.date, **overrides: Any) -> CommissionedPackage:
    values: dict[str, Any] = {
        "starts_on": starts_on,
        "review_on": max(starts_on, cast.today) + dt.timedelta(days=180),
        "funder_name": "Harbourside Council",
        "funder_kind": "council",
        "day_minutes": 105 * 60,
        "sleep_in_nights": 7,
    }
    values.update(overrides)
    return add_package(actor=cast.manager, person=cast.person, **values)  # type: ignore[arg-type]


# Communication needs and home context


def test_format_needs_set_has_communication_needs_and_show_in_banner(
    cast: Cast, client: Client
) -> None:
    other = cast.other_person
    update_person(
        actor=cast.administrator,  # type: ignore[arg-type]
        person=other,
        basis="administrator",
        communication_formats=["makaton", "easy_read"],
    )
    other.refresh_from_db()
    assert other.has_communication_needs
    assert other.communication_formats == ["easy_read", "makaton"]  # in the list's order
    html = signed_in(client, cast, "administrator").get(
        f"/o/{cast.organisation.slug}/people/{other.public_id}/"
    )
    text = html.content.decode()
    assert text.index("Easy read, Makaton") < text.index("<h1")


@pytest.mark.parametrize("formats", [["telepathy"], ["bsl", "bsl"], "bsl", [1]])
def test_bad_format_needs_are_refused(cast: Cast, formats: object) -> None:
    with pytest.raises(ValidationError) as error:
        update_person(
            actor=cast.manager,  # type: ignore[arg-type]
            person=cast.person,
            basis="manager",
            communication_formats=formats,
        )
    assert "communication_formats" in error.value.message_dict
    cast.person.refresh_from_db()
    assert cast.person.communication_formats == []


def test_edit_page_saves_home_context_and_warns_about_housing(cast: Cast, client: Client) -> None:
    signed_in(client, cast, "manager")
    person = cast.person
    data = {
        "version": person.updated_at.isoformat(),
        "first_name": person.first_name,
        "last_name": person.last_name,
        "preferred_name": person.preferred_name,
        "communication_summary": person.communication_summary,
        "has_communication_needs": "on",
        "communication_formats": ["pictures", "large_print"],
        "home": "own_tenancy",
        "status": "active",
        "address_line_1": "4 Gull Terrace",
        "town": "Porthaven",
        "postcode": "PH1 4GT",
        "tenancy": "assured",
        "housing_provider": "Porthaven Homes",
        "housing_provider_is_support_provider": "on",
    }
    page = client.post(base(cast, "edit/"), {**data, "tenancy": "castle"})
    assert page.status_code == 400
    page = client.post(base(cast, "edit/"), data)
    assert page.status_code == 302
    person.refresh_from_db()
    assert person.tenancy == "assured" and person.postcode == "PH1 4GT"
    assert person.communication_formats == ["large_print", "pictures"]
    event = AuditEvent.objects.get(action="person.update")
    assert event.changes["housing_provider_is_support_provider"] == {"old": False, "new": True}
    html = client.get(base(cast)).content.decode()
    assert "Also the support provider" in html and "4 Gull Terrace" in html
    assert "Large print, Pictures or symbols" in html


# Commissioned packages


def test_later_package_supersedes_and_history_is_kept(cast: Cast) -> None:
    today = cast.today
    first = package(cast, today - dt.timedelta(days=100))
    second = package(
        cast, today + dt.timedelta(days=10), day_minutes=84 * 60, two_to_one_minutes=10 * 60
    )
    assert package_on(cast.person, today) == first
    assert package_on(cast.person, today + dt.timedelta(days=10)) == second
    assert package_on(cast.person, today - dt.timedelta(days=101)) is None
    periods = person_packages(cast.person)
    assert [p.package for p in periods] == [second, first]
    assert periods[1].effective_until == second.starts_on and periods[1].superseded
    assert AuditEvent.objects.filter(action="package.add").count() == 2
    first.refresh_from_db()
    assert first.ends_on is None  # never changed in place


def test_package_with_an_end_date_stops_applying(cast: Cast) -> None:
    start = cast.today - dt.timedelta(days=30)
    package(cast, start, ends_on=cast.today + dt.timedelta(days=1), review_on=cast.today)
    assert package_on(cast.person, cast.today) is not None
    assert package_on(cast.person, cast.today + dt.timedelta(days=1)) is None


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"ends_on": "same"}, "ends_on"),
        ({"review_on": "past"}, "review_on"),
        ({"sleep_in_nights": 8}, "sleep_in_nights"),
        ({"day_minutes": 169 * 60}, "day_minutes"),
        ({"day_minutes": 0, "sleep_in_nights": 0}, "day_minutes"),
        ({"day_minutes": -60}, "day_minutes"),
        ({"funder_kind": "lottery"}, "funder_kind"),
    ],
)
def test_bad_packages_are_refused(cast: Cast, overrides: dict[str, Any], field: str) -> None:
    start = cast.today
    if overrides.get("ends_on") == "same":
        overrides["ends_on"] = start
    if overrides.get("review_on") == "past":
        overrides["review_on"] = start - dt.timedelta(days=1)
    with pytest.raises(ValidationError) as error:
        package(cast, start, **overrides)
    assert field in error.value.message_dict
    assert not CommissionedPackage.objects.exists()
    assert not AuditEvent.objects.filter(action="package.add").exists()


def test_overlapping_package_is_refused(cast: Cast) -> None:
    package(cast, cast.today)
    for start in (cast.today, cast.today - dt.timedelta(days=1)):
        with pytest.raises(ValidationError) as error:
            package(cast, start)
        assert "overlap" in error.value.message_dict["starts_on"][0]
    assert CommissionedPackage.objects.count() == 1


def test_package_pages_read_by_team_and_recorded_by_manager(cast: Cast, client: Client) -> None:
    package(cast, cast.today - dt.timedelta(days=5), two_to_one_minutes=6 * 60 + 30)
    html = signed_in(client, cast, "team_worker").get(base(cast, "package/")).content.decode()
    assert "105 hours a week" in html and "6.5 hours a week" in html
    assert "Record a package" not in html
    assert client.get(base(cast, "package/add/")).status_code == 403
    other = Client()
    assert signed_in(other, cast, "partner_current").get(base(cast, "package/")).status_code == 404
    manager = signed_in(Client(), cast, "manager")
    start = cast.today + dt.timedelta(days=7)
    data = {
        **date("starts_on", start),
        **date("review_on", start + dt.timedelta(days=180)),
        "funder_name": "Porthaven ICB",
        "funder_kind": "joint",
        "day_minutes": "84:30",
        "two_to_one_minutes": "ten",
        "sleep_in_nights": "7",
    }
    page = manager.post(base(cast, "package/add/"), data)
    assert page.status_code == 400
    assert "Enter hours as a number" in page.content.decode()
    page = manager.post(base(cast, "package/add/"), {**data, "two_to_one_minutes": "2.25"})
    assert page.status_code == 302
    latest = CommissionedPackage.objects.get(starts_on=start)
    assert (latest.day_minutes, latest.two_to_one_minutes) == (84 * 60 + 30, 135)
    page = manager.post(base(cast, "package/add/"), {**data, "two_to_one_minutes": "1"})
    assert page.status_code == 400 and "overlap" in page.content.decode()


# Circle of support


def test_circle_services_audit_and_consent_order(cast: Cast) -> None:
    manager = cast.manager
    assert manager is not None
    member = add_circle_member(
        actor=manager, person=cast.person, name="Sam", kind="neighbour", relationship="Neighbour"
    )
    update_circle_member(actor=manager, circle_member=member, role="Feeds the cat")
    event = AuditEvent.objects.get(action="circle.update")
    assert event.changes == {"role": {"old": "", "new": "Feeds the cat"}}
    with pytest.raises(ValidationError) as error:
        give_consent(
            actor=manager,
            circle_member=member,
            category="health",
            given_by="person",
            starts_on=cast.today,
            ends_on=cast.today - dt.timedelta(days=1),
        )
    assert "ends_on" in error.value.message_dict
    with pytest.raises(ValidationError):
        update_circle_member(actor=manager, circle_member=member, kind="robot")
    assert not Consent.objects.filter(circle_member=member).exists()


def test_circle_page_shows_consents_and_hides_contacts_from_family(
    cast: Cast, client: Client
) -> None:
    CircleMember.objects.filter(pk=cast.circle["partner_current"].pk).update(phone="01632 960555")
    html = signed_in(client, cast, "manager").get(base(cast, "circle/")).content.decode()
    assert "01632 960555" in html and "End or withdraw" in html
    assert "Ended" in html  # the expired partner's grant
    family = signed_in(Client(), cast, "circle_with_consent").get(base(cast, "circle/"))
    assert family.status_code == 200
    text = family.content.decode()
    assert "01632 960555" not in text and "Add someone" not in text
    assert (
        signed_in(Client(), cast, "circle_without_consent").get(base(cast, "circle/")).status_code
        == 404
    )


def test_manager_manages_circle_and_consent_drives_access(cast: Cast, client: Client) -> None:
    signed_in(client, cast, "manager")
    page = client.post(base(cast, "circle/add/"), {"name": "Jo", "kind": "friend"})
    assert page.status_code == 400 and "Enter their relationship" in page.content.decode()
    page = client.post(
        base(cast, "circle/add/"),
        {"name": "Jo Baker", "kind": "friend", "relationship": "Friend", "email": "jo@example.org"},
    )
    assert page.status_code == 302
    jo = CircleMember.objects.get(name="Jo Baker")
    uncle = cast.circle["circle_without_consent"]
    uncle_client = signed_in(Client(), cast, "circle_without_consent")
    assert uncle_client.get(base(cast)).status_code == 404
    bad = client.post(
        base(cast, f"circle/{uncle.public_id}/consents/add/"),
        {
            "category": "profile",
            "given_by": "person",
            **date("starts_on", cast.today),
            **date("ends_on", cast.today - dt.timedelta(days=2)),
        },
    )
    assert bad.status_code == 400
    assert "The end date must be after the start date." in bad.content.decode()
    good = client.post(
        base(cast, f"circle/{uncle.public_id}/consents/add/"),
        {"category": "profile", "given_by": "person", **date("starts_on", cast.today)},
    )
    assert good.status_code == 302
    assert uncle_client.get(base(cast)).status_code == 200
    consent = Consent.objects.get(circle_member=uncle)
    ended = client.post(
        base(cast, f"circle/consents/{consent.public_id}/end/"),
        date("ends_on", cast.today - dt.timedelta(days=1)),
    )
    assert ended.status_code == 400  # before it started
    withdrawn = client.post(base(cast, f"circle/consents/{consent.public_id}/withdraw/"))
    assert withdrawn.status_code == 302
    consent.refresh_from_db()
    assert consent.withdrawn_at is not None
    assert uncle_client.get(base(cast)).status_code == 302  # signed out at once
    visible = people_visible_to(cast.circle_without_consent, "profile")  # type: ignore[arg-type]
    assert not visible.filter(pk=cast.person.pk).exists()
    page = client.post(
        base(cast, f"circle/{jo.public_id}/"),
        {"name": "Jo Baker", "kind": "friend", "relationship": "Best friend"},
    )
    assert page.status_code == 302
    jo.refresh_from_db()
    assert jo.relationship == "Best friend" and jo.email == ""
    other_person_member = CircleMember.objects.create(
        organisation=cast.organisation,
        person=cast.other_person,
        name="Not yours",
        kind="friend",
        relationship="Friend",
    )
    assert client.get(base(cast, f"circle/{other_person_member.public_id}/")).status_code == 404


def _more_circle(cast: Cast, count: int) -> None:
    for index in range(count):
        member = CircleMember.objects.create(
            organisation=cast.organisation,
            person=cast.person,
            name=f"Member {index}",
            kind="friend",
            relationship="Friend",
        )
        Consent.objects.create(
            organisation=cast.organisation,
            circle_member=member,
            category="profile",
            given_by="person",
            starts_on=cast.today,
        )


@pytest.mark.parametrize("page", ["circle/", "package/", ""])
def test_circle_and_package_pages_have_a_query_ceiling(
    cast: Cast, client: Client, django_assert_max_num_queries: Any, page: str
) -> None:
    signed_in(client, cast, "manager")
    _more_circle(cast, 2)
    package(cast, cast.today - dt.timedelta(days=400))
    client.get(base(cast, page))
    with django_assert_max_num_queries(30) as small:
        assert client.get(base(cast, page)).status_code == 200
    _more_circle(cast, 20)
    for days in range(1, 10):
        package(cast, cast.today - dt.timedelta(days=400 - days * 10))
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(base(cast, page)).status_code == 200


def test_person_model_helpers() -> None:
    person = Person(first_name="A", last_name="B", home="with_family", town="Porthaven")
    assert person.lives_with_family and person.address_lines == ["Porthaven"]


@pytest.mark.parametrize(
    ("member", "expected"),
    [
        ("team_worker", {"profile", "rota", "plans", "health", "daily"}),
        ("circle_with_consent", {"profile"}),
        ("partner_current", {"profile", "health"}),
        ("outside_worker", set()),
        ("finance", {"money"}),
    ],
)
def test_readable_categories_in_one_query(
    cast: Cast, member: str, expected: set[str], django_assert_num_queries: Any
) -> None:
    from ownterms.people.models import ConsentCategory
    from ownterms.people.selectors import readable_categories, roles_of

    user = cast.user(member)
    assert user is not None
    roles_of(user)  # cached per request in real use
    with django_assert_num_queries(1):
        got = readable_categories(user, cast.person.public_id, set(ConsentCategory.values))
    assert got == expected
