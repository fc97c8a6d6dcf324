"""Invoices to funders: periods, amounts (days at the weekly amounts, rounded once per line),
when each is ready, issuing once with numbers in sequence, pages, CSV and access."""

from __future__ import annotations

import datetime as dt
import threading
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from ownterms.api.services import create_token
from ownterms.audit.models import AuditEvent
from ownterms.funding.models import FundingInvoice, FundingSource
from ownterms.funding.selectors.invoices import drafts_for, ready_to_issue
from ownterms.funding.services.invoices import issue_ready_invoices
from tests.cast import Cast
from tests.ownterms.funding.factories import arrangement, source

START = dt.date(2030, 1, 7)  # a Monday
DAY = dt.timedelta(days=1)


def _client(user: object) -> Client:
    client = Client()
    client.force_login(user)  # type: ignore[arg-type]
    return client


def test_each_funder_is_invoiced_for_its_days_in_each_period(cast: Cast) -> None:
    row = arrangement(cast.person, starts_on=START, kind="pooled", paid_every_weeks=4)
    council = source(row, 100_000)
    FundingSource.objects.filter(pk=council.pk).update(ends_on=START + DAY * 14)
    source(row, 110_000, starts_on=START + DAY * 14)  # the council's uplift, mid-period
    source(row, 30_000, starts_on=START + DAY * 9, funder_kind="icb", funder_name="Harbourside ICB")

    drafts = drafts_for(row, START, START + DAY * 27)

    assert [(d.funder_name, d.period.first, d.period.last) for d in drafts] == [
        ("Northshire Council", START, START + DAY * 27),
        ("Harbourside ICB", START, START + DAY * 27),
    ]
    council_draft, icb_draft = drafts
    assert [(line.days, line.amount_pence) for line in council_draft.lines] == [
        (14, 200_000),
        (14, 220_000),
    ]
    # 19 days of £300 a week: £814.2857… rounded half up once.
    assert [(line.days, line.amount_pence) for line in icb_draft.lines] == [(19, 81_429)]
    assert council_draft.amount_pence == 420_000


def test_periods_follow_the_arrangement_and_stop_at_its_end(cast: Cast) -> None:
    row = arrangement(cast.person, starts_on=START, paid_every_weeks=2, ends_on=START + DAY * 34)
    source(row, 70_000)
    drafts = drafts_for(row, START + DAY * 20, START + DAY * 60)
    assert [(d.period.first, d.period.last, d.amount_pence) for d in drafts] == [
        (START + DAY * 14, START + DAY * 27, 140_000),
        (START + DAY * 28, START + DAY * 34, 70_000),
    ]


@pytest.mark.parametrize(("in_advance", "ready_on"), [(True, START), (False, START + DAY * 28)])
def test_an_invoice_is_ready_in_advance_or_in_arrears(
    cast: Cast, in_advance: bool, ready_on: dt.date
) -> None:
    row = arrangement(cast.person, starts_on=START, paid_in_advance=in_advance)
    source(row, 100_000)
    assert [
        d for d in ready_to_issue(cast.finance, ready_on - DAY) if d.period.first == START
    ] == []
    [ready] = [d for d in ready_to_issue(cast.finance, ready_on) if d.period.first == START]
    assert ready.issue_on == ready_on and ready.amount_pence == 400_000


def test_old_periods_are_not_offered(cast: Cast) -> None:
    row = arrangement(cast.person, starts_on=START)
    source(row, 100_000)
    today = START + dt.timedelta(days=400)
    firsts = sorted(d.period.first for d in ready_to_issue(cast.finance, today))
    assert firsts and today - firsts[0] <= dt.timedelta(days=91)


def test_issuing_numbers_in_sequence_audits_and_never_issues_twice(cast: Cast) -> None:
    row = arrangement(cast.person, starts_on=START, kind="pooled")
    source(row, 100_000)
    source(row, 30_000, funder_kind="icb", funder_name="Harbourside ICB")
    today = START + DAY * 30

    first = issue_ready_invoices(actor=cast.finance, today=today)
    again = issue_ready_invoices(actor=cast.finance, today=today)

    assert [(i.number, i.funder_name, i.period_starts_on) for i in first] == [
        (1, "Northshire Council", START),
        (2, "Harbourside ICB", START),
        (3, "Northshire Council", START + DAY * 28),
        (4, "Harbourside ICB", START + DAY * 28),
    ]
    assert again == []
    assert first[1].label == "INV-000002"
    assert AuditEvent.objects.filter(action="funding.invoice_issued").count() == 4


def test_only_the_money_the_actor_may_read_is_invoiced(cast: Cast) -> None:
    mine = arrangement(cast.person, starts_on=START)
    source(mine, 100_000)
    theirs = arrangement(cast.other_person, starts_on=START)
    source(theirs, 90_000)
    issued = issue_ready_invoices(actor=cast.manager, today=START)
    assert {i.arrangement_id for i in issued} == {mine.pk}
    assert [d.arrangement for d in ready_to_issue(cast.finance, START)] == [theirs]


