"""Recruitment URLs: applications. ``urlpatterns`` are signed-in pages under /o/<org>/recruitment/;
``public_urlpatterns`` are public pages under /jobs/<org>/ (no account)."""

from __future__ import annotations

from django.urls import URLPattern, path

from ownterms.recruitment.views import applications as views
from ownterms.recruitment.views import apply

APPLICATION = "applications/<uuid:application_id>/"

urlpatterns: list[URLPattern] = [
    path("vacancies/<uuid:vacancy_id>/applications/", views.applications, name="applications"),
    path("applicants/<uuid:applicant_id>/", views.applicant, name="applicant"),
    path("applicants/<uuid:applicant_id>/cv/", views.applicant_cv, name="applicant_cv"),
    path(APPLICATION, views.application, name="application"),
    path(APPLICATION + "move/", views.application_move, name="application_move"),
    path(APPLICATION + "reject/", views.application_reject, name="application_reject"),
    path(APPLICATION + "withdraw/", views.application_withdraw, name="application_withdraw"),
    path(APPLICATION + "meeting/", views.application_meeting, name="application_meeting"),
    path(APPLICATION + "checks/<slug:kind>/", views.application_check, name="application_check"),
    path(APPLICATION + "offer/", views.application_offer, name="application_offer"),
    path(APPLICATION + "start/", views.application_start, name="application_start"),
    path(APPLICATION + "consider/", views.application_consider, name="application_consider"),
    path(
        APPLICATION + "what-i-think/",
        views.application_their_view,
        name="application_their_view",
    ),
    path(APPLICATION + "not-for-me/", views.application_not_for_me, name="application_not_for_me"),
]
public_urlpatterns: list[URLPattern] = [
    path("<uuid:vacancy_id>/apply/", apply.apply, name="apply"),
    path("<uuid:vacancy_id>/applied/", apply.applied, name="applied"),
]
