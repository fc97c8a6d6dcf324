"""Role-based permissions that lower apps check by name (``user.has_perm``), so core can
guard its pages without importing accounts."""

from __future__ import annotations

from rules.permissions import set_perm
from rules.predicates import Predicate

from ownterms.accounts import selectors
from ownterms.accounts.models import Role, User


def _is_administrator(user: object) -> bool:
    return (
        isinstance(user, User) and user.is_active and selectors.has_role(user, Role.ADMINISTRATOR)
    )


is_administrator = Predicate(_is_administrator)

#: View and schedule changes to the organisation's settings (core's settings pages).
set_perm("core.manage_organisation_settings", is_administrator)  # type: ignore[no-untyped-call]
