"""The organisation home's "Worked shifts and open shifts" section: a worker's shifts to
confirm and open shifts; for the rota office delivered hours; for payroll roles the payroll."""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from ownterms.accounts.models import OFFICE_ROLES, User
from ownterms.core.home import HomeLink, HomeSection
from ownterms.people.selectors import roles_of
from ownterms.rota.access import PAYROLL_ROLES
from ownterms.rota.selectors.delivery import unconfirmed_for
from ownterms.staff.selectors import staff_member_of

#: How many of a worker's unconfirmed shifts the home lists.
LISTED = 5


def delivered_section(request: HttpRequest, org: str) -> HomeSection | None:
    user = request.user
    if not isinstance(user, User):
        return None
    roles = roles_of(user)
    links: list[HomeLink] = []
    member = staff_member_of(user)
    if member is not None:
        for shift in unconfirmed_for(member)[:LISTED]:
            links.append(
                HomeLink(
                    _("Confirm: %(day)s with %(name)s")
                    % {
                        "day": date_format(shift.on, "l j F"),
                        "name": shift.person.called,
                    },
                    reverse(
                        "rota:confirm_worked", kwargs={"org": org, "shift_id": shift.public_id}
                    ),
                    _("Record the times you worked"),
                )
            )
    if member is not None or roles & OFFICE_ROLES:
        links.append(HomeLink(_("Open shifts"), reverse("rota:open_shifts", kwargs={"org": org})))
    if roles & OFFICE_ROLES:
        links.append(
            HomeLink(
                _("Delivered hours"),
                reverse("rota:delivered", kwargs={"org": org}),
                _("Delivered against planned and commissioned, per person per week"),
            )
        )
    if roles & PAYROLL_ROLES:
        links.append(HomeLink(_("Payroll"), reverse("rota:payroll", kwargs={"org": org})))
    if not links:
        return None
    return HomeSection(heading=_("Worked shifts and open shifts"), links=links)
