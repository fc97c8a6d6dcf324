"""The public application form's rate limit, per client address and organisation: at most
``APPLICATIONS_PER_HOUR`` applications and ``ATTEMPTS_PER_HOUR`` sendings (accepted or not) in
the last hour.

Counted in the database (``FormAttempt``), not Django's cache: the default cache lives in each
web process, so with several processes each would keep its own count and the limit would
multiply. The database is the one store every process shares, on SQLite and PostgreSQL alike,
and needs no extra server or ``createcachetable`` step. The address is stored only as a keyed
hash, and rows older than the hour are deleted on every sending, so the table holds at most an
hour of attempts. Two sendings at the very same moment may both pass the count; that lets one
extra through at worst, which is enough against a script.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.crypto import salted_hmac

from ownterms.recruitment.models import FormAttempt

#: Applications accepted from one client address in an hour.
APPLICATIONS_PER_HOUR = 5
#: Form sendings (accepted or not) from one client address in an hour.
ATTEMPTS_PER_HOUR = 30
WINDOW = dt.timedelta(hours=1)


def client_key(address: str) -> str:
    """A keyed hash of the client's address (64 hex characters)."""
    return salted_hmac("ownterms.recruitment.apply", address, algorithm="sha256").hexdigest()


def limited(organisation_id: int, address: str, *, now: dt.datetime | None = None) -> bool:
    """Whether this address has used up an hourly limit for the organisation (one query)."""
    since = (now or timezone.now()) - WINDOW
    counts = FormAttempt.objects.filter(
        organisation_id=organisation_id, client=client_key(address), at__gt=since
    ).aggregate(tries=Count("pk"), applied=Count("pk", filter=Q(accepted=True)))
    applied, tries = int(counts["applied"]), int(counts["tries"])
    return applied >= APPLICATIONS_PER_HOUR or tries >= ATTEMPTS_PER_HOUR


def record_attempt(
    organisation_id: int, address: str, *, now: dt.datetime | None = None
) -> FormAttempt:
    """Counts one sending of the form, and forgets those older than the hour."""
    now = now or timezone.now()
    FormAttempt.objects.filter(at__lte=now - WINDOW).delete()
    return FormAttempt.objects.create(
        organisation_id=organisation_id, client=client_key(address), at=now
    )


def record_application(attempt: FormAttempt) -> None:
    """The sending made an application: it counts against the hourly applications too."""
    FormAttempt.objects.filter(pk=attempt.pk).update(accepted=True)
