"""Who may ask for and decide swaps (on top of ``rota.access``)."""

from __future__ import annotations

import uuid

from django.http import Http404

from ownterms.accounts.models import User
from ownterms.rota.access import access_shift, own_staff_member, require_rota_office
from ownterms.rota.models import Assignment, Shift, Swap
from ownterms.staff.models import StaffMember


def access_own_shift(actor: User, shift_id: uuid.UUID) -> tuple[Shift, StaffMember]:
    """A shift the actor works (the live rota), and their staff record; else 404."""
    member = own_staff_member(actor)
    shift, _access = access_shift(actor, shift_id, page="rota swap")
    if not Assignment.objects.filter(shift=shift, staff_member=member).exists():
        raise Http404
    return shift, member


def access_swap(actor: User, swap_id: uuid.UUID) -> Swap:
    """A swap to decide: for the rota office roles who may change the person's rota."""
    require_rota_office(actor)
    swap = (
        Swap.objects.filter(organisation_id=actor.organisation_id, public_id=swap_id)
        .select_related("shift", "from_staff", "to_staff")
        .first()
    )
    if swap is None:
        raise Http404
    access_shift(actor, swap.shift.public_id, write=True, page="rota swap")
    return swap
