"""Who may use the on-call pages.

The rota and the call log are for the office roles (administrator, manager, rota
coordinator) and for whoever is on call now. The details of a call about a person are shown
only to those who may read that person's daily notes (``people.access``); everyone else sees
that the call was about someone they don't support. Missing and forbidden give the same 404.
"""

from __future__ import annotations

import uuid

from django.http import Http404
from django.utils import timezone

from ownterms.accounts.models import Role, User
from ownterms.oncall.models import CallLog
from ownterms.people.access import uuid_or_404
from ownterms.people.selectors import is_office
from ownterms.staff.models import OnCallDuty, StaffMember

#: Roles that never see who is on call (they are not staff).
NOT_STAFF_ROLES = frozenset({Role.PERSON, Role.CIRCLE, Role.PARTNER})


def is_on_call(actor: User) -> bool:
    now = timezone.now()
    return OnCallDuty.objects.filter(
        organisation_id=actor.organisation_id,
        manager__user=actor,
        starts_at__lte=now,
        ends_at__gt=now,
    ).exists()


def require_office(actor: User) -> None:
    """404 unless ``actor`` holds one of the office roles (``accounts.models.OFFICE_ROLES``)."""
    if not is_office(actor):
        raise Http404


def require_call_log(actor: User) -> None:
    """404 unless ``actor`` may read and add to the call log (office roles or on call now)."""
    if not (is_office(actor) or is_on_call(actor)):
        raise Http404


def access_duty(actor: User, duty_id: uuid.UUID | str) -> OnCallDuty:
    """A duty of the actor's organisation that they may hand over: their own, or any for the
    office roles."""
    duty = (
        OnCallDuty.objects.filter(
            organisation_id=actor.organisation_id, public_id=uuid_or_404(duty_id)
        )
        .select_related("manager", "manager__user")
        .first()
    )
    if duty is None or not (is_office(actor) or duty.manager.user_id == actor.pk):
        raise Http404
    return duty


def access_call(actor: User, call_id: uuid.UUID | str) -> CallLog:
    """A call of the actor's organisation, for those who may use the call log."""
    require_call_log(actor)
    call = (
        CallLog.objects.filter(
            organisation_id=actor.organisation_id, public_id=uuid_or_404(call_id)
        )
        .select_related("taken_by", "person", "follow_up_owner", "follow_up_done_by", "created_by")
        .first()
    )
    if call is None:
        raise Http404
    return call


def may_close_follow_up(actor: User, call: CallLog) -> bool:
    """The follow-up's owner, or the office roles."""
    owner: StaffMember | None = call.follow_up_owner
    return is_office(actor) or (owner is not None and owner.user_id == actor.pk)
