"""Who may see and change a person's funding (issue 9), on top of ``people.access``.

Funding is the ``money`` category of the person's record: finance reads everyone's, managers
their people's, the person their own, circle members only with consent to share money.
Changing it is for administrators, the person's managers and finance. The organisation's
finance pages are for ``FINANCE_OFFICE_ROLES`` and list only people the user may read.
Missing and forbidden give the same 404.
"""

from __future__ import annotations

import uuid

from django.http import Http404

from ownterms.accounts.models import Role, User
from ownterms.funding.models import FundingArrangement
from ownterms.people.access import PersonAccess, access_person, uuid_or_404
from ownterms.people.models import ConsentCategory
from ownterms.people.selectors import roles_of

MONEY = ConsentCategory.MONEY

#: Roles that use the organisation-wide funding pages (budget health, funders, exports).
FINANCE_OFFICE_ROLES = frozenset({Role.ADMINISTRATOR, Role.MANAGER, Role.FINANCE})


def access_person_funding(
    actor: User | None, person_id: uuid.UUID | str, *, write: bool = False, page: str = ""
) -> PersonAccess:
    """The person, if ``actor`` may read (with ``write``: change) their funding; audited."""
    return access_person(actor, person_id, category=MONEY, write=write, page=page or "funding")


def access_arrangement(
    actor: User | None,
    person_id: uuid.UUID | str,
    arrangement_id: uuid.UUID | str,
    *,
    write: bool = False,
    page: str = "",
) -> tuple[FundingArrangement, PersonAccess]:
    """One of the person's arrangements and the access to their funding (404 when either is
    missing or forbidden, 403 when readable but ``write`` is not allowed)."""
    access = access_person_funding(actor, person_id, write=write, page=page)
    arrangement = FundingArrangement.objects.filter(
        person=access.person, public_id=uuid_or_404(arrangement_id)
    ).first()
    if arrangement is None:
        raise Http404
    return arrangement, access


def require_finance_office(actor: User) -> None:
    """404 unless ``actor`` holds one of ``FINANCE_OFFICE_ROLES``."""
    if not (roles_of(actor) & FINANCE_OFFICE_ROLES):
        raise Http404
