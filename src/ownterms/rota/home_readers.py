"""The worker's "Your next shift" section on the organisation home."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from ownterms.accounts.models import Role, User
from ownterms.core.home import HomeLink, HomeSection
from ownterms.people.selectors import roles_of
from ownterms.rota.selectors.readers import MY_SHIFTS_AHEAD, member_shifts
from ownterms.staff.selectors import staff_member_of


def next_shift_section(request: HttpRequest, org: str) -> HomeSection | None:
    user = request.user
    if not isinstance(user, User):
        return None
    member = staff_member_of(user)
    if member is None:
        return None
    now = timezone.now()
    shift = member_shifts(member, now, now + MY_SHIFTS_AHEAD).first()
    if shift is None and Role.SUPPORT_WORKER not in roles_of(user):
        return None
    if shift is None:
        line = _("You have no shifts in the next 14 days.")
    else:
        starts = timezone.localtime(shift.starts_at)
        ends = timezone.localtime(shift.ends_at)
        line = _("%(day)s, %(start)s to %(end)s, with %(name)s.") % {
            "day": _day(starts.date(), timezone.localdate(now)),
            "start": starts.strftime("%H:%M"),
            "end": ends.strftime("%H:%M"),
            "name": shift.person.called,
        }
    return HomeSection(
        heading=_("Your next shift"),
        lines=[line],
        links=[
            HomeLink(_("My shifts"), reverse("rota:my_shifts", kwargs={"org": org})),
            HomeLink(
                _("Add my shifts to my calendar"),
                reverse("rota:my_calendar", kwargs={"org": org}),
            ),
        ],
    )


def _day(day: dt.date, today: dt.date) -> str:
    if day == today:
        return _("Today")
    if day == today + dt.timedelta(days=1):
        return _("Tomorrow")
    return date_format(day, "l j F")
