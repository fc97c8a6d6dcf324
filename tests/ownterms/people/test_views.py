"""Pages about people: what each member of the cast sees, forms, and query ceilings."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from ownterms.audit.models import AuditEvent
from ownterms.people.models import Person
from tests.cast import Cast
from tests.queries import warm_up


def url(cast: Cast, suffix: str = "", person: Person | None = None) -> str:
    base = f"/o/{cast.organisation.slug}/people/"
    if person is not None:
        base += f"{person.public_id}/"
    return base + suffix


def signed_in(client: Client, cast: Cast, member: str) -> Client:
    client.force_login(cast.user(member))  # type: ignore[arg-type]
    return client


def test_person_page_shows_communication_needs_first(cast: Cast, client: Client) -> None:
    page = signed_in(client, cast, "team_worker").get(url(cast, person=cast.person))
    html = page.content.decode()
    assert page.status_code == 200
    assert html.index("Short sentences") < html.index("<h1")
    assert "Tariq Teamworker" in html  # the team
    assert "Carol Fairweather" in html  # the circle
    assert "Change details" not in html  # support workers can't edit the core record
    assert "Who has looked" not in html
    event = AuditEvent.objects.get(kind="access", actor=cast.team_worker)
    assert (event.page, event.basis) == ("person", "team")


def test_circle_member_sees_only_what_consent_allows(cast: Cast, client: Client) -> None:
    html = signed_in(client, cast, "circle_with_consent").get(url(cast, person=cast.person))
    text = html.content.decode()
    assert html.status_code == 200
    assert "Tariq Teamworker" not in text  # the team is "who is coming": not consented
    assert "@brookside.example" not in text  # no contact details of others


def test_wrong_organisation_slug_is_404(cast: Cast, client: Client) -> None:
    signed_in(client, cast, "administrator")
    assert client.get(f"/o/elsewhere/people/{cast.person.public_id}/").status_code == 404
    assert client.get("/o/elsewhere/people/").status_code == 404
    assert client.get("/o/no-such-org/").status_code == 404
    assert client.get(url(cast)).status_code == 200


def test_people_list_shows_only_visible_people(cast: Cast, client: Client) -> None:
    text = signed_in(client, cast, "team_worker").get(url(cast)).content.decode()
    assert "Alex Fairweather" in text and "Bilal" not in text
    text = signed_in(Client(), cast, "other_org_admin").get("/o/elsewhere/people/").content
    assert b"Carys" in text and b"Alex" not in text
    long_query = signed_in(Client(), cast, "manager").get(url(cast) + "?q=" + "%" * 5000)
    assert long_query.status_code == 200


def test_people_list_query_ceiling(cast: Cast, client: Client) -> None:
    for number in range(60):
        Person.objects.create(
            organisation=cast.organisation, first_name=f"P{number:02}", last_name="X", home="other"
        )
    signed_in(client, cast, "administrator")
    client.get(url(cast))  # warm-up: session, content types
    with CaptureQueriesContext(connection) as queries:
        page = client.get(url(cast) + "?page=2")
    assert page.status_code == 200
    assert len(queries) <= 12, [query["sql"] for query in queries]


def test_edit_shows_errors_and_saves_nothing(cast: Cast, client: Client) -> None:
    signed_in(client, cast, "manager")
    form = client.get(url(cast, "edit/", cast.person))
    assert form.status_code == 200
    version = form.context["form"]["version"].value()
    bad = client.post(
        url(cast, "edit/", cast.person),
        {
            "version": version,
            "first_name": "",
            "last_name": "Fairweather",
            "home": "palace",
            "status": "active",
            "date_of_birth": "2999-01-01",
        },
    )
    assert bad.status_code == 400
    html = bad.content.decode()
    assert "govuk-error-summary" in html and 'href="#id_first_name"' in html
    assert 'href="#id_home_0"' in html and "must be in the past" in html
    cast.person.refresh_from_db()
    assert cast.person.first_name == "Alexandra"
    assert not AuditEvent.objects.filter(kind="change").exists()


def test_edit_saves_and_audits(cast: Cast, client: Client) -> None:
    signed_in(client, cast, "manager")
    version = client.get(url(cast, "edit/", cast.person)).context["form"]["version"].value()
    data = {
        "version": version,
        "first_name": "Alexandra",
        "last_name": "Fairweather-Smith",
        "preferred_name": "Alex",
        "date_of_birth": "1994-05-17",
        "has_communication_needs": "on",
        "communication_summary": "Short sentences.",
        "home": "own_tenancy",
        "status": "active",
    }
    done = client.post(url(cast, "edit/", cast.person), data)
    assert done.status_code == 302
    event = AuditEvent.objects.get(kind="change", action="person.update")
    assert event.changes["last_name"] == {"old": "Fairweather", "new": "Fairweather-Smith"}
    assert event.changes["communication_summary"] == {"changed": True}
    # A second editor who loaded the old version does not overwrite the change.
    stale = client.post(url(cast, "edit/", cast.person), {**data, "last_name": "Other"})
    assert stale.status_code == 400 and "Someone else changed" in stale.content.decode()
    cast.person.refresh_from_db()
    assert cast.person.last_name == "Fairweather-Smith"


def test_edit_refused_for_readers_and_hidden_from_others(cast: Cast, client: Client) -> None:
    assert (
        signed_in(client, cast, "team_worker").get(url(cast, "edit/", cast.person)).status_code
        == 403
    )
    assert (
        signed_in(Client(), cast, "person_user").post(url(cast, "edit/", cast.person)).status_code
        == 403
    )
    assert (
        signed_in(Client(), cast, "outside_worker").get(url(cast, "edit/", cast.person)).status_code
        == 404
    )


def test_mutations_need_csrf(cast: Cast) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(cast.manager)  # type: ignore[arg-type]
    assert client.post(url(cast, "edit/", cast.person), {"first_name": "X"}).status_code == 403
    cast.person.refresh_from_db()
    assert cast.person.first_name == "Alexandra"


@pytest.mark.parametrize(
    ("member", "status"),
    [
        ("person_user", 200),
        ("manager", 200),
        ("administrator", 200),
        ("team_worker", 404),
        ("on_call_manager", 404),
        ("circle_with_consent", 404),
        ("other_org_admin", 404),
    ],
)
def test_who_has_looked(cast: Cast, client: Client, member: str, status: int) -> None:
    signed_in(Client(), cast, "team_worker").get(url(cast, person=cast.person))
    page = signed_in(client, cast, member).get(url(cast, "who-has-looked/", cast.person))
    assert page.status_code == status
    if status == 200:
        text = page.content.decode()
        assert "Tariq Teamworker" in text and "someone in your staff team" in text
        assert "tariq" not in text.lower().replace("tariq teamworker", "")


def test_home_lists_what_the_actor_can_reach(cast: Cast, client: Client) -> None:
    assert signed_in(client, cast, "person_user").get("/").status_code == 200
    text = client.get(f"/o/{cast.organisation.slug}/").content.decode()
    assert "My record" in text and "Who has looked at my record" in text
    assert "Audit trail" not in text and "Nia Oncall is on call" in text
    text = signed_in(Client(), cast, "manager").get(f"/o/{cast.organisation.slug}/").content
    assert b"Audit trail" in text and b"Staff" in text
    text = signed_in(Client(), cast, "partner_expired").get(f"/o/{cast.organisation.slug}/")
    assert b"Alex Fairweather" not in text.content


def test_home_shows_on_call_only_while_on_duty(cast: Cast, client: Client) -> None:
    from ownterms.staff.models import OnCallDuty

    OnCallDuty.objects.update(starts_at=OnCallDuty.objects.get().ends_at - dt.timedelta(hours=1))
    text = signed_in(client, cast, "team_worker").get(f"/o/{cast.organisation.slug}/").content
    assert b"No one is on call right now" in text


def test_hostile_text_is_escaped_everywhere(cast: Cast, client: Client) -> None:
    hostile = '<script>alert("x")</script>'
    Person.objects.filter(pk=cast.person.pk).update(
        preferred_name=hostile, communication_summary=hostile
    )
    signed_in(client, cast, "manager")
    for path in (url(cast), url(cast, person=cast.person), url(cast, "edit/", cast.person)):
        html = client.get(path).content.decode()
        assert hostile not in html and "&lt;script&gt;" in html
    home = client.get(f"/o/{cast.organisation.slug}/").content.decode()
    assert hostile not in home


def test_get_only_pages_refuse_other_methods(cast: Cast, client: Client) -> None:
    signed_in(client, cast, "administrator")
    assert client.post(url(cast)).status_code == 405
    assert client.delete(url(cast, person=cast.person)).status_code == 405
    assert client.put(url(cast, "edit/", cast.person)).status_code == 405


def _add_circle_and_team(cast: Cast, first: int, last: int) -> None:
    from ownterms.accounts.models import User
    from ownterms.people.models import CircleMember, Consent, ConsentCategory
    from ownterms.staff.models import StaffMember, TeamMembership

    org = cast.organisation
    for n in range(first, last):
        member = CircleMember.objects.create(
            organisation=org, person=cast.person, name=f"Friend {n}", kind="friend",
            relationship="Friend", phone="01234 567890",
        )  # fmt: skip
        Consent.objects.create(
            organisation=org, circle_member=member, category=ConsentCategory.PROFILE,
            given_by="person", starts_on=cast.today,
        )  # fmt: skip
        user = User.objects.create(email=f"worker{n}@team.example", organisation=org)
        worker = StaffMember.objects.create(
            organisation=org, user=user, first_name=f"W{n}", last_name="X", job_title="Worker",
            employment="full_time", contract_minutes_per_week=2250, starts_on=cast.today,
        )  # fmt: skip
        TeamMembership.objects.create(
            organisation=org, person=cast.person, staff_member=worker, approved_by_person=True,
            starts_on=cast.today,
        )  # fmt: skip


@pytest.mark.parametrize("member", ["manager", "team_worker"])
def test_person_page_queries_do_not_grow_with_circle_or_team(
    cast: Cast, client: Client, member: str
) -> None:
    signed_in(client, cast, member)
    page = url(cast, person=cast.person)
    counts = []
    for first, last in ((0, 2), (2, 30)):
        _add_circle_and_team(cast, first, last)
        warm_up(client, page)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(page).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], counts
