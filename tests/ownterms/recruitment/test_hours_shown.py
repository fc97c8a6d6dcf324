"""Hours a week are shown exactly on every recruitment page (never rounded to whole hours), and
the hours fields start from a value they take back as the same minutes."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from ownterms.recruitment.forms.vacancies import hours_value
from ownterms.recruitment.models import Stage, Vacancy
from ownterms.recruitment.templatetags.recruitment_hours import hours_a_week
from tests.cast import Cast
from tests.ownterms.recruitment import data

pytestmark = pytest.mark.django_db


def url(name: str, **kwargs: object) -> str:
    return reverse(f"recruitment:{name}", kwargs={"org": "brookside", **kwargs})


def test_the_filter_and_the_field_value_are_exact() -> None:
    assert hours_a_week(None) == ""
    assert hours_a_week(20 * 60) == "20 hours"
    assert hours_a_week(37 * 60 + 30) == "37.5 hours"
    assert hours_a_week(7 * 60 + 20) == "7 hours 20 minutes"
    for minutes in (0, 1, 450, 1130, 2249, 2250, 10080):
        value = hours_value(minutes)
        assert round(float(value) * 60) == minutes
        assert len(value.partition(".")[2]) <= 2
    assert hours_value(1130) == "18.83"
    assert hours_value(1200) == "20"


def test_applicant_offer_start_and_apply_pages_show_exact_hours(cast: Cast) -> None:
    manager = data.signed_in(cast.user("manager"))
    applicant = data.an_applicant(cast)
    applicant.available_minutes_per_week = 23 * 60 + 30
    applicant.save()
    page = manager.get(url("applicant", applicant_id=applicant.public_id)).content.decode()
    assert "23.5 hours" in page and ">24<" not in page

    offer = data.application_at(cast, Stage.OFFER)
    offer.offered_minutes_per_week = 22 * 60 + 20
    offer.save()
    page = manager.get(url("application", application_id=offer.public_id)).content.decode()
    assert "22 hours 20 minutes a week from" in page
    page = manager.get(url("application_start", application_id=offer.public_id)).content.decode()
    assert "a staff record: 22 hours 20 minutes a week from" in page

    vacancy = data.a_vacancy(cast)
    Vacancy.objects.filter(pk=vacancy.pk).update(minutes_per_week=37 * 60 + 30)
    public = reverse("jobs:apply", kwargs={"org": "brookside", "vacancy_id": vacancy.public_id})
    assert "37.5 hours a week" in Client().get(public).content.decode()


def test_forms_start_from_the_exact_hours(cast: Cast) -> None:
    manager = data.signed_in(cast.user("manager"))
    vacancy = data.a_vacancy(cast)
    Vacancy.objects.filter(pk=vacancy.pk).update(minutes_per_week=1130)
    form = manager.get(url("vacancy_edit", vacancy_id=vacancy.public_id)).context["form"]
    assert form.initial["hours"] == "18.83"
    checks = data.application_at(cast, Stage.CHECKS)
    form = manager.get(url("application_offer", application_id=checks.public_id)).context["form"]
    assert form.initial["hours"] == "18.83"
