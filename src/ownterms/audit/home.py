from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _

from ownterms.accounts.models import User
from ownterms.audit.selectors import audit_roles_of
from ownterms.core.home import HomeLink, HomeSection


def audit_section(request: HttpRequest, org: str) -> HomeSection | None:
    user = request.user
    if not isinstance(user, User) or not audit_roles_of(user):
        return None
    return HomeSection(
        heading=_("Audit"),
        links=[
            HomeLink(
                _("Audit trail"),
                reverse("audit:list", kwargs={"org": org}),
                _("Search what was changed and viewed, by whom and when."),
            )
        ],
    )
