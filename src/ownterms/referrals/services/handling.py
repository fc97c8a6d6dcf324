"""The office working a referral at intake, and the partner withdrawing it.

- ``request_information``: a message to the referrer, and the move to "more information
  requested" (asking again while it already waits is just the message);
- ``start_assessment``: the move to "being assessed";
- ``withdraw``: by the office or the partner who referred, with a reason;
- ``decline_early``: before the assessment, with a reason. A decline is recorded as a
  ``Decision`` (recommended and decided: decline), so the letter, the partner's page and the
  reports read every decline the same way; after the assessment starts, declines are the
  decision's (``services.decisions``);
- ``set_holders``: our named contact for the partner, and the manager who would hold it;
- ``move_as_office``: the API's move, which sends each target status to the right one above.

Every status change goes through ``pipeline.move``. Each action first locks the referral and
compares its status with the one the user saw (``seen``): a difference is a ``Conflict``.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ownterms.accounts.models import User
from ownterms.audit.services import field_changes, record_change
from ownterms.referrals.access import current_grant, is_office
from ownterms.referrals.models import (
    Decision,
    DeclineReason,
    Outcome,
    Referral,
    Status,
)
from ownterms.referrals.selectors.intake import managers_of
from ownterms.referrals.services import messages, pipeline
from ownterms.referrals.services.notices import office_users
from ownterms.staff.models import StaffMember

MAX_REASON = 500
#: Statuses an early decline (without an assessment) may come from.
EARLY = frozenset({Status.RECEIVED, Status.INFORMATION_REQUESTED})


class Conflict(Exception):  # noqa: N818 - an answer (409), not a crash
    """The referral changed since the user read it."""

    def __init__(self, referral: Referral) -> None:
        self.message = _(
            "Someone has just changed this referral: it is now “%(status)s”. Look again before "
            "you change it."
        ) % {"status": referral.get_status_display()}
        super().__init__(self.message)


def _require_office(actor: User, referral: Referral) -> None:
    if not is_office(actor) or referral.organisation_id != actor.organisation_id:
        raise PermissionDenied


def _lock(referral: Referral, seen: str | None) -> Referral:
    locked = Referral.objects.select_for_update().get(pk=referral.pk)
    if (seen or referral.status) != locked.status:
        raise Conflict(locked)
    return locked


def _can(locked: Referral, to_status: str) -> None:
    if not pipeline.can_move(locked, to_status):
        raise ValidationError(
            {
                "status": [
                    _("A referral that is “%(from)s” can't become “%(to)s”.")
                    % {"from": locked.get_status_display(), "to": Status(to_status).label}
                ]
            }
        )


def _reason(text: str, field: str, missing: str) -> str:
    cleaned = " ".join(text.split())
    if not cleaned:
        raise ValidationError({field: [missing]})
    if len(cleaned) > MAX_REASON:
        raise ValidationError(
            {
                field: [
                    _("Keep it to %(limit)s characters (it has %(count)s).")
                    % {"limit": MAX_REASON, "count": len(cleaned)}
                ]
            }
        )
    return cleaned


@transaction.atomic
def request_information(
    *, actor: User, referral: Referral, text: str, seen: str | None = None
) -> Referral:
    _require_office(actor, referral)
    locked = _lock(referral, seen)
    if locked.status != Status.INFORMATION_REQUESTED:
        _can(locked, Status.INFORMATION_REQUESTED)
    moving = locked.status != Status.INFORMATION_REQUESTED
    # The move tells the partner; a repeated request is a message, which tells them itself.
    messages.post_message(actor=actor, referral=locked, text=text, notify=not moving)
    if moving:
        pipeline.move(locked, Status.INFORMATION_REQUESTED, actor=actor)
    return locked


@transaction.atomic
def start_assessment(*, actor: User, referral: Referral, seen: str | None = None) -> Referral:
    _require_office(actor, referral)
    locked = _lock(referral, seen)
    _can(locked, Status.ASSESSMENT)
    pipeline.move(locked, Status.ASSESSMENT, actor=actor)
    return locked


@transaction.atomic
def withdraw(*, actor: User, referral: Referral, reason: str, seen: str | None = None) -> Referral:
    """The office, or the partner who referred (while their grant lasts), withdraws it."""
    if referral.organisation_id != actor.organisation_id:
        raise PermissionDenied
    if not is_office(actor):
        grant = current_grant(actor)
        if grant is None or referral.grant is None or referral.grant.user_id != actor.pk:
            raise PermissionDenied
    locked = _lock(referral, seen)
    _can(locked, Status.WITHDRAWN)
    why = _reason(reason, "reason", _("Say why the referral is withdrawn."))
    locked.closed_note = why
    locked.save(update_fields=["closed_note", "updated_at"])
    pipeline.move(locked, Status.WITHDRAWN, actor=actor, note=why)
    return locked


@transaction.atomic
def decline_early(
    *,
    actor: User,
    referral: Referral,
    reasons: str,
    decline_reason: str = DeclineReason.OTHER,
    seen: str | None = None,
) -> Decision:
    """Declines before the assessment, with the reasons in words (for the partner and the
    letter) and their kind (for the reports)."""
    _require_office(actor, referral)
    locked = _lock(referral, seen)
    _can(locked, Status.DECLINED)
    if locked.status not in EARLY:
        raise ValidationError(
            {
                "status": [
                    _(
                        "The assessment has started: record the decline as a decision, with "
                        "the assessment's reasons."
                    )
                ]
            }
        )
    if decline_reason not in DeclineReason.values:
        raise ValidationError({"decline_reason": [_("Choose the main reason.")]})
    words = reasons.strip()
    if not words:
        raise ValidationError(
            {"reasons": [_("Say why we are not the best provider for them, for the referrer.")]}
        )
    if len(words) > 4000:
        raise ValidationError(
            {
                "reasons": [
                    _("Keep the reasons to 4000 characters (they have %(n)s).") % {"n": len(words)}
                ]
            }
        )
    if Decision.objects.filter(referral=locked).exists():
        raise Conflict(locked)
    decision = Decision.objects.create(
        referral=locked,
        recommended=Outcome.DECLINE,
        outcome=Outcome.DECLINE,
        reasons=words,
        decline_reasons=[decline_reason],
        decided_by=actor,
        decided_by_label=actor.display_name or actor.email,
        decided_at=timezone.now(),
    )
    record_change(
        actor=actor,
        organisation=locked.organisation,
        action="referral.decline_early",
        obj=decision,
        person=locked.person,
        changes=field_changes(None, decision),
        basis="office",
    )
    pipeline.move(locked, Status.DECLINED, actor=actor)
    return decision


@transaction.atomic
def set_holders(
    *,
    actor: User,
    referral: Referral,
    contact: User | None,
    manager: StaffMember | None,
) -> Referral:
    """Our named contact for the partner (an administrator or manager) and the manager who
    would hold the package (a current member of staff with the manager role)."""
    _require_office(actor, referral)
    errors: dict[str, list[str]] = {}
    if (
        contact is not None
        and not office_users(actor.organisation_id).filter(pk=contact.pk).exists()
    ):
        errors["contact"] = [_("Choose an administrator or manager of this organisation.")]
    if (
        manager is not None
        and not managers_of(actor.organisation_id).filter(pk=manager.pk).exists()
    ):
        errors["proposed_manager"] = [_("Choose a current manager of this organisation.")]
    if errors:
        raise ValidationError(errors)
    locked = Referral.objects.select_for_update().get(pk=referral.pk)
    old = {"contact": locked.contact_id, "proposed_manager": locked.proposed_manager_id}
    new = {
        "contact": contact.pk if contact else None,
        "proposed_manager": manager.pk if manager else None,
    }
    changes = field_changes(old, new)
    if changes:
        locked.contact = contact
        locked.proposed_manager = manager
        locked.save(update_fields=["contact", "proposed_manager", "updated_at"])
        record_change(
            actor=actor,
            organisation=locked.organisation,
            action="referral.holders",
            obj=locked,
            person=locked.person,
            changes=changes,
            basis="office",
        )
    return locked


def move_as_office(
    *,
    actor: User,
    referral: Referral,
    to_status: str,
    note: str = "",
    decline_reason: str = DeclineReason.OTHER,
    seen: str | None = None,
) -> Referral:
    """The API's move: each status through its own action above. Waiting for a decision,
    accepting and becoming active belong to the assessment and the decision."""
    _require_office(actor, referral)
    if to_status == Status.INFORMATION_REQUESTED:
        return request_information(actor=actor, referral=referral, text=note, seen=seen)
    if to_status == Status.ASSESSMENT:
        return start_assessment(actor=actor, referral=referral, seen=seen)
    if to_status == Status.WITHDRAWN:
        return withdraw(actor=actor, referral=referral, reason=note, seen=seen)
    if to_status == Status.DECLINED:
        decline_early(
            actor=actor,
            referral=referral,
            reasons=note,
            decline_reason=decline_reason,
            seen=seen,
        )
        referral.refresh_from_db()
        return referral
    raise ValidationError(
        {
            "status": [
                _(
                    "Only these moves are made here: more information, the assessment, "
                    "withdrawn, or declined before the assessment. The assessment and the "
                    "decision make the others."
                )
            ]
        }
    )
