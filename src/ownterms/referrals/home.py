"""The "Referrals" section of the organisation home: for the office, how many referrals wait
for us; for a partner with a current grant, their referrals and the form to refer someone."""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ownterms.accounts.models import User
from ownterms.core.home import HomeLink, HomeSection
from ownterms.referrals.access import current_grant, is_office
from ownterms.referrals.selectors.intake import waiting_for_us


def referrals_section(request: HttpRequest, org: str) -> HomeSection | None:
    user = request.user
    if not isinstance(user, User):
        return None
    if is_office(user):
        waiting = waiting_for_us(user.organisation_id)
        return HomeSection(
            heading=_("Referrals"),
            lines=[
                ngettext(
                    "Referrals: %(n)s waiting for us", "Referrals: %(n)s waiting for us", waiting
                )
                % {"n": waiting}
            ],
            links=[
                HomeLink(
                    _("Referrals"),
                    reverse("referrals:list", kwargs={"org": org}),
                    _("New referrals, those being assessed and those waiting for a decision."),
                ),
                HomeLink(
                    _("Partners who can refer"),
                    reverse("referrals:grants", kwargs={"org": org}),
                ),
            ],
        )
    if current_grant(user) is not None:
        return HomeSection(
            heading=_("Referrals"),
            links=[
                HomeLink(_("My referrals"), reverse("referrals:mine", kwargs={"org": org})),
                HomeLink(_("Refer someone"), reverse("referrals:new", kwargs={"org": org})),
            ],
        )
    return None
