"""The "Recruitment" section of the organisation home: for recruiters, how many vacancies are
open and waiting for approval; for the person (or the family they chose), a vacancy whose
advert waits for them to approve it."""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ownterms.accounts.models import User
from ownterms.core.home import HomeLink, HomeSection
from ownterms.recruitment.access import is_recruiter
from ownterms.recruitment.selectors.vacancies import awaiting_my_approval, home_counts


def vacancies_section(request: HttpRequest, org: str) -> HomeSection | None:
    user = request.user
    if not isinstance(user, User):
        return None
    if is_recruiter(user):
        counts = home_counts(user)
        opened = ngettext("%(n)s open vacancy", "%(n)s open vacancies", counts["open"]) % {
            "n": counts["open"]
        }
        awaiting = ngettext(
            "%(n)s awaiting approval", "%(n)s awaiting approval", counts["awaiting"]
        ) % {"n": counts["awaiting"]}
        line = _("%(open)s, %(awaiting)s") % {"open": opened, "awaiting": awaiting}
        return HomeSection(
            heading=_("Recruitment"),
            lines=[line],
            links=[
                HomeLink(
                    _("Vacancies"),
                    reverse("recruitment:vacancies", kwargs={"org": org}),
                    _("Each person's vacancies, their adverts and applications."),
                )
            ],
        )
    waiting = awaiting_my_approval(user)
    if not waiting:
        return None
    links = []
    for vacancy in waiting:
        if vacancy.person.user_id == user.pk:
            title = _("Your vacancy: waiting for you to approve the advert")
        else:
            title = _("%(name)s's vacancy: waiting for you to approve the advert") % {
                "name": vacancy.person.called
            }
        links.append(
            HomeLink(
                title,
                reverse(
                    "recruitment:vacancy_approval",
                    kwargs={"org": org, "vacancy_id": vacancy.public_id},
                ),
            )
        )
    return HomeSection(heading=_("Recruitment"), links=links)
