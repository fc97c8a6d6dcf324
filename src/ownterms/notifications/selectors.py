from __future__ import annotations

from django.db.models import QuerySet

from ownterms.accounts.models import User
from ownterms.notifications.models import Notification


def notifications_of(user: User) -> QuerySet[Notification]:
    return Notification.objects.filter(user=user, organisation_id=user.organisation_id)


def unread_count(user: User) -> int:
    return notifications_of(user).filter(read_at__isnull=True).count()
