"""The people section of the organisation home: whom the user can reach, and their own record."""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ownterms.accounts.models import User
from ownterms.core.home import HomeLink, HomeSection
from ownterms.people.models import ConsentCategory, Person
from ownterms.people.selectors import people_visible_to, roles_of

#: Up to this many people are linked one by one (family, partners, small teams).
LIST_EACH_UP_TO = 8


def people_section(request: HttpRequest, org: str) -> HomeSection | None:
    user = request.user
    if not isinstance(user, User):
        return None
    visible = people_visible_to(user, ConsentCategory.PROFILE).order_by("first_name", "pk")
    count = visible.count()
    links: list[HomeLink] = []
    own = Person.objects.filter(organisation_id=user.organisation_id, user=user).first()
    if own is not None and "person" in roles_of(user):
        links.append(
            HomeLink(
                _("My record"),
                reverse("people:detail", kwargs={"org": org, "person_id": own.public_id}),
            )
        )
        links.append(
            HomeLink(
                _("Who has looked at my record"),
                reverse("people:who_looked", kwargs={"org": org, "person_id": own.public_id}),
            )
        )
    others = [person for person in visible[: LIST_EACH_UP_TO + 1] if person != own]
    if 0 < len(others) <= LIST_EACH_UP_TO and count <= LIST_EACH_UP_TO + 1:
        links += [
            HomeLink(
                person.name,
                reverse("people:detail", kwargs={"org": org, "person_id": person.public_id}),
            )
            for person in others
        ]
    if count and not (own is not None and count == 1):
        links.append(
            HomeLink(
                _("People"),
                reverse("people:list", kwargs={"org": org}),
                ngettext(
                    "You can see %(count)d person's record.",
                    "You can see %(count)d people's records.",
                    count,
                )
                % {"count": count},
            )
        )
    if not links:
        return None
    return HomeSection(heading=_("People"), links=links)
