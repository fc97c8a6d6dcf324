"""Moving a referral through the pipeline: the one place a referral's status changes.

    received → more information requested ⇄ assessment → decision → transition → active
    (any open status) → declined | withdrawn

Accepting and declining go through the decision (``services.decisions``), becoming active
through the conversion to a person (``services.conversion``); both call ``move``.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ownterms.accounts.models import User
from ownterms.audit.services import record_change
from ownterms.referrals.models import Referral, Status, StatusChange

#: Where each status may go next.
NEXT: dict[str, frozenset[str]] = {
    Status.RECEIVED: frozenset(
        {Status.INFORMATION_REQUESTED, Status.ASSESSMENT, Status.DECLINED, Status.WITHDRAWN}
    ),
    Status.INFORMATION_REQUESTED: frozenset({Status.ASSESSMENT, Status.DECLINED, Status.WITHDRAWN}),
    Status.ASSESSMENT: frozenset(
        {Status.INFORMATION_REQUESTED, Status.DECISION, Status.DECLINED, Status.WITHDRAWN}
    ),
    Status.DECISION: frozenset(
        {Status.ASSESSMENT, Status.TRANSITION, Status.DECLINED, Status.WITHDRAWN}
    ),
    Status.TRANSITION: frozenset({Status.ACTIVE, Status.WITHDRAWN}),
    Status.ACTIVE: frozenset(),
    Status.DECLINED: frozenset(),
    Status.WITHDRAWN: frozenset(),
}


def can_move(referral: Referral, to_status: str) -> bool:
    return to_status in NEXT[referral.status]


def move(referral: Referral, to_status: str, *, actor: User | None, note: str = "") -> StatusChange:
    """Moves ``referral`` to ``to_status`` (audited, in the caller's transaction or its own);
    a move the pipeline does not allow is a ``ValidationError`` naming both statuses."""
    if not can_move(referral, to_status):
        raise ValidationError(
            _("A referral that is “%(from)s” can't become “%(to)s”.")
            % {"from": referral.get_status_display(), "to": Status(to_status).label}
        )
    now = timezone.now()
    with transaction.atomic():
        locked = Referral.objects.select_for_update().get(pk=referral.pk)
        if locked.status != referral.status:
            raise ValidationError(_("Someone else has just changed this referral; reload it."))
        change = StatusChange.objects.create(
            referral=referral,
            from_status=referral.status,
            to_status=to_status,
            at=now,
            by=actor,
            note=note,
        )
        previous = referral.status
        referral.status = to_status
        referral.status_changed_at = now
        referral.save(update_fields=["status", "status_changed_at", "updated_at"])
        record_change(
            actor=actor,
            organisation=referral.organisation,
            action="referral.status",
            obj=referral,
            person=referral.person,
            changes={"status": [previous, to_status]},
        )
    return change
