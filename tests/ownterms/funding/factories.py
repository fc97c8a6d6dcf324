"""Funding rows for tests, written directly (the services under test are the funding app's own)."""

from __future__ import annotations

import datetime as dt

from ownterms.funding.models import FundingArrangement, FundingSource, Rate
from ownterms.people.models import Person


def arrangement(
    person: Person, *, starts_on: dt.date, kind: str = "isf", **terms: object
) -> FundingArrangement:
    return FundingArrangement.objects.create(
        organisation_id=person.organisation_id,
        person=person,
        kind=kind,
        starts_on=starts_on,
        review_on=starts_on + dt.timedelta(days=365),
        **terms,
    )


def source(
    row: FundingArrangement,
    weekly_pence: int,
    *,
    starts_on: dt.date | None = None,
    funder_kind: str = "council",
    funder_name: str = "Northshire Council",
) -> FundingSource:
    return FundingSource.objects.create(
        organisation_id=row.organisation_id,
        arrangement=row,
        funder_kind=funder_kind,
        funder_name=funder_name,
        weekly_pence=weekly_pence,
        starts_on=starts_on or row.starts_on,
    )


def rate(
    row: FundingArrangement,
    kind: str,
    pence: int,
    *,
    starts_on: dt.date | None = None,
    ends_on: dt.date | None = None,
) -> Rate:
    return Rate.objects.create(
        organisation_id=row.organisation_id,
        arrangement=row,
        kind=kind,
        pence=pence,
        starts_on=starts_on or row.starts_on,
        ends_on=ends_on,
    )
