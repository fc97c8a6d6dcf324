"""Reads for the intake: the office's list and counts, a partner's own referrals, one
referral with everything its page shows, the partners' grants, who can hold a referral, and
the status in plain words for partners."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Prefetch, QuerySet
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from ownterms.accounts.models import Role, RoleGrant, User
from ownterms.people.selectors import current
from ownterms.referrals.models import (
    STATUS_ORDER,
    Decision,
    Referral,
    ReferrerGrant,
    Status,
    StatusChange,
)
from ownterms.staff.models import StaffMember

#: What each status means, said to the partner who referred.
PLAIN_STATUS: dict[str, Promise] = {
    Status.RECEIVED: _("We have received the referral and will look at it soon."),
    Status.INFORMATION_REQUESTED: _("We have asked you for more information: see the messages."),
    Status.ASSESSMENT: _("We are finding out whether we can support them well."),
    Status.DECISION: _("We have finished finding out and are making our decision."),
    Status.TRANSITION: _("We can support them: we are planning the move to us together."),
    Status.ACTIVE: _("We support them now."),
    Status.DECLINED: _("We are not the best provider for them."),
    Status.WITHDRAWN: _("The referral was withdrawn."),
}
#: Statuses where the next step is ours (the home page's "waiting for us").
WAITING_FOR_US = frozenset({Status.RECEIVED, Status.ASSESSMENT, Status.DECISION})
#: The order statuses are listed and counted in.
ALL_STATUSES: tuple[str, ...] = (*STATUS_ORDER, Status.DECLINED, Status.WITHDRAWN)


def managers_of(organisation_id: int) -> QuerySet[StaffMember]:
    """Current staff with the manager role: who can hold a new package."""
    return (
        StaffMember.objects.filter(current(timezone.localdate()), organisation_id=organisation_id)
        .filter(Exists(RoleGrant.objects.filter(user_id=OuterRef("user_id"), role=Role.MANAGER)))
        .order_by("first_name", "last_name", "pk")
    )


def partner_users(organisation_id: int) -> QuerySet[User]:
    """Active users of the organisation with the partner role (who may be given a grant)."""
    return User.objects.filter(
        Exists(RoleGrant.objects.filter(user_id=OuterRef("pk"), role=Role.PARTNER)),
        organisation_id=organisation_id,
        is_active=True,
    ).order_by("display_name", "email")


def office_list(organisation_id: int, *, status: str = "", source: str = "") -> QuerySet[Referral]:
    """The organisation's referrals, newest first, filtered by status and source."""
    found = Referral.objects.filter(organisation_id=organisation_id).select_related("contact")
    if status:
        found = found.filter(status=status)
    if source:
        found = found.filter(source=source)
    return found.order_by("-received_at", "-pk")


def status_counts(organisation_id: int, *, source: str = "") -> list[tuple[str, str, int]]:
    """(status, label, how many) for every status, in the pipeline's order."""
    found = Referral.objects.filter(organisation_id=organisation_id)
    if source:
        found = found.filter(source=source)
    counted = dict(found.values_list("status").annotate(n=Count("pk")).values_list("status", "n"))
    return [(status, str(Status(status).label), counted.get(status, 0)) for status in ALL_STATUSES]


def waiting_for_us(organisation_id: int) -> int:
    return Referral.objects.filter(
        organisation_id=organisation_id, status__in=WAITING_FOR_US
    ).count()


def referrals_of(user: User) -> QuerySet[Referral]:
    """The referrals a partner made through any of their grants, newest first."""
    return (
        Referral.objects.filter(organisation_id=user.organisation_id, grant__user=user)
        .select_related("contact")
        .order_by("-received_at", "-pk")
    )


def with_everything(referral: Referral) -> Referral:
    """The referral with what its page shows: contacts, skills, timeline, messages, decision."""
    return (
        Referral.objects.filter(pk=referral.pk)
        .select_related("contact", "proposed_manager", "grant", "person", "organisation")
        .prefetch_related(
            "contacts",
            "skills",
            Prefetch("changes", queryset=StatusChange.objects.select_related("by")),
            "messages",
        )
        .get()
    )


def decision_of(referral: Referral) -> Decision | None:
    return Decision.objects.filter(referral=referral).first()


@dataclass(frozen=True)
class GrantGroups:
    current: list[ReferrerGrant]
    upcoming: list[ReferrerGrant]
    ended: list[ReferrerGrant]


def grants_of(organisation_id: int, *, today: dt.date | None = None) -> GrantGroups:
    day = today or timezone.localdate()
    rows = list(
        ReferrerGrant.objects.filter(organisation_id=organisation_id)
        .select_related("user")
        .annotate(referred=Count("referrals"))
        .order_by("user__display_name", "-starts_on", "pk")
    )
    return GrantGroups(
        current=[row for row in rows if row.starts_on <= day < row.ends_on],
        upcoming=[row for row in rows if row.starts_on > day],
        ended=[row for row in rows if row.ends_on <= day],
    )


def grant_of(organisation_id: int, grant_id: uuid.UUID) -> ReferrerGrant | None:
    return (
        ReferrerGrant.objects.filter(organisation_id=organisation_id, public_id=grant_id)
        .select_related("user")
        .first()
    )


def the_partners_last(user: User) -> Referral | None:
    """The partner's latest referral (its role and phone prefill the next one)."""
    return referrals_of(user).select_related(None).only("referrer_role", "referrer_phone").first()
