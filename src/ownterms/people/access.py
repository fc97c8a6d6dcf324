"""Fetching a person's record for someone, by legitimate relationship (issue 2 §5).

``access_person`` is the only way views and the API get a ``Person``. Missing and not
allowed to read give the same ``Http404``; allowed to read but not to change gives
``PermissionDenied`` (403). Every successful access writes an access event (at most one per
user, person and page in five minutes) naming the basis, so an on-call view is audited as such.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.http import Http404

from ownterms.accounts.models import User
from ownterms.audit.services import record_access
from ownterms.people.models import Person
from ownterms.people.selectors import (
    BASIS_PRECEDENCE,
    WRITE_BASES,
    Basis,
    annotate_bases,
    basis_conditions,
)


@dataclass(frozen=True)
class PersonAccess:
    person: Person
    #: The relationship that allowed this access (recorded in the audit).
    basis: Basis
    #: Every basis that applies (e.g. both manager and on-call).
    bases: frozenset[Basis]
    category: str

    def can_write(self, category: str | None = None) -> bool:
        allowed = WRITE_BASES[category or self.category]
        return bool(self.bases & allowed)


def _as_uuid(public_id: uuid.UUID | str) -> uuid.UUID | None:
    if isinstance(public_id, uuid.UUID):
        return public_id
    try:
        return uuid.UUID(str(public_id))
    except (ValueError, TypeError, AttributeError):
        return None


def uuid_or_404(public_id: uuid.UUID | str) -> uuid.UUID:
    """``public_id`` as a UUID; a malformed one is a missing page (404), like an unknown one."""
    key = _as_uuid(public_id)
    if key is None:
        raise Http404
    return key


def person_bases(actor: User | None, public_id: uuid.UUID | str, *, category: str) -> PersonAccess:
    """Which bases let ``actor`` read ``category`` of the person; 404 when none (no audit)."""
    if actor is None or not actor.is_authenticated:
        raise Http404
    key = _as_uuid(public_id)
    conditions = basis_conditions(actor, category)
    if key is None or not conditions:
        raise Http404
    row = (
        annotate_bases(
            Person.objects.filter(organisation_id=actor.organisation_id, public_id=key),
            conditions,
        )
        .select_related("organisation")
        .first()
    )
    if row is None:
        raise Http404
    bases = frozenset(basis for basis in conditions if getattr(row, f"via_{basis.value}"))
    if not bases:
        raise Http404
    basis = next(basis for basis in BASIS_PRECEDENCE if basis in bases)
    return PersonAccess(person=row, basis=basis, bases=bases, category=category)


def may_read(actor: User, public_id: uuid.UUID | str, category: str) -> bool:
    """Whether ``actor`` may read ``category`` of the person (records no access)."""
    try:
        person_bases(actor, public_id, category=category)
    except Http404:
        return False
    return True


def access_person(
    actor: User | None,
    public_id: uuid.UUID | str,
    *,
    category: str,
    write: bool = False,
    page: str = "",
) -> PersonAccess:
    """The person with ``public_id`` if ``actor`` may read (and, with ``write``, change)
    ``category`` of their record; records the access as ``page`` (default: the category)."""
    access = person_bases(actor, public_id, category=category)
    if write and not access.can_write():
        raise PermissionDenied
    assert actor is not None
    record_access(
        actor=actor, person=access.person, page=page or category, basis=access.basis.value
    )
    return access
