"""Who sees a vacancy and its applications (``recruitment.access``)."""

from __future__ import annotations

import pytest
from django.http import Http404

from ownterms.accounts.models import User
from ownterms.recruitment.access import (
    Basis,
    access_application,
    access_vacancy,
    vacancies_visible_to,
)
from ownterms.recruitment.models import Stage
from tests.cast import CAST_MEMBERS, Cast
from tests.ownterms.recruitment import data

pytestmark = pytest.mark.django_db

SEES_VACANCY = {
    "administrator": Basis.RECRUITER,
    "manager": Basis.RECRUITER,
    "other_manager": Basis.RECRUITER,
    "on_call_manager": Basis.RECRUITER,
    "person_user": Basis.PERSON,
    "circle_with_consent": Basis.FAMILY,
}


@pytest.mark.parametrize("member", [m for m in CAST_MEMBERS if m != "anonymous"])
def test_vacancy_by_the_whole_cast(cast: Cast, member: str) -> None:
    vacancy = data.a_vacancy(cast)
    actor = cast.user(member)
    assert actor is not None
    if member in SEES_VACANCY:
        assert access_vacancy(actor, vacancy.public_id).basis is SEES_VACANCY[member]
        assert list(vacancies_visible_to(actor)) == [vacancy]
    else:
        with pytest.raises(Http404):
            access_vacancy(actor, vacancy.public_id)
        assert not vacancies_visible_to(actor).exists()


def test_a_recruiter_sees_every_vacancy(cast: Cast, recruiter: User) -> None:
    vacancy = data.a_vacancy(cast)
    assert access_vacancy(recruiter, vacancy.public_id).recruits


@pytest.mark.parametrize("member", ["person_user", "circle_with_consent"])
def test_the_person_and_family_see_applications_at_the_second_stage_only(
    cast: Cast, member: str
) -> None:
    application = data.an_application(cast, stage=Stage.INTERVIEW)
    actor = cast.user(member)
    assert actor is not None
    with pytest.raises(Http404):
        access_application(actor, application.public_id)
    application.stage = Stage.MEETING
    application.save()
    assert not access_application(actor, application.public_id).recruits


def test_malformed_and_missing_ids_are_404(cast: Cast) -> None:
    manager = cast.user("manager")
    assert manager is not None
    for bad in ("not-a-uuid", "00000000-0000-0000-0000-000000000000"):
        with pytest.raises(Http404):
            access_vacancy(manager, bad)
        with pytest.raises(Http404):
            access_application(manager, bad)
