"""Telling people about a referral: the office when one arrives, the partner when its status
changes or the office writes, our named contact (or the office) when the partner writes.

Notifications name the referral by its reference, never the person or what was said (they are
emailed): the link leads to the page, behind the usual access checks.

Status changes are caught when their ``StatusChange`` row is saved (``status_changed``,
connected in the app's ``ready``), so every move tells the partner, whichever service made it
(the intake's, the assessment's or the decision's).
"""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, OuterRef, QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _

from ownterms.accounts.models import Role, RoleGrant, User
from ownterms.notifications.services import notify
from ownterms.referrals.models import Referral, Status, StatusChange

TOPIC = "referrals"


def office_users(organisation_id: int) -> QuerySet[User]:
    """The active administrators and managers of the organisation."""
    return User.objects.filter(
        Exists(
            RoleGrant.objects.filter(
                user_id=OuterRef("pk"), role__in=[Role.ADMINISTRATOR, Role.MANAGER]
            )
        ),
        organisation_id=organisation_id,
        is_active=True,
    ).order_by("display_name", "pk")


def _office_side(referral: Referral) -> list[User]:
    """Our named contact, or the whole office while there is none."""
    if referral.contact is not None and referral.contact.is_active:
        return [referral.contact]
    return list(office_users(referral.organisation_id))


def _referrer(referral: Referral) -> User | None:
    grant = referral.grant
    return grant.user if grant is not None else None


def office_link(referral: Referral) -> str:
    return reverse(
        "referrals:detail",
        kwargs={"org": referral.organisation.slug, "referral_id": referral.public_id},
    )


def referrer_link(referral: Referral) -> str:
    return reverse(
        "referrals:status",
        kwargs={"org": referral.organisation.slug, "referral_id": referral.public_id},
    )


def referral_arrived(referral: Referral) -> None:
    notify(
        users=_office_side(referral),
        topic=TOPIC,
        subject=_("New referral %(reference)s") % {"reference": referral.reference},
        body=_("%(agency)s has sent a new referral, %(reference)s.")
        % {"agency": referral.referrer_agency, "reference": referral.reference},
        link=office_link(referral),
    )


def message_posted(referral: Referral, *, from_referrer: bool, author: User | None) -> None:
    subject = _("A new message about referral %(reference)s") % {"reference": referral.reference}
    if from_referrer:
        users = _office_side(referral)
        body = _("%(agency)s wrote about referral %(reference)s.") % {
            "agency": referral.referrer_agency,
            "reference": referral.reference,
        }
        link = office_link(referral)
    else:
        referrer = _referrer(referral)
        users = [referrer] if referrer is not None else []
        body = _("We wrote to you about referral %(reference)s.") % {
            "reference": referral.reference
        }
        link = referrer_link(referral)
    notify(
        users=[user for user in users if user != author],
        topic=TOPIC,
        subject=subject,
        body=body,
        link=link,
    )


def status_changed(sender: Any, instance: StatusChange, created: bool, **kwargs: Any) -> None:
    """Tells the partner (and, when the partner withdraws it, our side) that a referral moved."""
    if not created or not instance.from_status:
        return
    referral = Referral.objects.select_related("grant__user", "contact", "organisation").get(
        pk=instance.referral_id
    )
    status = Status(instance.to_status).label
    referrer = _referrer(referral)
    if referrer is not None and instance.by_id != referrer.pk:
        notify(
            users=[referrer],
            topic=TOPIC,
            subject=_("Referral %(reference)s: %(status)s")
            % {"reference": referral.reference, "status": status},
            body=_("Referral %(reference)s is now: %(status)s.")
            % {"reference": referral.reference, "status": status},
            link=referrer_link(referral),
        )
    elif referrer is not None and instance.to_status == Status.WITHDRAWN:
        notify(
            users=_office_side(referral),
            topic=TOPIC,
            subject=_("Referral %(reference)s was withdrawn") % {"reference": referral.reference},
            body=_("%(agency)s withdrew referral %(reference)s.")
            % {"agency": referral.referrer_agency, "reference": referral.reference},
            link=office_link(referral),
        )
