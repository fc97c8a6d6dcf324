"""Who may see and change the rota (issue 4), on top of ``people.access``.

A person's rota (pattern, shifts, who is coming) is the ``rota`` category of their record:
read by everyone with a basis for it (the team, their managers, coordinators, the person,
circle members who have consent...). Changing it is for administrators, the person's managers
and rota coordinators. Organisation-wide rota pages (building, the week, payroll) are for the
office roles (``accounts.models.OFFICE_ROLES``, shared with on call) and show only the people
the user may read. Missing and forbidden give the same 404.
"""

from __future__ import annotations

import uuid

from django.core.exceptions import PermissionDenied
from django.http import Http404

from ownterms.accounts.models import Role, User
from ownterms.people.access import PersonAccess, access_person, uuid_or_404
from ownterms.people.models import ConsentCategory
from ownterms.people.selectors import Basis, is_office, roles_of
from ownterms.rota.models import RotaRun, Shift
from ownterms.staff.models import StaffMember
from ownterms.staff.selectors import staff_member_of

ROTA = ConsentCategory.ROTA

#: Bases that may change a person's rota.
ROTA_WRITE_BASES = frozenset({Basis.ADMINISTRATOR, Basis.MANAGER, Basis.COORDINATOR})

#: Roles that may download payroll exports.
PAYROLL_ROLES = frozenset({Role.ADMINISTRATOR, Role.FINANCE, Role.COORDINATOR})


def can_edit_rota(access: PersonAccess) -> bool:
    return bool(access.bases & ROTA_WRITE_BASES)


def access_person_rota(
    actor: User | None, person_id: uuid.UUID | str, *, write: bool = False, page: str = ""
) -> PersonAccess:
    """The person, if ``actor`` may read (with ``write``: change) their rota; audited."""
    access = access_person(actor, person_id, category=ROTA, page=page or "rota")
    if write and not can_edit_rota(access):
        raise PermissionDenied
    return access


def require_rota_office(actor: User) -> None:
    """404 unless ``actor`` holds one of the office roles (``accounts.models.OFFICE_ROLES``)."""
    if not is_office(actor):
        raise Http404


def require_payroll(actor: User) -> None:
    if not (roles_of(actor) & PAYROLL_ROLES):
        raise Http404


def access_shift(
    actor: User | None, shift_id: uuid.UUID | str, *, write: bool = False, page: str = ""
) -> tuple[Shift, PersonAccess]:
    """The shift and the access to its person's rota (404 when either is missing/forbidden)."""
    if actor is None:
        raise Http404
    shift = (
        Shift.objects.filter(organisation_id=actor.organisation_id, public_id=uuid_or_404(shift_id))
        .select_related("person")
        .first()
    )
    if shift is None:
        raise Http404
    access = access_person_rota(actor, shift.person.public_id, write=write, page=page)
    return shift, access


def access_run(actor: User, run_id: uuid.UUID | str) -> RotaRun:
    """An auto-fill run of the actor's organisation, for the rota office roles."""
    require_rota_office(actor)
    run = RotaRun.objects.filter(
        organisation_id=actor.organisation_id, public_id=uuid_or_404(run_id)
    ).first()
    if run is None:
        raise Http404
    return run


def own_staff_member(actor: User) -> StaffMember:
    """The actor's own current staff record (for "my shifts"); 404 when they have none."""
    member = staff_member_of(actor)
    if member is None:
        raise Http404
    return member
