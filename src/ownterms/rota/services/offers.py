"""Open shifts: the office offers a shift's missing place to the eligible workers; the first
valid acceptance fills it.

"Valid" is the app's eligibility (team, skills, availability, not already on it) and then the
engine's independent checker over the shifts around it, so rest, 48-hour and overlap rules are
the engine's. "First valid acceptance wins" holds under concurrency by three guards inside one
transaction: the offer is taken with a conditional update (``UPDATE ... WHERE status = 'open'``: on
PostgreSQL a second acceptance waits for the first and then matches no row), the shift row is
locked and its live assignments counted against the headcount, and the ``Assignment`` unique
constraint refuses a second row for the same worker. The worker's own row is locked first, so
one worker accepting two overlapping shifts at once cannot double-book either.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from ownterms.accounts.models import User
from ownterms.audit.services import create_audited, record_change
from ownterms.core.tenancy import check_same_organisation
from ownterms.notifications.services import notify
from ownterms.people.selectors import person_managers
from ownterms.rota.models import Assignment, OpenShift, Shift
from ownterms.rota.selectors.offers import ineligible_reason, workers_who_may_take
from ownterms.rota.selectors.time_words import when_words
from ownterms.rota.services.build import check_live_change
from ownterms.staff.models import StaffMember

TAKEN_CODE = "taken"


class OfferTakenError(ValidationError):
    """The offer was filled (or withdrawn) before this acceptance."""

    def __init__(self) -> None:
        super().__init__(_("Someone else took this shift."), code=TAKEN_CODE)


def _link(shift: Shift, name: str) -> str:
    org = shift.organisation.slug
    return reverse(name, kwargs={"org": org})


@transaction.atomic
def offer_shift(*, actor: User, shift: Shift) -> OpenShift:
    """Offers one missing place on ``shift`` (planned, still to start, fewer live assignments
    and open offers than its headcount) and tells the eligible workers."""
    check_same_organisation(actor, shift)
    locked = (
        Shift.objects.select_for_update().select_related("person", "organisation").get(pk=shift.pk)
    )
    if locked.status != Shift.Status.PLANNED:
        raise ValidationError(_("This shift was cancelled, so it cannot be offered."))
    if locked.starts_at <= timezone.now():
        raise ValidationError(_("This shift has already started, so it cannot be offered."))
    workers = Assignment.objects.filter(shift=locked).count()
    offered = OpenShift.objects.filter(shift=locked, status=OpenShift.Status.OPEN).count()
    if workers + offered >= locked.headcount:
        raise ValidationError(
            _("Every place on this shift is filled or already offered.")
            if offered
            else _("Every place on this shift is filled.")
        )
    offer = create_audited(
        actor=actor,
        organisation=locked.organisation,
        action="rota.offer",
        obj=OpenShift(organisation_id=locked.organisation_id, shift=locked, created_by=actor),
        person=locked.person,
        fields=("shift", "status"),
    )
    eligible = {m.user for m in workers_who_may_take(locked) if m.user is not None}
    notify(
        users=eligible,
        topic="rota.open_shift",
        subject=_("An open shift: %(when)s") % {"when": when_words(locked)},
        body=_("A shift supporting %(name)s on %(when)s is open. The first to accept it gets it.")
        % {"name": locked.person.called, "when": when_words(locked)},
        link=_link(locked, "rota:open_shifts"),
    )
    return offer


def _check_working_rules(shift: Shift, staff_member: StaffMember) -> None:
    """Refuses the acceptance if it newly breaks a working rule (rest, 48 hours, weekly rest,
    overlap, contract...) by the engine's independent checker, over the shifts around this one
    of everyone the worker supports: the same rules as building and changing the rota."""
    workers = [
        a.staff_member
        for a in Assignment.objects.filter(shift=shift).select_related("staff_member")
    ]
    found = check_live_change(shift=shift, workers=[*workers, staff_member])
    if not found.ok:
        raise ValidationError(
            [_("You can't take this shift: %(why)s") % {"why": why} for why in found.problems]
        )


@transaction.atomic
def accept_offer(*, actor: User, offer: OpenShift, staff_member: StaffMember) -> Assignment:
    """Gives ``offer``'s place to ``staff_member`` if they are still eligible and nobody took
    it first (``OfferTakenError`` otherwise); audits it and tells the office and the
    person's managers."""
    check_same_organisation(actor, offer, staff_member)
    StaffMember.objects.select_for_update().get(pk=staff_member.pk)
    shift = Shift.objects.select_related("person", "organisation").get(pk=offer.shift_id)
    if shift.starts_at <= timezone.now():
        raise ValidationError(_("This shift has already started."))
    if shift.status != Shift.Status.PLANNED:
        raise ValidationError(_("This shift was cancelled."))
    fresh = OpenShift.objects.get(pk=offer.pk)
    if fresh.status != OpenShift.Status.OPEN:
        if fresh.filled_by_id == staff_member.pk:
            raise ValidationError(_("You have already taken this shift."))
        raise OfferTakenError
    reason = ineligible_reason(staff_member, shift)
    if reason is not None:
        raise ValidationError(reason)
    now = timezone.now()
    taken = OpenShift.objects.filter(pk=offer.pk, status=OpenShift.Status.OPEN).update(
        status=OpenShift.Status.FILLED, filled_by=staff_member, filled_at=now
    )
    if taken != 1:
        raise OfferTakenError
    Shift.objects.select_for_update().filter(pk=shift.pk).first()
    if Assignment.objects.filter(shift=shift).count() >= shift.headcount:
        raise OfferTakenError
    # Refused here, the whole acceptance rolls back and the offer stays open for the next.
    _check_working_rules(shift, staff_member)
    try:
        with transaction.atomic():
            assignment = Assignment.objects.create(
                shift=shift, staff_member=staff_member, created_by=actor
            )
    except IntegrityError:
        raise OfferTakenError from None
    record_change(
        actor=actor,
        organisation=shift.organisation,
        action="rota.offer_accept",
        obj=offer,
        person=shift.person,
        changes={
            "status": {"old": OpenShift.Status.OPEN, "new": OpenShift.Status.FILLED},
            "filled_by": {"old": None, "new": str(staff_member.public_id)},
        },
    )
    office = {offer.created_by} if offer.created_by else set()
    managers = {m.user for m in person_managers(shift.person).select_related("user")}
    notify(
        users=(office | managers) - {actor},
        topic="rota.open_shift_filled",
        subject=_("Open shift filled: %(when)s") % {"when": when_words(shift)},
        body=_("%(worker)s will work the open shift supporting %(name)s on %(when)s.")
        % {"worker": staff_member.name, "name": shift.person.called, "when": when_words(shift)},
        link=_link(shift, "rota:open_shifts"),
    )
    return assignment
