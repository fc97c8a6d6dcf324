"""Applying fills what other areas need without retyping: the applicant's coordinates (travel,
for matching) and the link from a trainee on the training route to their application."""

from __future__ import annotations

import pytest

from ownterms.recruitment.models import PostcodeCentroid
from ownterms.recruitment.services.applications import ApplicationDetails, apply
from tests.cast import Cast
from tests.ownterms.recruitment import data

pytestmark = pytest.mark.django_db


def test_an_application_locates_the_applicant_and_links_their_training(cast: Cast) -> None:
    PostcodeCentroid.objects.create(
        postcode="LS6 2AB", district="LS6", latitude=53.8193, longitude=-1.5741
    )
    trainee = data.a_trainee(cast)
    application = apply(
        vacancy=data.a_vacancy(cast),
        details=ApplicationDetails(
            first_name="Sam", last_name="Trainee", email=trainee.email.upper(), postcode="ls62ab"
        ),
    )
    applicant = application.applicant
    applicant.refresh_from_db()
    assert (applicant.latitude, applicant.longitude) == (53.8193, -1.5741)
    trainee.refresh_from_db()
    assert trainee.applicant_id == applicant.pk


def test_a_postcode_outside_the_table_leaves_no_coordinates(cast: Cast) -> None:
    application = apply(
        vacancy=data.a_vacancy(cast),
        details=ApplicationDetails(
            first_name="Kim", last_name="Lee", email="kim@example.org", postcode="M1 1AA"
        ),
    )
    assert application.applicant.latitude is None
    assert application.applicant.home_area == "M1"
