"""Issuing invoices to funders: every invoice that is ready, numbered in sequence, audited.

Issuing holds a lock on the organisation's row, so two people pressing "Issue" at once give
each invoice once and never the same number twice; the database's unique constraints say so too.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import Max

from ownterms.accounts.models import User
from ownterms.audit.services import record_change
from ownterms.core.models import Organisation
from ownterms.funding.models import FundingInvoice
from ownterms.funding.selectors.invoices import ready_to_issue


def issue_ready_invoices(*, actor: User, today: dt.date) -> list[FundingInvoice]:
    """Issues every invoice ready on ``today`` for the arrangements ``actor`` may read the
    money of; returns them (none when nothing is ready)."""
    with transaction.atomic():
        organisation = Organisation.objects.select_for_update().get(pk=actor.organisation_id)
        drafts = ready_to_issue(actor, today)
        last = FundingInvoice.objects.filter(organisation=organisation).aggregate(n=Max("number"))
        number = last["n"] or 0
        issued = []
        for draft in drafts:
            number += 1
            invoice = FundingInvoice.objects.create(
                organisation=organisation,
                number=number,
                arrangement=draft.arrangement,
                funder_kind=draft.funder_kind,
                funder_name=draft.funder_name,
                funder_reference=draft.funder_reference,
                period_starts_on=draft.period.first,
                period_ends_on=draft.period.last,
                amount_pence=draft.amount_pence,
                lines=[line.as_json() for line in draft.lines],
                issued_on=today,
                issued_by=actor,
            )
            record_change(
                actor=actor,
                organisation=organisation,
                action="funding.invoice_issued",
                obj=invoice,
                person=draft.arrangement.person,
                changes={
                    "number": invoice.label,
                    "funder": draft.funder_name,
                    "from": draft.period.first.isoformat(),
                    "to": draft.period.last.isoformat(),
                    "amount_pence": invoice.amount_pence,
                },
            )
            issued.append(invoice)
    return issued
