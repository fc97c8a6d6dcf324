"""Where reviews show up outside their own pages: the "Reviews" section of every person's
record, the person's own links on the home page (my check-ins), and working together for
change for administrators and managers."""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ownterms.accounts.models import Role, User
from ownterms.core.home import HomeLink, HomeSection, register_home_section
from ownterms.outcomes.access import reads_organisation_reports
from ownterms.people.models import ConsentCategory, Person
from ownterms.people.record_tabs import RecordTab, register_record_tab
from ownterms.people.selectors import roles_of


def my_check_ins_section(request: HttpRequest, org: str) -> HomeSection | None:
    user = request.user
    if not isinstance(user, User) or Role.PERSON not in roles_of(user):
        return None
    own = Person.objects.filter(organisation_id=user.organisation_id, user=user).first()
    if own is None:
        return None
    kwargs = {"org": org, "person_id": own.public_id}
    return HomeSection(
        heading=_("How is my life?"),
        links=[
            HomeLink(
                _("Tell us how things are"),
                reverse("outcomes:check_in_new", kwargs=kwargs),
                _("Choose a face for my home, my people, my staff and more."),
            ),
            HomeLink(
                _("My check-ins"),
                reverse("outcomes:check_ins", kwargs=kwargs),
                _("What I said before."),
            ),
            HomeLink(_("My reviews"), reverse("outcomes:reviews", kwargs=kwargs)),
        ],
    )


def working_together_section(request: HttpRequest, org: str) -> HomeSection | None:
    user = request.user
    if not isinstance(user, User) or not reads_organisation_reports(user):
        return None
    return HomeSection(
        heading=_("Reviews and change"),
        links=[
            HomeLink(
                _("Working together for change"),
                reverse("outcomes:wtfc_rounds", kwargs={"org": org}),
                _(
                    "What is working and not working across everyone's reviews, and what we "
                    "will change."
                ),
            ),
            HomeLink(
                _("Outcomes across everyone"),
                reverse("outcomes:organisation_outcomes", kwargs={"org": org}),
                _("Counts and trends across people, without names."),
            ),
            HomeLink(
                _("Evidence for the regulator"),
                reverse("outcomes:evidence_pack", kwargs={"org": org}),
                _("What we hold under the Care Quality Commission's headings."),
            ),
        ],
    )


def register_reviews() -> None:
    register_record_tab(
        RecordTab("reviews", gettext_lazy("Reviews"), "outcomes:reviews", ConsentCategory.PLANS, 25)
    )
    register_home_section("outcomes.my_check_ins", my_check_ins_section, order=6)
    register_home_section("outcomes.working_together", working_together_section, order=60)
