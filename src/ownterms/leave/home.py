"""The leave section of the organisation home: the worker's own leave and availability, and
for managers the organisation's leave with how many requests wait for a decision."""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ownterms.accounts.models import User
from ownterms.core.home import HomeLink, HomeSection
from ownterms.leave.access import sees_everyone
from ownterms.leave.selectors import waiting_for_approval
from ownterms.staff.selectors import staff_member_of


def leave_section(request: HttpRequest, org: str) -> HomeSection | None:
    user = request.user
    if not isinstance(user, User):
        return None
    links: list[HomeLink] = []
    if sees_everyone(user):
        waiting = waiting_for_approval(user.organisation_id).count()
        links.append(
            HomeLink(
                _("Leave"),
                reverse("leave:organisation", kwargs={"org": org}),
                ngettext(
                    "%(n)s request waiting for a decision",
                    "%(n)s requests waiting for a decision",
                    waiting,
                )
                % {"n": waiting},
            )
        )
    mine = staff_member_of(user)
    if mine is not None:
        kwargs = {"org": org, "staff_id": mine.public_id}
        links.append(HomeLink(_("My leave"), reverse("leave:staff_leave", kwargs=kwargs)))
        links.append(HomeLink(_("When I can work"), reverse("leave:availability", kwargs=kwargs)))
    if not links:
        return None
    return HomeSection(heading=_("Leave and availability"), links=links)