def test_the_pages_issue_show_and_export_invoices(cast: Cast) -> None:
    # The pages issue what is ready today, so this arrangement started a week ago.
    started = cast.today - DAY * 7
    row = arrangement(cast.person, starts_on=started, reference="ISF-9")
    FundingSource.objects.create(
        organisation_id=row.organisation_id,
        arrangement=row,
        funder_kind="council",
        funder_name="Northshire Council",
        reference="NC/123",
        weekly_pence=100_000,
        starts_on=started,
    )
    client = _client(cast.finance)
    org = cast.organisation.slug
    listing = reverse("funding:invoices", kwargs={"org": org})
    ready = client.get(listing).content.decode()
    assert cast.person.name in ready and "Issue this invoice" in ready

    assert client.post(listing).status_code == 302
    invoice = FundingInvoice.objects.get()
    page = client.get(
        reverse("funding:invoice", kwargs={"org": org, "invoice_id": invoice.public_id})
    ).content.decode()
    assert "NC/123" in page and "ISF-9" in page and invoice.label in page
    assert cast.person.last_name not in page, "an invoice names the person by initials only"
    pdf = client.get(
        reverse("funding:invoice_pdf", kwargs={"org": org, "invoice_id": invoice.public_id})
    )
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    assert f"invoice-{invoice.label}.pdf" in pdf["Content-Disposition"]
    csv = client.get(
        reverse("funding:invoices_csv", kwargs={"org": org}),
        {
            "first_day": invoice.issued_on.day,
            "first_month": invoice.issued_on.month,
            "first_year": invoice.issued_on.year,
            "last_day": invoice.issued_on.day,
            "last_month": invoice.issued_on.month,
            "last_year": invoice.issued_on.year,
        },
    ).content.decode("utf-8-sig")
    line = csv.splitlines()[1]
    assert line.startswith(f"{invoice.label},")
    assert line.split(",")[5:] == ["AF", str(started), str(started + DAY * 27), "4000.00"]
    assert "NC/123" in csv


@pytest.mark.parametrize("member", ["team_worker", "person_user", "outside_worker"])
def test_invoices_are_for_the_finance_office(cast: Cast, member: str) -> None:
    row = arrangement(cast.person, starts_on=START)
    source(row, 100_000)
    [invoice] = issue_ready_invoices(actor=cast.finance, today=START)
    started = cast.today - DAY * 7
    source(arrangement(cast.person, starts_on=started, reference="ISF-10"), 50_000)
    client = _client(cast.user(member))
    org = cast.organisation.slug
    assert client.get(reverse("funding:invoices", kwargs={"org": org})).status_code == 404
    assert client.post(reverse("funding:invoices", kwargs={"org": org})).status_code == 404
    detail = reverse("funding:invoice", kwargs={"org": org, "invoice_id": invoice.public_id})
    assert client.get(detail).status_code == 404


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_clerks_issuing_at_once_issue_each_invoice_once(cast: Cast) -> None:
    for person in (cast.person, cast.other_person):
        source(arrangement(person, starts_on=START), 100_000)
    outcomes: list[str] = []
    barrier = threading.Barrier(3)

    def issue() -> None:
        try:
            barrier.wait(timeout=10)
            issue_ready_invoices(actor=cast.finance, today=START + DAY * 30)
            outcomes.append("done")
        except Exception as error:
            outcomes.append(repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=issue) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert outcomes == ["done"] * 3
    numbers = sorted(FundingInvoice.objects.values_list("number", flat=True))
    assert numbers == [1, 2, 3, 4]


def _api(user: object, method: str, path: str) -> Any:
    headers = {"Authorization": f"Bearer {create_token(user=user, name='test').secret}"}
    return getattr(Client(), method)(f"/api/v1{path}", headers=headers)


def test_the_api_lists_issues_and_shows_invoices(cast: Cast) -> None:
    started = cast.today - DAY * 7
    source(arrangement(cast.person, starts_on=started, reference="ISF-API"), 70_000)

    [ready] = _api(cast.finance, "get", "/funding/invoices/ready").json()
    assert ready["amount_pence"] == 280_000 and ready["issue_on"] == str(started)
    issued = _api(cast.finance, "post", "/funding/invoices")
    assert issued.status_code == 201
    [invoice] = issued.json()
    assert invoice["number"] == "INV-000001" and invoice["person_initials"] == "AF"
    assert invoice["lines"] == [
        {
            "starts_on": str(started),
            "ends_on": str(started + DAY * 27),
            "days": 28,
            "weekly_pence": 70_000,
            "amount_pence": 280_000,
        }
    ]
    assert _api(cast.finance, "post", "/funding/invoices").json() == []
    assert [i["number"] for i in _api(cast.finance, "get", "/funding/invoices").json()] == [
        "INV-000001"
    ]
    one = _api(cast.finance, "get", f"/funding/invoices/{invoice['public_id']}")
    assert one.json() == invoice
    assert (
        _api(cast.team_worker, "get", f"/funding/invoices/{invoice['public_id']}").status_code
        == 404
    )
    assert (
        _api(cast.other_manager, "get", f"/funding/invoices/{invoice['public_id']}").status_code
        == 404
    )


def test_an_arrangements_end_date_is_its_last_day(cast: Cast) -> None:
    row = arrangement(cast.person, starts_on=START, paid_every_weeks=1, ends_on=START + DAY * 9)
    source(row, 70_000)
    drafts = drafts_for(row, START, START + DAY * 30)
    assert [(d.period.first, d.period.last, d.amount_pence) for d in drafts] == [
        (START, START + DAY * 6, 70_000),
        (START + DAY * 7, START + DAY * 9, 30_000),
    ]
