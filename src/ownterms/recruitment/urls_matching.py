"""Recruitment URLs: matching. ``urlpatterns`` are signed-in pages under /o/<org>/recruitment/;
``public_urlpatterns`` are public pages under /jobs/<org>/ (no account)."""

from __future__ import annotations

from django.urls import URLPattern, path

from ownterms.recruitment.views import matching

urlpatterns: list[URLPattern] = [
    path(
        "vacancies/<uuid:vacancy_id>/matches/",
        matching.vacancy_matches,
        name="vacancy_matches",
    ),
    path(
        "applicants/<uuid:applicant_id>/matches/",
        matching.applicant_matches,
        name="applicant_matches",
    ),
    path("cross-match/", matching.cross_match, name="cross_match"),
]
public_urlpatterns: list[URLPattern] = []
