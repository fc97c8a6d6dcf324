"""Matching writes nothing; reading the cross-match is audited here, for the page and the API."""

from __future__ import annotations

from ownterms.accounts.models import User
from ownterms.audit.services import record_overview_access
from ownterms.recruitment.access import Basis


def record_cross_match_view(actor: User) -> None:
    """The cross-match names many applicants: one access event on the organisation."""
    record_overview_access(
        actor=actor,
        action="recruitment.cross_match.view",
        obj=actor.organisation,
        page="recruitment.cross_match",
        basis=Basis.RECRUITER,
    )
