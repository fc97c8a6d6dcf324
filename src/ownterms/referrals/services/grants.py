"""Giving a partner professional access to refer people in, and ending it.

A grant is time-limited: from ``starts_on`` until ``ends_on`` (the day it ends gives no access).
Only the office (administrators and managers) grants or ends access, and only to a user of the
organisation who holds the ``partner`` role. Ending a grant today ends the partner's sessions at
once, as ending any other access does.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ownterms.accounts.models import Role, RoleGrant, User
from ownterms.accounts.services import end_sessions_for
from ownterms.audit.services import create_audited, field_changes, record_change
from ownterms.referrals.access import is_office
from ownterms.referrals.models import ReferrerGrant, Source


def _require_office(actor: User) -> None:
    if not is_office(actor):
        raise PermissionDenied(_("Only administrators and managers give partners access."))


def is_partner_user(user: User, organisation_id: int) -> bool:
    return (
        user.organisation_id == organisation_id
        and user.is_active
        and RoleGrant.objects.filter(user=user, role=Role.PARTNER).exists()
    )


@transaction.atomic
def grant_access(
    *,
    actor: User,
    user: User,
    agency: str,
    source: str,
    starts_on: dt.date,
    ends_on: dt.date,
) -> ReferrerGrant:
    """Lets ``user`` (a partner of the actor's organisation) refer people from ``starts_on``
    until ``ends_on``; refused with field errors otherwise."""
    _require_office(actor)
    errors: dict[str, list[str]] = {}
    if not is_partner_user(user, actor.organisation_id):
        errors["user"] = [_("Choose a partner professional of this organisation.")]
    if source not in Source.values:
        errors["source"] = [_("Choose what kind of referrer they are.")]
    if ends_on <= starts_on:
        errors["ends_on"] = [_("The end date must be after the start date.")]
    elif ends_on <= timezone.localdate():
        errors["ends_on"] = [_("The end date must be after today, or the access is already over.")]
    if not agency.strip():
        errors["agency"] = [_("Enter the team or organisation they work for.")]
    if errors:
        raise ValidationError(errors)
    return create_audited(
        actor=actor,
        organisation=actor.organisation,
        action="referrer_grant.create",
        obj=ReferrerGrant(
            organisation=actor.organisation,
            user=user,
            agency=" ".join(agency.split()),
            source=source,
            starts_on=starts_on,
            ends_on=ends_on,
            created_by=actor,
        ),
        person=None,
    )


@transaction.atomic
def end_grant(
    *, actor: User, grant: ReferrerGrant, ends_on: dt.date | None = None
) -> ReferrerGrant:
    """Ends ``grant`` on ``ends_on`` (default today: at once). Its referrals stay; the partner
    stops seeing them."""
    _require_office(actor)
    if grant.organisation_id != actor.organisation_id:
        raise PermissionDenied
    locked = ReferrerGrant.objects.select_for_update().get(pk=grant.pk)
    today = timezone.localdate()
    ends_on = ends_on or today
    if ends_on <= locked.starts_on:
        raise ValidationError(
            {
                "ends_on": [
                    _("Choose an end date after the access starts (%(day)s).")
                    % {"day": f"{locked.starts_on:%d/%m/%Y}"}
                ]
            }
        )
    if ends_on >= locked.ends_on:
        raise ValidationError(
            {
                "ends_on": [
                    _("Choose a day before the access already ends (%(day)s).")
                    % {"day": f"{locked.ends_on:%d/%m/%Y}"}
                ]
            }
        )
    old = {"ends_on": locked.ends_on}
    locked.ends_on = ends_on
    locked.save(update_fields=["ends_on"])
    record_change(
        actor=actor,
        organisation=locked.organisation,
        action="referrer_grant.end",
        obj=locked,
        person=None,
        changes=field_changes(old, {"ends_on": ends_on}),
    )
    if ends_on <= today:
        end_sessions_for(locked.user, reason="referrer_grant_ended")
    return locked
