"""Sending notifications: ``notify`` is the only way (in-app record + email on commit)."""

from __future__ import annotations

import logging
from collections.abc import Iterable

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from ownterms.accounts.models import User
from ownterms.notifications.models import Notification

logger = logging.getLogger(__name__)


def notify(
    *,
    users: Iterable[User],
    topic: str,
    subject: str,
    body: str,
    link: str = "",
) -> list[Notification]:
    """Records one notification per distinct active user and emails each after the caller's
    transaction commits (a rolled-back change sends nothing; ``OWNTERMS_EMAIL_NOTIFICATIONS``
    off sends none). Keep ``body`` free of health,
    incident and money details: say what changed and link to the page."""
    recipients = {user.pk: user for user in users if user is not None and user.is_active}
    rows = Notification.objects.bulk_create(
        [
            Notification(
                organisation_id=user.organisation_id,
                user=user,
                topic=topic,
                subject=subject[:200],
                body=body,
                link=link,
            )
            for user in recipients.values()
        ]
    )
    if settings.OWNTERMS_EMAIL_NOTIFICATIONS:
        ids = [row.pk for row in rows]
        transaction.on_commit(lambda: _email(ids))
    return rows


def _email(ids: list[int]) -> None:
    base = settings.OWNTERMS_BASE_URL.rstrip("/")
    for row in Notification.objects.filter(pk__in=ids, emailed=False).select_related("user"):
        text = row.body + (f"\n\n{base}{row.link}" if row.link else "")
        try:
            send_mail(row.subject, text, None, [row.user.email])
        except OSError:
            logger.exception("Could not email notification %s", row.public_id)
            continue
        Notification.objects.filter(pk=row.pk).update(emailed=True)


def mark_all_read(*, user: User) -> int:
    """Marks every unread notification of ``user`` read; returns how many."""
    return Notification.objects.filter(user=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )
