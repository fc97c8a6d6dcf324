"""Who may see and do what with referrals (issue 7).

- **The office** (administrators and managers) sees and works every referral of the
  organisation: assessment, decision, letters, reports.
- **A partner** with a current ``ReferrerGrant`` refers people in and follows their own
  referrals — status, the messages about it, what they submitted, the decision letter — and
  nothing else; when the grant ends, so does access.
- Anyone else: the same 404 for missing and forbidden.

Every view of a referral is audited (``audit.services.record_referral_access``).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from enum import StrEnum

from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from ownterms.accounts.models import Role, User
from ownterms.audit.services import record_referral_access
from ownterms.people.access import uuid_or_404
from ownterms.people.selectors import roles_of
from ownterms.referrals.models import Referral, ReferrerGrant

#: Roles that run referrals for the whole organisation.
OFFICE_ROLES = frozenset({Role.ADMINISTRATOR, Role.MANAGER})


class Basis(StrEnum):
    OFFICE = "office"
    REFERRER = "referrer"


def is_office(actor: User) -> bool:
    return actor.is_authenticated and bool(roles_of(actor) & OFFICE_ROLES)


def require_office(actor: User) -> None:
    if not is_office(actor):
        raise Http404


def current_grant(actor: User) -> ReferrerGrant | None:
    """The partner's current grant (the latest to start), or ``None``."""
    if not actor.is_authenticated or Role.PARTNER not in roles_of(actor):
        return None
    today = timezone.localdate()
    return (
        ReferrerGrant.objects.filter(
            user=actor,
            organisation_id=actor.organisation_id,
            starts_on__lte=today,
            ends_on__gt=today,
        )
        .order_by("-starts_on", "-pk")
        .first()
    )


def require_referrer(actor: User) -> ReferrerGrant:
    grant = current_grant(actor)
    if grant is None:
        raise Http404
    return grant


def referrals_visible_to(actor: User) -> QuerySet[Referral]:
    found = Referral.objects.filter(organisation_id=actor.organisation_id)
    if is_office(actor):
        return found
    if current_grant(actor) is not None:
        return found.filter(grant__user=actor)
    return found.none()


@dataclass(frozen=True)
class ReferralAccess:
    referral: Referral
    basis: Basis

    @property
    def office(self) -> bool:
        return self.basis is Basis.OFFICE


def access_referral(
    actor: User, referral_id: uuid.UUID | str, *, page: str, office_only: bool = False
) -> ReferralAccess:
    """The referral and why ``actor`` may see it, audited; else 404. ``office_only`` pages
    (the assessment, the decision) are a 404 for the referrer too."""
    if not actor.is_authenticated:
        raise Http404
    referral = (
        referrals_visible_to(actor)
        .filter(public_id=uuid_or_404(referral_id))
        .select_related("person", "contact", "proposed_manager")
        .first()
    )
    if referral is None:
        raise Http404
    basis = Basis.OFFICE if is_office(actor) else Basis.REFERRER
    if office_only and basis is not Basis.OFFICE:
        raise Http404
    record_referral_access(actor=actor, referral=referral, page=page, basis=basis)
    return ReferralAccess(referral, basis)
