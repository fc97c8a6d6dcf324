"""A person with a funding arrangement, a receipt, delivered support and an issued statement,
for the page tests, the permission matrix and the axe suite."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from ownterms.funding.models import FundingArrangement, Posting, Statement
from ownterms.funding.selectors.statement import default_period
from ownterms.funding.services import movements
from ownterms.funding.services.statements import issue_statement
from ownterms.rota.models import Delivery, Shift
from tests.cast import Cast
from tests.ownterms.funding.factories import arrangement, rate, source
from tests.ownterms.rota.factories import shift


def worked(cast: Cast, row: Shift, *names: str, short_by: int = 0) -> None:
    """Confirms the shift as worked by the named staff (the team worker by default)."""
    for name in names or ("team_worker",):
        Delivery.objects.create(
            organisation_id=row.organisation_id,
            shift=row,
            staff_member=cast.staff[name],
            started_at=row.starts_at,
            ended_at=row.ends_at - dt.timedelta(minutes=short_by),
        )


PDF = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"


def funded(cast: Cast) -> FundingArrangement:
    """The cast's person's arrangement ISF-0042 from two months ago, with money moving (made
    once; the records pages have their own, ISF-2001)."""
    found = FundingArrangement.objects.filter(person=cast.person, reference="ISF-0042").first()
    if found is not None:
        return found
    first, last = default_period(cast.today)
    start = first - dt.timedelta(days=35)
    row = arrangement(
        cast.person,
        starts_on=start,
        reference="ISF-0042",
        management_fee_kind="percent",
        management_fee_value=500,
        surplus_cap_hundredths=400,
        banked_cap_hundredths=250,
        banked_expiry_months=12,
    )
    council = source(row, 120_000)
    rate(row, "day", 2_450)
    worked(cast, shift(cast.person, first + dt.timedelta(days=1), 9, 5))
    movements.record_funding(
        actor=cast.finance, arrangement=row, source=council, amount_pence=480_000, on=start
    )
    movements.record_spending(
        actor=cast.finance,
        arrangement=row,
        amount_pence=3_250,
        on=first + dt.timedelta(days=2),
        category="activity",
        payee="Leisure centre",
        description="Swimming",
        receipt=SimpleUploadedFile("r.pdf", PDF),
    )
    issue_statement(actor=cast.finance, arrangement=row, first=first, last=last)
    return row


def arrangement_kwargs(cast: Cast) -> dict[str, Any]:
    row = funded(cast)
    return {
        "org": cast.organisation.slug,
        "person_id": cast.person.public_id,
        "arrangement_id": row.public_id,
    }


def receipt_kwargs(cast: Cast) -> dict[str, Any]:
    row = funded(cast)
    posting = Posting.objects.get(arrangement=row, kind="spending")
    return {**arrangement_kwargs(cast), "posting_id": posting.public_id}


def statement_kwargs(cast: Cast) -> dict[str, Any]:
    row = funded(cast)
    statement = Statement.objects.get(arrangement=row)
    return {**arrangement_kwargs(cast), "statement_id": statement.public_id}
