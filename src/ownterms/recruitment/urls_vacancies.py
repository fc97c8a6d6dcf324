"""Recruitment URLs: vacancies. ``urlpatterns`` are signed-in pages under /o/<org>/recruitment/;
``public_urlpatterns`` are public pages under /jobs/<org>/ (no account)."""

from __future__ import annotations

from django.urls import URLPattern, path

from ownterms.recruitment.views import vacancies as views

V = "vacancies/<uuid:vacancy_id>/"

urlpatterns: list[URLPattern] = [
    path("vacancies/", views.vacancies, name="vacancies"),
    path("vacancies/new/", views.vacancy_new, name="vacancy_new"),
    path(V, views.vacancy_detail, name="vacancy_detail"),
    path(V + "edit/", views.vacancy_edit, name="vacancy_edit"),
    path(V + "status/", views.vacancy_status, name="vacancy_status"),
    path(V + "questions/", views.vacancy_questions, name="vacancy_questions"),
    path(
        V + "questions/<uuid:question_id>/",
        views.vacancy_question_edit,
        name="vacancy_question_edit",
    ),
    path(V + "approval/", views.vacancy_approval, name="vacancy_approval"),
]
public_urlpatterns: list[URLPattern] = [
    path("", views.jobs_list, name="list"),
    path("<uuid:vacancy_id>/", views.jobs_advert, name="advert"),
    path("<uuid:vacancy_id>/advert.html", views.jobs_advert_html, name="advert_html"),
    path("<uuid:vacancy_id>/advert.txt", views.jobs_advert_text, name="advert_text"),
]
