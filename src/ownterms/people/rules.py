"""Object permissions over the same rules as ``people.access`` (for ``user.has_perm`` and the
``{% has_perm %}`` template tag). They check only; they record no access event.

``people.view_person`` / ``people.change_person`` are about the core record (``profile``);
``people.view_person_<category>`` / ``people.change_person_<category>`` for each category.
"""

from __future__ import annotations

from django.http import Http404
from rules.permissions import set_perm
from rules.predicates import Predicate

from ownterms.accounts.models import User
from ownterms.people.access import person_bases
from ownterms.people.models import ConsentCategory, Person


def _reads(category: str, *, write: bool) -> Predicate:
    def check(user: object, person: object) -> bool:
        if not isinstance(user, User) or not isinstance(person, Person):
            return False
        try:
            access = person_bases(user, person.public_id, category=category)
        except Http404:
            return False
        return access.can_write() if write else True

    return Predicate(check, name=f"{'change' if write else 'view'}_{category}")


set_perm("people.view_person", _reads(ConsentCategory.PROFILE, write=False))  # type: ignore[no-untyped-call]
set_perm("people.change_person", _reads(ConsentCategory.PROFILE, write=True))  # type: ignore[no-untyped-call]
for _category in ConsentCategory:
    set_perm(f"people.view_person_{_category}", _reads(_category, write=False))  # type: ignore[no-untyped-call]
    set_perm(f"people.change_person_{_category}", _reads(_category, write=True))  # type: ignore[no-untyped-call]
