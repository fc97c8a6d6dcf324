"""Movements: funding with its percentage fee, spending with checked receipts, delivered
support posted as differences (late confirmations, rate corrections, days with no rate),
fixed weekly fees, corrections; concurrent postings on PostgreSQL."""

from __future__ import annotations

import datetime as dt
import io
import threading

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from PIL import Image

from ownterms.funding.models import Account, Posting, PostingKind
from ownterms.funding.selectors.money import balances
from ownterms.funding.services import movements
from ownterms.rota.models import Delivery
from tests.cast import Cast
from tests.ownterms.funding.factories import arrangement, rate, source
from tests.ownterms.funding.money_data import worked
from tests.ownterms.rota.factories import shift

pytestmark = pytest.mark.django_db


def _start(cast: Cast) -> dt.date:
    return cast.today - dt.timedelta(days=cast.today.weekday() + 28)


def _png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (4, 4), "white").save(out, format="PNG")
    return out.getvalue()


def test_funding_with_a_percentage_fee_shared_between_pooled_sources(cast: Cast) -> None:
    start = _start(cast)
    row = arrangement(
        cast.person, starts_on=start, management_fee_kind="percent", management_fee_value=750
    )
    council = source(row, 100_000)
    health = source(row, 50_000, funder_kind="icb", funder_name="ICB")
    movements.record_funding(
        actor=cast.finance, arrangement=row, source=council, amount_pence=400_001, on=start
    )
    totals = balances(row)
    assert totals[Account.FUNDING] == -400_001
    assert totals[Account.FEE] == 30_000  # 7.5 % of £4,000.01 = 3,000.0075 → £300.00
    fee = Posting.objects.get(arrangement=row, kind=PostingKind.MANAGEMENT_FEE)
    parts = {e.source_id: e.amount_pence for e in fee.entries.filter(account=Account.FUND)}
    assert parts == {council.pk: -20_000, health.pk: -10_000}
    with pytest.raises(ValidationError, match="more than"):
        movements.record_funding(
            actor=cast.finance, arrangement=row, source=council, amount_pence=0, on=start
        )
    other = arrangement(cast.other_person, starts_on=start)
    with pytest.raises(ValidationError, match="funders"):
        movements.record_funding(
            actor=cast.finance, arrangement=other, source=council, amount_pence=1, on=start
        )


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("receipt.pdf", b"Just some text pretending", "PDF, JPG or PNG"),
        ("receipt.pdf", b"%PDF-1.4\n1 0 obj\n", "damaged"),
        ("receipt.png", b"\x89PNG\r\n\x1a\n" + b"\0" * 40, "PDF, JPG or PNG"),
        ("receipt.gif", b"GIF89a" + b"\0" * 40, "PDF, JPG or PNG"),
        ("big.pdf", b"%PDF-1.4\n" + b"0" * (5 * 1024 * 1024) + b"\n%%EOF\n", "5 MB"),
        ("empty.pdf", b"", "empty"),
    ],
)
def test_receipts_are_checked_by_content(
    cast: Cast, name: str, content: bytes, message: str
) -> None:
    row = arrangement(cast.person, starts_on=_start(cast))
    source(row, 100_000)
    with pytest.raises(ValidationError, match=message):
        movements.record_spending(
            actor=cast.finance,
            arrangement=row,
            amount_pence=1_250,
            on=row.starts_on,
            category="activity",
            payee="Pool",
            description="Swimming",
            receipt=SimpleUploadedFile(name, content),
        )
    assert not Posting.objects.filter(arrangement=row).exists()


@pytest.mark.parametrize(
    ("content", "extension"),
    [(b"%PDF-1.7\nstuff\n%%EOF\n", "pdf"), (_png(), "png")],
)
def test_spending_with_a_receipt(cast: Cast, content: bytes, extension: str) -> None:
    row = arrangement(cast.person, starts_on=_start(cast))
    source(row, 100_000)
    posting = movements.record_spending(
        actor=cast.finance,
        arrangement=row,
        amount_pence=1_250,
        on=row.starts_on,
        category="equipment",
        payee="Shop",
        description="Kettle",
        receipt=SimpleUploadedFile("whatever.bin", content),
    )
    assert posting.receipt.name.endswith(f".{extension}")
    assert balances(row)[Account.OTHER_SPENDING] == 1_250
    with pytest.raises(ValidationError, match="more than"):
        movements.record_spending(
            actor=cast.finance,
            arrangement=row,
            amount_pence=-5,
            on=row.starts_on,
            category="equipment",
            payee="Shop",
            description="Refund",
        )


