"""The regulator's evidence pack: its figures from a known period, counts only (no names),
"not enough data yet" instead of errors, a CSV for every table, the PDF, the period's checks,
who may read it, and a fixed number of queries."""

from __future__ import annotations

import csv
import datetime as dt
import io
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from ownterms.api.services import create_token
from ownterms.outcomes.forms.evidence import default_period
from ownterms.outcomes.selectors.evidence import Pack, Table, evidence_pack
from tests.cast import Cast
from tests.ownterms.outcomes.data import an_evidence_period

pytestmark = pytest.mark.django_db


def figures(pack: Pack) -> dict[str, str | None]:
    return {item.label: item.value for heading in pack.headings for item in heading.items}


def last_year(cast: Cast) -> Pack:
    first, last = default_period(timezone.localdate())
    return evidence_pack(cast.organisation, first, last)


def client_for(cast: Cast, member: str) -> Client:
    client = Client()
    client.force_login(cast.user(member))
    return client


def url(cast: Cast, name: str = "outcomes:evidence_pack") -> str:
    return reverse(name, kwargs={"org": cast.organisation.slug})


def test_each_heading_counts_what_the_records_hold(cast: Cast) -> None:
    an_evidence_period(cast)
    found = figures(last_year(cast))
    assert found["Shifts fully covered (enough workers on the rota)"] == "2 of 3 (67%)"
    assert found["Shifts confirmed as worked"] == "1 of 3 (33%)"
    assert found["Shifts cancelled"] == "1"
    assert found["Rota places filled by bank staff"] == "0 of 2 (0%)"
    assert found["Agency workers"] == "Not recorded"
    assert found["Incidents recorded"] == "3"
    assert found["Incidents closed with a debrief written"] == "2 of 3 (67%)"
    assert found["Safeguarding referrals flagged"] == "1"
    assert found["Notifications to the regulator flagged"] == "0"
    assert found["Restrictive practices used"] == "2"
    assert found["Used without an authorisation"] == "1 of 2 (50%)"
    assert found["Prone (face-down) holds"] == "1"
    assert found["Authorised practices past their review date"] == "0 of 1 (0%)"
    assert found["Person-centred reviews held on time"] == "1 of 2 (50%)"
    assert found["Reviews past their due date, not yet held"] == "1"
    assert found["Goals achieved"] == "1"
    assert found["Individual policies past their review date"] == "0 of 1 (0%)"
    assert found["Working together for change: rounds held (themes)"] == "1 (1 themes)"
    assert found["Staff with all their training in date"].startswith(  # type: ignore[union-attr]
        f"{_staff_count(cast) - 1} of {_staff_count(cast)}"
    )
    assert int(found["Audit trail entries (changes, views, sign-ins)"] or 0) > 0
    people = _active_people(cast)
    assert found["People with a review in the 12 months to the end of the period"] == (
        f"1 of {people} ({round(100 / people)}%)"
    )
    assert (
        found["People with a goal they are working on"] == f"1 of {people} ({round(100 / people)}%)"
    )


def _active_people(cast: Cast) -> int:
    from ownterms.people.models import Person

    return Person.objects.filter(organisation=cast.organisation, status="active").count()


def _staff_count(cast: Cast) -> int:
    from ownterms.staff.models import StaffMember

    today = timezone.localdate()
    return sum(
        1
        for member in StaffMember.objects.filter(organisation=cast.organisation)
        if member.starts_on <= today and (member.ends_on is None or member.ends_on > today)
    )


def test_monthly_tables_have_every_month_of_the_period(cast: Cast) -> None:
    an_evidence_period(cast)
    pack = last_year(cast)
    incidents = pack.table(Table.INCIDENTS)
    assert len(incidents.rows) == 12
    assert sum(int(row[1]) for row in incidents.rows) == 3
    assert incidents.rows[-1][0] == f"{timezone.localdate():%Y-%m}"
    reviews = pack.table(Table.REVIEWS)
    assert sum(int(row[3]) for row in reviews.rows) == 1, "one review held late"


def test_an_empty_organisation_says_not_enough_data_yet(cast: Cast) -> None:
    client = client_for(cast, "other_org_admin")
    response = client.get(
        reverse("outcomes:evidence_pack", kwargs={"org": cast.other_organisation.slug})
    )
    assert response.status_code == 200
    text = response.content.decode()
    assert text.count("Not enough data yet") >= 8
    assert "not enough data yet." in text


def test_the_page_names_nobody_and_links_each_figure_to_its_evidence(cast: Cast) -> None:
    an_evidence_period(cast)
    response = client_for(cast, "manager").get(url(cast))
    assert response.status_code == 200
    text = response.content.decode()
    for name in (cast.person.first_name, cast.person.last_name, "Tariq", "Carol"):
        assert name not in text
    slug = cast.organisation.slug
    for page in ("rota/week/", "rota/delivered/", "today/trends/", "people/", "audit/?date_from"):
        assert f'href="/o/{slug}/{page}' in text, page
    assert "staff/?training=attention" in text


