"""Who may see and do what with outcomes (issue 8).

A person's outcomes follow their record's consent categories (``people.access``): reviews,
check-ins, connections, goals and what the person says → ``plans``; NHS use, medication,
incidents and restrictive practices → ``health`` (``measures.CATEGORY`` names each measure's).
A page mixing both shows each section only to whoever may read its category
(``people.selectors.readable_categories``), and audits the view with ``access_person``.

Organisation-wide reports (the organisation report, working together for change, the
regulator's evidence pack) are for administrators and managers only; they name nobody
except where the reader could open that person's record anyway.
"""

from __future__ import annotations

from django.http import Http404

from ownterms.accounts.models import Role, User
from ownterms.people.selectors import roles_of

#: Roles that read organisation-wide outcome reports and run working together for change.
REPORT_ROLES = frozenset({Role.ADMINISTRATOR, Role.MANAGER})


def reads_organisation_reports(actor: User) -> bool:
    return actor.is_authenticated and bool(roles_of(actor) & REPORT_ROLES)


def require_report_reader(actor: User) -> None:
    if not reads_organisation_reports(actor):
        raise Http404
