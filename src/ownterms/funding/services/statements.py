"""Issuing a statement: the figures of a finished period frozen, once per period, audited.

Before the figures are taken, delivered support is posted through the period's last day, so
the statement includes every confirmation made by then. An issued statement is never changed:
a later correction is a new movement and shows in the next statement.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from ownterms.accounts.models import User
from ownterms.audit.services import record_change
from ownterms.funding import ledger
from ownterms.funding.models import FundingArrangement, Statement
from ownterms.funding.selectors.statement import statement_figures
from ownterms.funding.services.movements import post_delivered_support


def issue_statement(
    *,
    actor: User | None,
    arrangement: FundingArrangement,
    first: dt.date,
    last: dt.date,
    today: dt.date | None = None,
) -> Statement:
    """Issues the statement for days ``first`` to ``last``; refuses a period that has not
    finished, that ends before it starts, or that overlaps an issued one."""
    today = today or timezone.localdate()
    if last < first:
        raise ValidationError("The statement's last day must be on or after its first day.")
    if first > today:
        raise ValidationError("A statement cannot be issued for a future period.")
    if last >= today:
        after = last + dt.timedelta(days=1)
        raise ValidationError(f"The period has not finished yet: issue it from {after:%d %B %Y}.")
    if last < arrangement.starts_on:
        raise ValidationError("The period ends before the funding arrangement started.")
    with transaction.atomic():
        post_delivered_support(actor=actor, arrangement=arrangement, through=last)
        arrangement = ledger.lock(arrangement)
        clash = Statement.objects.filter(
            arrangement=arrangement, starts_on__lte=last, ends_on__gte=first
        ).first()
        if clash is not None:
            raise ValidationError(
                f"A statement has already been issued for {clash.starts_on:%d %B %Y} to "
                f"{clash.ends_on:%d %B %Y}."
            )
        figures = statement_figures(arrangement, first, last)
        statement = Statement.objects.create(
            organisation_id=arrangement.organisation_id,
            arrangement=arrangement,
            starts_on=first,
            ends_on=last,
            figures=figures.as_json(),
            issued_by=actor,
        )
        record_change(
            actor=actor,
            organisation=arrangement.organisation,
            action="funding.statement_issued",
            obj=statement,
            person=arrangement.person,
            changes={
                "from": first.isoformat(),
                "to": last.isoformat(),
                "closing_balance": figures.closing_balance,
            },
        )
    return statement
