"""The message thread of a referral, between our office and the partner who referred.

Both sides read the whole thread; the text is special-category (the audit records only that a
message was written). A partner may write while their grant lasts and the referral is theirs;
the office on any referral of the organisation. Nobody writes on a closed referral's thread
except the office (to say goodbye, or answer a question after a decline).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ownterms.accounts.models import User
from ownterms.audit.services import record_change
from ownterms.referrals.access import current_grant, is_office
from ownterms.referrals.models import Message, Referral
from ownterms.referrals.services import notices

MAX_MESSAGE = 4000


def check_text(text: str, *, field: str = "text") -> str:
    cleaned = text.strip()
    if not cleaned:
        raise ValidationError({field: [_("Write your message.")]})
    if len(cleaned) > MAX_MESSAGE:
        raise ValidationError(
            {
                field: [
                    _("Keep the message to %(limit)s characters (it has %(count)s).")
                    % {"limit": MAX_MESSAGE, "count": len(cleaned)}
                ]
            }
        )
    return cleaned


def _side(actor: User, referral: Referral) -> bool:
    """True when ``actor`` writes as the referrer, False as the office; else refused."""
    if referral.organisation_id != actor.organisation_id:
        raise PermissionDenied
    if is_office(actor):
        return False
    grant = current_grant(actor)
    if grant is None or referral.grant is None or referral.grant.user_id != actor.pk:
        raise PermissionDenied
    if not referral.is_open:
        raise ValidationError(
            {"text": [_("This referral is closed. Contact us directly if you need to.")]}
        )
    return True


@transaction.atomic
def post_message(*, actor: User, referral: Referral, text: str, notify: bool = True) -> Message:
    from_referrer = _side(actor, referral)
    message = Message.objects.create(
        referral=referral,
        author=actor,
        author_label=actor.display_name or actor.email,
        from_referrer=from_referrer,
        text=check_text(text),
        at=timezone.now(),
    )
    record_change(
        actor=actor,
        organisation=referral.organisation,
        action="referral.message",
        obj=message,
        person=referral.person,
        changes={"referral": referral.reference, "text": {"changed": True}},
        basis="referrer" if from_referrer else "office",
    )
    if notify:
        notices.message_posted(referral, from_referrer=from_referrer, author=actor)
    return message
