"""The shared cast builds, and each member holds exactly the relationship its name says."""

from __future__ import annotations

from ownterms.accounts.models import Role
from tests.cast import CAST_MEMBERS, Cast


def test_every_member_is_built(cast: Cast) -> None:
    assert set(cast.users) == set(CAST_MEMBERS)
    assert cast.anonymous is None
    signed_in = [cast.user(name) for name in CAST_MEMBERS if name != "anonymous"]
    assert len({user.pk for user in signed_in if user}) == len(CAST_MEMBERS) - 1


def test_roles_and_organisations(cast: Cast) -> None:
    admin = cast.administrator
    other = cast.other_org_admin
    assert admin is not None and other is not None
    assert admin.organisation == cast.organisation
    assert other.organisation == cast.other_organisation
    assert list(other.role_grants.values_list("role", flat=True)) == [Role.ADMINISTRATOR]
    assert cast.person.user == cast.person_user
    assert cast.person.team.filter(staff_member__user=cast.team_worker).exists()


def test_mfa_enrolment_follows_roles(cast: Cast) -> None:
    from allauth.mfa.models import Authenticator

    enrolled = set(Authenticator.objects.values_list("user__email", flat=True))
    assert cast.manager is not None and cast.manager.email in enrolled
    assert cast.partner_current is not None and cast.partner_current.email in enrolled
    assert cast.person_user is not None and cast.person_user.email not in enrolled
    assert cast.circle_with_consent is not None
    assert cast.circle_with_consent.email not in enrolled