@pytest.mark.parametrize("table", [table.value for table in Table])
def test_every_table_downloads_as_csv(cast: Cast, table: str) -> None:
    an_evidence_period(cast)
    response = client_for(cast, "administrator").get(
        url(cast, "outcomes:evidence_pack_csv"), {"table": table}
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert f"-{table}.csv" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert len(rows[0]) >= 2
    assert len(rows) >= 2 or table in {"authorised"}


def test_an_unknown_table_is_a_missing_page(cast: Cast) -> None:
    response = client_for(cast, "manager").get(
        url(cast, "outcomes:evidence_pack_csv"), {"table": "people"}
    )
    assert response.status_code == 404


def test_the_pdf_is_a_pdf(cast: Cast) -> None:
    an_evidence_period(cast)
    response = client_for(cast, "manager").get(url(cast, "outcomes:evidence_pack_pdf"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def _period(first: str, last: str) -> dict[str, str]:
    data: dict[str, str] = {}
    for name, value in (("starts_on", first), ("ends_on", last)):
        day, month, year = value.split("/")
        data |= {f"{name}_day": day, f"{name}_month": month, f"{name}_year": year}
    return data


def test_a_chosen_period_is_carried_to_the_downloads(cast: Cast) -> None:
    an_evidence_period(cast)
    today = timezone.localdate()
    first = today - dt.timedelta(days=30)
    response = client_for(cast, "manager").get(
        url(cast), _period(f"{first:%d/%m/%Y}", f"{today:%d/%m/%Y}")
    )
    assert response.status_code == 200
    text = response.content.decode()
    assert f"starts_on_day={first.day}" in text
    csv_response = client_for(cast, "manager").get(
        url(cast, "outcomes:evidence_pack_csv"),
        {"table": "summary", **_period(f"{first:%d/%m/%Y}", f"{today:%d/%m/%Y}")},
    )
    assert f"evidence-pack-{first.isoformat()}-to-" in csv_response["Content-Disposition"]


@pytest.mark.parametrize(
    ("first", "last", "message"),
    [
        ("1/1/2026", "1/1/2025", "The last day must be on or after the first."),
        ("1/1/2019", "1/1/2025", "The pack covers at most 36 months"),
        ("31/2/2025", "1/3/2025", "Enter a real date"),
        ("1/1/1999", "1/6/1999", "Enter a date in 2000 or later."),
        ("1/1/2025", "1/1/2999", "The period can&#x27;t end after today."),
    ],
    ids=["backwards", "too-long", "no-such-day", "too-early", "future"],
)
def test_a_bad_period_is_explained_and_kept(
    cast: Cast, first: str, last: str, message: str
) -> None:
    for name in (
        "outcomes:evidence_pack",
        "outcomes:evidence_pack_pdf",
        "outcomes:evidence_pack_csv",
    ):
        response = client_for(cast, "manager").get(url(cast, name), _period(first, last))
        assert response.status_code == 400
        text = response.content.decode()
        assert message in text
        assert f'value="{first.split("/")[2]}"' in text, "what was typed is kept"


@pytest.mark.parametrize(
    ("member", "status"),
    [
        ("administrator", 200),
        ("manager", 200),
        ("other_manager", 200),
        ("on_call_manager", 200),
        ("team_worker", 404),
        ("finance", 404),
        ("coordinator", 404),
        ("person_user", 404),
        ("partner_current", 404),
    ],
)
def test_only_administrators_and_managers_read_it(cast: Cast, member: str, status: int) -> None:
    response = client_for(cast, member).get(url(cast))
    assert response.status_code == status


def test_the_pack_takes_a_fixed_number_of_queries(
    cast: Cast, django_assert_max_num_queries: Any
) -> None:
    an_evidence_period(cast)
    with django_assert_max_num_queries(20):
        pack = last_year(cast)
        for heading in pack.headings:
            for rows in heading.tables:
                list(rows.shown)


def test_the_api_gives_the_pack_and_checks_the_period(cast: Cast) -> None:
    an_evidence_period(cast)
    client = Client()
    token = create_token(user=cast.user("manager"), name="t")
    headers = {"Authorization": f"Bearer {token.secret}"}
    response = client.get("/api/v1/outcomes/evidence", headers=headers)
    assert response.status_code == 200
    body = response.json()
    assert [h["key"] for h in body["headings"]] == [
        "staffing", "incidents", "restrictive", "person_centred", "governance",
    ]  # fmt: skip
    staffing = body["headings"][0]
    assert staffing["items"][0]["value"] == "2 of 3 (67%)"
    assert staffing["items"][0]["evidence_url"].endswith("/rota/week/")
    bad = client.get(
        "/api/v1/outcomes/evidence?starts_on=2025-02-01&ends_on=2025-01-01", headers=headers
    )
    assert bad.status_code == 422
    assert "query.ends_on" in bad.json()["error"]["fields"]
    malformed = client.get("/api/v1/outcomes/evidence?starts_on=yesterday", headers=headers)
    assert malformed.status_code == 422
    worker = create_token(user=cast.user("team_worker"), name="t")
    response = client.get(
        "/api/v1/outcomes/evidence", headers={"Authorization": f"Bearer {worker.secret}"}
    )
    assert response.status_code == 404
