"""The money pages: reading, recording funding and spending, corrections, statements (page,
PDF, easy read, issue) and the finance page with its CSV export."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from ownterms.funding.models import Account, Posting, Statement
from ownterms.funding.selectors.money import balances
from ownterms.funding.selectors.statement import default_period
from ownterms.funding.services import movements
from ownterms.funding.services.statements import issue_statement
from tests.cast import Cast
from tests.ownterms.funding import factories
from tests.ownterms.funding.money_data import (
    PDF,
    arrangement_kwargs,
    funded,
    receipt_kwargs,
    statement_kwargs,
)

pytestmark = pytest.mark.django_db


def _client(cast: Cast, name: str) -> Client:
    client = Client()
    user = cast.user(name)
    assert user is not None
    client.force_login(user)
    return client


def _date(name: str, day: dt.date) -> dict[str, str]:
    return {
        f"{name}_day": str(day.day),
        f"{name}_month": str(day.month),
        f"{name}_year": str(day.year),
    }


def test_the_person_reads_their_money_and_statement(cast: Cast) -> None:
    client = _client(cast, "person_user")
    page = client.get(reverse("funding:money", kwargs=arrangement_kwargs(cast)))
    assert page.status_code == 200
    text = page.content.decode()
    assert "Alex has" in text and "Swimming" in text and "Record funding received" not in text
    statement = client.get(reverse("funding:statement", kwargs=statement_kwargs(cast)))
    assert statement.status_code == 200 and "£122.50" in statement.content.decode()  # 5 h at £24.50
    easy = client.get(reverse("funding:statement_easy_read", kwargs=statement_kwargs(cast)))
    assert "Your team supported you for 5 hours." in easy.content.decode()
    assert "Money left:" in easy.content.decode()
    pdf = client.get(reverse("funding:statement_pdf", kwargs=statement_kwargs(cast)))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    receipt = client.get(reverse("funding:receipt", kwargs=receipt_kwargs(cast)))
    assert receipt["Content-Type"] == "application/pdf"
    assert b"".join(receipt.streaming_content) == PDF  # type: ignore[attr-defined]


def test_finance_records_funding_and_spending_from_typed_pounds(cast: Cast) -> None:
    row = funded(cast)
    client = _client(cast, "finance")
    url = reverse("funding:record_funding", kwargs=arrangement_kwargs(cast))
    source = row.sources.get()
    bad = client.post(
        url, {"source": str(source.public_id), "amount": "12.345", **_date("on", cast.today)}
    )
    assert bad.status_code == 400 and "like 1,234.50" in bad.content.decode()
    before = balances(row)[Account.FUNDING]
    good = client.post(
        url, {"source": str(source.public_id), "amount": "£1,234.50", **_date("on", cast.today)}
    )
    assert good.status_code == 302
    assert balances(row)[Account.FUNDING] == before - 123_450
    spend = reverse("funding:record_spending", kwargs=arrangement_kwargs(cast))
    data = {
        "amount": "20",
        "category": "equipment",
        "description": "Kettle",
        **_date("on", cast.today),
    }
    refused = client.post(spend, {**data, "receipt": SimpleUploadedFile("k.pdf", b"not a pdf")})
    assert refused.status_code == 400 and "PDF, JPG or PNG" in refused.content.decode()
    assert (
        client.post(spend, {**data, "receipt": SimpleUploadedFile("k.pdf", PDF)}).status_code == 302
    )
    kettle = Posting.objects.get(arrangement=row, description="Kettle")
    correct = reverse(
        "funding:correct", kwargs={**arrangement_kwargs(cast), "posting_id": kettle.public_id}
    )
    assert client.post(correct, {"reason": "Returned to the shop"}).status_code == 302
    assert kettle.reversed_by is not None  # type: ignore[attr-defined]
    support = reverse("funding:post_support", kwargs=arrangement_kwargs(cast))
    assert client.post(support).status_code == 302


def test_statements_issue_and_refuse(cast: Cast) -> None:
    client = _client(cast, "finance")
    url = reverse("funding:statements", kwargs=arrangement_kwargs(cast))
    page = client.get(url)
    assert page.status_code == 200
    again = client.post(
        url,
        {
            **_date("first", cast.today - dt.timedelta(days=50)),
            **_date("last", cast.today - dt.timedelta(days=1)),
        },
    )
    assert again.status_code == 400 and "already been issued" in again.content.decode()
    future = client.post(
        url,
        {
            **_date("first", cast.today + dt.timedelta(days=1)),
            **_date("last", cast.today + dt.timedelta(days=2)),
        },
    )
    assert future.status_code == 400 and "future" in future.content.decode()
    assert Statement.objects.count() == 1
    preview = client.get(reverse("funding:statement_preview", kwargs=arrangement_kwargs(cast)))
    assert preview.status_code == 200 and "Not issued" in preview.content.decode()


def test_finance_page_and_csv(cast: Cast) -> None:
    funded(cast)
    client = _client(cast, "finance")
    page = client.get(reverse("funding:finance", kwargs={"org": cast.organisation.slug}))
    assert page.status_code == 200 and "Alex" in page.content.decode()
    start = cast.today - dt.timedelta(days=120)
    export = client.get(
        reverse("funding:finance_csv", kwargs={"org": cast.organisation.slug}),
        {**_date("first", start), **_date("last", cast.today)},
    )
    lines = export.content.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("Date,Person,Contract reference")
    assert any(",4800.00," in line and "ISF-0042" in line for line in lines[1:])
    assert any("-32.50" in line for line in lines[1:])


def test_the_easy_read_statement_says_plainly_when_more_was_spent_than_came_in(
    cast: Cast,
) -> None:
    first, last = default_period(cast.today)
    row = factories.arrangement(cast.person, starts_on=first, reference="ISF-OVER")
    factories.source(row, 10_000)
    movements.record_spending(
        actor=cast.finance,
        arrangement=row,
        amount_pence=25_000,
        on=first + dt.timedelta(days=1),
        category="equipment",
        payee="Calm Sleep Ltd",
        description="Weighted blanket",
    )
    statement = issue_statement(actor=cast.finance, arrangement=row, first=first, last=last)
    kwargs = {
        "org": cast.organisation.slug,
        "person_id": cast.person.public_id,
        "arrangement_id": row.public_id,
        "statement_id": statement.public_id,
    }
    easy = _client(cast, "person_user").get(reverse("funding:statement_easy_read", kwargs=kwargs))
    text = easy.content.decode()
    assert "You spent more than the money that came in." in text and "£250.00" in text
    assert "Money left:" not in text
