"""Staff and on-call sections of the organisation home."""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from ownterms.accounts.models import User
from ownterms.core.home import HomeLink, HomeSection
from ownterms.people.selectors import roles_of
from ownterms.staff.selectors import STAFF_RECORD_ROLES, on_call_now, staff_member_of


def staff_section(request: HttpRequest, org: str) -> HomeSection | None:
    user = request.user
    if not isinstance(user, User):
        return None
    links: list[HomeLink] = []
    if roles_of(user) & STAFF_RECORD_ROLES:
        links.append(HomeLink(_("Staff"), reverse("staff:list", kwargs={"org": org})))
        links.append(
            HomeLink(_("Skills and training"), reverse("staff:skills", kwargs={"org": org}))
        )
    mine = staff_member_of(user)
    if mine is not None:
        links.append(
            HomeLink(
                _("My staff record"),
                reverse("staff:detail", kwargs={"org": org, "staff_id": mine.public_id}),
            )
        )
    if not links:
        return None
    return HomeSection(heading=_("Staff"), links=links)


def on_call_section(request: HttpRequest, org: str) -> HomeSection | None:
    user = request.user
    if not isinstance(user, User):
        return None
    duties = list(on_call_now(user.organisation_id))
    if not duties:
        return HomeSection(heading=_("On call now"), lines=[_("No one is on call right now.")])
    lines = [
        _("%(name)s is on call until %(time)s.")
        % {
            "name": duty.manager.name,
            "time": timezone.localtime(duty.ends_at).strftime("%H:%M on %d %B"),
        }
        for duty in duties
    ]
    return HomeSection(heading=_("On call now"), lines=lines)
