from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _

from ownterms.accounts.models import Role, User
from ownterms.core.home import HomeLink, HomeSection
from ownterms.people.selectors import roles_of


def imports_section(request: HttpRequest, org: str) -> HomeSection | None:
    user = request.user
    if not isinstance(user, User) or Role.ADMINISTRATOR not in roles_of(user):
        return None
    return HomeSection(
        heading=_("Import"),
        links=[
            HomeLink(
                _("Import from a spreadsheet"),
                reverse("imports:start", kwargs={"org": org}),
                _("Bring in people, staff, teams, skills and training from CSV or Excel."),
            )
        ],
    )