def test_delivered_support_posts_only_differences(cast: Cast) -> None:
    start = _start(cast)
    row = arrangement(cast.person, starts_on=start)
    source(row, 100_000)
    rate(row, "day", 2_400, ends_on=start + dt.timedelta(days=3))
    rate(row, "day", 2_500, starts_on=start + dt.timedelta(days=3))
    first = shift(cast.person, start, 9, 5)
    second = shift(cast.person, start + dt.timedelta(days=3), 9, 5)
    worked(cast, first)
    run = movements.post_delivered_support(actor=None, arrangement=row, through=cast.today)
    assert run.postings == 1
    assert balances(row)[Account.SUPPORT] == 5 * 2_400
    worked(cast, second, short_by=7)  # a late confirmation, 4 h 53 min
    Delivery.objects.filter(shift=first).update(ended_at=first.ends_at - dt.timedelta(hours=1))
    run = movements.post_delivered_support(actor=None, arrangement=row, through=cast.today)
    assert run.postings == 2
    assert balances(row)[Account.SUPPORT] == 4 * 2_400 + 12_208  # 293 min at £25: 12,208.3
    change = Posting.objects.filter(arrangement=row, on=start).order_by("pk").last()
    assert change is not None and (change.quantity, change.rate_pence) == (-60, 2_400)
    assert movements.post_delivered_support(actor=None, arrangement=row, through=cast.today) == (
        movements.SupportRun(0)
    )
    with pytest.raises(ValidationError, match="rota"):
        movements.correct(actor=cast.finance, posting=change, reason="wrong")


def test_days_without_a_rate_are_reported_not_posted(cast: Cast) -> None:
    start = _start(cast)
    row = arrangement(cast.person, starts_on=start)
    source(row, 100_000)
    night = shift(cast.person, start, 22, 9, kind="sleep_in")
    worked(cast, night)
    run = movements.post_delivered_support(actor=None, arrangement=row, through=cast.today)
    assert run.postings == 0
    assert [(d.on, d.kind, d.quantity) for d in run.unpriced] == [(start, "sleep_in", 1)]
    rate(row, "sleep_in", 9_000)
    run = movements.post_delivered_support(actor=None, arrangement=row, through=cast.today)
    assert (run.postings, balances(row)[Account.SUPPORT]) == (1, 9_000)


def test_fixed_weekly_fee_posted_once_a_week(cast: Cast) -> None:
    start = _start(cast) + dt.timedelta(days=2)  # a Wednesday
    row = arrangement(
        cast.person, starts_on=start, management_fee_kind="fixed_weekly", management_fee_value=4_500
    )
    source(row, 100_000)
    through = start + dt.timedelta(days=12)  # Wednesday, then two more Mondays
    movements.post_delivered_support(actor=None, arrangement=row, through=through)
    movements.post_delivered_support(actor=None, arrangement=row, through=through)
    fees = Posting.objects.filter(arrangement=row, kind=PostingKind.MANAGEMENT_FEE)
    assert sorted(p.on for p in fees) == [
        start,
        start + dt.timedelta(days=5),
        start + dt.timedelta(days=12),
    ]
    assert balances(row)[Account.FEE] == 3 * 4_500
    with pytest.raises(ValidationError, match="contract"):
        movements.correct(actor=cast.finance, posting=fees.first(), reason="x")  # type: ignore[arg-type]


def test_a_correction_reverses_a_receipt(cast: Cast) -> None:
    row = arrangement(cast.person, starts_on=_start(cast))
    council = source(row, 100_000)
    posting = movements.record_funding(
        actor=cast.finance, arrangement=row, source=council, amount_pence=5_000, on=row.starts_on
    )
    with pytest.raises(ValidationError, match="why"):
        movements.correct(actor=cast.finance, posting=posting, reason=" ")
    movements.correct(actor=cast.finance, posting=posting, reason="Entered twice")
    assert balances(row)[Account.FUND] == 0


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_parallel_postings_lose_nothing_and_post_support_once(cast: Cast) -> None:
    start = _start(cast)
    row = arrangement(cast.person, starts_on=start)
    council = source(row, 100_000)
    rate(row, "day", 2_000)
    for offset in range(6):
        worked(cast, shift(cast.person, start + dt.timedelta(days=offset), 9, 3))
    threads_count = 6
    barrier = threading.Barrier(threads_count)
    errors: list[str] = []

    def work(index: int) -> None:
        try:
            barrier.wait(timeout=10)
            with transaction.atomic():
                movements.record_funding(
                    actor=None,
                    arrangement=row,
                    source=council,
                    amount_pence=1_000 + index,
                    on=start,
                )
            movements.post_delivered_support(actor=None, arrangement=row, through=cast.today)
        except Exception as error:  # reported below
            errors.append(repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=work, args=(i,)) for i in range(threads_count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    totals = balances(row)
    assert -totals[Account.FUNDING] == sum(1_000 + i for i in range(threads_count))
    assert totals[Account.SUPPORT] == 6 * 3 * 2_000
    assert Posting.objects.filter(arrangement=row, kind=PostingKind.SUPPORT_DELIVERED).count() == 6
