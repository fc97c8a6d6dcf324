"""Who may do what with reviews and check-ins (on top of ``people.access``).

- Reviews are part of "plans and goals": whoever may read the person's plans reads them;
  administrators and the person's managers plan, record and amend them (as for plans).
- A check-in is the person's own say. It may be recorded by the person themself, by staff who
  support them (a current, approved team member) and by their managers or administrators;
  not by on-call managers (they only cover), family or partners, who may read it only if they
  may read the person's plans.
"""

from __future__ import annotations

import uuid

from django.core.exceptions import PermissionDenied

from ownterms.accounts.models import User
from ownterms.audit.services import record_access
from ownterms.people.access import PersonAccess, access_person, person_bases
from ownterms.people.models import ConsentCategory
from ownterms.people.selectors import Basis

PLANS = ConsentCategory.PLANS
CHECK_IN_WRITERS = frozenset({Basis.ADMINISTRATOR, Basis.MANAGER, Basis.SELF, Basis.TEAM})


def records_check_ins(access: PersonAccess) -> bool:
    return bool(access.bases & CHECK_IN_WRITERS)


def access_reviews(
    actor: User | None, person_id: uuid.UUID | str, *, write: bool = False, page: str = ""
) -> PersonAccess:
    """The person, if ``actor`` may read (``write``: change) their reviews; 404 / 403."""
    return access_person(actor, person_id, category=PLANS, write=write, page=page)


def access_check_ins(
    actor: User | None, person_id: uuid.UUID | str, *, write: bool = False, page: str = ""
) -> PersonAccess:
    """The person, if ``actor`` may read (``write``: record) their check-ins; 404 / 403."""
    access = person_bases(actor, person_id, category=PLANS)
    if write and not records_check_ins(access):
        raise PermissionDenied
    assert actor is not None
    record_access(actor=actor, person=access.person, page=page or PLANS, basis=access.basis.value)
    return access
