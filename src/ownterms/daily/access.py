"""Who may see and write a person's daily records (issue 5), on top of ``people.access``.

Daily records are the ``daily`` category of the person's record: the person's current team,
their managers, the on-call manager, the person, and circle members or partners with consent
read them; the team, managers and administrators write them. Missing and forbidden both give
the same 404.
"""

from __future__ import annotations

import uuid
from typing import TypeVar

from django.http import Http404

from ownterms.accounts.models import User
from ownterms.daily.models import DailyRecord
from ownterms.people.access import PersonAccess, access_person, uuid_or_404
from ownterms.people.models import ConsentCategory
from ownterms.people.selectors import Basis

DAILY = ConsentCategory.DAILY

#: Who may amend a record someone else wrote (the author may always amend their own).
AMEND_OTHERS_BASES = frozenset({Basis.ADMINISTRATOR, Basis.MANAGER})

_R = TypeVar("_R", bound=DailyRecord)


def access_person_daily(
    actor: User | None, person_id: uuid.UUID | str, *, write: bool = False, page: str = ""
) -> PersonAccess:
    """The person, if ``actor`` may read (with ``write``: add to) their daily records; audited."""
    return access_person(actor, person_id, category=DAILY, write=write, page=page or "daily")


def access_record(
    actor: User | None,
    person_id: uuid.UUID | str,
    model: type[_R],
    record_id: uuid.UUID | str,
    *,
    write: bool = False,
    page: str = "",
) -> tuple[_R, PersonAccess]:
    """One of the person's records of ``model`` (404 when the person or the record is missing
    or forbidden; 403 when readable but ``write`` is not allowed)."""
    access = access_person_daily(actor, person_id, write=write, page=page)
    record = model._default_manager.filter(
        person=access.person, public_id=uuid_or_404(record_id)
    ).first()
    if record is None:
        raise Http404
    return record, access


def may_amend(actor: User, access: PersonAccess, record: DailyRecord) -> bool:
    """The author (while they may still write the person's records), a manager or an
    administrator may amend a record."""
    if not access.can_write():
        return False
    return record.recorded_by_id == actor.pk or bool(access.bases & AMEND_OTHERS_BASES)
