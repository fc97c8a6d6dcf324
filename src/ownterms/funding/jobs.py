"""Delivered support posted to each ledger every night, so balances never wait for a button."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import Q

from ownterms.core.jobs import once_a_day
from ownterms.core.models import Organisation
from ownterms.core.selectors import zone_of
from ownterms.funding.models import FundingArrangement
from ownterms.funding.services.movements import post_delivered_support

JOB = "funding.delivered_support"
#: Local time from which last night's confirmations are taken to be in.
POST_FROM = dt.time(2, 0)
#: An arrangement that ended this long ago still gets support confirmed late.
LATE_CONFIRMATIONS = dt.timedelta(days=31)


def post_delivered_support_nightly(now: dt.datetime) -> int:
    """Once a day per organisation, from 02:00 local time: brings every current arrangement's
    delivered support up to yesterday (idempotent: posts only differences). Returns how many
    postings it made."""
    made = 0
    for organisation in Organisation.objects.order_by("pk"):
        local = now.astimezone(zone_of(organisation))
        if local.time() < POST_FROM:
            continue
        yesterday = local.date() - dt.timedelta(days=1)
        # The day is claimed with the work: a failure leaves it to the next run.
        with transaction.atomic():
            if not once_a_day(organisation, JOB, local.date()):
                continue
            arrangements = FundingArrangement.objects.filter(
                Q(ends_on__isnull=True) | Q(ends_on__gt=yesterday - LATE_CONFIRMATIONS),
                organisation=organisation,
                starts_on__lte=yesterday,
            ).select_related("person", "organisation")
            for arrangement in arrangements:
                run = post_delivered_support(actor=None, arrangement=arrangement, through=yesterday)
                made += run.postings
    return made
