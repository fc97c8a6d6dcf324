"""The "Open follow-ups" section of the organisation home: calls from on call that still need
following up, the overdue and due today first, for the office roles and the follow-ups'
owners. It names no person (the call page shows details to those who may read them)."""

from __future__ import annotations

from django.db.models import Q
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from ownterms.accounts.models import User
from ownterms.core.home import HomeLink, HomeSection
from ownterms.oncall.selectors import open_follow_ups
from ownterms.people.selectors import is_office

SHOWN = 10


def follow_ups_section(request: HttpRequest, org: str) -> HomeSection | None:
    user = request.user
    if not isinstance(user, User):
        return None
    calls = open_follow_ups(user.organisation_id)
    if not is_office(user):
        calls = calls.filter(Q(follow_up_owner__user=user))
    found = list(calls[: SHOWN + 1])
    if not found:
        return None
    today = timezone.localdate()
    links = []
    for call in found[:SHOWN]:
        due = call.follow_up_due
        if due is not None and due < today:
            state = _("overdue since %(day)s") % {"day": date_format(due, "j F")}
        elif due == today:
            state = _("due today")
        else:
            state = _("due %(day)s") % {"day": date_format(due, "j F") if due else ""}
        links.append(
            HomeLink(
                _("Call at %(when)s")
                % {"when": date_format(timezone.localtime(call.received_at), "j F H:i")},
                reverse("oncall:call_detail", kwargs={"org": org, "call_id": call.public_id}),
                _("%(owner)s, %(state)s")
                % {
                    "owner": call.follow_up_owner.name if call.follow_up_owner else "",
                    "state": state,
                },
            )
        )
    lines = []
    if len(found) > SHOWN:
        lines.append(_("More are open: see the call log."))
    if is_office(user):
        links.append(
            HomeLink(
                _("Every open follow-up"), reverse("oncall:calls", kwargs={"org": org}) + "?open=1"
            )
        )
    return HomeSection(heading=_("Open follow-ups from on call"), links=links, lines=lines)
