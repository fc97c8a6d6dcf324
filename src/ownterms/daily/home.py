"""The "Today" section of the organisation home: a link to the today board (and trends) for
those who have a board (administrators, managers, the on-call manager on duty)."""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from ownterms.accounts.models import User
from ownterms.core.home import HomeLink, HomeSection
from ownterms.daily.selectors.today import board_scope


def today_section(request: HttpRequest, org: str) -> HomeSection | None:
    user = request.user
    if not isinstance(user, User) or board_scope(user, user.organisation, timezone.now()) is None:
        return None
    return HomeSection(
        heading=_("Today"),
        links=[
            HomeLink(
                _("Today and tonight"),
                reverse("daily:today", kwargs={"org": org}),
                _("Who is supporting whom, gaps, incidents, medication and follow-ups."),
            ),
            HomeLink(
                _("Trends"),
                reverse("daily:trends", kwargs={"org": org}),
                _("Incidents, restrictive practices, PRN use and seizures by month."),
            ),
        ],
    )
