"""Swaps: a worker asks to give one of their shifts to a named colleague from the person's
team; a manager approves it (checked against the working rules, then the same audited and
notified change as any change to the live rota) or declines it with a reason."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from ownterms.accounts.models import User
from ownterms.audit.services import create_audited, record_change
from ownterms.notifications.services import notify
from ownterms.people.selectors import person_managers
from ownterms.rota.models import Assignment, Shift, Swap
from ownterms.rota.selectors.time_words import when_words
from ownterms.rota.services.build import (
    ChangeCheck,
    check_live_change,
    eligible_team,
    set_shift_workers,
)
from ownterms.staff.models import StaffMember


def _after_swap(swap: Swap) -> list[StaffMember]:
    current = [
        a.staff_member
        for a in Assignment.objects.filter(shift=swap.shift).select_related("staff_member")
    ]
    return [m for m in current if m.pk != swap.from_staff_id] + [swap.to_staff]


def check_swap(swap: Swap) -> ChangeCheck:
    """What approving ``swap`` would break, in plain words."""
    return check_live_change(shift=swap.shift, workers=_after_swap(swap))


@transaction.atomic
def request_swap(
    *, actor: User, member: StaffMember, shift: Shift, to_staff: StaffMember, reason: str = ""
) -> Swap:
    if not Assignment.objects.filter(shift=shift, staff_member=member).exists():
        raise ValidationError(_("You can only swap a shift you work."))
    if shift.status != Shift.Status.PLANNED or shift.starts_at <= timezone.now():
        raise ValidationError(_("This shift can't be swapped: it has started or is cancelled."))
    if to_staff.pk == member.pk:
        raise ValidationError({"to_staff": [_("Choose a colleague, not yourself.")]})
    if not eligible_team(shift).filter(pk=to_staff.pk).exists():
        raise ValidationError({"to_staff": [_("Choose someone from the person's team.")]})
    if Swap.objects.filter(shift=shift, from_staff=member, status=Swap.Status.REQUESTED).exists():
        raise ValidationError(_("You have already asked to swap this shift."))
    swap = create_audited(
        actor=actor,
        organisation=shift.organisation,
        action="rota.swap_requested",
        obj=Swap(
            organisation=shift.organisation,
            shift=shift,
            from_staff=member,
            to_staff=to_staff,
            reason=reason,
            requested_by=actor,
        ),
        person=shift.person,
        fields=("shift", "from_staff", "to_staff", "status", "reason"),
    )
    link = reverse(
        "rota:swap_decide", kwargs={"org": shift.organisation.slug, "swap_id": swap.public_id}
    )
    notify(
        users=[m.user for m in person_managers(shift.person).select_related("user")],
        topic="rota",
        subject=_("A swap to decide"),
        body=_("%(from)s asks to give %(when)s to %(to)s.")
        % {
            "from": member.first_name,
            "when": when_words(shift),
            "to": to_staff.first_name,
        },
        link=link,
    )
    return swap


@transaction.atomic
def decide_swap(
    *, actor: User, swap: Swap, approve: bool, reason: str = "", confirmed: bool = False
) -> Swap:
    swap = (
        Swap.objects.select_for_update(of=("self",))
        .select_related("shift", "from_staff__user")
        .get(pk=swap.pk)
    )
    if swap.status != Swap.Status.REQUESTED:
        raise ValidationError(_("This swap has already been decided."))
    if approve:
        if not Assignment.objects.filter(shift=swap.shift, staff_member=swap.from_staff).exists():
            raise ValidationError(
                _("%(name)s no longer works this shift.") % {"name": swap.from_staff.first_name}
            )
        set_shift_workers(
            actor=actor,
            shift=swap.shift,
            workers=_after_swap(swap),
            seen=None,
            confirmed=confirmed,
        )
    elif not reason.strip():
        raise ValidationError({"reason": [_("Say why the swap is declined.")]})
    old = swap.status
    swap.status = Swap.Status.APPROVED if approve else Swap.Status.DECLINED
    swap.reason = swap.reason if approve else reason.strip()[:300]
    swap.decided_by = actor
    swap.decided_at = timezone.now()
    swap.save(update_fields=["status", "reason", "decided_by", "decided_at"])
    record_change(
        actor=actor,
        organisation=swap.organisation,
        action="rota.swap_decided",
        obj=swap,
        person=swap.shift.person,
        changes={"status": {"old": old, "new": swap.status}},
    )
    if not approve:
        notify(
            users=[swap.from_staff.user],
            topic="rota",
            subject=_("Your swap was declined"),
            body=_("Your request to give %(when)s to %(to)s was declined: %(reason)s")
            % {
                "when": when_words(swap.shift),
                "to": swap.to_staff.first_name,
                "reason": swap.reason,
            },
            link="",
        )
    return swap
