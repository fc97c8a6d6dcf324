"""A worker's private calendar feed: create (or replace) and revoke. The token is the only
credential, so replacing one revokes the old in the same transaction; both are audited (the
token itself never is: ``CalendarFeed.audit_private_fields``)."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from ownterms.accounts.models import User
from ownterms.audit.services import create_audited, field_changes, record_change
from ownterms.rota.models import CalendarFeed
from ownterms.staff.models import StaffMember


def _revoke_active(*, actor: User, member: StaffMember) -> int:
    now = timezone.now()
    revoked = 0
    for feed in CalendarFeed.objects.filter(staff_member=member, revoked_at__isnull=True):
        feed.revoked_at = now
        feed.save(update_fields=["revoked_at"])
        record_change(
            actor=actor,
            organisation=member.organisation,
            action="rota.calendar_feed.revoke",
            obj=feed,
            person=None,
            changes=field_changes({"revoked_at": None}, {"revoked_at": now.isoformat()}),
        )
        revoked += 1
    return revoked


@transaction.atomic
def new_calendar_feed(*, actor: User, member: StaffMember) -> CalendarFeed:
    """A fresh feed for ``member``; any feed they had stops working at once."""
    StaffMember.objects.select_for_update().get(pk=member.pk)
    _revoke_active(actor=actor, member=member)
    return create_audited(
        actor=actor,
        organisation=member.organisation,
        action="rota.calendar_feed.create",
        obj=CalendarFeed(organisation_id=member.organisation_id, staff_member=member),
        person=None,
        fields=["staff_member", "token"],
    )


@transaction.atomic
def revoke_calendar_feed(*, actor: User, member: StaffMember) -> int:
    """Stops ``member``'s feed (how many were active: 0 when there was none)."""
    StaffMember.objects.select_for_update().get(pk=member.pk)
    return _revoke_active(actor=actor, member=member)
