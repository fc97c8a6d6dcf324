"""The person's own links on the organisation home: their easy-read pages."""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _

from ownterms.accounts.models import Role, User
from ownterms.core.home import HomeLink, HomeSection
from ownterms.people.models import Person
from ownterms.people.selectors import roles_of


def easy_read_section(request: HttpRequest, org: str) -> HomeSection | None:
    user = request.user
    if not isinstance(user, User) or Role.PERSON not in roles_of(user):
        return None
    own = Person.objects.filter(organisation_id=user.organisation_id, user=user).first()
    if own is None:
        return None
    kwargs = {"org": org, "person_id": own.public_id}
    return HomeSection(
        heading=_("About me"),
        links=[
            HomeLink(
                _("About me"),
                reverse("plans:easy_about", kwargs=kwargs),
                _("My photo, what is important to me, what I like and my week."),
            ),
            HomeLink(
                _("My people"),
                reverse("plans:easy_people", kwargs=kwargs),
                _("My family, friends and the people who support me."),
            ),
        ],
    )
